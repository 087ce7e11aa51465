package dev.tightrope.sync.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps one nbformat notebook to a {@code NOTEBOOK} asset, its authors' owner claims and the
 * lineage edges its code cells hint at ({@link LineageHints}). No IO.
 *
 * <p>Identity: {@code tr:notebook:jupyter:<server>/<path>}, where {@code <server>} is the Jupyter
 * Server's host (with its port when not the default) and base path ({@code
 * jupyterhub.kestrel.example/user/ana}), and {@code <path>} the notebook's path in the Contents
 * API ({@code fraud/train.ipynb}); the OpenLineage Jupyter integration names the same notebook
 * {@code jupyter://<server>} + {@code <path>}. A folder read offline uses the host it was exported
 * from (its {@code host} setting or {@code export.json}), else the folder's absolute path.
 *
 * <p>What is kept: the kernel, language, nbformat version, cell counts, size, time stamp, the
 * first markdown heading as description, authors, and per inferred edge one {@code inferred.<n>}
 * property naming the cell and line (quoting the line, at most 160 characters, unless it looks
 * like it holds a credential). Outputs are never read into any record: they can hold data.
 */
final class NotebookMapper {

    static final int MAX_QUOTE = 160;

    /** What the folder listing (or the file system) says about the notebook, besides its content. */
    record Listing(String path, String lastModified, long size, Digest digest, String sourceRef) {
    }

    private final String server;
    private final LineageHints hints;
    private final JupyterLimits limits;

    NotebookMapper(String server, String hub, String mlflowHost, JupyterLimits limits) {
        this.server = server;
        this.hints = new LineageHints(server, hub, mlflowHost);
        this.limits = limits;
    }

    Urn notebook(String path) {
        return Urn.of(AssetKind.NOTEBOOK, JupyterConnector.TYPE, server + "/" + path);
    }

    /** A notebook known only from its listing (its content could not be read): the asset, without hints. */
    void emitListed(Listing listing, RecordSink sink) {
        sink.asset(base(listing).build());
    }

    /** One notebook; throws IllegalArgumentException when the document is not a notebook. */
    void emit(Listing listing, JsonNode nb, RecordSink sink) {
        if (!nb.isObject()) {
            throw new IllegalArgumentException("not a notebook: expected a JSON object");
        }
        int major = nb.path("nbformat").asInt(-1);
        if (major < 1 || !nb.path("nbformat").isIntegralNumber()) {
            throw new IllegalArgumentException("not a notebook: no integer \"nbformat\"");
        }
        JsonNode cellsNode = major >= 4 ? nb.path("cells") : nb.path("worksheets").path(0).path("cells");
        if (!cellsNode.isArray()) {
            throw new IllegalArgumentException("not a notebook: no \"cells\" list");
        }
        Urn urn = notebook(listing.path());
        JsonNode meta = nb.path("metadata");
        Asset.Builder b = base(listing);
        String minor = nb.path("nbformat_minor").isIntegralNumber() ? "." + nb.path("nbformat_minor").asInt() : "";
        b.property("nbformat", major + minor);
        property(b, "kernel", text(meta.path("kernelspec"), "name"));
        String language = text(meta.path("kernelspec"), "language");
        property(b, "language", language != null ? language : text(meta.path("language_info"), "name"));
        property(b, "language_version", text(meta.path("language_info"), "version"));
        b.property("cells", cellsNode.size());

        String source = major >= 4 ? "source" : "input";
        List<LineageHints.Cell> code = new ArrayList<>();
        String heading = null;
        int index = 0;
        for (JsonNode cell : cellsNode) {
            index++;
            if (index > limits.maxCells()) {
                sink.problem(new Problem(listing.sourceRef(), "more than " + limits.maxCells() + " cells: the rest were not read for lineage hints"));
                break;
            }
            String type = text(cell, "cell_type");
            String text = joined(cell.path(source));
            if (text.length() > limits.maxCellSource()) {
                sink.problem(new Problem(listing.sourceRef(), "cell " + index + " has more than " + limits.maxCellSource()
                        + " characters of source: not read for lineage hints"));
                continue;
            }
            if ("code".equals(type)) {
                String id = text(cell, "id");
                code.add(new LineageHints.Cell(index, id != null && id.matches("[A-Za-z0-9_-]{1,64}") ? id : null, text, PythonCalls.read(text)));
            } else if ("markdown".equals(type) && heading == null) {
                heading = heading(text);
            }
        }
        b.property("code_cells", code.size());
        b.description(heading);

        String folder = listing.path().contains("/") ? listing.path().substring(0, listing.path().lastIndexOf('/')) : "";
        Set<Edge> edges = new LinkedHashSet<>();
        int n = 0;
        for (LineageHints.Found f : hints.read(code, folder)) {
            LineageHints.Hint h = f.hint();
            Edge edge = h.notebookUpstream() ? new Edge(urn, h.target(), h.type()) : new Edge(h.target(), urn, h.type());
            if (n >= limits.maxHints()) {
                sink.problem(new Problem(listing.sourceRef(), "more than " + limits.maxHints() + " lineage hints: the rest were left out"));
                break;
            }
            n++;
            b.property("inferred." + n, evidence(f.cell(), h));
            edges.add(edge);
        }
        sink.asset(b.build());
        edges.forEach(sink::edge);
        for (JsonNode author : meta.path("authors")) {
            String name = author.isTextual() ? author.asText() : text(author, "name");
            if (name != null && !name.isBlank() && name.length() <= 256 && !Secrets.looksLikeSecret(name)) {
                sink.owner(OwnerClaim.fromSource(urn, name, name.contains("@") || name.contains(":") ? null : "person", OwnerRole.TECHNICAL_OWNER));
            }
        }
    }

    private Asset.Builder base(Listing listing) {
        String path = listing.path();
        Asset.Builder b = Asset.builder(notebook(path), path.substring(path.lastIndexOf('/') + 1))
                .sourceRef(listing.sourceRef())
                .property("path", path);
        property(b, "last_modified", listing.lastModified());
        if (listing.size() >= 0) {
            b.property("size", listing.size());
        }
        if (listing.digest() != null) {
            b.digest(listing.digest());
        }
        return b;
    }

    /** {@code cell 3 (id a1b2), line 2: reads hf model org/x — model = AutoModel.from_pretrained("org/x")}. */
    static String evidence(LineageHints.Cell cell, LineageHints.Hint hint) {
        String[] lines = cell.source().split("\n", -1);
        String line = hint.line() >= 1 && hint.line() <= lines.length ? lines[hint.line() - 1].strip() : "";
        String quote;
        if (Secrets.looksLikeSecret(line)) {
            quote = "(the line is not quoted: it looks like it holds a credential)";
        } else {
            quote = line.length() <= MAX_QUOTE ? line : line.substring(0, MAX_QUOTE - 1) + "…";
        }
        return "cell " + cell.index() + (cell.id() == null ? "" : " (id " + cell.id() + ")") + ", line " + hint.line() + ": "
                + hint.phrase() + (quote.isEmpty() ? "" : " — " + quote);
    }

    /** The first {@code #} heading of a markdown cell, without its hashes; null when none or when it looks like a credential. */
    private static String heading(String markdown) {
        for (String line : markdown.split("\n")) {
            String s = line.strip();
            if (s.startsWith("#")) {
                String title = s.replaceFirst("^#+\\s*", "").strip();
                if (title.isEmpty() || Secrets.looksLikeSecret(title)) {
                    return null;
                }
                return title.length() <= 200 ? title : title.substring(0, 199) + "…";
            }
        }
        return null;
    }

    /** A string, or a list of strings concatenated (nbformat allows both); anything else is empty. */
    static String joined(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        StringBuilder out = new StringBuilder();
        if (node.isArray()) {
            for (JsonNode part : node) {
                if (part.isTextual()) {
                    out.append(part.asText());
                }
            }
        }
        return out.toString();
    }

    private static void property(Asset.Builder b, String key, String value) {
        if (value != null && !value.isBlank() && value.length() <= 256) {
            b.property(key, value);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
