package dev.tightrope.service.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a table row by row, as CSV (RFC 4180: a header line, fields quoted when they hold a
 * comma, quote or line break, CRLF line ends, UTF-8) or as a JSON array of objects named by the
 * columns. A value is a string, null (an empty field, JSON null) or a map of strings (its JSON
 * object; compact JSON in a CSV field). A CSV field that a spreadsheet would take for a formula
 * (starting with {@code = + - @}, a tab or a carriage return) is written with a leading
 * {@code '}: the exports carry text from sources and model files, and opening one must never run
 * anything (OWASP's CSV injection guidance). The JSON is written as it is.
 */
public final class TableWriter implements AutoCloseable {

    public enum Format {
        CSV,
        JSON;

        /** CSV or JSON by a file name's extension; null for another. */
        public static Format byFileName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.endsWith(".csv") ? CSV : lower.endsWith(".json") ? JSON : null;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Format format;
    private final List<String> columns;
    private final Writer csv;
    private final JsonGenerator json;
    private long rows;

    public TableWriter(Format format, List<String> columns, OutputStream out) throws IOException {
        this.format = format;
        this.columns = List.copyOf(columns);
        if (format == Format.CSV) {
            csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            json = null;
            line(this.columns.stream().map(c -> (Object) c).toList());
        } else {
            csv = null;
            json = JSON.createGenerator(out, JsonEncoding.UTF8);
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
        }
    }

    /** One row, its values in the columns' order. */
    public void row(List<?> values) throws IOException {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("a row of " + values.size() + " values for " + columns.size() + " columns");
        }
        rows++;
        if (format == Format.CSV) {
            line(values);
            return;
        }
        json.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            json.writeFieldName(columns.get(i));
            write(values.get(i));
        }
        json.writeEndObject();
    }

    public long rows() {
        return rows;
    }

    private void write(Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.writeStringField(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
            }
            json.writeEndObject();
        } else {
            json.writeString(String.valueOf(value));
        }
    }

    private void line(List<?> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                csv.write(',');
            }
            csv.write(field(values.get(i)));
        }
        csv.write("\r\n");
    }

    /** One CSV field: quoted when needed, a formula-looking value defused. */
    static String field(Object value) throws IOException {
        if (value == null) {
            return "";
        }
        String s;
        if (value instanceof Map<?, ?> map) {
            java.io.StringWriter w = new java.io.StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeStringField(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
                }
                g.writeEndObject();
            }
            s = w.toString();
        } else {
            s = String.valueOf(value);
        }
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Ends the table and flushes (the stream stays open for its owner to close). */
    @Override
    public void close() throws IOException {
        if (format == Format.CSV) {
            csv.flush();
        } else {
            json.writeEndArray();
            json.writeRaw('\n');
            json.flush();
        }
    }
}
