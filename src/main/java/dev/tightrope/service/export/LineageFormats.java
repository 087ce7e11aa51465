package dev.tightrope.service.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.ImpactSet;
import dev.tightrope.domain.LineageGraph;
import java.util.List;

/** Lineage exports: JSON ({"nodes":[...],"edges":[...]}), CSV (one edge per row) and Graphviz DOT. */
public final class LineageFormats {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LineageFormats() {
    }

    public static String json(LineageGraph g) {
        ObjectNode root = JSON.createObjectNode();
        root.put("root", g.root());
        root.put("truncated", g.truncated());
        ArrayNode nodes = root.putArray("nodes");
        for (LineageGraph.Node n : g.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("urn", n.urn());
            o.put("kind", n.kind().token());
            o.put("name", n.name());
            o.put("source", n.source());
            o.put("gone", n.gone());
            o.put("depth", n.depth());
        }
        ArrayNode edges = root.putArray("edges");
        for (LineageGraph.Link l : g.edges()) {
            ObjectNode o = edges.addObject();
            o.put("from", l.upstream());
            o.put("to", l.downstream());
            o.put("type", l.type().token());
            o.put("source", l.source());
            o.put("gone", l.gone());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An impact set as JSON: {@code root}, {@code total}, {@code truncated}, {@code byKind}
     * (kind token → count), {@code deployments} (URNs), {@code unowned} (count), {@code items}
     * ({@code urn, kind, name, owners[], depth, gone}, nearest first) and {@code cycles}
     * ({@code from, to, type}).
     */
    public static String json(ImpactSet impact) {
        ObjectNode root = JSON.createObjectNode();
        root.put("root", impact.root());
        root.put("total", impact.items().size());
        root.put("truncated", impact.truncated());
        ObjectNode byKind = root.putObject("byKind");
        impact.byKind().forEach((k, list) -> byKind.put(k.token(), list.size()));
        ArrayNode deployments = root.putArray("deployments");
        impact.deployments().forEach(d -> deployments.add(d.urn()));
        root.put("unowned", impact.unowned().size());
        ArrayNode items = root.putArray("items");
        for (ImpactSet.Item i : impact.items()) {
            ObjectNode o = items.addObject();
            o.put("urn", i.urn());
            o.put("kind", i.kind().token());
            o.put("name", i.name());
            ArrayNode owners = o.putArray("owners");
            if (!i.owners().isEmpty()) {
                for (String owner : i.owners().split(", ")) {
                    owners.add(owner);
                }
            }
            o.put("depth", i.depth());
            o.put("gone", i.gone());
        }
        ArrayNode cycles = root.putArray("cycles");
        for (LineageGraph.Link l : impact.cycleEdges()) {
            ObjectNode o = cycles.addObject();
            o.put("from", l.upstream());
            o.put("to", l.downstream());
            o.put("type", l.type().token());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An impact set for a reader: the totals, the deployments reached, then each kind's assets with their owners. */
    public static String text(ImpactSet impact) {
        StringBuilder sb = new StringBuilder();
        int n = impact.items().size();
        sb.append("Impact of ").append(impact.root()).append(": ").append(n).append(n == 1 ? " asset" : " assets").append(" downstream");
        if (!impact.items().isEmpty()) {
            sb.append(", up to ").append(impact.items().get(impact.items().size() - 1).depth()).append(" hops");
        }
        sb.append(impact.truncated() ? " (cut short)" : "").append('\n');
        List<ImpactSet.Item> deployments = impact.deployments();
        sb.append(deployments.isEmpty() ? "No deployment reached.\n" : "Deployments reached (" + deployments.size() + "):\n");
        for (ImpactSet.Item d : deployments) {
            sb.append("  ").append(d.name()).append("  ").append(owners(d)).append("  ").append(d.urn()).append('\n');
        }
        impact.byKind().forEach((kind, list) -> {
            sb.append(kind.label()).append(" (").append(list.size()).append("):\n");
            for (ImpactSet.Item i : list) {
                sb.append("  ").append(i.name()).append(i.gone() ? " (gone)" : "").append("  ").append(owners(i))
                        .append("  hop ").append(i.depth()).append('\n');
            }
        });
        if (!impact.unowned().isEmpty()) {
            sb.append(impact.unowned().size()).append(" of them have no owner.\n");
        }
        for (LineageGraph.Link l : impact.cycleEdges()) {
            sb.append("Cycle: ").append(l.upstream()).append(" ").append(l.type().token()).append(" back to ").append(l.downstream())
                    .append(" (not followed)\n");
        }
        return sb.toString();
    }

    private static String owners(ImpactSet.Item i) {
        return i.owners().isEmpty() ? "no owner" : "owned by " + i.owners();
    }

    /** A path as one line per hop: "name (kind) —relation→ name (kind)". */
    public static String chain(LineageGraph g) {
        java.util.Map<String, LineageGraph.Node> byUrn = new java.util.HashMap<>();
        g.nodes().forEach(n -> byUrn.put(n.urn(), n));
        StringBuilder sb = new StringBuilder();
        sb.append(g.edges().size()).append(g.edges().size() == 1 ? " hop" : " hops").append(":\n");
        for (LineageGraph.Link l : g.edges()) {
            LineageGraph.Node from = byUrn.get(l.upstream());
            LineageGraph.Node to = byUrn.get(l.downstream());
            sb.append("  ").append(label(from, l.upstream())).append("  -[").append(l.type().token()).append("]->  ")
                    .append(label(to, l.downstream())).append(l.source() == null ? "" : "   (" + l.source() + ")").append('\n');
        }
        return sb.toString();
    }

    private static String label(LineageGraph.Node n, String urn) {
        return n == null ? urn : n.name() + " (" + n.kind().label().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    public static String csv(LineageGraph g) {
        StringBuilder sb = new StringBuilder("from_urn,from_kind,from_name,type,to_urn,to_kind,to_name,source,gone\n");
        java.util.Map<String, LineageGraph.Node> byUrn = new java.util.HashMap<>();
        g.nodes().forEach(n -> byUrn.put(n.urn(), n));
        for (LineageGraph.Link l : g.edges()) {
            LineageGraph.Node from = byUrn.get(l.upstream());
            LineageGraph.Node to = byUrn.get(l.downstream());
            sb.append(csvCell(l.upstream())).append(',').append(csvCell(from.kind().token())).append(',')
                    .append(csvCell(from.name())).append(',').append(l.type().token()).append(',')
                    .append(csvCell(l.downstream())).append(',').append(csvCell(to.kind().token())).append(',')
                    .append(csvCell(to.name())).append(',').append(csvCell(l.source())).append(',')
                    .append(l.gone()).append('\n');
        }
        return sb.toString();
    }

    public static String dot(LineageGraph g) {
        StringBuilder sb = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        for (LineageGraph.Node n : g.nodes()) {
            sb.append("  ").append(dotId(n.urn())).append(" [label=").append(dotId(n.name() + "\n" + n.kind().label()));
            if (n.urn().equals(g.root())) {
                sb.append(", penwidth=2");
            }
            if (n.gone()) {
                sb.append(", style=\"rounded,dashed\"");
            }
            sb.append("];\n");
        }
        for (LineageGraph.Link l : g.edges()) {
            sb.append("  ").append(dotId(l.upstream())).append(" -> ").append(dotId(l.downstream()))
                    .append(" [label=").append(dotId(l.type().token())).append(l.gone() ? ", style=dashed" : "").append("];\n");
        }
        return sb.append("}\n").toString();
    }

    /** Quotes a CSV cell and neutralises spreadsheet formula prefixes (CSV injection). */
    static String csvCell(String s) {
        if (s == null) {
            return "";
        }
        String v = s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(s)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    static String dotId(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
