package dev.tightrope.domain;

import java.util.List;

/**
 * A lineage neighbourhood: nodes and the edges between them. {@code truncated} is true when the
 * node cap stopped the walk before the requested depth.
 */
public record LineageGraph(String root, List<Node> nodes, List<Link> edges, boolean truncated) {

    /** An asset in the graph with its distance from the root (negative upstream, positive downstream). */
    public record Node(String urn, AssetKind kind, String name, String source, boolean gone, int depth) {
    }

    /** An edge, upstream to downstream. */
    public record Link(String upstream, String downstream, EdgeType type, String source, boolean gone) {
    }

    /** Which way to walk from the root. */
    public enum Direction {
        UPSTREAM,
        DOWNSTREAM,
        BOTH
    }
}
