package dev.tightrope.sync.jupyter;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Urn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * What a notebook's code says it reads and writes, from string literals in known calls (read by
 * {@link PythonCalls}, never run). Each hint names its target with the URN the source that
 * describes it uses, so the edges join:
 *
 * <ul>
 *   <li>Hugging Face models and datasets ({@code from_pretrained}, {@code pipeline(model=…)},
 *       {@code SentenceTransformer}, {@code hf_hub_download}, {@code snapshot_download},
 *       {@code load_dataset("org/name")}): the {@code huggingface} connector's
 *       {@code tr:model:huggingface:<hub>/<id>} (or {@code tr:model_version:…@<sha>} for a pinned
 *       40-hex revision) and {@code tr:dataset:huggingface:<hub>/datasets/<id>};</li>
 *   <li>storage URIs ({@code pd.read_parquet("s3://bucket/key")}, {@code read_csv}, Spark's
 *       {@code read.parquet}, {@code load_dataset("parquet", data_files="gs://…")}, and
 *       {@code to_parquet} / {@code to_csv} as writes): the OpenLineage dataset of the URI,
 *       {@code tr:dataset:openlineage:<scheme>://<authority>/<path>} (namespace
 *       {@code scheme://authority}, name the path; a trailing {@code /}, query and fragment
 *       dropped; a URI with credentials in it is not named at all);</li>
 *   <li>MLflow registered models ({@code mlflow.register_model(uri, "name")},
 *       {@code mlflow.<flavor>.log_model(…, registered_model_name="name")}): the registry's
 *       {@code tr:model:openlineage:mlflow://<tracking host>/models/<name>}, the tracking host
 *       taken from a {@code mlflow.set_tracking_uri("…")} literal, an
 *       {@code os.environ["MLFLOW_TRACKING_URI"] = "…"} assignment or {@code %env} line (the
 *       latest one before the call, else the notebook's first), or the source's
 *       {@code mlflow-host} setting; without any, no edge;</li>
 *   <li>files relative to the notebook ({@code read_csv("data/x.csv")}, {@code torch.save(m,
 *       "model.pt")}): this source's {@code tr:dataset:jupyter:<server>/<path>} and
 *       {@code tr:model_artifact:jupyter:<server>/<path>}, resolved against the notebook's folder;
 *       absolute paths and paths that climb out of the root are not named.</li>
 * </ul>
 */
final class LineageHints {

    static final String HF = "huggingface";
    static final String OPENLINEAGE = "openlineage";

    /** One inferred edge: its target, the edge type, whether the notebook is upstream (it writes the target), and a phrase for the evidence. */
    record Hint(Urn target, EdgeType type, boolean notebookUpstream, String phrase, int line) {
    }

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");
    private static final Pattern URI = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]{0,31})://([^/\\s?#]+)(/[^\\s?#]*)?([?#]\\S*)?");
    private static final Pattern REVISION_SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern ENV_MAGIC = Pattern.compile("%env\\s+MLFLOW_TRACKING_URI\\s*[= ]\\s*(\\S+)");
    private static final Pattern MLFLOW_HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?");
    private static final Set<String> READERS = Set.of("read_parquet", "read_csv", "read_json", "read_feather", "read_orc",
            "read_table", "read_excel", "read_delta", "scan_parquet", "scan_csv");
    private static final Set<String> WRITERS = Set.of("to_parquet", "to_csv", "to_json", "to_feather", "to_orc", "write_parquet", "write_csv");
    private static final Set<String> SPARK_READS = Set.of("parquet", "csv", "json", "orc", "load", "text");
    private static final Set<String> DATASET_BUILDERS = Set.of("parquet", "csv", "json", "text", "arrow", "imagefolder", "audiofolder",
            "webdataset", "pandas", "xml", "sql", "generator");

    private final String server;
    private final String hub;
    private final String mlflowFallback;

    /**
     * @param server         this source's native-id prefix for files beside the notebooks
     * @param hub            the Hugging Face host models are named on ({@code huggingface.co})
     * @param mlflowFallback the MLflow tracking host when a notebook names none, or null
     */
    LineageHints(String server, String hub, String mlflowFallback) {
        this.server = server;
        this.hub = hub;
        this.mlflowFallback = mlflowFallback;
    }

    /** A notebook's code cells in order; {@code folder} is the notebook's folder relative to the root ("" at the root). */
    record Cell(int index, String id, String source, PythonCalls.Reading reading) {
    }

    /** The hints of every cell, in order, with the cell each came from. */
    record Found(Cell cell, Hint hint) {
    }

    List<Found> read(List<Cell> cells, String folder) {
        List<List<Located>> perCell = new ArrayList<>();
        String firstTracking = null;
        for (Cell c : cells) {
            List<Located> events = events(c.reading());
            perCell.add(events);
            if (firstTracking == null) {
                firstTracking = events.stream().map(Located::tracking).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            }
        }
        String tracking = null;
        List<Found> out = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            for (Located e : perCell.get(i)) {
                if (e.tracking() != null) {
                    tracking = e.tracking();
                    continue;
                }
                String host = tracking != null ? tracking : firstTracking != null ? firstTracking : mlflowFallback;
                for (Hint h : hints(e.call(), folder, host)) {
                    out.add(new Found(cells.get(i), h));
                }
            }
        }
        return out;
    }

    /** A call, or a tracking server named on that line. */
    private record Located(int line, PythonCalls.Call call, String tracking) {
    }

    /** The cell's calls and the MLflow tracking hosts it sets, in line order. */
    private static List<Located> events(PythonCalls.Reading r) {
        List<Located> events = new ArrayList<>();
        for (PythonCalls.Call call : r.calls()) {
            if (call.callee().endsWith("set_tracking_uri") && call.callee().contains("mlflow")) {
                tracking(events, trackingHost(call.literal(0, "uri")), call.line());
            } else if (call.callee().endsWith("environ.setdefault") && "MLFLOW_TRACKING_URI".equals(call.literal(0, "key"))) {
                tracking(events, trackingHost(call.literal(1, "value")), call.line());
            } else {
                events.add(new Located(call.line(), call, null));
            }
        }
        for (PythonCalls.SubscriptAssignment a : r.assignments()) {
            if (a.target().endsWith("environ") && a.key().equals("MLFLOW_TRACKING_URI")) {
                tracking(events, trackingHost(a.value()), a.line());
            }
        }
        for (PythonCalls.Magic m : r.magics()) {
            java.util.regex.Matcher env = ENV_MAGIC.matcher(m.text());
            if (env.matches()) {
                tracking(events, trackingHost(env.group(1)), m.line());
            }
        }
        events.sort(java.util.Comparator.comparingInt(Located::line));
        return events;
    }

    private static void tracking(List<Located> events, String host, int line) {
        if (host != null) {
            events.add(new Located(line, null, host));
        }
    }

    /** The tracking server's host (and port when not the default), as the MLflow connector names it; null for anything but an http(s) URL. */
    static String trackingHost(String uri) {
        if (uri == null) {
            return null;
        }
        HttpUrl url = HttpUrl.parse(uri.strip());
        if (url == null || !url.username().isEmpty() || !url.password().isEmpty()) {
            return null;
        }
        String host = url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port());
        return MLFLOW_HOST.matcher(host).matches() ? host : null;
    }

    private List<Hint> hints(PythonCalls.Call call, String folder, String mlflowHost) {
        String method = call.method();
        String callee = call.callee();
        List<Hint> out = new ArrayList<>();
        switch (method) {
            case "from_pretrained" -> {
                boolean peft = callee.contains("Peft");
                String id = peft ? call.literal(1, "model_id") : call.literal(0, "pretrained_model_name_or_path");
                hubModel(id, call.literal(-1, "revision"), call.line(), out);
            }
            case "pipeline" -> {
                if (callee.equals("pipeline") || callee.equals("transformers.pipeline")) {
                    hubModel(call.literal(-1, "model"), call.literal(-1, "revision"), call.line(), out);
                }
            }
            case "SentenceTransformer" -> hubModel(call.literal(0, "model_name_or_path"), call.literal(-1, "revision"), call.line(), out);
            case "hf_hub_download", "snapshot_download" -> {
                String repo = call.literal(0, "repo_id");
                String type = call.literal(-1, "repo_type");
                if (call.hasKeyword("repo_type") && type == null) {
                    break; // a repo type we cannot read: neither a model nor a dataset is claimed
                }
                if ("dataset".equals(type)) {
                    hubDataset(repo, call.line(), out);
                } else if (type == null || "model".equals(type)) {
                    hubModel(repo, call.literal(-1, "revision"), call.line(), out);
                }
            }
            case "load_dataset" -> {
                String path = call.literal(0, "path");
                if (path == null) {
                    break;
                }
                if (DATASET_BUILDERS.contains(path)) {
                    dataset(call.literal(-1, "data_files"), false, folder, call.line(), out);
                } else if (!path.startsWith(".") && !path.startsWith("/") && REPO_ID.matcher(path).matches() && !path.contains("..")) {
                    hubDataset(path, call.line(), out);
                } else {
                    dataset(path, false, folder, call.line(), out);
                }
            }
            case "register_model" -> {
                if (callee.startsWith("mlflow")) {
                    mlflowModel(call.literal(1, "name"), mlflowHost, call.line(), out);
                }
            }
            case "log_model" -> {
                if (callee.startsWith("mlflow.")) {
                    mlflowModel(call.literal(-1, "registered_model_name"), mlflowHost, call.line(), out);
                }
            }
            case "save" -> {
                if (callee.equals("torch.save")) {
                    file(call.literal(1, "f"), AssetKind.MODEL_ARTIFACT, true, folder, "writes model file", call.line(), out);
                }
            }
            default -> {
                if (READERS.contains(method)) {
                    dataset(call.literal(0, "path", "filepath_or_buffer", "io", "source", "table_uri"), false, folder, call.line(), out);
                } else if (WRITERS.contains(method)) {
                    dataset(call.literal(0, "path", "path_or_buf", "file"), true, folder, call.line(), out);
                } else if (SPARK_READS.contains(method) && callee.endsWith("read." + method)) {
                    dataset(call.literal(0, "path"), false, folder, call.line(), out);
                }
            }
        }
        return out;
    }

    private void hubModel(String id, String revision, int line, List<Hint> out) {
        if (!hubId(id)) {
            return;
        }
        if (revision != null && REVISION_SHA.matcher(revision).matches()) {
            out.add(new Hint(Urn.of(AssetKind.MODEL_VERSION, HF, hub + "/" + id + "@" + revision), EdgeType.READS, false,
                    "reads hf model " + id + "@" + revision.substring(0, 7), line));
        } else {
            out.add(new Hint(Urn.of(AssetKind.MODEL, HF, hub + "/" + id), EdgeType.READS, false, "reads hf model " + id, line));
        }
    }

    private void hubDataset(String id, int line, List<Hint> out) {
        if (hubId(id)) {
            out.add(new Hint(Urn.of(AssetKind.DATASET, HF, hub + "/datasets/" + id), EdgeType.READS, false, "reads hf dataset " + id, line));
        }
    }

    private static boolean hubId(String id) {
        return id != null && REPO_ID.matcher(id).matches() && !id.contains("..") && !Secrets.looksLikeSecret(id);
    }

    private void mlflowModel(String name, String host, int line, List<Hint> out) {
        if (name == null || host == null || name.isBlank() || name.length() > 256 || name.contains("/")
                || name.chars().anyMatch(Character::isISOControl) || Secrets.looksLikeSecret(name)) {
            return;
        }
        out.add(new Hint(Urn.of(AssetKind.MODEL, OPENLINEAGE, "mlflow://" + host + "/models/" + name), EdgeType.PRODUCED_BY, true,
                "registers mlflow model " + name + " on " + host, line));
    }

    /** A storage URI (the OpenLineage dataset) or a path beside the notebook (this source's file). */
    private void dataset(String location, boolean writes, String folder, int line, List<Hint> out) {
        if (location == null || location.isBlank() || Secrets.looksLikeSecret(location)) {
            return;
        }
        java.util.regex.Matcher uri = URI.matcher(location.strip());
        if (uri.matches()) {
            String authority = uri.group(2);
            if (authority.contains("@")) {
                return; // credentials in the URI: never named, never stored
            }
            String path = uri.group(3) == null ? "" : uri.group(3);
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (path.isEmpty()) {
                return; // a bucket alone names no dataset
            }
            String id = uri.group(1).toLowerCase(Locale.ROOT) + "://" + authority + path;
            out.add(new Hint(Urn.of(AssetKind.DATASET, OPENLINEAGE, id), writes ? EdgeType.PRODUCED_BY : EdgeType.READS, writes,
                    (writes ? "writes dataset " : "reads dataset ") + id, line));
            return;
        }
        if (location.contains("://")) {
            return;
        }
        file(location, AssetKind.DATASET, writes, folder, writes ? "writes file" : "reads file", line, out);
    }

    private void file(String path, AssetKind kind, boolean writes, String folder, String verb, int line, List<Hint> out) {
        if (path == null || path.isBlank() || Secrets.looksLikeSecret(path)) {
            return;
        }
        String resolved = resolve(folder, path.strip());
        if (resolved == null) {
            return;
        }
        out.add(new Hint(Urn.of(kind, JupyterConnector.TYPE, server + "/" + resolved), writes ? EdgeType.PRODUCED_BY : EdgeType.READS, writes,
                verb + " " + resolved, line));
    }

    /** {@code path} against the notebook's folder, normalised; null when absolute, home-relative or climbing out of the root. */
    static String resolve(String folder, String path) {
        if (path.startsWith("/") || path.startsWith("~") || path.startsWith("\\") || path.matches("[A-Za-z]:.*")
                || path.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String s : (folder.isEmpty() ? path : folder + "/" + path).split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(s);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}
