package dev.tightrope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.RiskDashboard;
import dev.tightrope.domain.RiskScore;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.Urn;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The risk model from the command line: one asset's score and reasons, or the estate's dashboard figures. */
@Command(name = "risk", description = "Show the risk score of one asset with every reason that produced it, or without a URN the "
        + "dashboard: headline figures, risk by team, source and kind, and the riskiest assets.")
final class RiskCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "URN", arity = "0..1", description = "An asset; without it, the whole estate.")
    String urn;

    @Option(names = "--json", description = "Print JSON (see README for the shape).")
    boolean json;

    @Override
    public Integer call() {
        if (urn != null) {
            Urn parsed = Urn.parse(urn);
            if (cli.tightrope().inventory().detail(parsed).isEmpty()) {
                cli.err.println("error: no asset " + urn + " in this workspace");
                return Cli.ERROR;
            }
            RiskScore r = cli.tightrope().risk().risk(parsed);
            if (json) {
                Output.printJson(cli.out, score(parsed.toString(), r.score(), r.reasons()));
            } else {
                Severity level = RiskScore.level(r.score());
                cli.out.println(urn + "  risk " + r.score() + (level == null ? " (none)" : " (" + level.token() + ")"));
                for (RiskScore.Item i : r.reasons()) {
                    cli.out.println(String.format("  +%-3d %s", i.points(), i.text()));
                }
            }
            return Cli.OK;
        }
        RiskDashboard d = cli.tightrope().risk().dashboard();
        if (json) {
            Output.printJson(cli.out, dashboard(d));
        } else {
            print(cli.out, d);
        }
        return Cli.OK;
    }

    private static ObjectNode score(String urn, int score, List<RiskScore.Item> reasons) {
        ObjectNode o = Output.JSON.createObjectNode();
        o.put("urn", urn);
        o.put("score", score);
        Severity level = RiskScore.level(score);
        o.put("level", level == null ? null : level.token());
        ArrayNode list = o.putArray("reasons");
        for (RiskScore.Item i : reasons) {
            ObjectNode r = list.addObject();
            r.put("reason", i.reason().token());
            r.put("count", i.count());
            r.put("points", i.points());
            r.put("text", i.text());
        }
        return o;
    }

    static ObjectNode dashboard(RiskDashboard d) {
        ObjectNode o = Output.JSON.createObjectNode();
        ObjectNode h = o.putObject("headline");
        h.put("assets", d.assets());
        h.put("unowned", d.unowned());
        h.put("accountable", d.accountable());
        h.put("accountableUnowned", d.accountableUnowned());
        h.put("deployments", d.deployments());
        h.put("deploymentsWithoutValidApproval", d.deploymentsUnapproved());
        h.put("deploymentsRejected", d.deploymentsRejected());
        ObjectNode f = h.putObject("openFindings");
        for (Severity s : Severity.values()) {
            f.put(s.token(), d.openFindings().getOrDefault(s, 0L));
        }
        h.put("mcpServers", d.mcpServers());
        h.put("unregisteredMcpServers", d.unregisteredMcpServers());
        h.put("leakedKeys", d.leakedKeys());
        h.put("sources", d.sources());
        h.put("staleSources", d.staleSources());
        h.put("expiringAcceptances", d.expiringAcceptances());
        ObjectNode levels = o.putObject("assetsByRisk");
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
            levels.put(s.token(), d.assetsByRisk().getOrDefault(s, 0L));
        }
        rollups(o.putArray("byTeam"), d.byTeam());
        rollups(o.putArray("bySource"), d.bySource());
        rollups(o.putArray("byKind"), d.byKind());
        ArrayNode top = o.putArray("top");
        for (RiskDashboard.RankedAsset a : d.top()) {
            ObjectNode t = score(a.asset().urn(), a.score(), a.reasons());
            t.put("name", a.asset().name());
            t.put("kind", a.asset().kind().token());
            top.add(t);
        }
        ArrayNode trend = o.putArray("trend");
        for (RiskDashboard.Snapshot s : d.trend()) {
            ObjectNode t = trend.addObject();
            t.put("at", Output.iso(s.at()));
            ObjectNode tf = t.putObject("openFindings");
            s.openFindings().forEach((sev, n) -> tf.put(sev.token(), n));
            t.put("ownershipCoverage", s.ownershipCoverage());
            t.put("approvalCoverage", s.approvalCoverage());
            t.put("unregisteredMcpServers", s.unregisteredMcpServers());
            t.put("leakedKeys", s.leakedKeys());
        }
        return o;
    }

    private static void rollups(ArrayNode out, List<RiskDashboard.Rollup> rollups) {
        for (RiskDashboard.Rollup r : rollups) {
            ObjectNode n = out.addObject();
            n.put("key", r.key());
            n.put("label", r.label());
            n.put("riskyAssets", r.risky());
            n.put("score", r.score());
            n.put("worst", r.worst());
        }
    }

    private static void print(PrintWriter out, RiskDashboard d) {
        out.println("Estate: " + d.assets() + " assets, " + d.unowned() + " without an owner (" + d.accountableUnowned() + " of "
                + d.accountable() + " that run or ship)");
        out.println("Deployments without a valid approval: " + d.deploymentsUnapproved() + " of " + d.deployments()
                + (d.deploymentsRejected() > 0 ? " (" + d.deploymentsRejected() + " with a rejection)" : ""));
        out.println("Open findings: critical " + d.openFindings().getOrDefault(Severity.CRITICAL, 0L) + ", high "
                + d.openFindings().getOrDefault(Severity.HIGH, 0L) + ", medium " + d.openFindings().getOrDefault(Severity.MEDIUM, 0L)
                + ", low " + d.openFindings().getOrDefault(Severity.LOW, 0L));
        out.println("MCP servers not in the allowlist: " + d.unregisteredMcpServers() + " of " + d.mcpServers()
                + "   leaked keys: " + d.leakedKeys() + "   stale sources: " + d.staleSources() + " of " + d.sources()
                + "   acceptances ending soon: " + d.expiringAcceptances());
        out.println();
        out.println("Risk by team:");
        table(out, d.byTeam());
        out.println("Riskiest assets:");
        List<List<String>> rows = new ArrayList<>();
        for (RiskDashboard.RankedAsset a : d.top()) {
            rows.add(List.of(String.valueOf(a.score()), a.asset().kind().token(), a.asset().name(),
                    String.join("; ", a.reasons().stream().map(RiskScore.Item::text).toList())));
        }
        Output.table(out, List.of("RISK", "KIND", "NAME", "REASONS"), rows);
    }

    private static void table(PrintWriter out, List<RiskDashboard.Rollup> rollups) {
        List<List<String>> rows = new ArrayList<>();
        for (RiskDashboard.Rollup r : rollups) {
            rows.add(List.of(r.label(), String.valueOf(r.risky()), String.valueOf(r.score()), String.valueOf(r.worst())));
        }
        Output.table(out, List.of("TEAM", "RISKY ASSETS", "TOTAL RISK", "WORST"), rows);
        out.println();
    }
}
