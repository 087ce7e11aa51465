package dev.tightrope.service.lineage;

import java.util.Locale;

/** The files the lineage view exports, each of exactly what is shown. */
public enum ExportFormat {
    PNG("PNG image", "png"),
    SVG("SVG image", "svg"),
    CSV("CSV of boxes and edges", "csv"),
    DOT("Graphviz DOT", "dot"),
    OPENLINEAGE("OpenLineage events", "ndjson");

    private final String label;
    private final String extension;

    ExportFormat(String label, String extension) {
        this.label = label;
        this.extension = extension;
    }

    public String label() {
        return label;
    }

    public String extension() {
        return extension;
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
