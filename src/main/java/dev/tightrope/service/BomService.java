package dev.tightrope.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.base.BuildInfo;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.workspace.Workspace;
import dev.tightrope.store.AssetRepository;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A model's CycloneDX 1.6 ML-BOM, drawn from the cache: the model (its model card with the
 * training datasets and metrics, its hashes, owners and the promotion gate's answer), the data it
 * was trained on and the data that data came from, the base models it derives from, the files it
 * is (by content digest, with the scanner's findings as vulnerabilities), the images it is packaged
 * as, how they depend on each other, and the signed approvals as attestation references with the
 * bundle's hash. Optionally signed by a reviewer key as an in-toto statement
 * ({@code predicateType https://cyclonedx.org/bom}) in a DSSE envelope in a Sigstore bundle.
 */
public final class BomService {

    public static final String PREDICATE_TYPE = "https://cyclonedx.org/bom";
    /** How far upstream the provenance of the training data is followed. */
    static final int UPSTREAM_DEPTH = 8;

    private static final Set<AssetKind> MODELS = Set.of(AssetKind.MODEL, AssetKind.MODEL_VERSION, AssetKind.MODEL_ARTIFACT);

    private final Workspace workspace;
    private final AssetRepository assets;
    private final InventoryService inventory;
    private final LineageService lineage;
    private final ApprovalService approvals;
    private final TrustService trust;
    private final AuditService audit;
    private final Clock clock;

    BomService(Workspace workspace, AssetRepository assets, InventoryService inventory, LineageService lineage, ApprovalService approvals,
               TrustService trust, AuditService audit, Clock clock) {
        this.trust = trust;
        this.workspace = workspace;
        this.assets = assets;
        this.inventory = inventory;
        this.lineage = lineage;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
    }

    /** What an export wrote. {@code signed} is the Sigstore bundle, or null when unsigned. */
    public record Exported(Path file, String sha256, int components, int datasets, int vulnerabilities, int approvals, Path signed,
                           long auditIndex) {
    }

    /** The ML-BOM of a model, model version or model artifact. */
    public ObjectNode bom(Urn urn) {
        AssetDetail subject = inventory.detail(urn).orElseThrow(() -> new IllegalArgumentException("no asset " + urn + " in this workspace"));
        if (!MODELS.contains(urn.kind())) {
            throw new IllegalArgumentException(urn + " is a " + urn.kind().label() + ": an ML-BOM describes a model, a model version or a model artifact");
        }
        Builder b = new Builder();
        ObjectNode bom = TrustJson.object();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", "1.6");
        bom.put("serialNumber", "urn:uuid:" + UUID.randomUUID());
        bom.put("version", 1);
        ObjectNode metadata = bom.putObject("metadata");
        metadata.put("timestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.putArray("lifecycles").addObject().put("phase", "post-build");
        metadata.putObject("tools").putArray("components").addObject().put("type", "application").put("name", "Tightrope")
                .put("version", BuildInfo.version().orElse("dev"));
        ObjectNode model = b.model(subject);
        metadata.set("component", model);
        ArrayNode components = bom.putArray("components");

        // upstream: the data and the base models, joined through the runs and pipelines between them
        LineageGraph up = lineage.walk(urn, LineageGraph.Direction.UPSTREAM, UPSTREAM_DEPTH).orElseThrow();
        Map<String, LineageGraph.Node> nodes = new LinkedHashMap<>();
        up.nodes().forEach(n -> nodes.put(n.urn(), n));
        Map<String, List<LineageGraph.Link>> into = new HashMap<>();
        for (LineageGraph.Link l : up.edges()) {
            into.computeIfAbsent(l.downstream(), k -> new ArrayList<>()).add(l);
        }
        Set<String> listed = new LinkedHashSet<>();
        for (LineageGraph.Node n : up.nodes()) {
            if (n.urn().equals(urn.toString()) || n.gone()) {
                continue;
            }
            boolean baseModel = (n.kind() == AssetKind.MODEL || n.kind() == AssetKind.MODEL_VERSION) && reachedBy(n.urn(), up.edges(), EdgeType.DERIVED_FROM);
            if (n.kind() == AssetKind.DATASET || baseModel) {
                AssetDetail d = inventory.detail(Urn.parse(n.urn())).orElse(null);
                if (d != null) {
                    components.add(n.kind() == AssetKind.DATASET ? b.dataset(d) : b.baseModel(d));
                    listed.add(n.urn());
                }
            }
        }
        // the training data: datasets a run of this model (or the model itself) was trained on
        ArrayNode datasets = TrustJson.array();
        Set<String> trainingData = new LinkedHashSet<>();
        for (String u : listed) {
            if (nodes.get(u).kind() == AssetKind.DATASET && reaches(u, urn.toString(), up.edges(), EdgeType.TRAINED_ON, listed)) {
                trainingData.add(u);
                datasets.addObject().put("ref", u);
            }
        }
        if (!datasets.isEmpty()) {
            ((ObjectNode) model.get("modelCard").get("modelParameters")).set("datasets", datasets);
        }

        // downstream: the images the model is packaged as
        for (Neighbour n : subject.downstream()) {
            if (n.type() == EdgeType.PACKAGED_AS && n.kind() == AssetKind.CONTAINER_IMAGE && !n.gone()) {
                inventory.detail(Urn.parse(n.urn())).ifPresent(d -> {
                    components.add(b.image(d));
                    b.depends(n.urn(), urn.toString());
                });
            }
        }

        // dependencies: each listed component on the nearest listed components upstream of it
        Set<String> all = new LinkedHashSet<>(listed);
        all.add(urn.toString());
        for (String u : all) {
            for (String dep : nearestUpstream(u, into, all)) {
                b.depends(u, dep);
            }
        }
        ArrayNode deps = bom.putArray("dependencies");
        b.dependencies.forEach((ref, on) -> {
            ObjectNode d = deps.addObject().put("ref", ref);
            ArrayNode arr = d.putArray("dependsOn");
            on.forEach(arr::add);
        });
        for (String ref : b.refs) {
            if (!b.dependencies.containsKey(ref)) {
                deps.addObject().put("ref", ref).putArray("dependsOn");
            }
        }
        if (!b.vulnerabilities.isEmpty()) {
            bom.set("vulnerabilities", b.vulnerabilities);
        }
        ArrayNode props = bom.putArray("properties");
        props.addObject().put("name", "tightrope:data-version").put("value", assets.dataVersion().label());
        props.addObject().put("name", "tightrope:training-datasets").put("value", String.valueOf(trainingData.size()));
        return bom;
    }

    /**
     * Writes the ML-BOM of {@code urn} to {@code out} (replaced atomically) and records
     * {@code export.bom} in the audit log; with {@code keyName}, also signs it as an in-toto
     * statement about the model's digest and writes the Sigstore bundle next to it
     * ({@code <out>.sigstore.json}). The passphrase is wiped whatever happens.
     */
    public Exported export(Urn urn, Path out, String keyName, char[] passphrase) {
        ObjectNode bom = bom(urn);
        byte[] bytes = TrustJson.pretty(bom);
        String sha256 = Sha256.hex(bytes);
        Path signed = null;
        if (keyName != null) {
            ObjectNode component = (ObjectNode) bom.get("metadata").get("component");
            String digest = component.path("hashes").path(0).path("content").asText(null);
            if (digest == null) {
                if (passphrase != null) {
                    java.util.Arrays.fill(passphrase, '\0');
                }
                throw new IllegalArgumentException(urn + " has no sha256 digest: a signed BOM's statement names the model by its digest");
            }
            byte[] bundle = trust.signStatement(keyName, passphrase, component.path("name").asText(), urn.toString(), digest,
                    PREDICATE_TYPE, bom, null);
            signed = out.resolveSibling(out.getFileName() + ".sigstore.json");
            write(signed, bundle);
        }
        write(out, bytes);
        int components = bom.path("components").size() + 1 + bom.path("metadata").path("component").path("components").size();
        int datasets = 0;
        for (var c : bom.path("components")) {
            datasets += c.path("type").asText().equals("data") ? 1 : 0;
        }
        int attestations = bom.path("metadata").path("component").path("externalReferences").size();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("file", out.getFileName().toString());
        details.put("sha256", sha256);
        details.put("components", String.valueOf(components));
        details.put("vulnerabilities", String.valueOf(bom.path("vulnerabilities").size()));
        details.put("dataVersion", assets.dataVersion().label());
        if (signed != null) {
            details.put("signedWith", keyName);
        }
        long index = audit.record("export.bom", urn.toString(), details).index();
        return new Exported(out, sha256, components, datasets, bom.path("vulnerabilities").size(), attestations, signed, index);
    }

    private static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.replace(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The approval's location as a file path, or null when it is not one (a registry reference). */
    private static Path bundleFile(String location) {
        try {
            return location.contains("://") ? null : Path.of(location);
        } catch (java.nio.file.InvalidPathException notAPath) {
            return null;
        }
    }

    /** Whether {@code urn} is the upstream end of an edge of {@code type}. */
    private static boolean reachedBy(String urn, List<LineageGraph.Link> edges, EdgeType type) {
        return edges.stream().anyMatch(l -> l.upstream().equals(urn) && l.type() == type);
    }

    /**
     * Whether {@code dataset} feeds {@code model} through an edge of {@code type} followed only by
     * assets that are not themselves listed components (a training run, a job): the data a run of
     * the model was trained on, not the data behind that data.
     */
    private static boolean reaches(String dataset, String model, List<LineageGraph.Link> edges, EdgeType type, Set<String> listed) {
        Map<String, List<String>> down = new HashMap<>();
        for (LineageGraph.Link l : edges) {
            down.computeIfAbsent(l.upstream(), k -> new ArrayList<>()).add(l.downstream());
        }
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (LineageGraph.Link l : edges) {
            if (l.upstream().equals(dataset) && l.type() == type) {
                queue.add(l.downstream());
            }
        }
        while (!queue.isEmpty()) {
            String u = queue.poll();
            if (u.equals(model)) {
                return true;
            }
            if (!seen.add(u) || listed.contains(u)) {
                continue;
            }
            queue.addAll(down.getOrDefault(u, List.of()));
        }
        return false;
    }

    /** The listed components nearest upstream of {@code from}, through assets that are not listed. */
    private static Set<String> nearestUpstream(String from, Map<String, List<LineageGraph.Link>> into, Set<String> listed) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>(Set.of(from));
        into.getOrDefault(from, List.of()).forEach(l -> queue.add(l.upstream()));
        while (!queue.isEmpty()) {
            String u = queue.poll();
            if (!seen.add(u)) {
                continue;
            }
            if (listed.contains(u)) {
                found.add(u);
            } else {
                into.getOrDefault(u, List.of()).forEach(l -> queue.add(l.upstream()));
            }
        }
        return found;
    }

    /** Builds the components, keeping the bom-refs, the dependencies and the vulnerabilities as it goes. */
    private final class Builder {
        final Set<String> refs = new LinkedHashSet<>();
        final Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        final ArrayNode vulnerabilities = TrustJson.array();
        private final Set<Long> findingsSeen = new HashSet<>();

        void depends(String ref, String on) {
            if (!ref.equals(on)) {
                dependencies.computeIfAbsent(ref, k -> new LinkedHashSet<>()).add(on);
            }
        }

        private ObjectNode component(String type, AssetDetail d) {
            var a = d.record().asset();
            refs.add(a.urn().toString());
            ObjectNode c = TrustJson.object();
            c.put("type", type);
            c.put("bom-ref", a.urn().toString());
            c.put("name", a.name());
            String version = a.properties().get("version");
            if (version != null) {
                c.put("version", version);
            }
            if (a.description() != null && !a.description().isBlank()) {
                c.put("description", a.description());
            }
            hashes(c, a.digest());
            ArrayNode props = c.putArray("properties");
            props.addObject().put("name", "tightrope:urn").put("value", a.urn().toString());
            props.addObject().put("name", "tightrope:source").put("value", d.record().source());
            for (OwnerAssignment o : d.record().owners()) {
                props.addObject().put("name", "tightrope:owner").put("value", o.owner() + " (" + o.role().label() + ", " + o.origin() + ")");
            }
            for (String tag : a.tags()) {
                props.addObject().put("name", "tightrope:tag").put("value", tag);
            }
            findings(d);
            return c;
        }

        private void hashes(ObjectNode c, Digest digest) {
            if (digest != null && digest.algorithm().equals("sha256")) {
                c.putArray("hashes").addObject().put("alg", "SHA-256").put("content", digest.hex());
            }
        }

        private void findings(AssetDetail d) {
            for (StoredFinding f : d.findings()) {
                if (!f.finding().status().name().equals("OPEN") || !findingsSeen.add(f.id())) {
                    continue;
                }
                ObjectNode v = vulnerabilities.addObject();
                v.put("bom-ref", "tightrope:finding:" + f.id());
                v.put("id", f.finding().ruleId());
                v.putObject("source").put("name", f.finding().detector());
                v.putArray("ratings").addObject().put("severity", f.finding().severity().name().toLowerCase(Locale.ROOT))
                        .put("method", "other").putObject("source").put("name", "Tightrope");
                v.put("description", f.finding().title());
                if (f.finding().evidence() != null) {
                    v.put("detail", f.finding().evidence());
                }
                v.putArray("affects").addObject().put("ref", f.finding().asset().toString());
                if (f.finding().location() != null) {
                    v.putArray("properties").addObject().put("name", "tightrope:location").put("value", f.finding().location());
                }
            }
        }

        ObjectNode model(AssetDetail d) {
            ObjectNode c = component("machine-learning-model", d);
            ObjectNode card = c.putObject("modelCard");
            ObjectNode parameters = card.putObject("modelParameters");
            var p = d.record().asset().properties();
            String task = p.getOrDefault("pipeline_tag", p.get("task"));
            if (task != null) {
                parameters.put("task", task);
            }
            ArrayNode metrics = TrustJson.array();
            p.forEach((key, value) -> {
                if (key.startsWith("metric.")) {
                    metrics.addObject().put("type", key.substring("metric.".length())).put("value", value);
                }
            });
            if (!metrics.isEmpty()) {
                card.putObject("quantitativeAnalysis").set("performanceMetrics", metrics);
            }
            // the files this model is, by content digest, with what the scanner found in them
            ArrayNode files = TrustJson.array();
            for (AssetSummary same : d.sameContent()) {
                if (same.kind() == AssetKind.MODEL_ARTIFACT && !refs.contains(same.urn())) {
                    inventory.detail(Urn.parse(same.urn())).ifPresent(f -> files.add(component("file", f)));
                }
            }
            if (!files.isEmpty()) {
                c.set("components", files);
            }
            Digest digest = d.record().asset().digest();
            ArrayNode refsOut = TrustJson.array();
            String verdict = null;
            if (digest != null && digest.algorithm().equals("sha256")) {
                GateResult gate = approvals.gate(digest.toString());
                verdict = gate.outcome().name();
                for (ApprovalRecord r : gate.attestations()) {
                    ObjectNode ref = refsOut.addObject();
                    ref.put("type", "attestation");
                    // a bundle file in the workspace, else where it was read (a registry, file:line) as it is
                    Path bundle = bundleFile(r.location());
                    ref.put("url", bundle != null && bundle.isAbsolute() && bundle.startsWith(workspace.root())
                            ? workspace.root().relativize(bundle).toString().replace('\\', '/') : r.location());
                    ref.put("comment", (r.decision() == null ? "decision" : r.decision().label()) + " by " + r.reviewer()
                            + (r.time() == null ? "" : " at " + r.time()) + ": " + r.status() + " (" + r.reason() + ")");
                    if (bundle != null && Files.isRegularFile(bundle)) {
                        try {
                            ref.putArray("hashes").addObject().put("alg", "SHA-256").put("content", Sha256.hex(Files.readAllBytes(bundle)));
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot read the approval " + bundle + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
            if (!refsOut.isEmpty()) {
                c.set("externalReferences", refsOut);
            }
            ArrayNode props = (ArrayNode) c.get("properties");
            props.addObject().put("name", "tightrope:promotion-gate").put("value", verdict == null ? "no sha256 digest: nothing to approve" : verdict);
            return c;
        }

        ObjectNode dataset(AssetDetail d) {
            ObjectNode c = component("data", d);
            ObjectNode data = c.putArray("data").addObject();
            data.put("type", "dataset");
            data.put("name", d.record().asset().name());
            String location = d.record().asset().sourceRef() != null ? d.record().asset().sourceRef() : d.record().asset().urn().nativeId();
            if (location.matches("[a-z][a-z0-9+.-]*://\\S+")) {
                data.putObject("contents").put("url", location);
            }
            List<String> sensitive = new ArrayList<>();
            for (String tag : d.record().asset().tags()) {
                if (tag.startsWith("classification:")) {
                    data.put("classification", tag.substring("classification:".length()));
                } else if (tag.equals("pii") || tag.equals("phi") || tag.startsWith("sensitive:")) {
                    sensitive.add(tag);
                }
            }
            if (!sensitive.isEmpty()) {
                ArrayNode arr = data.putArray("sensitiveData");
                sensitive.forEach(arr::add);
            }
            if (!d.record().owners().isEmpty()) {
                ObjectNode governance = data.putObject("governance");
                for (OwnerAssignment o : d.record().owners()) {
                    String role = o.role().name().contains("STEWARD") ? "stewards" : "owners";
                    ObjectNode party = governance.withArray(role).addObject();
                    if (o.type().name().equals("TEAM")) {
                        party.putObject("organization").put("name", o.owner());
                    } else {
                        party.putObject("contact").put("name", o.owner());
                    }
                }
            }
            return c;
        }

        ObjectNode baseModel(AssetDetail d) {
            return component("machine-learning-model", d);
        }

        ObjectNode image(AssetDetail d) {
            return component("container", d);
        }
    }
}
