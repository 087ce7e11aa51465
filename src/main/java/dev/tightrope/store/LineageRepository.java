package dev.tightrope.store;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
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
                : "SELECT e.down_key, e.type, s.name, e.gone_at IS NOT NULL FROM edges e LEFT JOIN sources s ON s.id = e.source_id WHERE e.up_key = ?";
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
                ps.setLong(1, key);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getInt(4) != 0});
                    }
                }
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
