package dev.tightrope.cli;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Shows one asset. */
@Command(name = "show", description = "Show one asset: properties, owners and where each claim came from, neighbours, findings.")
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "URN", description = "tr:<kind>:<source-type>:<id>")
    String urn;

    @Option(names = "--json", description = "Print JSON (see README for the shape).")
    boolean json;

    @Override
    public Integer call() {
        Urn parsed = Urn.parse(urn);
        AssetDetail d = cli.tightrope().inventory().detail(parsed).orElse(null);
        if (d == null) {
            cli.err.println("error: no asset " + urn + " in this workspace");
            return Cli.ERROR;
        }
        if (json) {
            Output.printJson(cli.out, Output.detail(d));
            return Cli.OK;
        }
        PrintWriter out = cli.out;
        AssetRecord r = d.record();
        out.println(r.asset().name() + "  (" + r.urn().kind().label() + (r.gone() ? ", gone since " + r.goneAt() : "") + ")");
        out.println("  urn:        " + r.urn());
        if (r.asset().description() != null) {
            out.println("  about:      " + r.asset().description());
        }
        out.println("  source:     " + r.source() + (d.sourceType() == null ? "" : " (" + d.sourceType() + ")")
                + (r.asset().sourceRef() == null ? "" : "  " + r.asset().sourceRef()));
        if (r.asset().digest() != null) {
            out.println("  digest:     " + r.asset().digest());
        }
        out.println("  first seen: " + r.firstSeen() + "   last seen: " + r.lastSeen());
        if (!r.asset().tags().isEmpty()) {
            out.println("  tags:       " + String.join(", ", r.asset().tags()));
        }
        out.println("Owners:" + (r.owners().isEmpty() ? " none" : ""));
        for (OwnerAssignment o : r.owners()) {
            out.println("  " + o.owner() + "  " + o.role().label() + "  from " + o.origin());
        }
        if (!r.asset().properties().isEmpty()) {
            out.println("Properties:");
            r.asset().properties().forEach((k, v) -> out.println("  " + k + " = " + v));
        }
        neighbours(out, "Upstream", d.upstream(), d.upstreamTotal(), true);
        neighbours(out, "Downstream", d.downstream(), d.downstreamTotal(), false);
        if (!d.findings().isEmpty()) {
            out.println("Findings:");
            for (StoredFinding f : d.findings()) {
                out.println("  [" + f.finding().severity().token() + ", " + Labels.of(f.finding().status()) + "] "
                        + f.finding().ruleId() + ": " + f.finding().title()
                        + (f.finding().evidence() == null ? "" : " (" + f.finding().evidence() + ")"));
            }
        }
        return Cli.OK;
    }

    private static void neighbours(PrintWriter out, String title, List<Neighbour> list, long total, boolean upstream) {
        if (list.isEmpty()) {
            return;
        }
        out.println(title + " (" + total + "):");
        for (Neighbour n : list) {
            String rel = upstream ? n.type().downstreamPhrase() : n.type().upstreamPhrase();
            out.println("  " + rel + " " + n.name() + " [" + n.kind().token() + "]" + (n.gone() ? " (gone)" : "") + "  " + n.urn());
        }
        if (total > list.size()) {
            out.println("  … and " + (total - list.size()) + " more: use 'tightrope lineage'");
        }
    }
}
