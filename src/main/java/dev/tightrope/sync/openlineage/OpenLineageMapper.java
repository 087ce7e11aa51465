package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.tightrope.sync.openlineage.MergedLineage.DatasetKey;
import dev.tightrope.sync.openlineage.MergedLineage.DatasetState;
import dev.tightrope.sync.openlineage.MergedLineage.Entity;
import dev.tightrope.sync.openlineage.MergedLineage.Fields;
import dev.tightrope.sync.openlineage.MergedLineage.JobKey;
import dev.tightrope.sync.openlineage.MergedLineage.JobState;
import dev.tightrope.sync.openlineage.MergedLineage.RunState;
import dev.tightrope.sync.openlineage.MergedLineage.Stamped;
import dev.tightrope.sync.openlineage.OpenLineageEvent.DatasetEvent;
import dev.tightrope.sync.openlineage.OpenLineageEvent.DatasetRef;
import dev.tightrope.sync.openlineage.OpenLineageEvent.JobEvent;
import dev.tightrope.sync.openlineage.OpenLineageEvent.JobRef;
import dev.tightrope.sync.openlineage.OpenLineageEvent.RunEvent;
import dev.tightrope.sync.openlineage.OpenLineageNaming.Classified;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Maps OpenLineage events to Tightrope assets, edges and owners, merging everything the events
 * say about each job, run and dataset so each asset is emitted once with the latest information
 * per field (by eventTime; events with equal times: the one read later). No IO.
 *
 * <h2>The Tightrope convention for OpenLineage</h2>
 *
 * <p><b>Jobs</b> become {@link AssetKind#PIPELINE} {@code tr:pipeline:openlineage:<namespace>/<name>}.
 * Facets: {@code jobType} (processingType, integration, jobType properties), {@code sourceCodeLocation}
 * ({@code sourceCode.*} properties; an http(s) {@code url} becomes the asset's source link),
 * {@code ownership} (owners as technical owners, or business owner / steward when the owner's
 * {@code type} says so), {@code documentation} (description), {@code tags}, {@code sql}.
 *
 * <p><b>Runs</b> become {@link AssetKind#TRAINING_RUN} when their job's {@code jobType.jobType} is
 * {@code TRAINING}, otherwise {@link AssetKind#PIPELINE_RUN}: {@code tr:<kind>:openlineage:<runId>},
 * named {@code <job name> <nominal time or short run id>}. Properties: state (a later stage always
 * wins: an out-of-order START never undoes COMPLETE), startTime, endTime, duration, eventTime,
 * nominalTime, processingEngine, errorMessage, producer. Edges: job → run {@code INSTANCE_OF};
 * parent run → run {@code PART_OF} (the parent job and run are created from the parent facet if
 * no event describes them); input → run {@code READS} ({@code TRAINED_ON} for training runs);
 * run → output {@code PRODUCED_BY}. A run's owners are its job's (the ownership facet describes the job).
 *
 * <p><b>Datasets</b> are {@link AssetKind#DATASET} {@code tr:dataset:openlineage:<namespace>/<name>}
 * unless their namespace or type says otherwise:
 * <ul>
 *   <li>{@code mlflow://} with name {@code models/<model>/<version>}: {@link AssetKind#MODEL_VERSION},
 *       plus the {@link AssetKind#MODEL} {@code <namespace>/models/<model>} and model → version {@code VERSION_OF};</li>
 *   <li>{@code datasetType.datasetType} MODEL: a model version too (with a model when the last
 *       name segment looks like a version);</li>
 *   <li>{@code hf://}, {@code huggingface://}: {@link AssetKind#MODEL_VERSION} (a hub model, {@code @revision} kept);</li>
 *   <li>{@code oci://}, {@code docker://}: {@link AssetKind#CONTAINER_IMAGE}, its digest from an
 *       {@code @sha256:} suffix;</li>
 *   <li>{@code k8s://}, {@code sagemaker://}, {@code endpoint://}, {@code azureml://}, {@code vertex://}:
 *       {@link AssetKind#DEPLOYMENT}.</li>
 * </ul>
 * Facets: schema ({@code schema} as {@code name:type, ...} and {@code schema.fieldCount}),
 * dataSource, documentation, ownership, tags, symlinks, version (a {@code datasetVersion} of the
 * form {@code sha256:<hex>} is also the asset's content digest), datasetType, columnLineage
 * (summarised), storage, lifecycleStateChange, dataQualityAssertions; input facet
 * dataQualityMetrics and output facet outputStatistics. A facet marked {@code _deleted} clears
 * what it said. Facets this mapping does not know are ignored.
 *
 * <p><b>Direct edges</b> that make lineage readable (runs stay in the graph too): a run reading a
 * model version and outputting an image gives model version → image {@code PACKAGED_AS}; reading
 * an image and outputting a deployment gives image → deployment {@code DEPLOYED_AS}; a training
 * run gives dataset → model version {@code TRAINED_ON} and base model version → model version
 * {@code DERIVED_FROM} for each output model version.
 *
 * <p>Every asset's source reference is the {@code file:line} (or request) of the latest event that
 * described it, or the job's http(s) source code URL.
 */
public final class OpenLineageMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<List<String>>> PAIRS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final DateTimeFormatter RUN_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_TEXT = 16_000;
    private static final int MAX_STACK_TRACE = 4_000;

    private final MergedLineage state;

    public OpenLineageMapper() {
        this(new MergedLineage());
    }

    private OpenLineageMapper(MergedLineage state) {
        this.state = state;
    }

    /** Number of distinct jobs, runs and datasets merged so far. */
    public int size() {
        return state.size();
    }

    /** Merges one event; facets that cannot be read are reported and left out. */
    public void accept(OpenLineageEvent event, Consumer<Problem> problems) {
        Objects.requireNonNull(event, "event");
        Context ctx = new Context(event.location(), micros(event.eventTime()), problems);
        if (event instanceof RunEvent run) {
            acceptRun(run, ctx);
        } else if (event instanceof JobEvent job) {
            JobState declared = describeJob(job.job(), ctx);
            for (DatasetRef in : job.inputs()) {
                declared.declaredInputs.add(describeDataset(in, ctx).key);
            }
            for (DatasetRef out : job.outputs()) {
                declared.declaredOutputs.add(describeDataset(out, ctx).key);
            }
        } else if (event instanceof DatasetEvent dataset) {
            describeDataset(dataset.dataset(), ctx);
        }
    }

    private void acceptRun(RunEvent e, Context ctx) {
        JobState job = describeJob(e.job(), ctx);
        RunState run = state.run(e.runId());
        run.changed = true;
        run.observe(e.eventType(), ctx.at);
        run.fields.put("~jobNamespace", job.key.namespace(), ctx.at);
        run.fields.put("~jobName", job.key.name(), ctx.at);
        run.fields.put("~sourceRef", ctx.location, ctx.at);
        run.fields.put("producer", state.share(e.producer()), ctx.at);
        applyRunFacets(run, e.runFacets(), ctx);
        for (DatasetRef in : e.inputs()) {
            DatasetState ds = describeDataset(in, ctx);
            String subject = "input " + in.namespace() + "/" + in.name();
            facet(in.ioFacets(), "dataQualityMetrics", subject, ds.fields, ctx,
                    new String[] {"dataQuality.rowCount", "dataQuality.bytes", "dataQuality.fileCount", "dataQuality.columns"},
                    (f, out, notes) -> {
                        out.put("dataQuality.rowCount", number(f, "rowCount"));
                        out.put("dataQuality.bytes", number(f, "bytes"));
                        out.put("dataQuality.fileCount", number(f, "fileCount"));
                        ObjectNode columns = object(f, "columnMetrics");
                        out.put("dataQuality.columns", columns == null ? null : String.join(", ", iterable(columns.fieldNames())));
                    });
            run.inputs.add(ds.key);
        }
        for (DatasetRef out : e.outputs()) {
            DatasetState ds = describeDataset(out, ctx);
            String subject = "output " + out.namespace() + "/" + out.name();
            facet(out.ioFacets(), "outputStatistics", subject, ds.fields, ctx,
                    new String[] {"outputStatistics.rowCount", "outputStatistics.size", "outputStatistics.fileCount"},
                    (f, values, notes) -> {
                        values.put("outputStatistics.rowCount", number(f, "rowCount"));
                        values.put("outputStatistics.size", number(f, "size"));
                        values.put("outputStatistics.fileCount", number(f, "fileCount"));
                    });
            run.outputs.add(ds.key);
        }
    }

    private JobState describeJob(JobRef ref, Context ctx) {
        JobState job = state.job(ref.namespace(), ref.name());
        job.changed = true;
        job.fields.put("~sourceRef", ctx.location, ctx.at);
        String subject = "job " + ref.namespace() + "/" + ref.name();
        ObjectNode facets = ref.facets();
        facet(facets, "jobType", subject, job.fields, ctx, new String[] {"processingType", "integration", "jobType"},
                (f, out, notes) -> {
                    out.put("processingType", string(f, "processingType"));
                    out.put("integration", string(f, "integration"));
                    out.put("jobType", string(f, "jobType"));
                });
        String[] codeFields = {"type", "url", "repoUrl", "path", "version", "tag", "branch"};
        String[] codeKeys = new String[codeFields.length];
        for (int i = 0; i < codeFields.length; i++) {
            codeKeys[i] = "sourceCode." + codeFields[i];
        }
        facet(facets, "sourceCodeLocation", subject, job.fields, ctx, codeKeys, (f, out, notes) -> {
            for (String field : codeFields) {
                out.put("sourceCode." + field, string(f, field));
            }
        });
        facet(facets, "ownership", subject, job.fields, ctx, new String[] {"~owners"},
                (f, out, notes) -> out.put("~owners", owners(f, notes)));
        facet(facets, "documentation", subject, job.fields, ctx, new String[] {"~description"},
                (f, out, notes) -> out.put("~description", string(f, "description")));
        facet(facets, "tags", subject, job.fields, ctx, new String[] {"~tags"},
                (f, out, notes) -> out.put("~tags", tags(f, notes)));
        facet(facets, "sql", subject, job.fields, ctx, new String[] {"sql", "sql.dialect"}, (f, out, notes) -> {
            out.put("sql", string(f, "query"));
            out.put("sql.dialect", string(f, "dialect"));
        });
        return job;
    }

    private void applyRunFacets(RunState run, ObjectNode facets, Context ctx) {
        String subject = "run " + run.runId;
        facet(facets, "nominalTime", subject, run.fields, ctx, new String[] {"nominalTime", "nominalEndTime"},
                (f, out, notes) -> {
                    out.put("nominalTime", time(f, "nominalStartTime", true));
                    out.put("nominalEndTime", time(f, "nominalEndTime", false));
                });
        facet(facets, "errorMessage", subject, run.fields, ctx,
                new String[] {"errorMessage", "errorMessage.programmingLanguage", "errorMessage.stackTrace"},
                (f, out, notes) -> {
                    out.put("errorMessage", string(f, "message"));
                    out.put("errorMessage.programmingLanguage", string(f, "programmingLanguage"));
                    String trace = string(f, "stackTrace");
                    out.put("errorMessage.stackTrace", trace == null || trace.length() <= MAX_STACK_TRACE
                            ? trace : trace.substring(0, MAX_STACK_TRACE) + "...");
                });
        facet(facets, "processing_engine", subject, run.fields, ctx,
                new String[] {"processingEngine", "processingEngine.openlineageAdapterVersion"},
                (f, out, notes) -> {
                    String name = string(f, "name");
                    String version = string(f, "version");
                    out.put("processingEngine", state.share(name == null ? version : version == null ? name : name + " " + version));
                    out.put("processingEngine.openlineageAdapterVersion", state.share(string(f, "openlineageAdapterVersion")));
                });
        facet(facets, "tags", subject, run.fields, ctx, new String[] {"~tags"},
                (f, out, notes) -> out.put("~tags", tags(f, notes)));
        Map<String, String> parent = facet(facets, "parent", subject, run.fields, ctx,
                new String[] {"~parentRunId", "~parentJobNamespace", "~parentJobName"},
                (f, out, notes) -> {
                    ObjectNode parentRun = required(object(f, "run"), "run");
                    String id = required(string(parentRun, "runId"), "run.runId");
                    String normalised = OpenLineageEventParser.normaliseRunId(id);
                    if (normalised == null) {
                        throw new FacetError("run.runId '" + id + "' is not a UUID");
                    }
                    if (normalised.equals(run.runId)) {
                        throw new FacetError("the run names itself as its parent");
                    }
                    ObjectNode parentJob = required(object(f, "job"), "job");
                    out.put("~parentRunId", normalised);
                    out.put("~parentJobNamespace", state.share(required(string(parentJob, "namespace"), "job.namespace")));
                    out.put("~parentJobName", state.share(required(string(parentJob, "name"), "job.name")));
                });
        if (parent != null && parent.get("~parentRunId") != null) {
            referenceParent(parent.get("~parentRunId"), parent.get("~parentJobNamespace"), parent.get("~parentJobName"), ctx);
        }
    }

    /** The parent facet names a run and job that may have no events of their own: they still belong in the graph. */
    private void referenceParent(String runId, String jobNamespace, String jobName, Context ctx) {
        JobState job = state.job(jobNamespace, jobName);
        job.changed = true;
        job.fields.put("~sourceRef", ctx.location, MergedLineage.REFERENCE);
        RunState parent = state.run(runId);
        parent.changed = true;
        parent.fields.put("~jobNamespace", job.key.namespace(), MergedLineage.REFERENCE);
        parent.fields.put("~jobName", job.key.name(), MergedLineage.REFERENCE);
        parent.fields.put("~sourceRef", ctx.location, MergedLineage.REFERENCE);
    }

    private DatasetState describeDataset(DatasetRef ref, Context ctx) {
        DatasetState ds = state.dataset(ref.namespace(), ref.name());
        ds.changed = true;
        ds.fields.put("~sourceRef", ctx.location, ctx.at);
        String subject = "dataset " + ref.namespace() + "/" + ref.name();
        ObjectNode facets = ref.facets();
        facet(facets, "schema", subject, ds.fields, ctx, new String[] {"schema", "schema.fieldCount"}, (f, out, notes) -> {
            var fields = required(array(f, "fields"), "fields");
            StringBuilder sb = new StringBuilder();
            appendSchema(sb, fields, notes, "fields");
            out.put("schema", sb.toString());
            out.put("schema.fieldCount", String.valueOf(fields.size()));
        });
        facet(facets, "dataSource", subject, ds.fields, ctx, new String[] {"dataSource.name", "dataSource.uri"},
                (f, out, notes) -> {
                    out.put("dataSource.name", string(f, "name"));
                    out.put("dataSource.uri", string(f, "uri"));
                });
        facet(facets, "documentation", subject, ds.fields, ctx, new String[] {"~description"},
                (f, out, notes) -> out.put("~description", string(f, "description")));
        facet(facets, "ownership", subject, ds.fields, ctx, new String[] {"~owners"},
                (f, out, notes) -> out.put("~owners", owners(f, notes)));
        facet(facets, "tags", subject, ds.fields, ctx, new String[] {"~tags"},
                (f, out, notes) -> out.put("~tags", tags(f, notes)));
        facet(facets, "symlinks", subject, ds.fields, ctx, new String[] {"symlinks"}, (f, out, notes) -> {
            List<String> links = new ArrayList<>();
            var identifiers = required(array(f, "identifiers"), "identifiers");
            for (int i = 0; i < identifiers.size(); i++) {
                JsonNode id = identifiers.get(i);
                if (!id.isObject() || string((ObjectNode) id, "namespace") == null || string((ObjectNode) id, "name") == null) {
                    notes.add("identifiers[" + i + "] skipped: it needs a namespace and a name");
                    continue;
                }
                ObjectNode o = (ObjectNode) id;
                String type = string(o, "type");
                links.add(OpenLineageNaming.nativeId(string(o, "namespace"), string(o, "name")) + (type == null ? "" : " (" + type + ")"));
            }
            out.put("symlinks", links.isEmpty() ? null : String.join("; ", links));
        });
        facet(facets, "version", subject, ds.fields, ctx, new String[] {"version"},
                (f, out, notes) -> out.put("version", string(f, "datasetVersion")));
        facet(facets, "datasetType", subject, ds.fields, ctx, new String[] {"datasetType", "datasetType.subType"},
                (f, out, notes) -> {
                    out.put("datasetType", string(f, "datasetType"));
                    out.put("datasetType.subType", string(f, "subType"));
                });
        facet(facets, "columnLineage", subject, ds.fields, ctx, new String[] {"columnLineage", "columnLineage.fields"},
                (f, out, notes) -> columnLineage(f, out, notes));
        facet(facets, "storage", subject, ds.fields, ctx, new String[] {"storage.layer", "storage.fileFormat"},
                (f, out, notes) -> {
                    out.put("storage.layer", string(f, "storageLayer"));
                    out.put("storage.fileFormat", string(f, "fileFormat"));
                });
        facet(facets, "lifecycleStateChange", subject, ds.fields, ctx,
                new String[] {"lifecycleStateChange", "lifecycleStateChange.previous"},
                (f, out, notes) -> {
                    out.put("lifecycleStateChange", string(f, "lifecycleStateChange"));
                    ObjectNode previous = object(f, "previousIdentifier");
                    if (previous != null && string(previous, "namespace") != null && string(previous, "name") != null) {
                        out.put("lifecycleStateChange.previous",
                                OpenLineageNaming.nativeId(string(previous, "namespace"), string(previous, "name")));
                    }
                });
        facet(facets, "dataQualityAssertions", subject, ds.fields, ctx, new String[] {"dataQuality.assertions"},
                (f, out, notes) -> {
                    var assertions = required(array(f, "assertions"), "assertions");
                    int passed = 0;
                    List<String> failed = new ArrayList<>();
                    for (JsonNode a : assertions) {
                        if (a.path("success").asBoolean(false)) {
                            passed++;
                        } else {
                            String column = a.path("column").asText("");
                            failed.add(a.path("assertion").asText("?") + (column.isEmpty() ? "" : " on " + column));
                        }
                    }
                    out.put("dataQuality.assertions", passed + " passed, " + failed.size() + " failed"
                            + (failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")"));
                });
        return ds;
    }

    private static void appendSchema(StringBuilder sb, com.fasterxml.jackson.databind.node.ArrayNode fields, List<String> notes, String path) {
        boolean first = true;
        for (int i = 0; i < fields.size(); i++) {
            JsonNode field = fields.get(i);
            String name = field.isObject() ? string((ObjectNode) field, "name") : null;
            if (name == null) {
                notes.add(path + "[" + i + "] skipped: a schema field needs a name");
                continue;
            }
            if (sb.length() > MAX_TEXT) {
                sb.append(", ...");
                return;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(name);
            String type = string((ObjectNode) field, "type");
            if (type != null) {
                sb.append(':').append(type);
            }
            com.fasterxml.jackson.databind.node.ArrayNode nested = array((ObjectNode) field, "fields");
            if (nested != null && !nested.isEmpty()) {
                sb.append('<');
                appendSchema(sb, nested, notes, path + "[" + i + "].fields");
                sb.append('>');
            }
        }
    }

    private static void columnLineage(ObjectNode f, Map<String, String> out, List<String> notes) {
        ObjectNode fields = required(object(f, "fields"), "fields");
        Set<String> inputs = new LinkedHashSet<>();
        StringBuilder mapping = new StringBuilder();
        int columns = 0;
        for (Map.Entry<String, JsonNode> column : fields.properties()) {
            JsonNode inputFields = column.getValue().path("inputFields");
            if (!inputFields.isArray()) {
                notes.add("fields." + column.getKey() + " skipped: it needs an inputFields array");
                continue;
            }
            columns++;
            List<String> sources = new ArrayList<>();
            for (JsonNode in : inputFields) {
                if (!in.isObject() || !in.path("namespace").isTextual() || !in.path("name").isTextual() || !in.path("field").isTextual()) {
                    notes.add("fields." + column.getKey() + " has an input field without namespace, name and field");
                    continue;
                }
                inputs.add(OpenLineageNaming.nativeId(in.get("namespace").asText(), in.get("name").asText()));
                sources.add(in.get("name").asText() + "." + in.get("field").asText());
            }
            if (mapping.length() < MAX_TEXT) {
                if (!mapping.isEmpty()) {
                    mapping.append("; ");
                }
                mapping.append(column.getKey()).append(" <- ").append(sources.isEmpty() ? "(none)" : String.join(" + ", sources));
            }
        }
        out.put("columnLineage", columns + (columns == 1 ? " column" : " columns") + " from "
                + inputs.size() + (inputs.size() == 1 ? " input dataset: " : " input datasets: ") + String.join(", ", inputs));
        out.put("columnLineage.fields", mapping.isEmpty() ? null : mapping.toString());
    }

    /**
     * Applies one facet as a whole: every key it maps to takes the value this facet gives (or none),
     * stamped with the event time. Returns what it read, or null when the facet is absent or unusable.
     */
    private Map<String, String> facet(ObjectNode facets, String name, String subject, Fields fields, Context ctx,
                                      String[] keys, FacetReader reader) {
        JsonNode node = facets.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            ctx.problem("facet '" + name + "' of " + subject + " ignored: it must be an object, not "
                    + OpenLineageEventParser.describe(node));
            return null;
        }
        Map<String, String> values = new HashMap<>();
        if (node.path("_deleted").asBoolean(false)) {
            for (String key : keys) {
                fields.delete(key, ctx.at);
            }
            return values;
        }
        List<String> notes = new ArrayList<>();
        try {
            reader.read((ObjectNode) node, values, notes);
        } catch (FacetError e) {
            ctx.problem("facet '" + name + "' of " + subject + " ignored: " + e.getMessage());
            return null;
        }
        for (String note : notes) {
            ctx.problem("facet '" + name + "' of " + subject + ": " + note);
        }
        for (String key : keys) {
            fields.put(key, values.get(key), ctx.at);
        }
        return values;
    }

    /** Emits every merged asset, or only those touched since the last emit, with their edges and owners. */
    public void emit(RecordSink sink, boolean changedOnly) {
        Emission emission = new Emission(sink);
        for (JobState job : state.jobs.values()) {
            if (!changedOnly || job.changed) {
                emitJob(job, emission);
            }
        }
        for (RunState run : state.runs.values()) {
            if (!changedOnly || run.changed) {
                emitRun(run, emission);
            }
        }
        for (DatasetState ds : state.datasets.values()) {
            if (!changedOnly || ds.changed) {
                emitDataset(ds, emission);
            }
        }
        for (ModelSummary model : emission.models.values()) {
            emitModel(model, emission);
        }
        state.jobs.values().forEach(e -> e.changed = false);
        state.runs.values().forEach(e -> e.changed = false);
        state.datasets.values().forEach(e -> e.changed = false);
    }

    private void emitJob(JobState job, Emission out) {
        Urn urn = OpenLineageNaming.jobUrn(job.key.namespace(), job.key.name());
        String url = job.fields.get("sourceCode.url");
        String ref = isHttp(url) ? url : job.fields.get("~sourceRef");
        out.sink.asset(Asset.builder(urn, OpenLineageNaming.display(job.key.name()))
                .description(job.fields.get("~description"))
                .properties(visible(job))
                .property("namespace", job.key.namespace())
                .tags(decode(job.fields.get("~tags"), STRINGS))
                .sourceRef(ref)
                .build());
        emitOwners(urn, job.fields.get("~owners"), ref, out);
        for (DatasetKey in : job.declaredInputs) {
            out.sink.edge(new Edge(classify(in).urn(), urn, EdgeType.READS));
        }
        for (DatasetKey output : job.declaredOutputs) {
            out.sink.edge(new Edge(urn, classify(output).urn(), EdgeType.PRODUCED_BY));
        }
    }

    private void emitRun(RunState run, Emission out) {
        JobKey jobKey = new JobKey(run.fields.get("~jobNamespace"), run.fields.get("~jobName"));
        boolean training = isTraining(jobKey);
        Urn urn = OpenLineageNaming.runUrn(training, run.runId);
        String nominal = run.fields.get("nominalTime");
        String label = nominal == null ? OpenLineageNaming.shortRunId(run.runId) : RUN_LABEL.format(Instant.parse(nominal));
        Asset.Builder asset = Asset.builder(urn, OpenLineageNaming.display(jobKey.name() + " " + label))
                .properties(visible(run))
                .property("runId", run.runId)
                .property("jobNamespace", jobKey.namespace())
                .property("jobName", jobKey.name())
                .tags(decode(run.fields.get("~tags"), STRINGS))
                .sourceRef(run.fields.get("~sourceRef"));
        if (run.described()) {
            asset.property("state", run.state.name()).property("eventTime", iso(run.lastEventAt));
            if (run.startAt != Long.MAX_VALUE) {
                asset.property("startTime", iso(run.startAt));
            }
            if (run.state.terminal()) {
                asset.property("endTime", iso(run.endAt));
                if (run.startAt != Long.MAX_VALUE && run.endAt >= run.startAt) {
                    asset.property("duration", duration(run.endAt - run.startAt));
                }
            }
        }
        out.sink.asset(asset.build());
        // a run is owned by whoever owns its job (the ownership facet is on the job)
        JobState job = state.jobs.get(jobKey);
        if (job != null) {
            emitOwners(urn, job.fields.get("~owners"), job.fields.get("~sourceRef"), out);
        }

        out.sink.edge(new Edge(OpenLineageNaming.jobUrn(jobKey.namespace(), jobKey.name()), urn, EdgeType.INSTANCE_OF));
        String parentId = run.fields.get("~parentRunId");
        if (parentId != null) {
            // The parent facet names the parent's job, so its URN is known even after the parent run itself was let go.
            JobKey parentJob = new JobKey(run.fields.get("~parentJobNamespace"), run.fields.get("~parentJobName"));
            out.sink.edge(new Edge(OpenLineageNaming.runUrn(isTraining(parentJob), parentId), urn, EdgeType.PART_OF));
        }
        List<Classified> inputs = new ArrayList<>();
        for (DatasetKey key : run.inputs) {
            Classified in = classify(key);
            inputs.add(in);
            out.sink.edge(new Edge(in.urn(), urn, training ? EdgeType.TRAINED_ON : EdgeType.READS));
        }
        for (DatasetKey key : run.outputs) {
            Classified output = classify(key);
            out.sink.edge(new Edge(urn, output.urn(), EdgeType.PRODUCED_BY));
            for (Classified in : inputs) {
                EdgeType direct = directEdge(in.urn().kind(), output.urn().kind(), training);
                if (direct != null && !in.urn().equals(output.urn())) {
                    out.direct(new Edge(in.urn(), output.urn(), direct));
                }
            }
        }
    }

    private static EdgeType directEdge(AssetKind in, AssetKind out, boolean training) {
        if (in == AssetKind.MODEL_VERSION && out == AssetKind.CONTAINER_IMAGE) {
            return EdgeType.PACKAGED_AS;
        }
        if (in == AssetKind.CONTAINER_IMAGE && out == AssetKind.DEPLOYMENT) {
            return EdgeType.DEPLOYED_AS;
        }
        if (training && out == AssetKind.MODEL_VERSION) {
            if (in == AssetKind.DATASET) {
                return EdgeType.TRAINED_ON;
            }
            if (in == AssetKind.MODEL_VERSION) {
                return EdgeType.DERIVED_FROM;
            }
        }
        return null;
    }

    /**
     * A {@code version} facet whose {@code datasetVersion} is a content digest ({@code sha256:<hex>},
     * as content-addressed stores version their data) is the asset's digest: for a model version,
     * the OpenSSF model-signing root digest of its files, which scans and approvals bind to.
     */
    static Digest contentVersion(String datasetVersion) {
        if (datasetVersion != null && datasetVersion.matches("sha256:[0-9a-f]{64}")) {
            return Digest.parse(datasetVersion);
        }
        return null;
    }

    private void emitDataset(DatasetState ds, Emission out) {
        Classified c = classify(ds.key);
        String ref = ds.fields.get("~sourceRef");
        if (c.digestProblem() != null) {
            out.sink.problem(new Problem(ref, c.digestProblem()));
        }
        out.sink.asset(Asset.builder(c.urn(), c.displayName())
                .description(ds.fields.get("~description"))
                .digest(c.digest() != null ? c.digest() : contentVersion(ds.fields.get("version")))
                .properties(visible(ds))
                .properties(c.properties())
                .property("namespace", ds.key.namespace())
                .tags(decode(ds.fields.get("~tags"), STRINGS))
                .sourceRef(ref)
                .build());
        emitOwners(c.urn(), ds.fields.get("~owners"), ref, out);
        if (c.model() != null) {
            out.models.computeIfAbsent(c.model().urn(), u -> new ModelSummary(c.model(), ds.key.namespace())).learn(ds.fields);
            out.sink.edge(new Edge(c.model().urn(), c.urn(), EdgeType.VERSION_OF));
        }
    }

    /** A model has no facets of its own: it takes the owners and description of its most recently described version. */
    private void emitModel(ModelSummary model, Emission out) {
        String ref = value(model.sourceRef);
        out.sink.asset(Asset.builder(model.ref.urn(), model.ref.displayName())
                .description(value(model.description))
                .property("namespace", model.namespace)
                .sourceRef(ref)
                .build());
        emitOwners(model.ref.urn(), value(model.owners), ref, out);
    }

    private static String value(Stamped stamped) {
        return stamped == null ? null : stamped.value();
    }

    private void emitOwners(Urn urn, String encodedOwners, String ref, Emission out) {
        List<List<String>> owners = decode(encodedOwners, PAIRS);
        for (List<String> owner : owners) {
            String name = owner.get(0);
            String type = owner.size() > 1 ? owner.get(1) : null;
            try {
                out.sink.owner(OwnerClaim.fromSource(urn, name, type, role(type)));
            } catch (IllegalArgumentException e) {
                out.sink.problem(new Problem(ref, "owner '" + name + "' of " + urn + " ignored: " + e.getMessage()));
            }
        }
    }

    /** OpenLineage owner types are free text (MAINTAINER, BUSINESS_OWNER, ...): they may name the role. */
    private static OwnerRole role(String type) {
        String t = type == null ? "" : type.toUpperCase(Locale.ROOT);
        if (t.contains("BUSINESS")) {
            return OwnerRole.BUSINESS_OWNER;
        }
        if (t.contains("STEWARD")) {
            return OwnerRole.STEWARD;
        }
        return OwnerRole.TECHNICAL_OWNER;
    }

    private boolean isTraining(JobKey key) {
        JobState job = state.jobs.get(key);
        return job != null && "TRAINING".equalsIgnoreCase(job.fields.get("jobType"));
    }

    private Classified classify(DatasetKey key) {
        DatasetState ds = state.datasets.get(key);
        return OpenLineageNaming.classify(key.namespace(), key.name(), ds == null ? null : ds.fields.get("datasetType"));
    }

    private static Map<String, String> visible(Entity entity) {
        Map<String, String> props = new TreeMap<>();
        Fields fields = entity.fields;
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.key(i).startsWith("~") && fields.value(i) != null) {
                props.put(fields.key(i), fields.value(i));
            }
        }
        return props;
    }

    /** The merged state, for a sync cursor; null when it would be longer than {@code maxChars}. */
    public String saveState(int maxChars) {
        StringWriter buffer = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(new BoundedWriter(buffer, maxChars))) {
            state.write(g);
        } catch (BoundedWriter.Full e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString();
    }

    /**
     * Whether the event continues a run that an earlier sync saw finish (or names it as parent).
     * Such a run's details were not kept, so the event can only be merged by reading everything.
     */
    boolean continuesFinishedRun(OpenLineageEvent event) {
        if (!(event instanceof RunEvent run)) {
            return false;
        }
        if (state.finishedEarlier(run.runId())) {
            return true;
        }
        JsonNode parentId = run.runFacets().path("parent").path("run").path("runId");
        String id = parentId.isTextual() ? OpenLineageEventParser.normaliseRunId(parentId.asText()) : null;
        return id != null && state.finishedEarlier(id);
    }

    /** Restores state saved by {@link #saveState}; throws IllegalArgumentException when it is not such state. */
    public static OpenLineageMapper restore(JsonNode saved) {
        return new OpenLineageMapper(MergedLineage.read(saved));
    }

    // ---- reading facet values ------------------------------------------------------------

    private static String string(ObjectNode f, String field) {
        JsonNode n = f.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            String s = n.asText().strip();
            return s.isEmpty() ? null : s;
        }
        if (n.isNumber() || n.isBoolean()) {
            return n.asText();
        }
        throw new FacetError("'" + field + "' must be a string, not " + OpenLineageEventParser.describe(n));
    }

    private static String number(ObjectNode f, String field) {
        JsonNode n = f.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.isIntegralNumber() ? n.bigIntegerValue().toString() : n.asText();
        }
        throw new FacetError("'" + field + "' must be a number, not " + OpenLineageEventParser.describe(n));
    }

    private static String time(ObjectNode f, String field, boolean required) {
        String text = string(f, field);
        if (text == null) {
            if (required) {
                throw new FacetError("'" + field + "' is missing");
            }
            return null;
        }
        Instant t = OpenLineageEventParser.tryParseTime(text);
        if (t == null) {
            throw new FacetError("'" + field + "' '" + text + "' is not an RFC 3339 date-time");
        }
        return t.toString();
    }

    private static ObjectNode object(ObjectNode f, String field) {
        JsonNode n = f.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new FacetError("'" + field + "' must be an object, not " + OpenLineageEventParser.describe(n));
        }
        return (ObjectNode) n;
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode array(ObjectNode f, String field) {
        JsonNode n = f.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new FacetError("'" + field + "' must be an array, not " + OpenLineageEventParser.describe(n));
        }
        return (com.fasterxml.jackson.databind.node.ArrayNode) n;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new FacetError("'" + field + "' is missing");
        }
        return value;
    }

    private static String owners(ObjectNode f, List<String> notes) {
        var owners = required(array(f, "owners"), "owners");
        List<List<String>> result = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            JsonNode o = owners.get(i);
            String name = o.isObject() && o.path("name").isTextual() ? o.get("name").asText().strip() : "";
            if (name.isEmpty()) {
                notes.add("owners[" + i + "] skipped: an owner needs a name");
                continue;
            }
            String type = o.path("type").isTextual() ? o.get("type").asText() : null;
            result.add(type == null ? List.of(name) : List.of(name, type));
        }
        return encode(result);
    }

    private static String tags(ObjectNode f, List<String> notes) {
        var tags = required(array(f, "tags"), "tags");
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            JsonNode t = tags.get(i);
            if (!t.isObject() || !t.path("key").isTextual() || t.get("key").asText().isBlank()) {
                notes.add("tags[" + i + "] skipped: a tag needs a key");
                continue;
            }
            if (t.path("field").isTextual()) {
                continue;
            }
            String key = t.get("key").asText().strip();
            String value = t.path("value").isValueNode() ? t.get("value").asText().strip() : "";
            result.add(value.isEmpty() || value.equals(key) || value.equalsIgnoreCase("true") ? key : key + ":" + value);
        }
        return encode(new ArrayList<>(result));
    }

    private static String encode(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> decode(String json, TypeReference<List<T>> type) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("merged lineage state holds invalid JSON", e);
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }

    private static boolean isHttp(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L).toString();
    }

    private static String duration(long micros) {
        long ms = micros / 1_000;
        if (ms < 1_000) {
            return ms + " ms";
        }
        long s = ms / 1_000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3_600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3_600, (s % 3_600) / 60, s % 60);
    }

    private record Context(String location, long at, Consumer<Problem> problems) {
        void problem(String message) {
            problems.accept(new Problem(location, message));
        }
    }

    /** Reads one facet into property values; notes are things it left out. */
    @FunctionalInterface
    private interface FacetReader {
        void read(ObjectNode facet, Map<String, String> values, List<String> notes);
    }

    /** A facet that does not have the shape its schema defines. */
    private static final class FacetError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FacetError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * One emit. Models and direct edges can be shared by several versions and runs and go out once;
     * every other edge belongs to exactly one run or job and goes straight to the sink.
     */
    private static final class Emission {
        final RecordSink sink;
        final Map<Urn, ModelSummary> models = new LinkedHashMap<>();
        final Set<Edge> directEdges = new HashSet<>();

        Emission(RecordSink sink) {
            this.sink = sink;
        }

        void direct(Edge edge) {
            if (directEdges.add(edge)) {
                sink.edge(edge);
            }
        }
    }

    /** What the versions emitted in one emit say about their model, latest statement first. */
    private static final class ModelSummary {
        final OpenLineageNaming.ModelRef ref;
        final String namespace;
        Stamped owners;
        Stamped description;
        Stamped sourceRef;

        ModelSummary(OpenLineageNaming.ModelRef ref, String namespace) {
            this.ref = ref;
            this.namespace = namespace;
        }

        void learn(Fields version) {
            owners = later(owners, version.stamped("~owners"));
            description = later(description, version.stamped("~description"));
            sourceRef = later(sourceRef, version.stamped("~sourceRef"));
        }

        private static Stamped later(Stamped current, Stamped candidate) {
            if (candidate == null || candidate.value() == null) {
                return current;
            }
            return current == null || candidate.at() >= current.at() ? candidate : current;
        }
    }

    /** Stops serialising state that has grown past what a cursor should hold. */
    private static final class BoundedWriter extends Writer {
        private final Writer delegate;
        private final int max;
        private int written;

        BoundedWriter(Writer delegate, int max) {
            this.delegate = delegate;
            this.max = max;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            written += len;
            if (written > max) {
                throw new Full();
            }
            delegate.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        static final class Full extends IOException {
            private static final long serialVersionUID = 1L;
        }
    }
}
