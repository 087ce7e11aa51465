package dev.tightrope.service;

import dev.tightrope.domain.ModelManifest;
import dev.tightrope.domain.Problem;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.keys.BadPassphraseException;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.KeyInfo;
import dev.tightrope.trust.keys.ReviewerKeys;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.keys.VerificationKey;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.oms.ModelSignatures;
import dev.tightrope.trust.oms.OmsSerialization;
import dev.tightrope.trust.policy.Policy;
import dev.tightrope.trust.reviewers.Reviewer;
import dev.tightrope.trust.reviewers.TrustStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reviewer keys, the trust store and the approval policy of a workspace. Keys live encrypted in
 * the key directory ({@code keys/}); the trust store is the reviewable file
 * {@code trust/reviewers.json}; the policy {@code policies/default.json} (when absent, the
 * {@link #RECOMMENDED_POLICY recommended policy} applies). Every change is in the audit log.
 * The trust store operations also exist without a workspace ({@link #readReviewers(Path)} and
 * friends) for a trust store kept in a repository.
 */
public final class TrustService {

    /**
     * The policy a workspace uses until it has its own: two approvals from distinct trusted
     * reviewers for {@code promote:production}, one of them with the role {@code security}; a
     * rejection newer than the approvals fails the gate; approvals count for 90 days.
     */
    public static final PolicySettings RECOMMENDED_POLICY =
            new PolicySettings("promote:production", 2, true, List.of("security"), 90, true);

    private final Workspace workspace;
    private final AuditService audit;

    TrustService(Workspace workspace, AuditService audit) {
        this.workspace = workspace;
        this.audit = audit;
    }

    // Keys

    /** A reviewer key as the console and {@code keys list} show it: never a secret. */
    public record KeySummary(String name, String algorithm, Instant created, String fingerprint, String hint, Path publicKeyFile) {
    }

    /** The readable keys and what was wrong with the others. */
    public record KeyListing(List<KeySummary> keys, List<Problem> problems) {
    }

    public Path keysDirectory() {
        return workspace.keysDirectory();
    }

    private ReviewerKeys reviewerKeys() {
        return new ReviewerKeys(workspace.keysDirectory());
    }

    public KeyListing keys() {
        ReviewerKeys.Listing listing = reviewerKeys().list();
        return new KeyListing(listing.keys().stream().map(TrustService::summary).toList(), listing.problems());
    }

    public Optional<KeySummary> key(String name) {
        return keys().keys().stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /**
     * Generates a key ({@code p256} by default; {@code p384}, {@code ed25519}) encrypted under
     * {@code passphrase} (at least 8 characters), which is wiped.
     */
    public KeySummary generateKey(String name, String algorithm, char[] passphrase) {
        KeyAlgorithm alg = KeyAlgorithm.parse(algorithm == null ? "p256" : algorithm);
        KeyInfo info;
        try {
            info = reviewerKeys().generate(name, alg, passphrase);
        } catch (BadPassphraseException e) {
            throw new PassphraseException(e.getMessage(), e);
        }
        audit.record("key.create", name, Map.of("algorithm", alg.id(), "fingerprint", info.fingerprint()));
        return summary(info);
    }

    /** Imports a private key PEM and stores it re-encrypted under {@code newPassphrase}; both passphrases are wiped. */
    public KeySummary importKey(String name, String privateKeyPem, char[] currentPassphrase, char[] newPassphrase) {
        KeyInfo info;
        try {
            info = reviewerKeys().importPrivateKey(name, privateKeyPem, currentPassphrase, newPassphrase);
        } catch (BadPassphraseException e) {
            throw new PassphraseException(e.getMessage(), e);
        }
        audit.record("key.import", name, Map.of("algorithm", info.algorithm().id(), "fingerprint", info.fingerprint()));
        return summary(info);
    }

    /** The public key PEM to share or put in a trust store. */
    public String publicKeyPem(String name) {
        return reviewerKeys().publicKeyPem(name);
    }

    private static KeySummary summary(KeyInfo k) {
        return new KeySummary(k.name(), k.algorithm().id(), k.created(), k.fingerprint(), k.hint(), k.publicKeyFile());
    }

    /** A model directory signed with OpenSSF model signing v1.0. */
    public record SignedModel(Path signature, String rootDigest, int files, String keyFingerprint) {
    }

    /**
     * Signs {@code model} as a plain OpenSSF model signing v1.0 signature ({@code model.sig} in the
     * directory unless {@code signature} says otherwise), which {@code model_signing verify key}
     * accepts. ECDSA keys only; the passphrase is wiped.
     */
    public SignedModel signModel(Path model, String keyName, char[] passphrase, Path signature) {
        Signer signer;
        try {
            signer = reviewerKeys().load(keyName, passphrase);
        } catch (BadPassphraseException e) {
            throw new PassphraseException(e.getMessage(), e);
        }
        Path target = signature != null ? signature : model.resolve(OmsSerialization.SIGNATURE_FILE);
        ModelManifest manifest = new ModelSignatures(new ModelHasher()).signModel(model, OmsSerialization.files(), signer, target);
        String fingerprint = signer.verificationKey().fingerprint();
        audit.record("model.sign", manifest.rootDigest().toString(), Map.of("path", model.toAbsolutePath().normalize().toString(),
                "signature", target.toAbsolutePath().normalize().toString(), "key", keyName, "fingerprint", fingerprint,
                "files", String.valueOf(manifest.resources().size())));
        return new SignedModel(target, manifest.rootDigest().toString(), manifest.resources().size(), fingerprint);
    }

    // Trust store

    /** A trusted reviewer: name, email, roles and the fingerprint of the one key that speaks for them. */
    public record ReviewerSummary(String name, String email, List<String> roles, String algorithm, String fingerprint, String hint) {
        public ReviewerSummary {
            roles = List.copyOf(roles);
        }
    }

    /** The workspace's trust store file, {@code <workspace>/trust/reviewers.json}. */
    public Path trustStoreFile() {
        return workspace.trustStoreFile();
    }

    /** The reviewers of the workspace's trust store (none while the file does not exist). */
    public List<ReviewerSummary> reviewers() {
        return TrustStore.loadOrEmpty(trustStoreFile()).reviewers().stream().map(TrustService::summary).toList();
    }

    public ReviewerSummary addReviewer(String name, String publicKeyPem, String email, List<String> roles) {
        ReviewerSummary added = addReviewer(trustStoreFile(), name, publicKeyPem, email, roles);
        audit.record("trust.add", name, reviewerDetails(added));
        return added;
    }

    public ReviewerSummary updateReviewer(String name, String email, List<String> roles) {
        ReviewerSummary updated = updateReviewer(trustStoreFile(), name, email, roles);
        audit.record("trust.update", name, reviewerDetails(updated));
        return updated;
    }

    public void removeReviewer(String name) {
        ReviewerSummary removed = removeReviewer(trustStoreFile(), name);
        audit.record("trust.remove", name, reviewerDetails(removed));
    }

    private Map<String, String> reviewerDetails(ReviewerSummary r) {
        Map<String, String> d = new TreeMap<>();
        d.put("fingerprint", r.fingerprint());
        d.put("roles", String.join(",", r.roles()));
        if (r.email() != null) {
            d.put("email", r.email());
        }
        d.put("store", workspace.root().relativize(trustStoreFile()).toString().replace('\\', '/'));
        return d;
    }

    /**
     * Adds the reviewers of another trust store file (a team's, a repository's) to the
     * workspace's; reviewers already trusted with the same key are left as they are, a name or
     * key that is trusted differently is an error and nothing is changed. Returns those added.
     */
    public List<ReviewerSummary> importReviewers(Path store) {
        TrustStore incoming = TrustStore.load(store);
        TrustStore current = TrustStore.loadOrEmpty(trustStoreFile());
        List<Reviewer> added = new ArrayList<>();
        TrustStore updated = current;
        for (Reviewer r : incoming.reviewers()) {
            Optional<Reviewer> same = current.byName(r.name());
            if (same.isPresent() && same.get().key().equals(r.key())) {
                continue;
            }
            updated = updated.with(r);
            added.add(r);
        }
        if (!added.isEmpty()) {
            updated.save(trustStoreFile());
        }
        List<ReviewerSummary> out = added.stream().map(TrustService::summary).toList();
        for (ReviewerSummary r : out) {
            Map<String, String> details = reviewerDetails(r);
            details.put("from", store.toAbsolutePath().normalize().toString());
            audit.record("trust.add", r.name(), details);
        }
        return out;
    }

    /** Reads any trust store file (a missing file is an error: nobody is trusted by accident). */
    public static List<ReviewerSummary> readReviewers(Path store) {
        return TrustStore.load(store).reviewers().stream().map(TrustService::summary).toList();
    }

    /** Adds a reviewer to {@code store} (created when absent); on any error the file is untouched. */
    public static ReviewerSummary addReviewer(Path store, String name, String publicKeyPem, String email, List<String> roles) {
        VerificationKey key = VerificationKey.fromPem(publicKeyPem, "public key of '" + name + "'");
        Reviewer reviewer = reviewer(name, email, roles, key);
        TrustStore.add(store, reviewer);
        return summary(reviewer);
    }

    /** Changes a reviewer's email and roles, keeping the key. */
    public static ReviewerSummary updateReviewer(Path store, String name, String email, List<String> roles) {
        TrustStore current = TrustStore.load(store);
        Reviewer old = current.byName(name).orElseThrow(() -> new IllegalArgumentException("no trusted reviewer named '" + name + "'"));
        Reviewer updated = reviewer(name, email, roles, old.key());
        current.without(name).with(updated).save(store);
        return summary(updated);
    }

    public static ReviewerSummary removeReviewer(Path store, String name) {
        TrustStore current = TrustStore.load(store);
        Reviewer old = current.byName(name).orElseThrow(() -> new IllegalArgumentException("no trusted reviewer named '" + name + "'"));
        current.without(name).save(store);
        return summary(old);
    }

    private static Reviewer reviewer(String name, String email, List<String> roles, VerificationKey key) {
        String mail = email == null || email.isBlank() ? null : email.strip();
        return new Reviewer(name, mail, new TreeSet<>(roles == null ? List.of() : roles), key);
    }

    static ReviewerSummary summary(Reviewer r) {
        return new ReviewerSummary(r.name(), r.email(), List.copyOf(r.roles()), r.key().algorithm().id(), r.fingerprint(), r.key().hint());
    }

    // Policy

    /**
     * The rules of the promotion gate (see {@link Policy}): approvals for {@code scope} (null: any),
     * how many, whether one per reviewer, which roles must be among them, how old they may be
     * (null: no limit), whether a newer rejection fails the gate.
     */
    public record PolicySettings(String scope, int requireApprovals, boolean distinctReviewers, List<String> requireRoles,
                                 Integer maxAgeDays, boolean rejectionBlocks) {
        public PolicySettings {
            requireRoles = List.copyOf(new TreeSet<>(requireRoles == null ? List.of() : requireRoles));
            // validated by the policy itself so that the console shows the same messages as the file reader
            toPolicy(scope, requireApprovals, distinctReviewers, requireRoles, maxAgeDays, rejectionBlocks);
        }

        Policy toPolicy() {
            return toPolicy(scope, requireApprovals, distinctReviewers, requireRoles, maxAgeDays, rejectionBlocks);
        }

        private static Policy toPolicy(String scope, int n, boolean distinct, List<String> roles, Integer days, boolean blocks) {
            return new Policy(Policy.VERSION, scope, n, distinct, roles, days, blocks);
        }

        static PolicySettings of(Policy p) {
            return new PolicySettings(p.scope(), p.requireApprovals(), p.distinctReviewers(), p.requireRoles(), p.maxAgeDays(),
                    p.rejectionBlocks());
        }

        /** One line for people, e.g. "2 approvals from distinct reviewers for promote:production, one with role security; …". */
        public String describe() {
            StringBuilder sb = new StringBuilder().append(requireApprovals).append(requireApprovals == 1 ? " approval" : " approvals");
            if (distinctReviewers) {
                sb.append(" from distinct reviewers");
            }
            sb.append(scope == null ? " for any scope" : " for " + scope);
            for (String role : requireRoles) {
                sb.append(", one with role ").append(role);
            }
            if (rejectionBlocks) {
                sb.append("; no rejection newer than the approvals");
            }
            if (maxAgeDays != null) {
                sb.append("; approvals younger than ").append(maxAgeDays).append(" days");
            }
            return sb.toString();
        }

        /** The policy file's text. */
        public String json() {
            return new String(toPolicy().toBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The policy in use: its rules, the file they come from ({@code null} while the workspace
     * uses the recommended policy) and the SHA-256 of that file's bytes (of the recommended
     * policy's JSON otherwise), which approvals record.
     */
    public record PolicyInUse(PolicySettings settings, Path file, String sha256) {
        public String source() {
            return file == null ? "recommended policy (the workspace has no policies/" + POLICY_FILE + ")" : file.toString();
        }
    }

    static final String POLICY_FILE = "default.json";

    public Path policyFile() {
        return workspace.policiesDirectory().resolve(POLICY_FILE);
    }

    public PolicyInUse policy() {
        Path file = policyFile();
        if (!Files.exists(file)) {
            return new PolicyInUse(RECOMMENDED_POLICY, null, Sha256.hex(RECOMMENDED_POLICY.toPolicy().toBytes()));
        }
        try {
            byte[] bytes = TrustJson.readFile(file);
            return new PolicyInUse(PolicySettings.of(Policy.parse(bytes, file.toString())), file, Sha256.hex(bytes));
        } catch (IOException e) {
            throw new TrustFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a policy file and makes it the workspace's (recorded) unless it already is. */
    public PolicyInUse importPolicy(Path file) {
        PolicySettings incoming = PolicySettings.of(Policy.load(file));
        PolicyInUse current = policy();
        if (current.file() != null && current.settings().equals(incoming)) {
            return current;
        }
        return setPolicy(incoming);
    }

    /** Writes the workspace policy file (atomically) and records the change. */
    public PolicyInUse setPolicy(PolicySettings settings) {
        PolicyInUse before = policy();
        byte[] bytes = settings.toPolicy().toBytes();
        Path file = policyFile();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".policy-", ".part");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the policy " + file + ": " + e.getMessage(), e);
        }
        PolicyInUse after = policy();
        audit.record("policy.change", workspace.root().relativize(file).toString().replace('\\', '/'), Map.of(
                "policy", settings.describe(), "sha256", after.sha256(), "previous", before.sha256()));
        return after;
    }
}
