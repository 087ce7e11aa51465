package dev.tightrope.cli;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.compliance.ControlResult;
import dev.tightrope.service.compliance.EstateCoverage;
import dev.tightrope.service.compliance.Evidence;
import dev.tightrope.service.compliance.Framework;
import dev.tightrope.service.compliance.ModelCompliance;
import dev.tightrope.service.export.ComplianceJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Which controls of the compliance mapping a model has evidence for, and which are gaps; or the coverage across the estate. */
@Command(name = "compliance", description = "Show, per control of the compliance mapping (EU AI Act, NIST AI RMF, ISO/IEC 42001; the "
        + "workspace's compliance.json when there is one), whether a model has the evidence (with links to it), a gap (and what is "
        + "missing), is not yet applicable, or needs records Tightrope cannot see. With --estate: how many models have each control "
        + "evidenced. Exit code 0 (it informs; gates are `verify`'s), 2 on an error.")
final class ComplianceCommand implements Callable<Integer> {
    /** Links printed per piece of evidence in the text form. */
    static final int LINKS_SHOWN = 3;

    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "URN", arity = "0..1", description = "A model, model version, model file, or a deployment (the model it runs).")
    String urn;

    @Option(names = "--estate", description = "Coverage across every model and model version instead of one model.")
    boolean estate;

    @Option(names = "--framework", paramLabel = "F", description = "Only this framework: its id (EU-AI-ACT, NIST-AI-RMF, ISO-42001) or the start of its name.")
    String framework;

    @Option(names = "--json", description = "Print the stable JSON shape (see the README).")
    boolean json;

    @Override
    public Integer call() {
        if (estate == (urn != null)) {
            cli.err.println("error: give a URN or --estate (one of the two)");
            return Cli.ERROR;
        }
        var service = cli.tightrope().compliance();
        if (estate) {
            EstateCoverage e = service.estate();
            List<Framework> frameworks = frameworks(e.frameworks());
            if (json) {
                Output.printJson(cli.out, ComplianceJson.estate(e, frameworks));
                return Cli.OK;
            }
            cli.out.println("Control coverage of " + e.models() + " models on " + e.assessedOn() + " (mapping: " + e.mapping() + ")");
            for (Framework f : frameworks) {
                cli.out.println();
                cli.out.println(f.name());
                List<List<String>> rows = new ArrayList<>();
                for (EstateCoverage.Coverage c : e.of(f)) {
                    rows.add(List.of(c.control().id(), c.notAssessed() != null ? c.notAssessed().label()
                            : c.evidenced() + " of " + e.models(), c.notAssessed() != null ? "" : String.valueOf(c.gaps())));
                }
                Output.table(cli.out, List.of("CONTROL", "EVIDENCED", "GAPS"), rows);
            }
            return Cli.OK;
        }
        ModelCompliance m = service.assess(Urn.parse(urn));
        List<Framework> frameworks = frameworks(m.frameworks());
        if (json) {
            Output.printJson(cli.out, ComplianceJson.model(m, frameworks));
            return Cli.OK;
        }
        cli.out.println(m.name() + " (" + m.urn() + ")" + (m.via() == null ? "" : ", run by " + m.via()));
        cli.out.println("Assessed on " + m.assessedOn() + " against " + m.mapping());
        for (Framework f : frameworks) {
            cli.out.println();
            List<ControlResult> results = m.of(f);
            cli.out.println(f.name() + ": " + m.count(f, dev.tightrope.service.compliance.ControlStatus.EVIDENCED) + " evidenced, "
                    + m.count(f, dev.tightrope.service.compliance.ControlStatus.GAP) + " gaps, of " + results.size() + " controls");
            for (ControlResult r : results) {
                cli.out.println("  " + r.status().label() + "  " + r.control().id() + " — " + r.control().title());
                cli.out.println("      " + r.reason());
                for (Evidence e : r.evidence()) {
                    e.links().stream().limit(LINKS_SHOWN).forEach(l -> cli.out.println("      " + e.kind().token() + " → " + l.label()));
                    if (e.links().size() > LINKS_SHOWN) {
                        cli.out.println("      " + e.kind().token() + " → … and " + (e.links().size() - LINKS_SHOWN) + " more (--json lists all)");
                    }
                }
            }
        }
        return Cli.OK;
    }

    private List<Framework> frameworks(List<Framework> all) {
        if (framework == null) {
            return all;
        }
        String wanted = framework.toLowerCase(Locale.ROOT);
        List<Framework> out = all.stream().filter(f -> f.id().toLowerCase(Locale.ROOT).equals(wanted)
                || f.name().toLowerCase(Locale.ROOT).startsWith(wanted)).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no framework '" + framework + "' in the mapping; it has "
                    + String.join(", ", all.stream().map(Framework::id).toList()));
        }
        return out;
    }
}
