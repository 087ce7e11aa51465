package dev.tightrope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.service.export.AssetJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Stable JSON shapes of the CLI (documented in the README) and plain-text tables. */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static void printJson(PrintWriter out, Object node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode summary(AssetSummary a) {
        return AssetJson.summary(a);
    }

    static ObjectNode detail(AssetDetail d) {
        return AssetJson.detail(d);
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** A plain text table with columns sized to content (capped). */
    static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "" : row.get(i);
                widths[i] = Math.min(60, Math.max(widths[i], cell.length()));
            }
        }
        for (List<String> row : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "" : row.get(i);
                if (cell.length() > widths[i]) {
                    cell = cell.substring(0, widths[i] - 1) + "…";
                }
                sb.append(cell);
                if (i < row.size() - 1) {
                    sb.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
