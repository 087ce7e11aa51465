package dev.tightrope.service.lineage;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Severity;
import java.util.List;
import java.util.Objects;

/**
 * What the lineage view shows, before layout: the visible assets (and groups standing for many
 * siblings) and the edges between them. Exports write exactly this, so what a file holds is what
 * the reviewer saw.
 *
 * @param truncated   the walk behind it stopped at its node cap
 * @param hiddenNodes how many loaded assets the filters hide (edges through them are drawn as
 *                    one edge with the hops it skips)
 */
public record GraphView(String root, List<Node> nodes, List<Edge> edges, boolean truncated, int hiddenNodes) {

    public GraphView {
        Objects.requireNonNull(root, "root");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** Whether a release is approved, as the promotion gate judges its digest. */
    public enum Approval {
        /** Not a release (no digest to approve), or nothing asked for. */
        NONE,
        /** The gate passes: valid approvals meet the policy. */
        APPROVED,
        /** A release the gate does not pass yet. */
        NOT_APPROVED,
        /** A trusted reviewer rejected it. */
        REJECTED
    }

    /**
     * A box in the graph: one asset, or a group ({@code groupSize > 0}) standing for siblings of
     * one kind beyond the per-layer limit ("+312 datasets"). {@code id} is the URN of an asset and
     * {@code group:<parent>|<direction>|<kind>} for a group. {@code depth} is the distance from
     * the root (negative upstream).
     */
    public record Node(String id, AssetKind kind, String name, String source, String owners, Severity worst, int findings,
                       Approval approval, boolean gone, int depth, int groupSize) {
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            name = name == null ? "" : name;
            source = source == null ? "" : source;
            owners = owners == null ? "" : owners;
            approval = approval == null ? Approval.NONE : approval;
        }

        public boolean isGroup() {
            return groupSize > 0;
        }

        /** The URN for an asset; for a group, its id. */
        public String urn() {
            return id;
        }
    }

    /**
     * An edge, upstream to downstream. {@code type} is null when the edge stands for a chain
     * through {@code skipped} assets the filters hide; {@code sources} names who asserted it.
     */
    public record Edge(String from, String to, EdgeType type, String sources, boolean gone, int skipped) {
        public Edge {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            sources = sources == null ? "" : sources;
        }

        /** "trained on (mlflow)", "via 2 hidden assets". */
        public String describe() {
            String what = type == null ? "via " + skipped + (skipped == 1 ? " hidden asset" : " hidden assets") : type.downstreamPhrase();
            return sources.isEmpty() ? what : what + " (" + sources + ")";
        }
    }


    /**
     * The assets and relations shown, as plain lineage: groups and chains through hidden assets
     * are left out (they are the view's, not the data's), for exports in lineage formats.
     */
    public dev.tightrope.domain.LineageGraph toLineageGraph() {
        List<dev.tightrope.domain.LineageGraph.Node> assets = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Node n : nodes) {
            if (!n.isGroup()) {
                assets.add(new dev.tightrope.domain.LineageGraph.Node(n.id(), n.kind(), n.name(), n.source(), n.gone(), n.depth()));
                ids.add(n.id());
            }
        }
        List<dev.tightrope.domain.LineageGraph.Link> links = new java.util.ArrayList<>();
        for (Edge e : edges) {
            if (e.type() != null && ids.contains(e.from()) && ids.contains(e.to())) {
                for (String source : e.sources().isEmpty() ? List.of("") : List.of(e.sources().split(", "))) {
                    links.add(new dev.tightrope.domain.LineageGraph.Link(e.from(), e.to(), e.type(), source, e.gone()));
                }
            }
        }
        return new dev.tightrope.domain.LineageGraph(root, assets, links, truncated);
    }

    public static final String GROUP_PREFIX = "group:";

    public Node node(String id) {
        for (Node n : nodes) {
            if (n.id().equals(id)) {
                return n;
            }
        }
        return null;
    }
}
