package dev.tightrope.cli;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.EvidenceService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Exports what others need to check a release offline. */
@Command(name = "export", description = "Export evidence.", subcommands = {ExportCommand.Evidence.class})
final class ExportCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "evidence", description = "Write the evidence bundle of a release: approvals, findings, lineage, owners, "
            + "the audit entries about it with inclusion proofs and the signed checkpoint. Check it with tightrope verify "
            + "--attestations FILE.zip.")
    static final class Evidence implements Callable<Integer> {
        @ParentCommand
        ExportCommand parent;

        @Parameters(paramLabel = "URN")
        String urn;

        @Option(names = "--out", required = true, paramLabel = "FILE.zip")
        Path out;

        @Override
        public Integer call() {
            EvidenceService.Exported e = parent.cli.tightrope().evidence().export(Urn.parse(urn), out);
            parent.cli.out.println("Wrote " + e.file() + " for " + e.subjectDigest());
            parent.cli.out.println("  " + e.approvals() + " approval(s), " + e.findings() + " finding(s), " + e.auditEntries()
                    + " audit entries proven in the log of " + e.treeSize() + " entries");
            parent.cli.out.println("  log verifier key: " + e.verifierKey());
            return Cli.OK;
        }
    }
}
