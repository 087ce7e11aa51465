package dev.tightrope.cli;

import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ApprovalService;
import dev.tightrope.service.GateResult;
import dev.tightrope.service.PassphraseException;
import dev.tightrope.service.ReviewDecision;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Signs an approval or a rejection of exact bytes with a reviewer key of the workspace. */
@Command(name = "approve", description = "Sign an approval or rejection of an asset (by its digest), a file or a model "
        + "directory. The passphrase comes from TIGHTROPE_PASSPHRASE or standard input, never an argument.")
final class ApproveCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "URN|PATH", description = "An asset URN, a sha256 digest, a file or a model directory.")
    String subject;

    @Option(names = "--decision", required = true, description = "approve or reject.")
    String decision;

    @Option(names = "--scope", required = true, description = "What for, e.g. promote:production.")
    String scope;

    @Option(names = "--rationale", required = true, description = "Why: read by everyone who checks this later.")
    String rationale;

    @Option(names = "--key", required = true, paramLabel = "N", description = "The reviewer key to sign with.")
    String key;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write the bundle here (next to the artifact, to publish).")
    Path out;

    @Override
    public Integer call() {
        ApprovalService.SignRequest request = new ApprovalService.SignRequest(subject, ReviewDecision.parse(decision), scope,
                rationale, out);
        char[] passphrase;
        try {
            passphrase = Passphrases.read(cli, "Passphrase of key '" + key + "'", false);
        } catch (Passphrases.Missing e) {
            cli.err.println("error: " + e.getMessage());
            return Cli.ERROR;
        }
        ApprovalRecord signed;
        try {
            signed = cli.tightrope().approvals().sign(request, key, passphrase);
        } catch (PassphraseException e) {
            cli.err.println("error: " + e.getMessage() + "; nothing was signed or written");
            return Cli.ERROR;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        cli.out.println("Signed: " + signed.decision().label() + " " + signed.subjectDigest()
                + (signed.subjectName() == null ? "" : " (" + signed.subjectName() + ")") + " for " + signed.scope()
                + " with key " + key);
        cli.out.println("  bundle: " + signed.location());
        if (out != null) {
            cli.out.println("  bundle: " + out.resolve(Path.of(signed.location()).getFileName()));
        }
        cli.out.println("  " + (signed.verified() ? "verified" : "NOT verified") + ": " + signed.status() + ", " + signed.reason());
        GateResult gate = cli.tightrope().approvals().gate(signed.subjectDigest());
        cli.out.println("Gate under the workspace policy: " + gate.outcome() + " (" + gate.summary() + ")");
        return Cli.OK;
    }
}
