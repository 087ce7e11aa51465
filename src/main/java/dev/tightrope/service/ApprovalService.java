package dev.tightrope.service;

import dev.tightrope.base.AtomicFiles;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.export.EvidenceDocuments;
import dev.tightrope.service.workspace.Workspace;
import dev.tightrope.store.AssetRepository;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.approval.ApprovalRequest;
import dev.tightrope.trust.approval.Approvals;
import dev.tightrope.trust.approval.Decision;
import dev.tightrope.trust.approval.SignedApproval;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.AttestationReader;
import dev.tightrope.trust.dsse.ResourceDescriptor;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.policy.PolicyStage;
import dev.tightrope.trust.reviewers.LayeredTrustStore;
import dev.tightrope.trust.verify.AttestationVerifier;
import dev.tightrope.trust.verify.Subject;
import dev.tightrope.trust.verify.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Signed approvals in a workspace: signing an approval or rejection of exact bytes (an asset's
 * digest, a file's SHA-256 or a model directory's OpenSSF root digest), the approvals kept in
 * the workspace ({@code approvals/}, one Sigstore bundle per decision, the same files that are
 * published), each one's verification against the trust store and the policy, the review queue,
 * and the evidence of one release.
 *
 * <p><b>The review queue</b> holds the releases that await a decision: present assets with a
 * sha256 digest that are a model version, a scanned model directory (a model artifact with an
 * OpenSSF root digest), or anything tagged {@code approval:pending} or
 * {@code promotion:requested}, and that do not pass the workspace policy. Assets with the same
 * digest are one release (shown under its model version when there is one); tagged releases come
 * first.
 */
public final class ApprovalService {

    /** Tags by which a source asks for a release to be reviewed. */
    public static final Set<String> REQUEST_TAGS = Set.of("approval:pending", "promotion:requested");
    static final String MODEL_DIRECTORY_PROPERTY = "oms.rootDigest";
    static final String DIRECTORY = "approvals";

    private final Workspace workspace;
    private final AssetRepository assets;
    private final InventoryService inventory;
    private final LineageService lineage;
    private final TrustService trust;
    private final AuditService audit;
    private final Clock clock;

    ApprovalService(Workspace workspace, AssetRepository assets, InventoryService inventory, LineageService lineage,
                    TrustService trust, AuditService audit, Clock clock) {
        this.workspace = workspace;
        this.assets = assets;
        this.inventory = inventory;
        this.lineage = lineage;
        this.trust = trust;
        this.audit = audit;
        this.clock = clock;
    }

    /** Where the workspace keeps signed approvals: one {@code .sigstore.json} bundle per decision. */
    public Path approvalsDirectory() {
        return workspace.root().resolve(DIRECTORY);
    }

    // Subjects

    /**
     * The exact artifact an approval is about.
     *
     * @param digest      {@code sha256:<hex>}
     * @param urn         the asset, when the subject was given as one
     * @param description how the digest was obtained
     */
    public record SubjectInfo(String digest, String name, String urn, String description) {
    }

    /**
     * Resolves a URN (the asset's sha256 digest), a {@code sha256:<hex>} digest, a file (its
     * SHA-256) or a model directory (its OpenSSF model signing v1.0 root digest).
     */
    public SubjectInfo resolveSubject(String spec) {
        if (spec.startsWith("tr:")) {
            Urn urn = Urn.parse(spec);
            AssetRecord record = inventory.find(urn)
                    .orElseThrow(() -> new IllegalArgumentException("no asset " + spec + " in this workspace"));
            Digest d = record.asset().digest();
            if (d == null || !d.algorithm().equals("sha256")) {
                throw new IllegalArgumentException("asset " + spec + " has no sha256 digest; an approval binds exact bytes: "
                        + "scan its model files (a model-files source) or approve the file or directory by path");
            }
            return new SubjectInfo(d.toString(), record.asset().name(), spec, record.urn().kind().label() + " " + spec);
        }
        Subject s = Subject.resolve(spec, new ModelHasher());
        String name = spec.matches("(sha256:)?[0-9a-fA-F]{64}") ? null : Path.of(spec).toAbsolutePath().normalize().getFileName().toString();
        return new SubjectInfo(s.digest().toString(), name, null, s.description());
    }

    // Signing

    /**
     * What a reviewer decides: about {@code subject} (a URN, a digest or a path), for {@code scope}
     * (e.g. {@code promote:production}), why; {@code outDir}, when set, also receives the bundle
     * (next to the artifact, for publishing).
     */
    public record SignRequest(String subject, ReviewDecision decision, String scope, String rationale, Path outDir) {
        public SignRequest {
            if (subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("an approval needs a subject: an asset URN, a digest or a path");
            }
            if (decision == null) {
                throw new IllegalArgumentException("an approval needs a decision: approve or reject");
            }
            if (scope == null || !scope.matches("[a-z][a-z0-9._-]*(:[A-Za-z0-9._/-]+)*")) {
                throw new IllegalArgumentException("scope '" + scope + "' is not a scope like promote:production");
            }
            if (rationale == null || rationale.isBlank()) {
                throw new IllegalArgumentException("a rationale is required: say why, for the people who read this later");
            }
        }
    }

    /**
     * Signs the decision with the named key and writes the bundle into the workspace (and
     * {@code outDir}). A wrong passphrase is a {@link PassphraseException} and writes nothing;
     * the passphrase is wiped whatever happens.
     */
    public ApprovalRecord sign(SignRequest request, String keyName, char[] passphrase) {
        SubjectInfo subject;
        try {
            subject = resolveSubject(request.subject());
        } catch (RuntimeException e) {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
            throw e;
        }
        Signer signer = trust.unlock(keyName, passphrase);
        Optional<LayeredTrustStore.Entry> reviewer = trust.trustStore().byKey(signer.verificationKey());
        TrustService.PolicyInUse policy = trust.policy();
        List<ResourceDescriptor> evidence = new ArrayList<>();
        if (subject.urn() != null) {
            evidenceDocuments(Urn.parse(subject.urn())).forEach((name, bytes) ->
                    evidence.add(ResourceDescriptor.of(name, EvidenceDocuments.sha256(bytes))));
        }
        ResourceDescriptor policyRef = ResourceDescriptor.ofUri(policy.file() == null ? "recommended-policy.json"
                : workspace.root().relativize(policy.file()).toString().replace('\\', '/'),
                policy.file() == null ? null : policy.file().toUri().toString(), policy.sha256());
        ResourceDescriptor subjectRef = ResourceDescriptor.ofUri(subject.name(), subject.urn(), Digest.parse(subject.digest()).hex());
        ApprovalRequest approvalRequest = new ApprovalRequest(subjectRef, Decision.valueOf(request.decision().name()),
                request.scope(), reviewer.map(e -> e.reviewer().id()).orElse(keyName), request.rationale().strip(), policyRef, evidence);
        SignedApproval signed = Approvals.sign(approvalRequest, signer, clock.instant());
        if (request.outDir() != null && !request.outDir().toAbsolutePath().normalize().equals(approvalsDirectory())) {
            Approvals.write(request.outDir(), signed);
        }
        Path file = Approvals.write(approvalsDirectory(), signed);
        Map<String, String> details = new TreeMap<>();
        details.put("decision", request.decision().label());
        details.put("scope", request.scope());
        details.put("key", keyName);
        details.put("fingerprint", signed.keyFingerprint());
        details.put("reviewer", reviewer.map(LayeredTrustStore.Entry::name).orElse("(not in the trust store)"));
        details.put("trust", reviewer.map(e -> e.reviewed() ? "reviewed" : "local, unreviewed").orElse("not in the trust store"));
        details.put("bundle", DIRECTORY + "/" + file.getFileName());
        details.put("bundleSha256", EvidenceDocuments.sha256(signed.bundleBytes()));
        if (subject.urn() != null) {
            details.put("urn", subject.urn());
        }
        audit.record("approval.sign", subject.digest(), details);
        audit.checkpointIfBehind();
        String location = file.toString();
        return gate(subject.digest()).attestations().stream().filter(r -> r.location().equals(location)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the approval just written is not readable: " + file));
    }

    /**
     * Adds a signed approval (a bundle file from a colleague or another workspace) to the
     * workspace. It must be a readable attestation; an identical file already there is kept.
     */
    public ApprovalRecord importApproval(Path bundle) {
        List<Attestation> read = AttestationReader.readFile(bundle);
        try {
            Files.createDirectories(approvalsDirectory());
            Path target = approvalsDirectory().resolve(bundle.getFileName().toString());
            if (Files.exists(target)) {
                if (!Arrays.equals(Files.readAllBytes(target), Files.readAllBytes(bundle))) {
                    throw new IllegalArgumentException("a different approval named " + target.getFileName() + " is already in the workspace");
                }
            } else {
                AtomicFiles.createNew(target, Files.readAllBytes(bundle));
                Gates.Claims claims = Gates.claims(read.get(0));
                Map<String, String> details = new TreeMap<>();
                details.put("bundle", DIRECTORY + "/" + target.getFileName());
                details.put("bundleSha256", EvidenceDocuments.sha256(Files.readAllBytes(target)));
                if (claims.decision() != null) {
                    details.put("decision", claims.decision().label());
                    details.put("scope", claims.scope());
                    details.put("signedAt", claims.time().toString());
                }
                if (claims.reviewerId() != null) {
                    details.put("reviewer", claims.reviewerId());
                }
                audit.record("approval.import", claims.subjectDigest() == null ? "" : claims.subjectDigest(), details);
            }
            String location = target.toString();
            return all().stream().filter(r -> r.location().equals(location)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the imported approval is not readable: " + target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + bundle + ": " + e.getMessage(), e);
        }
    }

    /**
     * Attaches the workspace's approvals of {@code digest} to an OCI artifact
     * ({@code oci://registry/repo@sha256:…}) under the cosign tag and as referrers, and records it.
     */
    public PublishService.Published publish(String digest, String reference, RegistryAccess access) {
        Map<String, byte[]> bundles = bundles(digest);
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException("no approvals of " + digest + " in this workspace to publish");
        }
        List<Path> files = bundles.keySet().stream().map(approvalsDirectory()::resolve).toList();
        PublishService.Published published = new PublishService(access).publish(reference, files, true, true);
        audit.record("approval.publish", digest, Map.of("artifact", published.artifact(), "bundles", String.valueOf(files.size()),
                "referrers", String.valueOf(published.referrers().size()), "cosignTag", String.valueOf(published.cosignTag())));
        return published;
    }

    // Reading and verifying

    /** The approvals directory read once, with the trust store and policy in force. */
    private record Loaded(List<Attestation> attestations, Map<String, List<Attestation>> byDigest, List<String> problems,
                          LayeredTrustStore trustStore, TrustService.PolicyInUse policy) {
        List<Attestation> about(String digestHex) {
            return byDigest.getOrDefault(digestHex, List.of());
        }

        /** The verifier of a stage's approval rules. */
        AttestationVerifier verifier(PolicyStage stage, Clock clock) {
            return new AttestationVerifier(trustStore, stage.approvals(), policy.source(stage), clock);
        }
    }

    private Loaded load() {
        List<Attestation> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(approvalsDirectory())) {
            AttestationReader.DirectoryContents contents = AttestationReader.readDirectory(approvalsDirectory());
            all.addAll(contents.attestations());
            contents.errors().forEach(e -> problems.add(e.getMessage()));
        }
        Map<String, List<Attestation>> byDigest = new HashMap<>();
        for (Attestation a : all) {
            for (String d : Gates.subjectDigests(a)) {
                byDigest.computeIfAbsent(d, k -> new ArrayList<>()).add(a);
            }
        }
        return new Loaded(all, byDigest, problems, trust.trustStore(), trust.policy());
    }

    /** Problems reading the approvals directory (files that are not attestations), with their location. */
    public List<String> problems() {
        return load().problems();
    }

    /** The gate for one artifact ({@code sha256:<hex>}) under the workspace's trust store and policy, at its default stage. */
    public GateResult gate(String digest) {
        return gate(digest, null);
    }

    /** The gate for one artifact at a stage of the workspace policy (null: its default stage). */
    public GateResult gate(String digest, String stage) {
        Loaded loaded = load();
        return gate(loaded, Digest.parse(digest), loaded.policy().document().stage(stage));
    }

    /** The facts of the release with this digest, for the policy's asset rules. */
    ReleaseFacts facts(Digest digest) {
        return ReleaseFacts.of(inventory, lineage, digest);
    }

    private GateResult gate(Loaded loaded, Digest digest, PolicyStage stage) {
        List<Attestation> about = loaded.about(digest.hex());
        VerificationReport approvals = loaded.verifier(stage, clock).verify(new Subject(digest, digest.toString()), about, List.of(),
                List.of());
        Optional<ReleaseFacts> facts = stage.needsAssetFacts() ? Optional.of(facts(digest)) : Optional.empty();
        return Gates.staged(PolicyEngine.apply(approvals, loaded.policy().document(), stage, facts, null, clock.instant()), about,
                loaded.policy().document(), stage);
    }

    /**
     * The gate for many artifacts under one reading of the approvals directory, the trust store
     * and the policy (an estate-wide question), rather than one reading per artifact.
     */
    public java.util.function.Function<String, GateResult> gates() {
        Loaded loaded = load();
        return digest -> gate(loaded, Digest.parse(digest), loaded.policy().document().stage(null));
    }

    /** The gate for every digest some attestation in the workspace is about ({@code sha256:<hex>} → result), read once. */
    public Map<String, GateResult> attestedGates() {
        Loaded loaded = load();
        Map<String, GateResult> out = new LinkedHashMap<>();
        for (String hex : loaded.byDigest().keySet()) {
            Digest d = Digest.sha256(hex);
            out.put(d.toString(), gate(loaded, d, loaded.policy().document().stage(null)));
        }
        return out;
    }

    /** The approvals about one artifact, each verified. */
    public List<ApprovalRecord> approvals(String digest) {
        return gate(digest).attestations();
    }

    /** Every approval in the workspace, verified against its own subject, newest first. */
    public List<ApprovalRecord> all() {
        Loaded loaded = load();
        Map<String, ApprovalRecord> byLocation = new LinkedHashMap<>();
        Map<Digest, List<Attestation>> bySubject = new LinkedHashMap<>();
        for (Attestation a : loaded.attestations()) {
            List<String> digests = Gates.subjectDigests(a);
            // an unreadable statement is verified against no subject at all: it shows as malformed or untrusted
            Digest subject = digests.isEmpty() ? Digest.sha256(new byte[32]) : Digest.sha256(digests.get(0));
            bySubject.computeIfAbsent(subject, k -> new ArrayList<>()).add(a);
        }
        bySubject.forEach((subject, attestations) -> {
            VerificationReport report = loaded.verifier(loaded.policy().document().stage(null), clock)
                    .verify(new Subject(subject, subject.toString()), attestations, List.of(), List.of());
            Gates.result(report, attestations).attestations().forEach(r -> byLocation.putIfAbsent(r.location(), r));
        });
        List<ApprovalRecord> out = new ArrayList<>(byLocation.values());
        out.sort(Comparator.comparing(ApprovalRecord::time, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    // The review queue

    /**
     * A release in the review queue.
     *
     * @param also      other assets with the same digest (the scanned model directory of a model version)
     * @param why       why it is a candidate: model version, model directory, or the request tag
     * @param requested whether a source asked for review (a request tag)
     * @param worst     the worst open finding, or null
     * @param owners    who owns it (the inventory's owners line; empty when nobody does)
     */
    public record QueueItem(String urn, AssetKind kind, String name, String digest, List<String> also, String why,
                            boolean requested, GateResult gate, Severity worst, String owners) {
        public QueueItem {
            also = List.copyOf(also);
        }
    }

    /**
     * The releases awaiting review (see the class comment), or every candidate with
     * {@code includePassing}; at most {@code limit} candidate assets are considered.
     */
    public List<QueueItem> queue(boolean includePassing, int limit) {
        List<AssetRecord> candidates = assets.withSha256Digest(Set.of(AssetKind.MODEL_VERSION), MODEL_DIRECTORY_PROPERTY,
                REQUEST_TAGS, limit);
        Map<String, List<AssetRecord>> byDigest = new LinkedHashMap<>();
        for (AssetRecord r : candidates) {
            byDigest.computeIfAbsent(r.asset().digest().toString(), k -> new ArrayList<>()).add(r);
        }
        Map<Long, Severity> worst = new HashMap<>();
        Map<Long, String> owners = new HashMap<>();
        for (AssetSummary s : inventory.summaries(candidates.stream().mapToLong(AssetRecord::id).toArray())) {
            if (s.worstFinding() != null) {
                worst.put(s.id(), s.worstFinding());
            }
            if (s.owners() != null && !s.owners().isBlank()) {
                owners.put(s.id(), s.owners());
            }
        }
        Loaded loaded = load();
        List<QueueItem> out = new ArrayList<>();
        for (Map.Entry<String, List<AssetRecord>> e : byDigest.entrySet()) {
            List<AssetRecord> same = new ArrayList<>(e.getValue());
            same.sort(Comparator.comparing((AssetRecord r) -> r.urn().kind() == AssetKind.MODEL_VERSION ? 0 : 1)
                    .thenComparing(r -> r.asset().name()));
            AssetRecord lead = same.get(0);
            boolean requested = same.stream().anyMatch(r -> r.asset().tags().stream().anyMatch(REQUEST_TAGS::contains));
            GateResult gate = gate(loaded, Digest.parse(e.getKey()), loaded.policy().document().stage(null));
            if (!includePassing && gate.outcome() == GateResult.Outcome.PASS) {
                continue;
            }
            Severity worstFinding = same.stream().map(r -> worst.get(r.id())).filter(s -> s != null)
                    .min(Comparator.naturalOrder()).orElse(null);
            out.add(new QueueItem(lead.urn().toString(), lead.urn().kind(), lead.asset().name(), e.getKey(),
                    same.subList(1, same.size()).stream().map(r -> r.urn().toString()).toList(), why(lead), requested, gate,
                    worstFinding, same.stream().map(r -> owners.get(r.id())).filter(o -> o != null).findFirst().orElse("")));
        }
        out.sort(Comparator.comparing((QueueItem q) -> q.requested() ? 0 : 1)
                .thenComparing(q -> q.gate().outcome() == GateResult.Outcome.PASS ? 1 : 0)
                .thenComparing(QueueItem::name, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    private static String why(AssetRecord r) {
        for (String tag : r.asset().tags()) {
            if (REQUEST_TAGS.contains(tag)) {
                return "tagged " + tag;
            }
        }
        if (r.urn().kind() == AssetKind.MODEL_VERSION) {
            return "model version";
        }
        if (r.asset().properties().containsKey(MODEL_DIRECTORY_PROPERTY)) {
            return "model directory";
        }
        return r.urn().kind().label();
    }

    // The evidence of one release

    /**
     * What a reviewer looks at, side by side: the asset (owners, one hop of lineage each way,
     * findings, notes), the policy, and the approvals of its digest with their verification.
     */
    public record Release(AssetDetail detail, String digest, TrustService.PolicyInUse policy, GateResult gate) {
    }

    public Optional<Release> release(Urn urn) {
        Optional<AssetDetail> detail = inventory.detail(urn);
        if (detail.isEmpty()) {
            return Optional.empty();
        }
        Digest d = detail.get().record().asset().digest();
        String digest = d != null && d.algorithm().equals("sha256") ? d.toString() : null;
        return Optional.of(new Release(detail.get(), digest, trust.policy(), digest == null ? null : gate(digest)));
    }

    /** The evidence documents of an asset as an approval records them and an evidence bundle carries them. */
    Map<String, byte[]> evidenceDocuments(Urn urn) {
        AssetDetail detail = inventory.detail(urn).orElseThrow(() -> new IllegalArgumentException("no asset " + urn));
        LineageGraph graph = lineage.walk(urn, LineageGraph.Direction.BOTH, EvidenceDocuments.LINEAGE_DEPTH)
                .orElse(new LineageGraph(urn.toString(), List.of(), List.of(), false));
        return EvidenceDocuments.of(detail, graph);
    }

    /** The bundles in the workspace about one digest (their exact bytes), for export and publishing. */
    Map<String, byte[]> bundles(String digest) {
        String hex = Digest.parse(digest).hex();
        Map<String, byte[]> out = new TreeMap<>();
        for (Attestation a : load().about(hex)) {
            Path file = Path.of(a.location().replaceFirst("(\\.jsonl):\\d+$", "$1"));
            try {
                out.put(file.getFileName().toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new TrustFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
