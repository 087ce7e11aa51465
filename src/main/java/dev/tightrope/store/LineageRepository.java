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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks lineage from one asset, breadth first, one SQL query per frontier node, in one read
 * snapshot. Bounded by depth and a node cap so a hub with thousands of neighbours cannot take the
 * console down (the failure mode of the tools in sources.md section 8).
 */
public final class LineageRepository {

    public static final int DEFAULT_NODE_CAP = 5_000;

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
            boolean truncated = false;
            if (direction != Direction.DOWNSTREAM) {
                truncated |= bfs(c, rootKey, true, depth, nodeCap, nodes, links);
            }
            if (direction != Direction.UPSTREAM) {
                truncated |= bfs(c, rootKey, false, depth, nodeCap, nodes, links);
            }
            return Optional.of(new LineageGraph(root.toString(), new ArrayList<>(nodes.values()),
                    new ArrayList<>(links.values()), truncated));
        });
    }

    private boolean bfs(Connection c, long rootKey, boolean upstream, int depth, int cap,
                        Map<Long, Node> nodes, Map<String, Link> links) throws SQLException {
        String sql = upstream
                ? "SELECT e.up_key, e.type, s.name, e.gone_at IS NOT NULL FROM edges e LEFT JOIN sources s ON s.id = e.source_id WHERE e.down_key = ?"
                : DOWNSTREAM_EDGES;
        Deque<long[]> queue = new ArrayDeque<>();
        queue.add(new long[] {rootKey, 0});
        Set<Long> visited = new HashSet<>();
        visited.add(rootKey);
        Map<Long, String> urns = new HashMap<>();
        for (Map.Entry<Long, Node> e : nodes.entrySet()) {
            urns.put(e.getKey(), e.getValue().urn());
        }
        boolean truncated = false;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            while (!queue.isEmpty()) {
                long[] item = queue.poll();
                long key = item[0];
                int level = (int) item[1];
                if (level >= depth) {
                    continue;
                }
                List<Object[]> rows = neighbours(ps, key);
                for (Object[] row : rows) {
                    long other = (Long) row[0];
                    if (!nodes.containsKey(other)) {
                        if (nodes.size() >= cap) {
                            truncated = true;
                            continue;
                        }
                        Node n = node(c, other, upstream ? -(level + 1) : level + 1);
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
                    EdgeType type = EdgeType.fromCode((Integer) row[1]);
                    links.putIfAbsent(up + "\u0000" + down + "\u0000" + type + "\u0000" + row[2],
                            new Link(up, down, type, (String) row[2], (Boolean) row[3]));
                    if (visited.add(other)) {
                        queue.add(new long[] {other, level + 1});
                    }
                }
            }
        }
        return truncated;
    }

    /** How far {@link #impact} and {@link #path} go at most: far beyond any real lineage, short of looping forever. */
    public static final int MAX_HOPS = 1_000;

    /**
     * Everything downstream of {@code root}, breadth first to any depth, each asset once: the
     * impact set. An edge back to an asset on the path that led to it is a cycle edge, reported
     * and not followed. Stops at {@code nodeCap} assets (then {@code truncated}).
     */
    public Optional<ImpactSet> impact(Urn root, int nodeCap) {
        return db.read(c -> {
            long rootKey = db.urnKeys().key(root.toString());
            try (PreparedStatement items = c.prepareStatement(ITEM_SQL)) {
                ImpactSet.Item rootItem = item(items, rootKey, 0);
                if (rootItem == null || !rootItem.urn().equals(root.toString())) {
                    return Optional.empty();
                }
                Map<Long, ImpactSet.Item> seen = new LinkedHashMap<>();
                Map<Long, Long> parent = new HashMap<>();
                seen.put(rootKey, rootItem);
                List<Link> cycles = new ArrayList<>();
                boolean truncated = false;
                Deque<Long> queue = new ArrayDeque<>();
                queue.add(rootKey);
                try (PreparedStatement ps = c.prepareStatement(
                        DOWNSTREAM_EDGES)) {
                    while (!queue.isEmpty()) {
                        long key = queue.poll();
                        ImpactSet.Item from = seen.get(key);
                        if (from.depth() >= MAX_HOPS) {
                            continue;
                        }
                        List<Object[]> rows = neighbours(ps, key);
                        for (Object[] row : rows) {
                            long other = (Long) row[0];
                            ImpactSet.Item known = seen.get(other);
                            if (known != null) {
                                if (ancestor(parent, key, other) && cycles.size() < 100) {
                                    cycles.add(new Link(from.urn(), known.urn(), EdgeType.fromCode((Integer) row[1]), (String) row[2], (Boolean) row[3]));
                                }
                                continue;
                            }
                            if (seen.size() > nodeCap) {
                                truncated = true;
                                continue;
                            }
                            ImpactSet.Item next = item(items, other, from.depth() + 1);
                            if (next == null) {
                                continue;
                            }
                            seen.put(other, next);
                            parent.put(other, key);
                            queue.add(other);
                        }
                    }
                }
                List<ImpactSet.Item> affected = new ArrayList<>(seen.values());
                affected.remove(0);
                return Optional.of(new ImpactSet(root.toString(), affected, cycles, truncated));
            }
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

    /** Breadth first from {@code a} downstream to {@code b}; the edges of the first chain found, null when none. */
    private List<Link> chain(Connection c, long a, long b, int maxHops) throws SQLException {
        if (a == b) {
            return List.of();
        }
        Map<Long, Object[]> via = new HashMap<>(); // node -> {from key, type, source, gone}
        Map<Long, Integer> depth = new HashMap<>();
        depth.put(a, 0);
        Deque<Long> queue = new ArrayDeque<>();
        queue.add(a);
        try (PreparedStatement ps = c.prepareStatement(
                DOWNSTREAM_EDGES + " ORDER BY e.gone_at IS NOT NULL")) {
            while (!queue.isEmpty()) {
                long key = queue.poll();
                int d = depth.get(key);
                if (d >= maxHops) {
                    continue;
                }
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long other = rs.getLong(1);
                        if (depth.containsKey(other)) {
                            continue;
                        }
                        depth.put(other, d + 1);
                        via.put(other, new Object[] {key, rs.getInt(2), rs.getString(3), rs.getInt(4) != 0});
                        if (other == b) {
                            return links(c, via, a, b);
                        }
                        queue.add(other);
                    }
                }
            }
        }
        return null;
    }

    private List<Link> links(Connection c, Map<Long, Object[]> via, long a, long b) throws SQLException {
        List<Link> out = new ArrayList<>();
        for (long k = b; k != a; ) {
            Object[] v = via.get(k);
            long prev = (Long) v[0];
            out.add(0, new Link(urnOf(c, prev), urnOf(c, k), EdgeType.fromCode((Integer) v[1]), (String) v[2], (Boolean) v[3]));
            k = prev;
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

    private static final String ITEM_SQL = """
            SELECT a.urn, a.kind, a.name, a.gone_at IS NOT NULL,
                   (SELECT group_concat(owner, ', ') FROM (SELECT DISTINCT owner FROM owners o WHERE o.asset_key = a.key ORDER BY owner))
            FROM assets a WHERE a.key = ?""";

    /** An asset's downstream edges: other key, type, asserting source, gone. */
    private static final String DOWNSTREAM_EDGES =
            "SELECT e.down_key, e.type, s.name, e.gone_at IS NOT NULL FROM edges e LEFT JOIN sources s ON s.id = e.source_id WHERE e.up_key = ?";

    /** The rows of {@code ps} (an edges query by one key) for {@code key}: {other key, type code, source, gone}. */
    private static List<Object[]> neighbours(PreparedStatement ps, long key) throws SQLException {
        ps.setLong(1, key);
        List<Object[]> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getInt(4) != 0});
            }
        }
        return rows;
    }

    private static ImpactSet.Item item(PreparedStatement ps, long key, int depth) throws SQLException {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            String owners = rs.getString(5);
            return new ImpactSet.Item(rs.getString(1), AssetKind.fromToken(rs.getString(2)), rs.getString(3),
                    owners == null ? "" : owners, depth, rs.getInt(4) != 0);
        }
    }

    private static Node node(Connection c, long key, int depth) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.urn, a.kind, a.name, s.name, a.gone_at IS NOT NULL FROM assets a
                LEFT JOIN sources s ON s.id = a.source_id WHERE a.key = ?""")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Node(rs.getString(1), AssetKind.fromToken(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getInt(5) != 0, depth);
            }
        }
    }
}
