package dev.tightrope.cli;

import dev.tightrope.service.AuditService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The workspace's audit log: verify it, sign a checkpoint to keep elsewhere. */
@Command(name = "log", description = "The tamper-evident audit log of the workspace.",
        subcommands = {LogCommand.Verify.class, LogCommand.SignCheckpoint.class})
final class LogCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "verify", description = "Check every entry, subtree hash and checkpoint of the log. "
            + "Exit 0 when intact, 1 when tampered (edited, deleted or reordered rows).")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        LogCommand parent;

        @Option(names = "--trusted", paramLabel = "FILE",
                description = "A signed checkpoint kept outside the workspace (from log checkpoint) that the log must still extend.")
        Path trusted;

        @Override
        public Integer call() {
            AuditService audit = parent.cli.tightrope().audit();
            AuditService.LogStatus s = trusted != null ? audit.verify(trusted) : audit.verify();
            parent.cli.out.print(s.text());
            if (s.rootHex() != null) {
                parent.cli.out.println("  root: " + s.rootHex());
            }
            parent.cli.out.println("  log: " + s.origin());
            parent.cli.out.println("  verifier key: " + s.verifierKey());
            return s.intact() ? Cli.OK : Cli.FAILED;
        }
    }

    @Command(name = "checkpoint", description = "Sign a checkpoint of the log now and print it (a C2SP signed note): keep it "
            + "outside the workspace (CI, a repository) and pass it to log verify --trusted.")
    static final class SignCheckpoint implements Callable<Integer> {
        @ParentCommand
        LogCommand parent;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the signed checkpoint to this file.")
        Path out;

        @Override
        public Integer call() throws IOException {
            AuditService.LogCheckpoint cp = parent.cli.tightrope().audit().checkpoint();
            parent.cli.out.print(cp.signedNote());
            if (out != null) {
                Files.writeString(out, cp.signedNote(), StandardCharsets.UTF_8);
            }
            parent.cli.err.println("Checkpoint of " + cp.origin() + " at " + cp.size() + " entries, root " + cp.rootHex());
            parent.cli.err.println("Verifier key: " + cp.verifierKey());
            return Cli.OK;
        }
    }
}
