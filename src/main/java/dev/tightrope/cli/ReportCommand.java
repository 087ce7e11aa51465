package dev.tightrope.cli;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.ReportService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Writes a PDF report of the estate or of one model. */
@Command(name = "report", description = "Write a PDF report: of the whole estate (figures, findings and ownership charts, what needs "
        + "attention, releases and their gate, sources), or with a URN of one model (owners, the promotion gate with each rule and "
        + "approval, findings, a lineage picture, training data, deployments).")
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "URN", arity = "0..1", description = "A model, model version or model artifact; without it, the estate.")
    String urn;

    @Option(names = "--out", required = true, paramLabel = "FILE.pdf")
    Path out;

    @Override
    public Integer call() {
        ReportService.Exported e = cli.tightrope().reports().export(urn == null ? null : Urn.parse(urn), out);
        cli.out.println("Wrote " + e.file() + " (" + e.bytes() + " bytes, sha256 " + e.sha256() + ")");
        return Cli.OK;
    }
}
