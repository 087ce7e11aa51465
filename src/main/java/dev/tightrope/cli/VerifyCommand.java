package dev.tightrope.cli;

import dev.tightrope.service.GateResult;
import dev.tightrope.service.RegistryAccess;
import dev.tightrope.service.VerificationService;
import dev.tightrope.service.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The CI gate. Uses no workspace unless {@code --workspace} names an existing one, whose cache
 * then gives the facts a policy stage's asset rules need; it never creates one (a
 * {@code --workspace} that names none is ignored, and those rules are not evaluated).
 */
@Command(name = "verify", description = "Check attestations about an artifact against a trust store and a policy. "
        + "Exit 0 when the policy passes, 1 when it fails, 2 when an input cannot be read. Needs no workspace.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Option(names = "--subject", required = true, paramLabel = "SHA256|PATH",
            description = "sha256:<hex>, a file (its SHA-256) or a model directory (its OpenSSF model signing root digest).")
    String subject;

    @Option(names = "--attestations", required = true, paramLabel = "DIR|FILE|oci://…",
            description = "A directory of bundles, a bundle, envelope or .intoto.jsonl file, an evidence bundle (.zip), "
                    + "or oci://registry/repo@sha256:… (cosign .att tag and OCI referrers).")
    String attestations;

    @Option(names = "--trust", required = true, paramLabel = "TRUSTSTORE", description = "The organisation's reviewed trust store file.")
    Path trust;

    @Option(names = "--local-trust", paramLabel = "FILE", description = "A workspace's local additions (trust/local-reviewers.json): "
            + "their approvals are reported as unreviewed and counted only when the policy sets countUnreviewedReviewers.")
    Path localTrust;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy file, version 1 or 2 (default: one approval from a trusted reviewer, a newer rejection fails). "
                    + "Rules about findings, owners, training data and scans are evaluated from the cache of --workspace DIR; "
                    + "without it they are not evaluated and the gate fails.")
    Path policy;

    @Option(names = "--stage", paramLabel = "STAGE", description = "The policy stage (default: the policy's default stage).")
    String stage;

    @Option(names = "--log-key", paramLabel = "VKEY",
            description = "For evidence bundles: the audit log's verifier key to trust (default: the one in the bundle).")
    String logKey;

    @Option(names = "--json", description = "Print the tightrope.verification/v1 JSON report.")
    boolean json;

    @Override
    public Integer call() {
        VerificationService gate = new VerificationService(Clock.systemUTC(), RegistryAccess.fromEnvironment(cli.env));
        VerificationService.Request request = new VerificationService.Request(subject, attestations, trust, policy, logKey, localTrust,
                stage);
        // a --workspace that names no workspace is not created: the gate then runs on the attestations alone
        boolean cache = cli.workspace != null && Files.isRegularFile(cli.workspaceDir().resolve(Workspace.CACHE_FILE));
        GateResult result = cache ? gate.verify(request, cli.tightrope().policy()::facts) : gate.verify(request);
        cli.out.print(json ? result.json() : result.text());
        return result.exitCode();
    }
}
