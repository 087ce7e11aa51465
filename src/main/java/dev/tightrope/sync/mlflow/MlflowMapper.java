package dev.tightrope.sync.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Maps MLflow's REST shapes (RegisteredModel, ModelVersion, Run, LoggedModel) to assets, edges
 * and owner claims. No IO.
 *
 * <p>Identity: registered models and their versions take the URNs the OpenLineage convention
 * gives {@code mlflow://<host>/models/<name>[/<version>]} ({@code tr:model:openlineage:…},
 * {@code tr:model_version:openlineage:…}), so a training event naming a version and the registry's
 * own record are one asset. Runs ({@code tr:training_run:mlflow:<host>/runs/<id>}), logged models
 * ({@code tr:model_artifact:mlflow:<host>/logged-models/<id>}) and datasets without a URI are this
 * source's own. A run's dataset input whose source is a URI ({@code s3://bucket/path}) is the
 * OpenLineage dataset of that URI ({@code tr:dataset:openlineage:s3://bucket/path}); one from the
 * Hugging Face Hub is the {@code huggingface} connector's dataset: this source only adds edges to
 * those and leaves their description to the sources that describe them.
 *
 * <p>The mapper remembers which versions each run produced and each model's aliases, so feed it
 * registered models, then versions, then runs.
 */
final class MlflowMapper {

    static final String TYPE = "mlflow";
    static final String OPENLINEAGE = "openlineage";
    /** Version tags whose value is the version's content digest ({@code sha256:<hex>}), in order of preference. */
    static final List<String> DIGEST_TAGS = List.of("model.digest", "digest");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,63}");
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("(sha256:)?[0-9a-fA-F]{64}");
    private static final Pattern URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]{0,31}://[^/\\s]+/\\S+");
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");
    private static final int MAX_NAME = 256;
    private static final int MAX_KEYS = 200;
    private static final JsonLimits SOURCE_LIMITS = new JsonLimits(16, 16_384, JsonLimits.LONGEST_PLAIN_NUMBER, 64 * 1024);
    /** Run tags with a name of their own; other {@code mlflow.*} tags are MLflow's bookkeeping and are left out. */
    private static final Map<String, String> RUN_TAGS = Map.of(
            "mlflow.source.git.commit", "git.commit",
            "mlflow.source.git.repoURL", "git.repo",
            "mlflow.source.git.branch", "git.branch",
            "mlflow.source.name", "source.name",
            "mlflow.source.type", "source.type",
            "mlflow.user", "user",
            "mlflow.parentRunId", "parent_run_id",
            "mlflow.databricks.notebookPath", "source.notebook");

    private final String host;
    private final String ui;
    private final UntrustedJson sourceJson = UntrustedJson.withLimits(SOURCE_LIMITS);
    /** model name → version → its aliases, from the registered models' {@code aliases}. */
    private final Map<String, Map<String, Set<String>>> aliases = new HashMap<>();
    /** run id → the versions it produced. */
    private final Map<String, List<Urn>> producedBy = new java.util.LinkedHashMap<>();
    /** A version's run → the experiment its {@code source} names ({@code <artifact root>/<experiment id>/<run id>/artifacts/…}). */
    private final Map<String, String> experimentOfRun = new java.util.LinkedHashMap<>();
    /** The logged models versions were registered from, the runs emitted and their experiments. */
    private final Set<String> loggedModels = new LinkedHashSet<>();
    private final Set<String> runs = new java.util.HashSet<>();
    private final Set<String> experiments = new TreeSet<>();

    /**
     * @param host the tracking server's host (and port when not the default), as the convention names it
     * @param ui   the server's web address for source links, without a trailing slash
     */
    MlflowMapper(String host, String ui) {
        this.host = host;
        this.ui = ui;
    }

    Urn model(String name) {
        return Urn.of(AssetKind.MODEL, OPENLINEAGE, "mlflow://" + host + "/models/" + name);
    }

    Urn version(String name, String version) {
        return Urn.of(AssetKind.MODEL_VERSION, OPENLINEAGE, "mlflow://" + host + "/models/" + name + "/" + version);
    }

    Urn run(String runId) {
        return Urn.of(AssetKind.TRAINING_RUN, TYPE, host + "/runs/" + runId);
    }

    Urn loggedModel(String modelId) {
        return Urn.of(AssetKind.MODEL_ARTIFACT, TYPE, host + "/logged-models/" + modelId);
    }

    /** A registered model's name, checked: it becomes part of URNs and of request filters. */
    static String modelName(JsonNode node, String what) {
        String name = text(node, "name");
        if (name == null || name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " has no valid \"name\"" + (name == null ? "" : " (" + abbreviate(name) + ")"));
        }
        return name;
    }

    /** A run id, checked, or null when the version names none. */
    static String runId(JsonNode node) {
        String id = text(node, "run_id");
        if (id == null || id.isBlank()) {
            return null;
        }
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("run_id is not an MLflow run id: " + abbreviate(id));
        }
        return id;
    }

    /** One RegisteredModel. Throws IllegalArgumentException for a record it cannot read. */
    void emitModel(JsonNode rm, RecordSink sink) {
        String name = modelName(rm, "a registered model");
        Urn urn = model(name);
        Map<String, Set<String>> byVersion = new HashMap<>();
        List<String> aliasList = new ArrayList<>();
        for (JsonNode a : rm.path("aliases")) {
            String alias = text(a, "alias");
            String version = text(a, "version");
            if (alias != null && version != null && VERSION.matcher(version).matches()) {
                byVersion.computeIfAbsent(version, v -> new TreeSet<>()).add(alias);
                aliasList.add(alias + "=" + version);
            }
        }
        aliases.put(name, byVersion);
        Map<String, String> tags = keyValues(rm.path("tags"));
        Asset.Builder b = Asset.builder(urn, name)
                .description(text(rm, "description"))
                .sourceRef(ui + "/#/models/" + encode(name))
                .tags(tagList(tags, aliasList.stream().map(a -> "alias:" + a).toList()));
        property(b, "name", name);
        property(b, "user_id", text(rm, "user_id"));
        property(b, "created", time(rm.path("creation_timestamp")));
        property(b, "last_updated", time(rm.path("last_updated_timestamp")));
        property(b, "aliases", aliasList.isEmpty() ? null : String.join(", ", aliasList));
        tags.forEach((k, v) -> property(b, "tag." + k, v));
        sink.asset(b.build());
        owners(urn, text(rm, "user_id"), tags, sink);
    }

    /** One ModelVersion. Throws IllegalArgumentException for a record it cannot read. */
    void emitVersion(JsonNode mv, RecordSink sink, String location) {
        String name = modelName(mv, "a model version");
        String version = text(mv, "version");
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("model version of " + abbreviate(name) + " has no valid \"version\"");
        }
        Urn urn = version(name, version);
        Set<String> versionAliases = new TreeSet<>(strings(mv.path("aliases")));
        versionAliases.addAll(aliases.getOrDefault(name, Map.of()).getOrDefault(version, Set.of()));
        Map<String, String> tags = keyValues(mv.path("tags"));
        String stage = text(mv, "current_stage");
        boolean staged = stage != null && !stage.isBlank() && !stage.equalsIgnoreCase("None");
        String status = text(mv, "status");
        List<String> extra = new ArrayList<>();
        versionAliases.forEach(a -> extra.add("alias:" + a));
        if (staged) {
            extra.add("mlflow.stage:" + stage);
        }
        if (status != null && !status.equals("READY")) {
            extra.add("mlflow.status:" + status);
        }
        Asset.Builder b = Asset.builder(urn, version.chars().allMatch(Character::isDigit) ? name + " v" + version : name + " " + version)
                .description(text(mv, "description"))
                .sourceRef(ui + "/#/models/" + encode(name) + "/versions/" + version)
                .tags(tagList(tags, extra));
        property(b, "model", name);
        property(b, "version", version);
        property(b, "status", status);
        property(b, "status_message", text(mv, "status_message"));
        property(b, "stage", staged ? stage : null);
        property(b, "aliases", versionAliases.isEmpty() ? null : String.join(", ", versionAliases));
        property(b, "source", text(mv, "source"));
        property(b, "run_link", text(mv, "run_link"));
        property(b, "user_id", text(mv, "user_id"));
        property(b, "created", time(mv.path("creation_timestamp")));
        property(b, "last_updated", time(mv.path("last_updated_timestamp")));
        tags.forEach((k, v) -> property(b, "tag." + k, v));
        for (String key : DIGEST_TAGS) {
            String value = tags.get(key);
            if (value == null) {
                continue;
            }
            if (SHA256.matcher(value.strip()).matches()) {
                b.digest(Digest.parse(value.strip().toLowerCase(Locale.ROOT)));
            } else {
                sink.problem(new Problem(location, name + " v" + version + ": tag " + key + " is not a sha256 digest (sha256:<64 hex digits>): "
                        + abbreviate(value) + "; imported without a digest"));
            }
            break;
        }
        String runId = runId(mv);
        property(b, "run_id", runId);
        String modelId = text(mv, "model_id");
        boolean logged = modelId != null && ID.matcher(modelId).matches();
        property(b, "model_id", logged ? modelId : null);
        sink.asset(b.build());
        sink.edge(new Edge(model(name), urn, EdgeType.VERSION_OF));
        if (runId != null) {
            sink.edge(new Edge(run(runId), urn, EdgeType.PRODUCED_BY));
            producedBy.computeIfAbsent(runId, r -> new ArrayList<>(1)).add(urn);
            String experiment = experimentInSource(text(mv, "source"), runId);
            if (experiment != null) {
                experimentOfRun.putIfAbsent(runId, experiment);
            }
        }
        if (logged) {
            loggedModels.add(modelId);
            sink.edge(new Edge(urn, loggedModel(modelId), EdgeType.PART_OF));
        }
        owners(urn, text(mv, "user_id"), tags, sink);
    }

    /** The run ids of the versions seen so far. */
    Set<String> runsOfVersions() {
        return producedBy.keySet();
    }

    /**
     * The experiment id a version's {@code source} names for its run, in MLflow's default artifact
     * layout {@code <artifact root>/<experiment id>/<run id>/artifacts/<path>}; null when the
     * source has another shape (a hint for reading runs in batches, never an asserted fact).
     */
    static String experimentInSource(String source, String runId) {
        if (source == null || runId == null) {
            return null;
        }
        int at = source.indexOf("/" + runId + "/artifacts");
        if (at <= 0) {
            return null;
        }
        int start = source.lastIndexOf('/', at - 1);
        String experiment = source.substring(start + 1, at);
        return experiment.matches("\\d{1,19}") ? experiment : null;
    }

    /** The experiment each version's run is in, as far as the versions' sources say. */
    Map<String, String> experimentsOfVersionRuns() {
        return experimentOfRun;
    }

    /** True when the run was emitted already (read by a search and named by a version too). */
    boolean runEmitted(String runId) {
        return runs.contains(runId);
    }

    /** The logged models the versions seen so far were registered from. */
    Set<String> loggedModelsOfVersions() {
        return loggedModels;
    }

    /** The experiments of the runs emitted so far. */
    Set<String> experimentsOfRuns() {
        return experiments;
    }

    /** One Run ({@code {info, data, inputs, outputs}}). Throws IllegalArgumentException for a record it cannot read. */
    void emitRun(JsonNode run, RecordSink sink) {
        JsonNode info = run.path("info");
        String runId = text(info, "run_id") != null ? text(info, "run_id") : text(info, "run_uuid");
        if (runId == null || !ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("a run has no valid info.run_id" + (runId == null ? "" : " (" + abbreviate(runId) + ")"));
        }
        Urn urn = run(runId);
        JsonNode data = run.path("data");
        Map<String, String> tags = keyValues(data.path("tags"));
        String runName = text(info, "run_name") != null ? text(info, "run_name") : tags.get("mlflow.runName");
        String experiment = text(info, "experiment_id");
        Asset.Builder b = Asset.builder(urn, runName != null && !runName.isBlank() ? runName : runId.substring(0, Math.min(8, runId.length())))
                .description(tags.get("mlflow.note.content"))
                .sourceRef(experiment == null ? null : ui + "/#/experiments/" + encode(experiment) + "/runs/" + runId);
        property(b, "run_id", runId);
        property(b, "experiment_id", experiment);
        property(b, "state", text(info, "status"));
        property(b, "lifecycle_stage", text(info, "lifecycle_stage"));
        property(b, "user_id", text(info, "user_id"));
        property(b, "startTime", time(info.path("start_time")));
        property(b, "endTime", time(info.path("end_time")));
        property(b, "artifact_uri", text(info, "artifact_uri"));
        int n = 0;
        for (JsonNode p : data.path("params")) {
            if (n++ < MAX_KEYS && text(p, "key") != null && p.path("value").isValueNode()) {
                property(b, "param." + text(p, "key"), p.path("value").asText());
            }
        }
        n = 0;
        for (JsonNode m : data.path("metrics")) {
            if (n++ < MAX_KEYS && text(m, "key") != null && m.path("value").isNumber()) {
                property(b, "metric." + text(m, "key"), m.path("value").asText());
            }
        }
        List<String> plainTags = new ArrayList<>();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String named = RUN_TAGS.get(t.getKey());
            if (named != null) {
                property(b, named, t.getValue());
            } else if (!t.getKey().startsWith("mlflow.")) {
                property(b, "tag." + t.getKey(), t.getValue());
                plainTags.add(t.getValue().isEmpty() ? t.getKey() : t.getKey() + ":" + t.getValue());
            }
        }
        b.tags(plainTags.size() > 64 ? plainTags.subList(0, 64) : plainTags);

        List<Urn> versions = producedBy.getOrDefault(runId, List.of());
        List<String> inputs = new ArrayList<>();
        for (JsonNode input : run.path("inputs").path("dataset_inputs")) {
            JsonNode ds = input.path("dataset");
            String dsName = text(ds, "name");
            if (dsName == null || dsName.isBlank()) {
                continue;
            }
            String context = keyValues(input.path("tags")).get("mlflow.data.context");
            boolean training = context == null || context.equalsIgnoreCase("training") || context.equalsIgnoreCase("train");
            Urn dataset = dataset(ds, sink);
            inputs.add(dsName + (context == null ? "" : " (" + context + ")") + " " + dataset.nativeId());
            sink.edge(new Edge(dataset, urn, training ? EdgeType.TRAINED_ON : EdgeType.READS));
            if (training) {
                for (Urn v : versions) {
                    sink.edge(new Edge(dataset, v, EdgeType.TRAINED_ON));
                }
            }
        }
        property(b, "inputs", inputs.isEmpty() ? null : String.join("\n", inputs));
        for (JsonNode out : run.path("outputs").path("model_outputs")) {
            String modelId = text(out, "model_id");
            if (modelId != null && ID.matcher(modelId).matches()) {
                sink.edge(new Edge(urn, loggedModel(modelId), EdgeType.PRODUCED_BY));
            }
        }
        sink.asset(b.build());
        runs.add(runId);
        if (experiment != null && ID.matcher(experiment).matches()) {
            experiments.add(experiment);
        }
        String user = tags.get("mlflow.user") != null ? tags.get("mlflow.user") : text(info, "user_id");
        owners(urn, user, tags, sink);
    }

    /**
     * A dataset input's asset: the URI's OpenLineage dataset, a Hub dataset, or (no URI) this
     * source's own dataset, emitted here.
     */
    private Urn dataset(JsonNode ds, RecordSink sink) {
        String name = text(ds, "name");
        String digest = text(ds, "digest");
        String sourceType = text(ds, "source_type");
        String uri = null;
        String path = null;
        String source = text(ds, "source");
        if (source != null) {
            try {
                JsonNode s = sourceJson.read(source.getBytes(StandardCharsets.UTF_8));
                uri = text(s, "uri") != null ? text(s, "uri") : text(s, "url");
                path = text(s, "path");
            } catch (IOException notJson) {
                uri = source; // some sources save the URI itself
            }
        }
        if ("huggingface".equalsIgnoreCase(sourceType) && path != null && HUB_ID.matcher(path).matches()) {
            return Urn.of(AssetKind.DATASET, "huggingface", "huggingface.co/datasets/" + path);
        }
        String location = uri != null ? uri : path;
        if (location != null && URI.matcher(location).matches()) {
            String id = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
            return Urn.of(AssetKind.DATASET, OPENLINEAGE, id);
        }
        Urn urn = Urn.of(AssetKind.DATASET, TYPE, host + "/datasets/" + name + (digest == null ? "" : "@" + digest));
        Asset.Builder b = Asset.builder(urn, name);
        property(b, "digest", digest);
        property(b, "source_type", sourceType);
        property(b, "source", location);
        property(b, "profile", text(ds, "profile"));
        sink.asset(b.build());
        return urn;
    }

    /** The id of a LoggedModel ({@code {info, data}}), checked. */
    static String loggedModelId(JsonNode lm) {
        String id = text(lm.path("info"), "model_id");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a logged model has no valid info.model_id");
        }
        return id;
    }

    /** One LoggedModel ({@code {info, data}}). Throws IllegalArgumentException for a record it cannot read. */
    void emitLoggedModel(JsonNode lm, RecordSink sink) {
        JsonNode info = lm.path("info");
        String id = loggedModelId(lm);
        Urn urn = loggedModel(id);
        Map<String, String> tags = keyValues(info.path("tags"));
        String name = text(info, "name");
        Asset.Builder b = Asset.builder(urn, name == null || name.isBlank() ? id : name)
                .sourceRef(text(info, "experiment_id") == null ? null
                        : ui + "/#/experiments/" + encode(text(info, "experiment_id")) + "/models/" + id);
        property(b, "model_id", id);
        property(b, "experiment_id", text(info, "experiment_id"));
        property(b, "status", text(info, "status"));
        property(b, "model_type", text(info, "model_type"));
        property(b, "artifact_uri", text(info, "artifact_uri"));
        property(b, "created", time(info.path("creation_timestamp_ms")));
        tags.forEach((k, v) -> property(b, "tag." + k, v));
        for (String key : DIGEST_TAGS) {
            String value = tags.get(key);
            if (value != null && SHA256.matcher(value.strip()).matches()) {
                b.digest(Digest.parse(value.strip().toLowerCase(Locale.ROOT)));
                break;
            }
        }
        sink.asset(b.build());
        String runId = text(info, "source_run_id");
        if (runId != null && ID.matcher(runId).matches()) {
            sink.edge(new Edge(run(runId), urn, EdgeType.PRODUCED_BY));
        }
    }

    /** {@code user_id} and the owner-ish tags ({@code owner}, {@code team}, {@code business_owner}, {@code steward}). */
    private static void owners(Urn urn, String user, Map<String, String> tags, RecordSink sink) {
        Set<String> seen = new LinkedHashSet<>();
        claim(urn, user, OwnerRole.TECHNICAL_OWNER, seen, sink);
        for (String owner : split(tags.get("owner"))) {
            claim(urn, owner, OwnerRole.TECHNICAL_OWNER, seen, sink);
        }
        for (String team : split(tags.get("team"))) {
            claim(urn, team.contains(":") ? team : "team:" + team, OwnerRole.TECHNICAL_OWNER, seen, sink);
        }
        for (String owner : split(tags.get("business_owner"))) {
            claim(urn, owner, OwnerRole.BUSINESS_OWNER, seen, sink);
        }
        for (String owner : split(tags.get("steward"))) {
            claim(urn, owner, OwnerRole.STEWARD, seen, sink);
        }
    }

    private static void claim(Urn urn, String owner, OwnerRole role, Set<String> seen, RecordSink sink) {
        if (owner != null && !owner.isBlank() && owner.length() <= 256 && seen.add(owner.strip() + "/" + role)) {
            sink.owner(OwnerClaim.fromSource(urn, owner, null, role));
        }
    }

    private static List<String> split(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    /** MLflow's {@code [{"key","value"}]} lists, in order, the first of each key; at most 200. */
    static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode kv : list) {
            String key = text(kv, "key");
            if (key != null && !key.isBlank() && out.size() < MAX_KEYS && !out.containsKey(key)) {
                out.put(key.strip(), kv.path("value").isValueNode() && !kv.path("value").isNull() ? kv.path("value").asText() : "");
            }
        }
        return out;
    }

    /** Tags as {@code key:value} (the OpenLineage connector's form), the extra ones first; at most 64, each at most 200 characters. */
    private static List<String> tagList(Map<String, String> tags, List<String> extra) {
        List<String> out = new ArrayList<>(extra);
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!t.getKey().startsWith("mlflow.") && !DIGEST_TAGS.contains(t.getKey())) {
                String v = t.getValue().strip();
                out.add(v.isEmpty() || v.equalsIgnoreCase("true") ? t.getKey() : t.getKey() + ":" + v);
            }
        }
        return out.stream().filter(t -> t.length() <= 200).limit(64).toList();
    }

    /** Epoch milliseconds (a number, or a string as some proxies re-encode int64) as an ISO instant. */
    static String time(JsonNode millis) {
        long ms;
        if (millis.isIntegralNumber()) {
            ms = millis.asLong();
        } else if (millis.isTextual() && millis.asText().matches("\\d{1,15}")) {
            ms = Long.parseLong(millis.asText());
        } else {
            return null;
        }
        return ms <= 0 ? null : Instant.ofEpochMilli(ms).toString();
    }

    private static void property(Asset.Builder b, String key, String value) {
        if (value != null && !value.isBlank()) {
            b.property(key, value);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "…";
    }

    /** A string or a list of strings; anything else is empty. */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }
}
