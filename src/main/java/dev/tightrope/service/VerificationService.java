package dev.tightrope.service;

import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.AttestationReader;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.domain.Digest;
import dev.tightrope.trust.policy.Policy;
import dev.tightrope.trust.policy.PolicyFile;
import dev.tightrope.trust.policy.PolicyStage;
import dev.tightrope.trust.reviewers.LayeredTrustStore;
import dev.tightrope.trust.reviewers.LocalTrustStore;
import dev.tightrope.trust.reviewers.TrustStore;
import dev.tightrope.trust.verify.AttestationVerifier;
import dev.tightrope.trust.verify.Subject;
import dev.tightrope.trust.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The CI gate, without a workspace: are the attestations about this artifact signed by trusted
 * reviewers, and do they satisfy the policy? Attestations come from a directory of bundles, one
 * bundle, envelope or {@code .intoto.jsonl} file, an evidence bundle ({@code .zip}, checked
 * offline against its audit log checkpoint) or an OCI registry ({@code oci://…}). Nothing here
 * opens or creates a workspace.
 */
public final class VerificationService {

    private final Clock clock;
    private final RegistryAccess registry;

    /**
     * @param registry how to reach OCI registries (credentials from the environment)
     */
    public VerificationService(Clock clock, RegistryAccess registry) {
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * What to verify: every part as the command line takes it. {@code trustStore} is the
     * organisation's reviewed trust store; {@code localTrust}, when given, a workspace's local
     * additions ({@code trust/local-reviewers.json}), so that the gate reports their approvals as
     * the console does (unreviewed, not counted unless the policy says so).
     */
    public record Request(String subject, String attestations, Path trustStore, Path policy, String logKey, Path localTrust,
                          String stage) {
        /** At the policy's default stage. */
        public Request(String subject, String attestations, Path trustStore, Path policy, String logKey, Path localTrust) {
            this(subject, attestations, trustStore, policy, logKey, localTrust, null);
        }

        /** Against the reviewed trust store alone. */
        public Request(String subject, String attestations, Path trustStore, Path policy, String logKey) {
            this(subject, attestations, trustStore, policy, logKey, null);
        }
    }

    /**
     * Verifies; unreadable inputs (no trust store, bad policy JSON, a missing path, an unreachable
     * registry) are an {@link GateResult.Outcome#ERROR} result, never an exception.
     */
    public GateResult verify(Request request) {
        return verify(request, null);
    }

    /** What a bundle-only gate says of a policy's asset rules. */
    static final String NO_CACHE = "needs the workspace cache (findings, owners, lineage, scans): run verify with --workspace DIR of an existing workspace";

    /**
     * As {@link #verify(Request)}, with the facts of the release by digest from a workspace cache
     * for a policy stage's asset rules; {@code facts} null (no cache) leaves them not evaluated,
     * which fails the gate.
     */
    public GateResult verify(Request request, Function<Digest, ReleaseFacts> facts) {
        Subject subject;
        LayeredTrustStore trust;
        PolicyFile file;
        PolicyStage stage;
        String policySource;
        try {
            subject = Subject.resolve(request.subject(), new ModelHasher());
            trust = LayeredTrustStore.of(TrustStore.load(request.trustStore()),
                    request.localTrust() == null ? LocalTrustStore.empty() : LocalTrustStore.load(request.localTrust()));
            if (request.policy() != null) {
                file = PolicyFile.load(request.policy());
                stage = file.stage(request.stage());
                policySource = request.policy() + (file.version() == PolicyFile.VERSION ? ", stage " + stage.name() : "");
            } else {
                file = PolicyFile.of(Policy.defaults());
                stage = file.stage(request.stage());
                policySource = "default policy (one approval from a trusted reviewer for any scope; a newer rejection fails)";
            }
        } catch (TrustFormatException | IllegalArgumentException e) {
            return Gates.error(e.getMessage(), clock.instant());
        }
        AttestationVerifier verifier = new AttestationVerifier(trust, stage.approvals(), policySource, clock);
        UnaryOperator<VerificationReport> policyRules = report -> PolicyEngine.apply(report, file, stage,
                facts == null || !stage.needsAssetFacts() ? Optional.empty() : Optional.of(facts.apply(subject.digest())), NO_CACHE,
                clock.instant());
        String where = request.attestations();
        if (where.startsWith("oci://")) {
            OciAttestations.Fetched fetched;
            try {
                fetched = new OciAttestations(registry).fetch(where);
            } catch (RuntimeException e) {
                return Gates.error(where + ": " + e.getMessage(), clock.instant());
            }
            VerificationReport report = verifier.verify(subject, fetched.attestations(), fetched.skipped(), fetched.errors());
            return Gates.staged(policyRules.apply(report), fetched.attestations(), file, stage);
        }
        Path path = Path.of(where);
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return EvidenceBundleVerifier.verify(path, subject, verifier, policyRules, request.logKey(), clock);
        }
        List<Attestation> read = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (Files.isDirectory(path)) {
            AttestationReader.DirectoryContents contents = AttestationReader.readDirectory(path);
            read.addAll(contents.attestations());
            skipped.addAll(contents.skipped());
            contents.errors().forEach(e -> errors.add(e.getMessage()));
        } else if (Files.isRegularFile(path)) {
            try {
                read.addAll(AttestationReader.readFile(path));
            } catch (TrustFormatException e) {
                errors.add(e.getMessage());
            }
        } else {
            errors.add(path + ": no such file or directory");
        }
        return Gates.staged(policyRules.apply(verifier.verify(subject, read, skipped, errors)), read, file, stage);
    }
}
