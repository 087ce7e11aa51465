package dev.tightrope.service;

import dev.tightrope.base.AtomicFiles;
import dev.tightrope.domain.ModelManifest;
import dev.tightrope.domain.Problem;
import dev.tightrope.service.workspace.Workspace;
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
import dev.tightrope.trust.policy.PolicyException;
import dev.tightrope.trust.policy.PolicyFile;
import dev.tightrope.trust.policy.PolicyStage;
import dev.tightrope.trust.reviewers.LayeredTrustStore;
import dev.tightrope.trust.reviewers.LocalTrustStore;
import dev.tightrope.trust.reviewers.Reviewer;
import dev.tightrope.trust.reviewers.TrustStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reviewer keys, the trust store and the approval policy of a workspace. Keys live encrypted in
 * the key directory ({@code keys/}); the trust store is two files: the organisation's reviewed
 * trust store {@code trust/reviewers.json} (taken whole from the organisation with
 * {@link #useReviewedTrustStore}, never edited here) and what was trusted on this machine,
 * {@code trust/local-reviewers.json}, each entry with who added it, when and whether it was
 * self-trust. Local entries count toward a gate only under a policy that says
 * {@code countUnreviewedReviewers}. The policy is {@code policies/default.json} (when absent,
 * the {@link #RECOMMENDED_POLICY recommended policy} applies). Every change is in the audit log.
 * The trust store file operations also exist without a workspace ({@link #readReviewers(Path)}
 * and friends) for the organisation's trust store kept in a repository.
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
    private final Clock clock;

    TrustService(Workspace workspace, AuditService audit, Clock clock) {
        this.workspace = workspace;
        this.audit = audit;
        this.clock = clock;
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

    /** The shortest passphrase a new key accepts. */
    public static final int MIN_PASSPHRASE_LENGTH = ReviewerKeys.MIN_PASSPHRASE_LENGTH;

    /** What is wrong with a new key's name (malformed, or taken by one of {@code existing}), or null. */
    public static String keyNameProblem(String name, List<KeySummary> existing) {
        if (name == null || name.isBlank()) {
            return "the key needs a name";
        }
        if (existing.stream().anyMatch(k -> k.name().equals(name.strip()))) {
            return "a key named '" + name.strip() + "' already exists";
        }
        return ReviewerKeys.nameProblem(name.strip());
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
        Signer signer = unlock(keyName, passphrase);
        Path target = signature != null ? signature : model.resolve(OmsSerialization.SIGNATURE_FILE);
        ModelManifest manifest = new ModelSignatures(new ModelHasher()).signModel(model, OmsSerialization.files(), signer, target);
        String fingerprint = signer.verificationKey().fingerprint();
        audit.record("model.sign", manifest.rootDigest().toString(), Map.of("path", model.toAbsolutePath().normalize().toString(),
                "signature", target.toAbsolutePath().normalize().toString(), "key", keyName, "fingerprint", fingerprint,
                "files", String.valueOf(manifest.resources().size())));
        return new SignedModel(target, manifest.rootDigest().toString(), manifest.resources().size(), fingerprint);
    }

    /**
     * Signs an in-toto statement about one file ({@code name} at {@code uri}, its sha256
     * {@code sha256Hex}) carrying {@code predicate} as {@code predicateType}, with the reviewer key
     * {@code keyName}; returns the Sigstore bundle (key-based, DSSE) and records {@code auditEvent}
     * (null: the caller records its own) with the file's digest and the key. The passphrase is wiped.
     */
    public byte[] signStatement(String keyName, char[] passphrase, String name, String uri, String sha256Hex, String predicateType,
                                com.fasterxml.jackson.databind.JsonNode predicate, String auditEvent) {
        Signer signer = unlock(keyName, passphrase);
        dev.tightrope.trust.dsse.Statement statement = new dev.tightrope.trust.dsse.Statement(
                List.of(dev.tightrope.trust.dsse.ResourceDescriptor.ofUri(name, uri, sha256Hex)), predicateType, predicate);
        dev.tightrope.trust.dsse.Envelope envelope = dev.tightrope.trust.dsse.Dsse.sign(dev.tightrope.trust.dsse.Dsse.IN_TOTO_PAYLOAD_TYPE,
                statement.toBytes(), signer, signer.verificationKey().hint());
        byte[] bundle = dev.tightrope.trust.dsse.SigstoreBundle.keyBased(envelope, signer.verificationKey()).toBytes();
        if (auditEvent != null) {
            audit.record(auditEvent, uri, Map.of("file", name, "sha256", sha256Hex, "predicateType", predicateType, "key", keyName,
                    "fingerprint", signer.verificationKey().fingerprint()));
        }
        return bundle;
    }

    /**
     * The reviewer key {@code keyName} of this workspace, unlocked for signing; a wrong passphrase
     * is a {@link PassphraseException}. The passphrase is wiped whatever happens.
     */
    Signer unlock(String keyName, char[] passphrase) {
        try {
            return reviewerKeys().load(keyName, passphrase);
        } catch (BadPassphraseException e) {
            throw new PassphraseException(e.getMessage(), e);
        } finally {
            if (passphrase != null) {
                java.util.Arrays.fill(passphrase, '\0');
            }
        }
    }

    // Trust store

    /**
     * A trusted reviewer as the console and {@code trust list} show them: name, email, roles, the
     * fingerprint of the one key that speaks for them, and where the entry comes from.
     *
     * @param origin          {@code reviewed} (in the organisation's reviewed trust store) or {@code local}
     * @param unreviewedRoles roles the reviewer has only from a local change (all of them for a local reviewer)
     * @param addedBy         who made the local entry or change (null for a reviewed entry unchanged here)
     * @param addedAt         when (null likewise)
     * @param selfTrust       why the local entry or change is self-trust (the reviewer trusting their own
     *                        key or raising their own roles), or null
     */
    public record ReviewerSummary(String name, String email, List<String> roles, String algorithm, String fingerprint, String hint,
                                  String origin, List<String> unreviewedRoles, String addedBy, Instant addedAt, String selfTrust) {
        public static final String REVIEWED = "reviewed";
        public static final String LOCAL = "local";

        public ReviewerSummary {
            roles = List.copyOf(roles);
            unreviewedRoles = List.copyOf(unreviewedRoles);
        }

        /** Whether the organisation reviewed this entry (its unreviewed roles aside). */
        public boolean reviewed() {
            return REVIEWED.equals(origin);
        }

        /** The roles the organisation reviewed. */
        public List<String> reviewedRoles() {
            return roles.stream().filter(r -> !unreviewedRoles.contains(r)).toList();
        }
    }

    /** The file name of the local additions, next to the reviewed trust store. */
    static final String LOCAL_TRUST_FILE = "local-reviewers.json";

    /**
     * The organisation's reviewed trust store as this workspace keeps it,
     * {@code <workspace>/trust/reviewers.json}: the console never edits it, only replaces it with
     * the organisation's file ({@link #useReviewedTrustStore}).
     */
    public Path trustStoreFile() {
        return workspace.trustStoreFile();
    }

    /** What was trusted on this machine, {@code <workspace>/trust/local-reviewers.json}. */
    public Path localTrustStoreFile() {
        return trustStoreFile().resolveSibling(LOCAL_TRUST_FILE);
    }

    /** The workspace's trust store as a gate reads it: the reviewed file with the local additions over it. */
    public LayeredTrustStore trustStore() {
        return LayeredTrustStore.of(TrustStore.loadOrEmpty(trustStoreFile()), LocalTrustStore.loadOrEmpty(localTrustStoreFile()));
    }

    /** The reviewers, reviewed and local (none while neither file exists). */
    public List<ReviewerSummary> reviewers() {
        return trustStore().entries().stream().map(TrustService::summary).toList();
    }

    /** Local entries that contradict the reviewed trust store and are ignored, each with why. */
    public List<String> trustProblems() {
        return trustStore().problems();
    }

    /**
     * Trusts a reviewer on this machine: a local, unreviewed entry, which counts toward a gate
     * only under a policy that says {@code countUnreviewedReviewers}. A reviewer trusting their
     * own key is recorded as {@code trust.self-trust}.
     */
    public ReviewerSummary addReviewer(String name, String publicKeyPem, String email, List<String> roles) {
        VerificationKey key = VerificationKey.fromPem(publicKeyPem, "public key of '" + name + "'");
        LayeredTrustStore current = trustStore();
        current.byName(name).ifPresent(e -> {
            throw new IllegalArgumentException("a reviewer named '" + name + "' is already trusted (" + origin(e) + ")");
        });
        current.byKey(key).ifPresent(e -> {
            throw new IllegalArgumentException("key " + key.fingerprint() + " is already trusted as '" + e.name() + "' (" + origin(e) + ")");
        });
        Reviewer reviewer = reviewer(name, email, roles, key);
        String self = selfTrust(reviewer.name(), reviewer.email(), key.fingerprint()).orElse(null);
        LocalTrustStore.Entry entry = new LocalTrustStore.Entry(reviewer, Actor.current(), now(), self);
        current.local().with(entry).save(localTrustStoreFile());
        ReviewerSummary added = summary(trustStore().byName(name).orElseThrow());
        Map<String, String> details = reviewerDetails(added);
        details.put("change", "add");
        audit.record(self != null ? SELF_TRUST : "trust.add", name, details);
        return added;
    }

    /**
     * Changes a reviewer's roles (and, for a local reviewer, email). For a reviewed reviewer the
     * change is local: roles added count only under {@code countUnreviewedReviewers}, roles taken
     * away stop counting here; the email is the organisation's. A reviewer raising their own
     * roles is recorded as {@code trust.self-trust}.
     */
    public ReviewerSummary updateReviewer(String name, String email, List<String> roles) {
        LayeredTrustStore current = trustStore();
        LayeredTrustStore.Entry old = current.byName(name)
                .orElseThrow(() -> new IllegalArgumentException("no trusted reviewer named '" + name + "'"));
        String mail = email == null || email.isBlank() ? null : email.strip();
        Reviewer updated = reviewer(name, old.reviewed() ? old.reviewer().email() : mail, roles, old.reviewer().key());
        if (old.reviewed() && mail != null && !mail.equals(old.reviewer().email())) {
            throw new IllegalArgumentException("the email of " + name + " comes from the organisation's reviewed trust store ("
                    + trustStoreFile().getFileName() + "): change it there");
        }
        TreeSet<String> raised = new TreeSet<>(updated.roles());
        raised.removeAll(old.reviewer().roles());
        String self = raised.isEmpty() ? null : selfTrust(name, updated.email(), updated.fingerprint()).orElse(null);
        LocalTrustStore local = current.local();
        Reviewer reviewedVersion = current.reviewed().byName(name).orElse(null);
        if (reviewedVersion != null && reviewedVersion.roles().equals(updated.roles())) {
            local = local.byName(name).isPresent() ? local.without(name) : local;
        } else {
            String kept = self != null ? self : local.byName(name).map(LocalTrustStore.Entry::selfTrust).orElse(null);
            local = local.withReplaced(new LocalTrustStore.Entry(updated, Actor.current(), now(), kept));
        }
        local.save(localTrustStoreFile());
        ReviewerSummary summary = summary(trustStore().byName(name).orElseThrow());
        Map<String, String> details = reviewerDetails(summary);
        details.put("change", raised.isEmpty() ? "update" : "raise");
        details.put("previousRoles", String.join(",", old.reviewer().roles()));
        audit.record(self != null ? SELF_TRUST : "trust.update", name, details);
        return summary;
    }

    /**
     * Removes a local entry: a local reviewer, or the local role change of a reviewed one. A
     * reviewed reviewer stays: the organisation's file decides, change it there.
     */
    public void removeReviewer(String name) {
        LayeredTrustStore current = trustStore();
        LayeredTrustStore.Entry old = current.byName(name)
                .orElseThrow(() -> new IllegalArgumentException("no trusted reviewer named '" + name + "'"));
        if (current.local().byName(name).isEmpty()) {
            throw new IllegalArgumentException(name + " is in the organisation's reviewed trust store (" + trustStoreFile()
                    + "): remove them there, have the change reviewed, then use the new file");
        }
        ReviewerSummary removed = summary(old);
        current.local().without(name).save(localTrustStoreFile());
        Map<String, String> details = reviewerDetails(removed);
        details.put("change", old.reviewed() ? "drop local roles" : "remove");
        audit.record("trust.remove", name, details);
    }

    /** What the whole organisation's trust store changed to when a new reviewed file was taken. */
    public record ReviewedStoreChange(Path file, String sha256, List<ReviewerSummary> reviewers, List<String> added,
                                      List<String> removed, boolean changed) {
        public ReviewedStoreChange {
            reviewers = List.copyOf(reviewers);
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    /**
     * Makes {@code file} (the organisation's reviewed trust store, as it distributes it) the
     * workspace's reviewed trust store: checked, then copied byte for byte, recorded as
     * {@code trust.reviewed} with its SHA-256 and who came and went. The same bytes again change
     * nothing and record nothing. Local entries stay local.
     */
    public ReviewedStoreChange useReviewedTrustStore(Path file) {
        byte[] bytes;
        try {
            bytes = TrustJson.readFile(file);
        } catch (IOException e) {
            throw new TrustFormatException(file.toString(), Files.exists(file) ? "cannot read: " + e.getMessage()
                    : "no such trust store file", e);
        }
        TrustStore incoming = TrustStore.parse(bytes, file.toString());
        Path target = trustStoreFile();
        TrustStore before = TrustStore.loadOrEmpty(target);
        String sha256 = Sha256.hex(bytes);
        boolean same;
        try {
            same = Files.exists(target) && Sha256.hex(TrustJson.readFile(target)).equals(sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trust store " + target + ": " + e.getMessage(), e);
        }
        List<String> added = incoming.reviewers().stream().map(Reviewer::name).filter(n -> before.byName(n).isEmpty()).toList();
        List<String> removed = before.reviewers().stream().map(Reviewer::name).filter(n -> incoming.byName(n).isEmpty()).toList();
        if (!same) {
            writeAtomically(target, bytes, "trust store");
            dropReviewedLocalEntries(incoming);
            Map<String, String> details = new TreeMap<>();
            details.put("from", file.toAbsolutePath().normalize().toString());
            details.put("sha256", sha256);
            details.put("reviewers", incoming.reviewers().stream().map(Reviewer::name).reduce((x, y) -> x + "," + y).orElse(""));
            details.put("added", String.join(",", added));
            details.put("removed", String.join(",", removed));
            details.put("store", workspace.root().relativize(target).toString().replace('\\', '/'));
            audit.record("trust.reviewed", file.getFileName().toString(), details);
        }
        return new ReviewedStoreChange(target, sha256, reviewers(), same ? List.of() : added, same ? List.of() : removed, !same);
    }

    /** Local entries the organisation's file now has exactly (same name, key and roles) have been reviewed: they go. */
    private void dropReviewedLocalEntries(TrustStore reviewed) {
        LocalTrustStore local = LocalTrustStore.loadOrEmpty(localTrustStoreFile());
        LocalTrustStore kept = local;
        for (LocalTrustStore.Entry e : local.entries()) {
            Optional<Reviewer> r = reviewed.byName(e.name());
            if (r.isPresent() && r.get().key().equals(e.reviewer().key()) && r.get().roles().equals(e.reviewer().roles())) {
                kept = kept.without(e.name());
            }
        }
        if (kept != local) {
            kept.save(localTrustStoreFile());
        }
    }

    /** Replaces {@code file} with {@code bytes} (temporary file, then rename); {@code what} names it in errors. */
    private static void writeAtomically(Path file, byte[] bytes, String what) {
        try {
            AtomicFiles.replace(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** When a local entry is made, to the second (the file is read by people). */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The audit action of a reviewer trusting their own key or raising their own roles. */
    public static final String SELF_TRUST = "trust.self-trust";

    /** Whether trusting this reviewer here is self-trust, and why (see {@link #selfTrust(String, List, String, String, String)}). */
    Optional<String> selfTrust(String name, String email, String fingerprint) {
        return selfTrust(Actor.current(), keys().keys(), name, email, fingerprint);
    }

    /**
     * Whether {@code actor} trusting the reviewer {@code name} (with {@code email} and the key
     * {@code fingerprint}) is self-trust, and why: the key is one of this workspace's own keys
     * (its private half is here, so whoever holds it is trusting themselves), or the entry is
     * named after the actor (the reviewer name, or the email's local part).
     */
    public static Optional<String> selfTrust(String actor, List<KeySummary> ownKeys, String name, String email, String fingerprint) {
        Optional<KeySummary> own = ownKeys.stream().filter(k -> k.fingerprint().equals(fingerprint)).findFirst();
        if (own.isPresent()) {
            return Optional.of("the private key is in this workspace (key '" + own.get().name() + "'): whoever signs with it trusts themselves");
        }
        String me = actor == null ? "" : actor.strip().toLowerCase(java.util.Locale.ROOT);
        String localPart = email == null || !email.contains("@") ? "" : email.substring(0, email.indexOf('@')).toLowerCase(java.util.Locale.ROOT);
        if (!me.isEmpty() && (me.equals(name.toLowerCase(java.util.Locale.ROOT)) || me.equals(localPart))) {
            return Optional.of("the entry is named after you (" + actor + ")");
        }
        return Optional.empty();
    }

    /** What is wrong with a reviewer name as typed, in the trust store's own words, or null. */
    public static String reviewerNameProblem(String name) {
        return name == null || name.isBlank() ? "a reviewer needs a name" : Reviewer.nameProblem(name.strip());
    }

    /** What is wrong with an email as typed (blank: none, which is fine), or null. */
    public static String emailProblem(String email) {
        return email == null || email.isBlank() ? null : Reviewer.emailProblem(email.strip());
    }

    /** What is wrong with the first bad role, or null. */
    public static String rolesProblem(List<String> roles) {
        return roles.stream().map(Reviewer::roleProblem).filter(p -> p != null).findFirst().orElse(null);
    }

    /** What is wrong with a public key PEM as pasted, or null. */
    public static String publicKeyProblem(String publicKeyPem) {
        if (publicKeyPem == null || publicKeyPem.isBlank()) {
            return "paste the reviewer's public key (PEM) or load it from a file";
        }
        try {
            fingerprint(publicKeyPem);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The fingerprint of a public key PEM, or an {@link IllegalArgumentException} saying why it is not one. */
    public static String fingerprint(String publicKeyPem) {
        try {
            return VerificationKey.fromPem(publicKeyPem, "the public key").fingerprint();
        } catch (TrustFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String origin(LayeredTrustStore.Entry e) {
        return e.reviewed() ? "in the organisation's reviewed trust store" : "locally, added by " + e.addedBy();
    }

    private Map<String, String> reviewerDetails(ReviewerSummary r) {
        Map<String, String> d = new TreeMap<>();
        d.put("fingerprint", r.fingerprint());
        d.put("roles", String.join(",", r.roles()));
        if (r.email() != null) {
            d.put("email", r.email());
        }
        d.put("origin", r.origin());
        if (!r.unreviewedRoles().isEmpty()) {
            d.put("unreviewedRoles", String.join(",", r.unreviewedRoles()));
        }
        if (r.selfTrust() != null) {
            d.put("selfTrust", r.selfTrust());
        }
        d.put("store", workspace.root().relativize(r.reviewed() && r.unreviewedRoles().isEmpty() && r.addedBy() == null
                ? trustStoreFile() : localTrustStoreFile()).toString().replace('\\', '/'));
        return d;
    }

    /** Reads any trust store file (a missing file is an error: nobody is trusted by accident). */
    public static List<ReviewerSummary> readReviewers(Path store) {
        return TrustStore.load(store).reviewers().stream().map(TrustService::summary).toList();
    }

    /**
     * Adds a reviewer to the trust store file {@code store} (created when absent), e.g. the
     * organisation's file in a repository, where the change is then reviewed; on any error the
     * file is untouched.
     */
    public static ReviewerSummary addReviewer(Path store, String name, String publicKeyPem, String email, List<String> roles) {
        VerificationKey key = VerificationKey.fromPem(publicKeyPem, "public key of '" + name + "'");
        Reviewer reviewer = reviewer(name, email, roles, key);
        TrustStore.add(store, reviewer);
        return summary(reviewer);
    }

    /** Changes a reviewer's email and roles in the trust store file {@code store}, keeping the key. */
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

    /** A reviewer of a trust store file, which is what the organisation reviews. */
    static ReviewerSummary summary(Reviewer r) {
        return new ReviewerSummary(r.name(), r.email(), List.copyOf(r.roles()), r.key().algorithm().id(), r.fingerprint(), r.key().hint(),
                ReviewerSummary.REVIEWED, List.of(), null, null, null);
    }

    static ReviewerSummary summary(LayeredTrustStore.Entry e) {
        Reviewer r = e.reviewer();
        return new ReviewerSummary(r.name(), r.email(), List.copyOf(r.roles()), r.key().algorithm().id(), r.fingerprint(), r.key().hint(),
                e.reviewed() ? ReviewerSummary.REVIEWED : ReviewerSummary.LOCAL, List.copyOf(e.unreviewedRoles()), e.addedBy(),
                e.addedAt(), e.selfTrust());
    }

    // Policy

    /**
     * The rules of the promotion gate (see {@link Policy}): approvals for {@code scope} (null: any),
     * how many, whether one per reviewer, which roles must be among them, how old they may be
     * (null: no limit), whether a newer rejection fails the gate, whether reviewers and roles
     * trusted only locally (not in the organisation's reviewed trust store) count.
     */
    public record PolicySettings(String scope, int requireApprovals, boolean distinctReviewers, List<String> requireRoles,
                                 Integer maxAgeDays, boolean rejectionBlocks, boolean countUnreviewedReviewers) {
        public PolicySettings {
            requireRoles = List.copyOf(new TreeSet<>(requireRoles == null ? List.of() : requireRoles));
            // validated by the policy itself so that the console shows the same messages as the file reader
            toPolicy(scope, requireApprovals, distinctReviewers, requireRoles, maxAgeDays, rejectionBlocks, countUnreviewedReviewers);
        }

        /** Rules that count only reviewed trust-store entries. */
        public PolicySettings(String scope, int requireApprovals, boolean distinctReviewers, List<String> requireRoles,
                              Integer maxAgeDays, boolean rejectionBlocks) {
            this(scope, requireApprovals, distinctReviewers, requireRoles, maxAgeDays, rejectionBlocks, false);
        }

        /** What the policy file reader would say about this scope (null: any) and maximum age (null: none), or null. */
        public static String problem(String scope, Integer maxAgeDays) {
            try {
                toPolicy(scope, 1, true, List.of(), maxAgeDays, true, false);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }

        Policy toPolicy() {
            return toPolicy(scope, requireApprovals, distinctReviewers, requireRoles, maxAgeDays, rejectionBlocks, countUnreviewedReviewers);
        }

        private static Policy toPolicy(String scope, int n, boolean distinct, List<String> roles, Integer days, boolean blocks,
                                       boolean unreviewed) {
            return new Policy(Policy.VERSION, scope, n, distinct, roles, days, blocks, unreviewed);
        }

        static PolicySettings of(Policy p) {
            return new PolicySettings(p.scope(), p.requireApprovals(), p.distinctReviewers(), p.requireRoles(), p.maxAgeDays(),
                    p.rejectionBlocks(), p.countUnreviewedReviewers());
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
            if (countUnreviewedReviewers) {
                sb.append("; reviewers and roles trusted only locally (unreviewed) count too");
            }
            return sb.toString();
        }

        /** The policy file's text. */
        public String json() {
            return new String(toPolicy().toBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The policy in use: the default stage's approval rules ({@code settings}), the whole file
     * ({@code document}: its stages and exceptions), the file they come from ({@code null} while
     * the workspace uses the recommended policy) and the SHA-256 of that file's bytes (of the
     * recommended policy's JSON otherwise), which approvals record.
     */
    public record PolicyInUse(PolicySettings settings, Path file, String sha256, PolicyFile document) {
        /** The stage a gate uses when none is named. */
        public String defaultStage() {
            return document.stage(null).name();
        }

        /** A stage's approval rules ({@code stage} null: the default one). */
        public PolicySettings settings(String stage) {
            return PolicySettings.of(document.stage(stage).approvals());
        }

        /** A stage's rules about the release's facts. */
        public StageRules rules(String stage) {
            return StageRules.of(document.stage(stage));
        }

        public String source() {
            return file == null ? "recommended policy (the workspace has no policies/" + POLICY_FILE + ")" : file.toString();
        }

        /** One line per stage, for people (see {@link TrustService#describe(PolicyFile)}). */
        public String describe() {
            return TrustService.describe(document);
        }

        /** The file's text as it is written. */
        public String json() {
            return new String(document.toBytes(), StandardCharsets.UTF_8);
        }

        /** The stage names, the default first. */
        public List<String> stages() {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(document.defaultStage()),
                    document.stages().keySet().stream().filter(st -> !st.equals(document.defaultStage()))).toList();
        }

        /** The source as a verdict names it: with the stage when the file has stages (version 2). */
        public String source(PolicyStage stage) {
            return document.version() == PolicyFile.VERSION ? source() + ", stage " + stage.name() : source();
        }
    }

    static final String POLICY_FILE = "default.json";

    public Path policyFile() {
        return workspace.policiesDirectory().resolve(POLICY_FILE);
    }

    public PolicyInUse policy() {
        Path file = policyFile();
        if (!Files.exists(file)) {
            Policy recommended = RECOMMENDED_POLICY.toPolicy();
            return new PolicyInUse(RECOMMENDED_POLICY, null, Sha256.hex(recommended.toBytes()), PolicyFile.of(recommended));
        }
        try {
            byte[] bytes = TrustJson.readFile(file);
            PolicyFile document = PolicyFile.parse(bytes, file.toString());
            return new PolicyInUse(PolicySettings.of(document.stage(null).approvals()), file, Sha256.hex(bytes), document);
        } catch (IOException e) {
            throw new TrustFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a policy file (either version) and makes it the workspace's (recorded) unless it already is. */
    public PolicyInUse importPolicy(Path file) {
        PolicyFile incoming = PolicyFile.load(file);
        PolicyInUse current = policy();
        if (current.file() != null && current.document().equals(incoming)) {
            return current;
        }
        return write(incoming, "import", Map.of("from", file.getFileName().toString()));
    }

    /**
     * Sets the approval rules of the default stage (the console's policy dialog): a version 1 file
     * is rewritten as before, a version 2 file keeps its other stages and its exceptions.
     */
    public PolicyInUse setPolicy(PolicySettings settings) {
        PolicyFile current = policy().document();
        PolicyFile updated = current.version() == PolicyFile.VERSION
                ? current.withStage(current.stage(null).withApprovals(settings.toPolicy()))
                : PolicyFile.of(settings.toPolicy());
        return write(updated, "edit", Map.of());
    }

    /** The rules of one stage about the release's own facts (see {@link PolicyStage}); null severities mean no such rule. */
    public record StageRules(dev.tightrope.domain.Severity maxOpenSeverity, boolean requireOwner, boolean requireTrainingData,
                             dev.tightrope.domain.Severity scanFailOn) {
        public static StageRules of(PolicyStage s) {
            return new StageRules(s.maxOpenSeverity(), s.requireOwner(), s.requireTrainingData(), s.scanFailOn());
        }
    }

    /**
     * Sets every rule of one stage ({@code stage} null: the default one), as the console's policy
     * dialog edits it. The other stages and the exceptions stay; a version 1 file stays version 1
     * unless it is given rules about the release's facts, which need version 2.
     */
    public PolicyInUse setStage(String stage, PolicySettings settings, StageRules rules) {
        PolicyFile current = policy().document();
        PolicyStage old = current.stage(stage);
        PolicyStage updated = new PolicyStage(old.name(), settings.toPolicy(), rules.maxOpenSeverity(), rules.requireOwner(),
                rules.requireTrainingData(), rules.scanFailOn());
        PolicyFile document = current.version() != PolicyFile.VERSION && !updated.needsAssetFacts()
                ? PolicyFile.of(settings.toPolicy())
                : current.withExceptions(current.exceptions()).withStage(updated);
        return write(document, "edit", Map.of("stage", old.name()));
    }

    /**
     * Adds an exception to the workspace policy (a version 1 file becomes version 2, its one stage
     * 'default'): {@code rules} of {@code asset} (URN or digest) waived in {@code stages} (empty:
     * all) until {@code expires}; an {@link IllegalArgumentException} says what is wrong with it.
     */
    public PolicyInUse addException(String asset, List<String> rules, List<String> stages, String justification, String approver,
                                    String expires) {
        return addException(new PolicyException(asset, rules, stages, justification, approver, expires));
    }

    PolicyInUse addException(PolicyException exception) {
        PolicyFile current = policy().document();
        List<PolicyException> all = new java.util.ArrayList<>(current.exceptions());
        all.add(exception);
        return write(current.withExceptions(all), "exception.add", Map.of("asset", exception.asset(),
                "rules", String.join(",", exception.rules()), "approver", exception.approver(), "expires", exception.expires(),
                "justification", exception.justification()));
    }

    /** Removes the workspace policy's exceptions for {@code asset} (a URN or digest); returns how many went. */
    public int removeExceptions(String asset) {
        PolicyFile current = policy().document();
        List<PolicyException> kept = current.exceptions().stream().filter(e -> !e.asset().equals(asset)).toList();
        int removed = current.exceptions().size() - kept.size();
        if (removed > 0) {
            write(current.withExceptions(kept), "exception.remove", Map.of("asset", asset, "removed", String.valueOf(removed)));
        }
        return removed;
    }

    /** Writes the workspace policy file (atomically) and records the change with the old and new digest. */
    private PolicyInUse write(PolicyFile document, String change, Map<String, String> more) {
        PolicyInUse before = policy();
        Path file = policyFile();
        writeAtomically(file, document.toBytes(), "policy");
        PolicyInUse after = policy();
        Map<String, String> details = new TreeMap<>(more);
        details.put("change", change);
        details.put("policy", describe(after.document()));
        details.put("sha256", after.sha256());
        details.put("previous", before.sha256());
        audit.record("policy.change", workspace.root().relativize(file).toString().replace('\\', '/'), details);
        return after;
    }

    /** One line for the audit log and the console: each stage's approval rules and asset rules, and the exceptions. */
    public static String describe(PolicyFile document) {
        StringBuilder sb = new StringBuilder();
        for (PolicyStage stage : document.stages().values()) {
            if (!sb.isEmpty()) {
                sb.append(" | ");
            }
            if (document.version() == PolicyFile.VERSION) {
                sb.append(stage.name()).append(": ");
            }
            sb.append(PolicySettings.of(stage.approvals()).describe());
            if (stage.maxOpenSeverity() != null) {
                sb.append("; no open finding above ").append(stage.maxOpenSeverity().token());
            }
            if (stage.requireOwner()) {
                sb.append("; an owner");
            }
            if (stage.requireTrainingData()) {
                sb.append("; known training data");
            }
            if (stage.scanFailOn() != null) {
                sb.append("; scanned, no open scan finding at or above ").append(stage.scanFailOn().token());
            }
        }
        if (!document.exceptions().isEmpty()) {
            sb.append(" | ").append(document.exceptions().size()).append(" exception(s)");
        }
        return sb.toString();
    }
}
