package dev.tightrope.service;

import dev.tightrope.base.AtomicFiles;
import dev.tightrope.base.BuildInfo;
import dev.tightrope.domain.AssetFacts;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.DataVersion;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.service.export.LineageOpenLineage;
import dev.tightrope.service.export.LineagePictures;
import dev.tightrope.service.export.LineageViewFormats;
import dev.tightrope.service.lineage.ExportFormat;
import dev.tightrope.service.lineage.GraphView;
import dev.tightrope.service.lineage.GraphViews;
import dev.tightrope.service.lineage.Layout;
import dev.tightrope.service.lineage.LineageLayout;
import dev.tightrope.service.lineage.Marks;
import dev.tightrope.service.lineage.NodeFacts;
import dev.tightrope.service.lineage.Palette;
import dev.tightrope.service.lineage.SceneIndex;
import dev.tightrope.service.lineage.ViewOptions;
import dev.tightrope.store.AssetRepository;
import dev.tightrope.trust.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the lineage explorer needs beyond the walks of {@link LineageService}: the facts on each
 * box (owners, findings, approval), the view built from loaded lineage, its layout, and exports
 * of exactly what is shown, each stamped with the cache's data version and, when asked, recorded
 * in the audit log so an exported impact analysis is evidence.
 */
public final class LineageViewService implements AutoCloseable {
    private static final Set<AssetKind> RELEASES = Set.of(AssetKind.MODEL_VERSION, AssetKind.MODEL_ARTIFACT, AssetKind.CONTAINER_IMAGE);

    private final AssetRepository assets;
    private final ApprovalService approvals;
    private final AuditService audit;
    private final Clock clock;
    private final LineageLayout layout = new LineageLayout();

    LineageViewService(AssetRepository assets, ApprovalService approvals, AuditService audit, Clock clock) {
        this.assets = assets;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Owners, open findings and approval state of these assets. The approval state is asked of the
     * promotion gate for releases (model versions, model files, images) with a sha256 digest: the
     * same verdict the Approvals queue and {@code tightrope verify} give.
     */
    public Map<String, NodeFacts> facts(Collection<String> urns) {
        Map<String, AssetFacts> raw = assets.facts(urns);
        Map<String, GraphView.Approval> byDigest = new HashMap<>();
        Map<String, NodeFacts> out = new HashMap<>(raw.size() * 2);
        for (AssetFacts f : raw.values()) {
            GraphView.Approval approval = GraphView.Approval.NONE;
            String digest = f.digest();
            AssetKind kind = kindOf(f.urn());
            if (digest != null && digest.startsWith("sha256:") && RELEASES.contains(kind)) {
                approval = byDigest.computeIfAbsent(digest, this::approval);
                // a model version is a release whether or not anyone reviewed it yet: unreviewed is not approved
                if (approval == GraphView.Approval.NONE && kind == AssetKind.MODEL_VERSION) {
                    approval = GraphView.Approval.NOT_APPROVED;
                }
            }
            out.put(f.urn(), new NodeFacts(f.owners(), f.worst(), f.openFindings(), approval));
        }
        return out;
    }

    private GraphView.Approval approval(String digest) {
        GateResult gate = approvals.gate(digest);
        if (gate.attestations().stream().anyMatch(a -> a.counted() && a.decision() == ReviewDecision.REJECTED)) {
            return GraphView.Approval.REJECTED;
        }
        if (gate.outcome() == GateResult.Outcome.PASS) {
            return GraphView.Approval.APPROVED;
        }
        return gate.attestations().isEmpty() ? GraphView.Approval.NONE : GraphView.Approval.NOT_APPROVED;
    }

    private static AssetKind kindOf(String urn) {
        try {
            return dev.tightrope.domain.Urn.parse(urn).kind();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The view of loaded lineage under the options, with the facts of every box in it. Facts are
     * read for the boxes shown only (a few hundred of a 100,000-asset walk), unless an owner or
     * risk filter needs them for every asset loaded.
     */
    public GraphView view(LineageGraph graph, ViewOptions options) {
        if (!options.owner().isEmpty() || options.minSeverity() != null) {
            List<String> urns = new ArrayList<>(graph.nodes().size());
            graph.nodes().forEach(n -> urns.add(n.urn()));
            return GraphViews.build(graph, facts(urns), options);
        }
        GraphView bare = GraphViews.build(graph, Map.of(), options);
        List<String> shown = new ArrayList<>(bare.nodes().size());
        bare.nodes().stream().filter(n -> !n.isGroup()).forEach(n -> shown.add(n.id()));
        return GraphViews.withFacts(bare, facts(shown));
    }

    /** The view's layout, from the cache of layouts when its shape was laid out before; waits on the layout thread. */
    public Layout layout(GraphView view, Cancellation cancellation) {
        return layout.layout(view, cancellation);
    }

    /**
     * The whole walk as an SVG picture, every asset in it shown (no groups), laid out and drawn as the
     * console draws it, with the data version in its caption: {@code tightrope lineage --format svg}.
     */
    public String svg(LineageGraph graph, boolean dark) {
        ViewOptions everything = new ViewOptions(ALL_DEPTH, Integer.MAX_VALUE, Set.of(), Set.of(), "", null, Set.of(), Set.of(),
                Set.of(), Set.of());
        GraphView view = view(graph, everything);
        SceneIndex scene = new SceneIndex(layout(view, new Cancellation()));
        String at = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        return LineagePictures.svg(scene, dark ? Palette.DARK : Palette.LIGHT, Marks.NONE, caption(view, dataVersion().label(), at));
    }

    /**
     * A picture of the lineage of {@code graph}'s root, {@code depth} hops each way with siblings
     * grouped as the explorer groups them, as PNG bytes at {@code scale} (a report's figure).
     */
    public byte[] png(LineageGraph graph, int depth, double scale) {
        GraphView view = view(graph, ViewOptions.depth(depth));
        SceneIndex scene = new SceneIndex(layout(view, new Cancellation()));
        String version = dataVersion().label();
        String at = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        return LineagePictures.png(scene, Palette.LIGHT, Marks.NONE, caption(view, version, at), version, scale);
    }

    /** Deeper than any walk the CLI asks for: the view then shows the whole walk. */
    private static final int ALL_DEPTH = 1_000;

    private static String caption(GraphView view, String version, String at) {
        return "Lineage of " + view.root() + " · " + view.nodes().size() + " boxes, " + view.edges().size()
                + " edges · data: " + version + " · exported " + at + " by Tightrope " + BuildInfo.version().orElse("(development build)");
    }

    public DataVersion dataVersion() {
        return assets.dataVersion();
    }

    /** What an export wrote: the file, its SHA-256, and the audit entry's index when it was recorded (else -1). */
    public record Exported(Path file, ExportFormat format, String sha256, String dataVersion, long auditIndex) {
    }

    /**
     * Writes what {@code scene} shows to {@code out} (replaced atomically) in {@code format};
     * {@code record} appends an {@code export.lineage} entry to the audit log with the file's
     * hash, the root, the counts and the data version.
     */
    public Exported export(SceneIndex scene, Marks marks, Palette palette, ExportFormat format, Path out, boolean record) {
        GraphView view = scene.layout().view();
        String version = dataVersion().label();
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
        String at = now.toString();
        String caption = caption(view, version, at);
        byte[] bytes = switch (format) {
            case PNG -> LineagePictures.png(scene, palette, marks, caption, version, 2);
            case SVG -> utf8(LineagePictures.svg(scene, palette, marks, caption));
            case CSV -> utf8(LineageViewFormats.csv(view, version, at));
            case DOT -> utf8(LineageViewFormats.dot(view, version, at));
            // the assets and relations shown, without the view's groups and chains through hidden assets
            case OPENLINEAGE -> utf8(LineageOpenLineage.ndjson(view.toLineageGraph(), version, now));
        };
        try {
            AtomicFiles.replace(out, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + out + ": " + e.getMessage(), e);
        }
        String sha = Sha256.hex(bytes);
        long index = -1;
        if (record) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("format", format.token());
            details.put("file", out.getFileName().toString());
            details.put("sha256", sha);
            details.put("nodes", String.valueOf(view.nodes().size()));
            details.put("edges", String.valueOf(view.edges().size()));
            details.put("dataVersion", version);
            index = audit.record("export.lineage", view.root(), details).index();
        }
        return new Exported(out, format, sha, version, index);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        layout.close();
    }
}
