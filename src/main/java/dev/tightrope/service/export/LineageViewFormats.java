package dev.tightrope.service.export;

import dev.tightrope.service.lineage.GraphView;
import java.util.HashMap;
import java.util.Map;

/**
 * The lineage view as text: a CSV of every box and every edge shown, and Graphviz DOT of the
 * same, each stating the cache's data version. Groups appear as the boxes they are
 * ("+312 datasets"), and chains through assets a filter hides as edges that say so.
 */
public final class LineageViewFormats {
    private LineageViewFormats() {
    }

    /** Columns: {@code record} (export, node or edge) then the node or edge fields; one header. */
    public static String csv(GraphView view, String dataVersion, String exportedAt) {
        StringBuilder sb = new StringBuilder(
                "record,id,kind,name,source,owners,worst_finding,open_findings,approval,gone,depth,group_size,from,to,relation,skipped\n");
        sb.append("export,").append(LineageFormats.csvCell(view.root())).append(",,")
                .append(LineageFormats.csvCell("data version " + dataVersion + "; exported " + exportedAt)).append(",,,,,,,,,,,,\n");
        for (GraphView.Node n : view.nodes()) {
            sb.append("node,").append(LineageFormats.csvCell(n.id())).append(',').append(n.kind().token()).append(',')
                    .append(LineageFormats.csvCell(n.name())).append(',').append(LineageFormats.csvCell(n.source())).append(',')
                    .append(LineageFormats.csvCell(n.owners())).append(',').append(n.worst() == null ? "" : n.worst().token()).append(',')
                    .append(n.findings()).append(',').append(n.approval().name().toLowerCase(java.util.Locale.ROOT)).append(',')
                    .append(n.gone()).append(',').append(n.depth()).append(',').append(n.groupSize()).append(",,,,\n");
        }
        for (GraphView.Edge e : view.edges()) {
            sb.append("edge,,,,").append(LineageFormats.csvCell(e.sources())).append(",,,,,").append(e.gone()).append(",,,")
                    .append(LineageFormats.csvCell(e.from())).append(',').append(LineageFormats.csvCell(e.to())).append(',')
                    .append(e.type() == null ? "" : e.type().token()).append(',').append(e.skipped()).append('\n');
        }
        return sb.toString();
    }

    public static String dot(GraphView view, String dataVersion, String exportedAt) {
        StringBuilder sb = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  label=")
                .append(LineageFormats.dotId("Lineage of " + view.root() + " (data version " + dataVersion + ", exported " + exportedAt + ")"))
                .append(";\n  labelloc=b;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        Map<String, String> ids = new HashMap<>();
        for (GraphView.Node n : view.nodes()) {
            ids.put(n.id(), LineageFormats.dotId(n.id()));
            String label = n.isGroup() ? n.name() : n.name() + "\n" + n.kind().label() + (n.owners().isEmpty() ? "" : "\n" + n.owners());
            sb.append("  ").append(ids.get(n.id())).append(" [label=").append(LineageFormats.dotId(label));
            if (n.id().equals(view.root())) {
                sb.append(", penwidth=2");
            }
            if (n.gone() || n.isGroup()) {
                sb.append(", style=\"rounded,dashed\"");
            }
            if (n.worst() != null) {
                sb.append(", color=").append(LineageFormats.dotId(switch (n.worst()) {
                    case CRITICAL, HIGH -> "red";
                    case MEDIUM -> "orange";
                    case LOW, INFO -> "gray40";
                }));
            }
            sb.append("];\n");
        }
        for (GraphView.Edge e : view.edges()) {
            sb.append("  ").append(ids.get(e.from())).append(" -> ").append(ids.get(e.to())).append(" [label=")
                    .append(LineageFormats.dotId(e.type() == null ? "via " + e.skipped() + " hidden" : e.type().token()))
                    .append(e.gone() || e.type() == null ? ", style=dashed" : "").append("];\n");
        }
        return sb.append("}\n").toString();
    }
}
