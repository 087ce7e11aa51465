package dev.tightrope.service.lineage;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.LineageGraph.Link;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns loaded lineage into what the view shows: a walk out from the root, each side on its own
 * (upstream assets only upstream, downstream only downstream, as {@code lineage} walks), cut at
 * the depth except where the user expanded, stopped at collapsed nodes, with assets the filters
 * hide passed through (the edge then says how many it skips), and siblings of one kind beyond the
 * group size folded into one box. Deterministic: the same graph and options give the same view.
 */
public final class GraphViews {
    /** A layer shows at most this many group sizes of one kind before the rest fold into one box. */
    static final int LAYER_GROUPS = 4;

    private GraphViews() {
    }

    public static GraphView build(LineageGraph graph, Map<String, NodeFacts> facts, ViewOptions options) {
        return new Builder(graph, facts, options).build();
    }

    private static final class Builder {
        private final LineageGraph graph;
        private final Map<String, NodeFacts> facts;
        private final ViewOptions options;
        private final List<LineageGraph.Node> nodes;
        private final Map<String, Integer> index = new HashMap<>();
        private final int[][] down;
        private final int[][] up;
        private final List<Link> links;
        private final Map<String, GraphView.Node> visible = new LinkedHashMap<>();
        private final Map<String, EdgeAcc> edges = new LinkedHashMap<>();
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private final Map<String, Integer> shownPerGroupKey = new HashMap<>();
        private int hidden;

        Builder(LineageGraph graph, Map<String, NodeFacts> facts, ViewOptions options) {
            this.graph = graph;
            this.facts = facts;
            this.options = options;
            this.nodes = graph.nodes();
            for (int i = 0; i < nodes.size(); i++) {
                index.put(nodes.get(i).urn(), i);
            }
            this.links = graph.edges();
            int[] downCount = new int[nodes.size()];
            int[] upCount = new int[nodes.size()];
            for (Link l : links) {
                Integer u = index.get(l.upstream());
                Integer d = index.get(l.downstream());
                if (u != null && d != null) {
                    downCount[u]++;
                    upCount[d]++;
                }
            }
            down = new int[nodes.size()][];
            up = new int[nodes.size()][];
            for (int i = 0; i < nodes.size(); i++) {
                down[i] = new int[downCount[i]];
                up[i] = new int[upCount[i]];
            }
            Arrays.fill(downCount, 0);
            Arrays.fill(upCount, 0);
            for (int li = 0; li < links.size(); li++) {
                Link l = links.get(li);
                Integer u = index.get(l.upstream());
                Integer d = index.get(l.downstream());
                if (u != null && d != null) {
                    down[u][downCount[u]++] = li;
                    up[d][upCount[d]++] = li;
                }
            }
        }

        GraphView build() {
            Integer root = index.get(graph.root());
            if (root == null) {
                return new GraphView(graph.root(), List.of(), List.of(), graph.truncated(), 0);
            }
            show(root, 0);
            walk(root, +1);
            walk(root, -1);
            for (String id : options.pinned()) {
                Integer i = index.get(id);
                if (i != null && !visible.containsKey(id)) {
                    show(i, nodes.get(i).depth());
                }
            }
            crossEdges();
            List<GraphView.Node> out = disambiguate(new ArrayList<>(visible.values()));
            for (Group g : groups.values()) {
                out.add(new GraphView.Node(g.id, g.kind, "+" + g.members + " " + plural(g.kind, g.members), "", "", null, 0,
                        GraphView.Approval.NONE, false, g.depth, g.members));
                for (Map.Entry<String, dev.tightrope.domain.EdgeType> p : g.parents.entrySet()) {
                    String from = g.side > 0 ? p.getKey() : g.id;
                    String to = g.side > 0 ? g.id : p.getKey();
                    dev.tightrope.domain.EdgeType type = p.getValue();
                    edges.computeIfAbsent(from + "\u0000" + to + "\u0000" + type, k -> new EdgeAcc(from, to, type, type == null ? 1 : 0))
                            .add("", false);
                }
            }
            List<GraphView.Edge> edgeList = new ArrayList<>(edges.size());
            for (EdgeAcc e : edges.values()) {
                edgeList.add(new GraphView.Edge(e.from, e.to, e.type, String.join(", ", e.sources), e.allGone, e.skipped));
            }
            return new GraphView(graph.root(), out, edgeList, graph.truncated(), hidden);
        }

        /** Breadth first on one side of the root; {@code side} +1 downstream, -1 upstream. */
        private void walk(int root, int side) {
            int n = nodes.size();
            int[] layer = new int[n];
            int[] anchor = new int[n];
            int[] skipped = new int[n];
            boolean[] seen = new boolean[n];
            seen[root] = true;
            anchor[root] = root;
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(root);
            while (!queue.isEmpty()) {
                int u = queue.poll();
                String uUrn = nodes.get(u).urn();
                boolean uVisible = visible.containsKey(uUrn);
                if (u != root && uVisible && options.collapsed().contains(uUrn)) {
                    continue;
                }
                if (layer[u] >= options.depth() && !(uVisible && options.expanded().contains(uUrn))) {
                    continue;
                }
                int parent = uVisible ? u : anchor[u];
                String parentUrn = nodes.get(parent).urn();
                int[] next = side > 0 ? down[u] : up[u];
                Integer[] order = new Integer[next.length];
                for (int i = 0; i < next.length; i++) {
                    order[i] = next[i];
                }
                Arrays.sort(order, Comparator.comparing((Integer li) -> nodes.get(other(li, side)).kind())
                        .thenComparing(li -> nodes.get(other(li, side)).name(), String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(li -> nodes.get(other(li, side)).urn()));
                for (int li : order) {
                    int c = other(li, side);
                    Link link = links.get(li);
                    String cUrn = nodes.get(c).urn();
                    if (visible.containsKey(cUrn)) {
                        // reached again, from this side or the other: one more edge, walked no further
                        seen[c] = true;
                        addEdge(parentUrn, cUrn, side, u == parent ? link : null, uVisible ? 0 : skipped[u]);
                        continue;
                    }
                    if (seen[c]) {
                        continue;
                    }
                    seen[c] = true;
                    layer[c] = layer[u] + 1;
                    if (!matches(c)) {
                        hidden++;
                        anchor[c] = parent;
                        skipped[c] = uVisible ? 1 : skipped[u] + 1;
                        queue.add(c);
                        continue;
                    }
                    AssetKind kind = nodes.get(c).kind();
                    String groupId = GraphView.GROUP_PREFIX + parentUrn + "|" + (side > 0 ? "down" : "up") + "|" + kind.token();
                    int shown = shownPerGroupKey.getOrDefault(groupId, 0);
                    if (shown >= options.groupOver() && !options.openGroups().contains(groupId)) {
                        Group g = groups.computeIfAbsent(groupId, k -> new Group(k, side, kind, side * layer[c]));
                        g.add(parentUrn, u == parent ? link.type() : null);
                        continue;
                    }
                    // a layer holds at most a few groups' worth of one kind, whichever parents they have:
                    // a dataset feeding thousands of jobs shows a screenful, and the rest as one box
                    String layerId = GraphView.GROUP_PREFIX + "layer " + side * layer[c] + "|" + (side > 0 ? "down" : "up") + "|" + kind.token();
                    int inLayer = shownPerGroupKey.getOrDefault(layerId, 0);
                    if (inLayer >= (long) options.groupOver() * LAYER_GROUPS && !options.openGroups().contains(layerId)) {
                        Group g = groups.computeIfAbsent(layerId, k -> new Group(k, side, kind, side * layer[c]));
                        g.add(parentUrn, u == parent ? link.type() : null);
                        continue;
                    }
                    shownPerGroupKey.put(layerId, inLayer + 1);
                    shownPerGroupKey.put(groupId, shown + 1);
                    show(c, side * layer[c]);
                    addEdge(parentUrn, cUrn, side, u == parent ? link : null, uVisible ? 0 : skipped[u]);
                    queue.add(c);
                }
            }
        }

        private int other(int linkIndex, int side) {
            Link l = links.get(linkIndex);
            return index.get(side > 0 ? l.downstream() : l.upstream());
        }

        private boolean matches(int i) {
            LineageGraph.Node n = nodes.get(i);
            if (!options.kinds().isEmpty() && !options.kinds().contains(n.kind())) {
                return false;
            }
            if (!options.sources().isEmpty() && !options.sources().contains(n.source())) {
                return false;
            }
            NodeFacts f = facts.getOrDefault(n.urn(), NodeFacts.UNKNOWN);
            if (!options.owner().isEmpty()
                    && !f.owners().toLowerCase(Locale.ROOT).contains(options.owner().toLowerCase(Locale.ROOT))) {
                return false;
            }
            return options.minSeverity() == null || (f.worst() != null && f.worst().compareTo(options.minSeverity()) <= 0);
        }

        private void show(int i, int depth) {
            LineageGraph.Node n = nodes.get(i);
            NodeFacts f = facts.getOrDefault(n.urn(), NodeFacts.UNKNOWN);
            visible.put(n.urn(), new GraphView.Node(n.urn(), n.kind(), n.name(), n.source(), f.owners(), f.worst(), f.findings(),
                    f.approval(), n.gone(), depth, 0));
        }

        /** An edge between a visible parent and child: the real link when direct, else a chain through hidden assets. */
        private void addEdge(String parent, String child, int side, Link direct, int skippedHops) {
            String from = side > 0 ? parent : child;
            String to = side > 0 ? child : parent;
            if (direct != null) {
                edges.computeIfAbsent(from + "\u0000" + to + "\u0000" + direct.type(), k -> new EdgeAcc(from, to, direct.type(), 0))
                        .add(direct.source(), direct.gone());
            } else if (!from.equals(to)) {
                edges.computeIfAbsent(from + "\u0000" + to + "\u0000null", k -> new EdgeAcc(from, to, null, Math.max(1, skippedHops)))
                        .add("", false);
            }
        }

        /** Direct links between two visible assets the walks did not draw (a dataset read by a run and its model). */
        private void crossEdges() {
            for (Link l : links) {
                if (visible.containsKey(l.upstream()) && visible.containsKey(l.downstream()) && !l.upstream().equals(l.downstream())) {
                    edges.computeIfAbsent(l.upstream() + "\u0000" + l.downstream() + "\u0000" + l.type(),
                            k -> new EdgeAcc(l.upstream(), l.downstream(), l.type(), 0)).add(l.source(), l.gone());
                }
            }
        }
    }

    private static final class EdgeAcc {
        final String from;
        final String to;
        final dev.tightrope.domain.EdgeType type;
        final int skipped;
        final Set<String> sources = new LinkedHashSet<>();
        boolean allGone = true;

        EdgeAcc(String from, String to, dev.tightrope.domain.EdgeType type, int skipped) {
            this.from = from;
            this.to = to;
            this.type = type;
            this.skipped = skipped;
        }

        void add(String source, boolean gone) {
            if (source != null && !source.isEmpty()) {
                sources.add(source);
            }
            // the edge is gone only when every source that asserted it says so
            allGone &= gone;
        }
    }

    /** A box standing for many assets of one kind: the siblings under one parent, or the overflow of a layer. */
    private static final class Group {
        final String id;
        final int side;
        final AssetKind kind;
        final int depth;
        /** The visible boxes its members hang from, with the relation of the first member under each (null through hidden assets). */
        final Map<String, dev.tightrope.domain.EdgeType> parents = new LinkedHashMap<>();
        int members;

        Group(String id, int side, AssetKind kind, int depth) {
            this.id = id;
            this.side = side;
            this.kind = kind;
            this.depth = depth;
        }

        void add(String parent, dev.tightrope.domain.EdgeType type) {
            members++;
            parents.putIfAbsent(parent, type);
        }
    }

    /** The same view with each asset's owners, findings and approval from {@code facts}. */
    public static GraphView withFacts(GraphView view, Map<String, NodeFacts> facts) {
        List<GraphView.Node> nodes = new ArrayList<>(view.nodes().size());
        for (GraphView.Node n : view.nodes()) {
            NodeFacts f = n.isGroup() ? null : facts.get(n.id());
            nodes.add(f == null ? n : new GraphView.Node(n.id(), n.kind(), n.name(), n.source(), f.owners(), f.worst(), f.findings(),
                    f.approval(), n.gone(), n.depth(), n.groupSize()));
        }
        return new GraphView(view.root(), nodes, view.edges(), view.truncated(), view.hiddenNodes());
    }

    /**
     * Boxes of one kind with the same name (a deployment in three clusters) get the place their URN
     * names after it, "fraud/fraud-scoring · prod-eu-1", so the graph tells them apart.
     */
    static List<GraphView.Node> disambiguate(List<GraphView.Node> nodes) {
        Map<String, Integer> seen = new HashMap<>();
        for (GraphView.Node n : nodes) {
            seen.merge(n.kind() + "\u0000" + n.name(), 1, Integer::sum);
        }
        List<GraphView.Node> out = new ArrayList<>(nodes.size());
        for (GraphView.Node n : nodes) {
            String place = seen.get(n.kind() + "\u0000" + n.name()) > 1 ? place(n.id()) : null;
            out.add(place == null || n.name().contains(place) ? n : new GraphView.Node(n.id(), n.kind(), n.name() + " · " + place,
                    n.source(), n.owners(), n.worst(), n.findings(), n.approval(), n.gone(), n.depth(), n.groupSize()));
        }
        return out;
    }

    /** The host a URN's locator names ({@code k8s://prod-eu-1/…} → {@code prod-eu-1}), or null. */
    private static String place(String urn) {
        int scheme = urn.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int end = urn.indexOf('/', scheme + 3);
        String host = end < 0 ? urn.substring(scheme + 3) : urn.substring(scheme + 3, end);
        return host.isEmpty() ? null : host;
    }

    /** "datasets", "model versions": the kind's label in lower case, plural when more than one. */
    public static String plural(AssetKind kind, int count) {
        String label = kind.label().toLowerCase(Locale.ROOT);
        if (count == 1) {
            return label;
        }
        return label.endsWith("y") && !label.endsWith("ey") ? label.substring(0, label.length() - 1) + "ies" : label + "s";
    }
}
