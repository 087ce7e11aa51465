package dev.tightrope.service.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.LineageGraph;

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
