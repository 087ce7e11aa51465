package dev.tightrope.service;

import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.AttestationReader;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.policy.Policy;
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
    public record Request(String subject, String attestations, Path trustStore, Path policy, String logKey, Path localTrust) {
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
        Subject subject;
        LayeredTrustStore trust;
        Policy policy;
        String policySource;
        try {
            subject = Subject.resolve(request.subject(), new ModelHasher());
            trust = LayeredTrustStore.of(TrustStore.load(request.trustStore()),
                    request.localTrust() == null ? LocalTrustStore.empty() : LocalTrustStore.load(request.localTrust()));
            if (request.policy() != null) {
                policy = Policy.load(request.policy());
                policySource = request.policy().toString();
            } else {
                policy = Policy.defaults();
                policySource = "default policy (one approval from a trusted reviewer for any scope; a newer rejection fails)";
            }
        } catch (TrustFormatException | IllegalArgumentException e) {
            return Gates.error(e.getMessage(), clock.instant());
        }
        AttestationVerifier verifier = new AttestationVerifier(trust, policy, policySource, clock);
        String where = request.attestations();
        if (where.startsWith("oci://")) {
            OciAttestations.Fetched fetched;
            try {
                fetched = new OciAttestations(registry).fetch(where);
            } catch (RuntimeException e) {
                return Gates.error(where + ": " + e.getMessage(), clock.instant());
            }
            VerificationReport report = verifier.verify(subject, fetched.attestations(), fetched.skipped(), fetched.errors());
            return Gates.result(report, fetched.attestations());
        }
        Path path = Path.of(where);
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return EvidenceBundleVerifier.verify(path, subject, verifier, request.logKey(), clock);
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
        return Gates.result(verifier.verify(subject, read, skipped, errors), read);
    }
}
