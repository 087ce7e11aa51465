package dev.tightrope.store;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.ImpactSet;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.LineageGraph.Direction;
import dev.tightrope.domain.LineageGraph.Link;
import dev.tightrope.domain.LineageGraph.Node;
import dev.tightrope.domain.Urn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks lineage breadth first in one read snapshot, a level at a time: the edges out of a whole
 * frontier, and the assets they reach, come from one query per {@value #BATCH} keys (passed as a
 * JSON array to json_each) rather than one or two per asset. Within a level the walk still takes
 * assets and edges in the order an asset-at-a-time walk meets them (each asset's edges in key
 * order), so its answers are that walk's. Bounded by depth and a node cap so a hub with thousands
 * of neighbours cannot take the console down (the failure mode of the tools in sources.md
 * section 8).
 *
 * <p>Measured on the 1M-asset, 3M-edge benchmark cache (LineageQueryBenchmark): an impact set of
 * 50,000 assets costs 0.42–0.56 s of CPU this way against 0.55–0.83 s asset at a time; a recursive
 * CTE listing the same assets with their owners took as long as the asset-at-a-time walk, without
 * their distances or the cycle edges. An
 * adjacency index in memory would save the edge lookups, about a fifth of that time, for tens of
 * megabytes of heap, a build that reads all 3M edges (1 s of CPU for the read alone) and a second
 * copy of the lineage to keep current; the asset lookups, most of the time, would remain.
 */
public final class LineageRepository {

    public static final int DEFAULT_NODE_CAP = 5_000;

    /** How far {@link #impact} and {@link #path} go at most: far beyond any real lineage, short of looping forever. */
    public static final int MAX_HOPS = 1_000;

    /** Keys per batched query: a round trip then costs little per key, and the statement stays short (about 20 KB). */
    private static final int BATCH = 1_000;

    private final Database db;

    public LineageRepository(Database db) {
        this.db = db;
    }

    public Optional<LineageGraph> walk(Urn root, Direction direction, int depth, int nodeCap) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more");
        }
        return db.read(c -> {
            long rootKey = db.urnKeys().key(root.toString());
            Map<Long, Node> nodes = new LinkedHashMap<>();
            Node rootNode = node(c, rootKey, 0);
            if (rootNode == null || !rootNode.urn().equals(root.toString())) {
                return Optional.empty();
            }
            nodes.put(rootKey, rootNode);
            Map<String, Link> links = new LinkedHashMap<>();
            Map<Long, String> sources = sourceNames(c);
            boolean truncated = false;
            if (direction != Direction.DOWNSTREAM) {
                truncated |= bfs(c, sources, rootKey, true, depth, nodeCap, nodes, links);
            }
            if (direction != Direction.UPSTREAM) {
                truncated |= bfs(c, sources, rootKey, false, depth, nodeCap, nodes, links);
            }
            return Optional.of(new LineageGraph(root.toString(), new ArrayList<>(nodes.values()),
                    new ArrayList<>(links.values()), truncated));
        });
    }

    private boolean bfs(Connection c, Map<Long, String> sources, long rootKey, boolean upstream, int depth, int cap,
                        Map<Long, Node> nodes, Map<String, Link> links) throws SQLException {
        Set<Long> visited = new HashSet<>();
        visited.add(rootKey);
        Map<Long, String> urns = new HashMap<>();
        for (Map.Entry<Long, Node> e : nodes.entrySet()) {
            urns.put(e.getKey(), e.getValue().urn());
        }
        boolean truncated = false;
        List<Long> frontier = List.of(rootKey);
        for (int level = 0; level < depth && !frontier.isEmpty(); level++) {
            int nodeDepth = upstream ? -(level + 1) : level + 1;
            Map<Long, List<EdgeRow>> edges = edges(c, sources, frontier, upstream, false);
            Map<Long, Node> met = nodes(c, firstMet(frontier, edges, nodes.keySet(), cap - nodes.size()), nodeDepth);
            List<Long> next = new ArrayList<>();
            for (long key : frontier) {
                for (EdgeRow row : edges.getOrDefault(key, List.of())) {
                    long other = row.other();
                    if (!nodes.containsKey(other)) {
                        if (nodes.size() >= cap) {
                            truncated = true;
                            continue;
                        }
                        // beyond the cap's room only when some of the assets fetched were missing
                        Node n = met.containsKey(other) ? met.get(other) : node(c, other, nodeDepth);
                        if (n == null) {
                            continue;
                        }
                        nodes.put(other, n);
                        urns.put(other, n.urn());
                    }
                    String self = urns.get(key);
                    String that = urns.get(other);
                    String up = upstream ? that : self;
                    String down = upstream ? self : that;
                    EdgeType type = EdgeType.fromCode(row.type());
                    links.putIfAbsent(up + "\u0000" + down + "\u0000" + type + "\u0000" + row.source(),
                            new Link(up, down, type, row.source(), row.gone()));
                    if (visited.add(other)) {
                        next.add(other);
                    }
                }
            }
            frontier = next;
        }
        return truncated;
    }

    /**
     * Everything downstream of {@code root}, breadth first to any depth, each asset once: the
     * impact set. An edge back to an asset on the path that led to it is a cycle edge, reported
     * and not followed. Stops at {@code nodeCap} assets (then {@code truncated}).
     */
    public Optional<ImpactSet> impact(Urn root, int nodeCap) {
        return db.read(c -> {
            long rootKey = db.urnKeys().key(root.toString());
            ImpactSet.Item rootItem = item(c, rootKey, 0);
            if (rootItem == null || !rootItem.urn().equals(root.toString())) {
                return Optional.empty();
            }
            Map<Long, ImpactSet.Item> seen = new LinkedHashMap<>();
            Map<Long, Long> parent = new HashMap<>();
            seen.put(rootKey, rootItem);
            List<Link> cycles = new ArrayList<>();
            boolean truncated = false;
            Map<Long, String> sources = sourceNames(c);
            List<Long> frontier = List.of(rootKey);
            for (int depth = 0; depth < MAX_HOPS && !frontier.isEmpty(); depth++) {
                Map<Long, List<EdgeRow>> edges = edges(c, sources, frontier, false, false);
                Map<Long, ImpactSet.Item> met = items(c, firstMet(frontier, edges, seen.keySet(), nodeCap + 1 - seen.size()), depth + 1);
                List<Long> next = new ArrayList<>();
                for (long key : frontier) {
                    ImpactSet.Item from = seen.get(key);
                    for (EdgeRow row : edges.getOrDefault(key, List.of())) {
                        long other = row.other();
                        ImpactSet.Item known = seen.get(other);
                        if (known != null) {
                            // only an asset nearer the root can be one the walk came through
                            if (known.depth() < from.depth() && ancestor(parent, key, other) && cycles.size() < 100) {
                                cycles.add(new Link(from.urn(), known.urn(), EdgeType.fromCode(row.type()), row.source(), row.gone()));
                            }
                            continue;
                        }
                        if (seen.size() > nodeCap) {
                            truncated = true;
                            continue;
                        }
                        // beyond the cap's room only when some of the assets fetched were missing
                        ImpactSet.Item reached = met.containsKey(other) ? met.get(other) : item(c, other, depth + 1);
                        if (reached == null) {
                            continue;
                        }
                        seen.put(other, reached);
                        parent.put(other, key);
                        next.add(other);
                    }
                }
                frontier = next;
            }
            List<ImpactSet.Item> affected = new ArrayList<>(seen.values());
            affected.remove(0);
            return Optional.of(new ImpactSet(root.toString(), affected, cycles, truncated));
        });
    }

    /** Whether {@code candidate} is {@code key} or one of the assets the walk came through to reach it. */
    private static boolean ancestor(Map<Long, Long> parent, long key, long candidate) {
        for (Long k = key; k != null; k = parent.get(k)) {
            if (k == candidate) {
                return true;
            }
        }
        return false;
    }

    /**
     * The shortest chain of edges from {@code from} down to {@code to}, or — when there is none —
     * from {@code to} down to {@code from}: a graph whose nodes are the chain in order (depth 0 at
     * {@code from}) and whose edges are its hops. Empty when either asset is unknown; a graph with
     * no edges when they are not connected that way within {@code maxHops}.
     */
    public Optional<LineageGraph> path(Urn from, Urn to, int maxHops) {
        return db.read(c -> {
            long a = db.urnKeys().key(from.toString());
            long b = db.urnKeys().key(to.toString());
            Node na = node(c, a, 0);
            Node nb = node(c, b, 0);
            if (na == null || nb == null || !na.urn().equals(from.toString()) || !nb.urn().equals(to.toString())) {
                return Optional.empty();
            }
            List<Link> chain = chain(c, a, b, maxHops);
            if (chain == null) {
                chain = chain(c, b, a, maxHops);
            }
            if (chain == null) {
                return Optional.of(new LineageGraph(from.toString(), List.of(na, nb), List.of(), false));
            }
            List<Node> nodes = new ArrayList<>();
            Map<String, Integer> order = new LinkedHashMap<>();
            for (Link l : chain) {
                order.putIfAbsent(l.upstream(), order.size());
                order.putIfAbsent(l.downstream(), order.size());
            }
            boolean forward = chain.isEmpty() || chain.get(0).upstream().equals(from.toString());
            for (Map.Entry<String, Integer> e : order.entrySet()) {
                long key = db.urnKeys().key(e.getKey());
                Node n = node(c, key, forward ? e.getValue() : -e.getValue());
                if (n != null) {
                    nodes.add(n);
                }
            }
            return Optional.of(new LineageGraph(from.toString(), nodes, chain, false));
        });
    }

    /**
     * Breadth first from {@code a} downstream to {@code b}, live edges before gone ones; the edges
     * of the first chain found, null when none. A level's edges come {@value #BATCH} assets at a
     * time, so the walk stops within a batch of where it finds {@code b}.
     */
    private List<Link> chain(Connection c, long a, long b, int maxHops) throws SQLException {
        if (a == b) {
            return List.of();
        }
        Map<Long, EdgeRow> via = new HashMap<>(); // asset -> the edge the walk reached it by
        Set<Long> reached = new HashSet<>();
        reached.add(a);
        Map<Long, String> sources = sourceNames(c);
        List<Long> frontier = List.of(a);
        for (int d = 0; d < maxHops && !frontier.isEmpty(); d++) {
            List<Long> next = new ArrayList<>();
            for (int i = 0; i < frontier.size(); i += BATCH) {
                List<Long> batch = frontier.subList(i, Math.min(frontier.size(), i + BATCH));
                Map<Long, List<EdgeRow>> edges = edges(c, sources, batch, false, true);
                for (long key : batch) {
                    for (EdgeRow row : edges.getOrDefault(key, List.of())) {
                        long other = row.other();
                        if (!reached.add(other)) {
                            continue;
                        }
                        via.put(other, row);
                        if (other == b) {
                            return links(c, via, a, b);
                        }
                        next.add(other);
                    }
                }
            }
            frontier = next;
        }
        return null;
    }

    private List<Link> links(Connection c, Map<Long, EdgeRow> via, long a, long b) throws SQLException {
        List<Link> out = new ArrayList<>();
        for (long k = b; k != a; ) {
            EdgeRow v = via.get(k);
            out.add(0, new Link(urnOf(c, v.from()), urnOf(c, k), EdgeType.fromCode(v.type()), v.source(), v.gone()));
            k = v.from();
        }
        return out;
    }

    private static String urnOf(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT urn FROM assets WHERE key = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** An edge met from the asset {@code from}: the asset at its other end, type code, asserting source (id and name), gone. */
    private record EdgeRow(long from, long other, int type, long sourceId, String source, boolean gone) {
    }

    /** The order a query by one key returns an asset's edges in: the index's (other end, type, source). */
    private static final Comparator<EdgeRow> KEY_ORDER = Comparator.comparingLong(EdgeRow::other)
            .thenComparingInt(EdgeRow::type).thenComparingLong(EdgeRow::sourceId);
    private static final Comparator<EdgeRow> LIVE_FIRST = Comparator.comparing(EdgeRow::gone).thenComparing(KEY_ORDER);

    /** The downstream edges of a batch of assets; the upstream ones by the index on down_key. */
    private static final String DOWNSTREAM_EDGES = """
            SELECT e.up_key, e.down_key, e.type, e.source_id, e.gone_at IS NOT NULL
            FROM json_each(?) j JOIN edges e ON e.up_key = j.value""";
    private static final String UPSTREAM_EDGES = """
            SELECT e.down_key, e.up_key, e.type, e.source_id, e.gone_at IS NOT NULL
            FROM json_each(?) j JOIN edges e ON e.down_key = j.value""";

    /**
     * The sources' names by id, read once per query: each edge names the source that asserted it,
     * and a name looked up here is one string for all its edges rather than one per edge.
     */
    private static Map<Long, String> sourceNames(Connection c) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM sources"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.put(rs.getLong(1), rs.getString(2));
            }
        }
        return names;
    }

    /**
     * The edges downstream (or upstream) of each of {@code keys}, each asset's in key order, or
     * gone edges last then key order when {@code liveFirst}; assets without edges are absent.
     * {@code sources}: {@link #sourceNames}.
     */
    private static Map<Long, List<EdgeRow>> edges(Connection c, Map<Long, String> sources, List<Long> keys, boolean upstream,
                                                  boolean liveFirst) throws SQLException {
        Map<Long, List<EdgeRow>> out = new HashMap<>(2 * keys.size());
        forEachRow(c, upstream ? UPSTREAM_EDGES : DOWNSTREAM_EDGES, keys, rs -> {
            long from = rs.getLong(1);
            long sourceId = rs.getLong(4);
            out.computeIfAbsent(from, k -> new ArrayList<>(4)).add(new EdgeRow(from, rs.getLong(2), rs.getInt(3),
                    sourceId, sources.get(sourceId), rs.getInt(5) != 0));
        });
        Comparator<EdgeRow> order = liveFirst ? LIVE_FIRST : KEY_ORDER;
        for (List<EdgeRow> rows : out.values()) {
            rows.sort(order);
        }
        return out;
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code sql}, whose one parameter is a JSON array of asset keys, on {@code keys}
     * {@value #BATCH} at a time, in key order: the B-trees keyed by asset key are then read
     * front to back rather than at random, which about halves the time of a level of 50,000.
     */
    private static void forEachRow(Connection c, String sql, List<Long> keys, RowReader reader) throws SQLException {
        long[] sorted = keys.stream().mapToLong(Long::longValue).sorted().toArray();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < sorted.length; i += BATCH) {
                ps.setString(1, jsonArray(sorted, i, Math.min(sorted.length, i + BATCH)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    /**
     * The assets the frontier's edges lead to that are not {@code known}, once each, in the order
     * the walk meets them, at most {@code limit}: those the walk may add at this level before its
     * cap stops it.
     */
    private static List<Long> firstMet(List<Long> frontier, Map<Long, List<EdgeRow>> edges, Set<Long> known, int limit) {
        Set<Long> met = new LinkedHashSet<>();
        for (long key : frontier) {
            for (EdgeRow row : edges.getOrDefault(key, List.of())) {
                if (met.size() >= limit) {
                    return new ArrayList<>(met);
                }
                if (!known.contains(row.other())) {
                    met.add(row.other());
                }
            }
        }
        return new ArrayList<>(met);
    }

    private static String jsonArray(long[] keys, int from, int to) {
        StringBuilder json = new StringBuilder((to - from) * 21 + 2).append('[');
        for (int i = from; i < to; i++) {
            if (i > from) {
                json.append(',');
            }
            json.append(keys[i]);
        }
        return json.append(']').toString();
    }

    private static final String ITEMS = """
            SELECT a.key, a.urn, a.kind, a.name, a.gone_at IS NOT NULL,
                   (SELECT group_concat(owner, ', ') FROM (SELECT DISTINCT owner FROM owners o WHERE o.asset_key = a.key ORDER BY owner))
            FROM json_each(?) j JOIN assets a ON a.key = j.value""";

    /** The impact set's items for those of {@code keys} that are assets, by key, all at {@code depth}. */
    private static Map<Long, ImpactSet.Item> items(Connection c, List<Long> keys, int depth) throws SQLException {
        Map<Long, ImpactSet.Item> out = new HashMap<>(2 * keys.size());
        forEachRow(c, ITEMS, keys, rs -> {
            String owners = rs.getString(6);
            out.put(rs.getLong(1), new ImpactSet.Item(rs.getString(2), AssetKind.fromToken(rs.getString(3)),
                    rs.getString(4), owners == null ? "" : owners, depth, rs.getInt(5) != 0));
        });
        return out;
    }

    private static ImpactSet.Item item(Connection c, long key, int depth) throws SQLException {
        return items(c, List.of(key), depth).get(key);
    }

    private static final String NODES = """
            SELECT a.key, a.urn, a.kind, a.name, s.name, a.gone_at IS NOT NULL
            FROM json_each(?) j JOIN assets a ON a.key = j.value LEFT JOIN sources s ON s.id = a.source_id""";

    /** The graph nodes for those of {@code keys} that are assets, by key, all at {@code depth}. */
    private static Map<Long, Node> nodes(Connection c, List<Long> keys, int depth) throws SQLException {
        Map<Long, Node> out = new HashMap<>(2 * keys.size());
        forEachRow(c, NODES, keys, rs -> out.put(rs.getLong(1), new Node(rs.getString(2), AssetKind.fromToken(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getInt(6) != 0, depth)));
        return out;
    }

    private static Node node(Connection c, long key, int depth) throws SQLException {
        return nodes(c, List.of(key), depth).get(key);
    }
}
