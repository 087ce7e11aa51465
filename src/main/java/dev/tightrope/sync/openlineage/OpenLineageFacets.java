package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Problem;
import dev.tightrope.sync.openlineage.MergedLineage.Fields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the facets of a job, run or dataset say, as merged fields (which facets and properties:
 * {@link OpenLineageMapper}). Each facet is applied as a whole and stamped with its event's time;
 * one that does not have the shape its schema defines is reported and left out, one marked
 * {@code _deleted} clears what it said, facets this mapping does not know are ignored. Owners and
 * tags are kept in a field as small JSON arrays, written here and read back by {@link #storedOwners}
 * and {@link #storedTags}.
 */
final class OpenLineageFacets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<List<String>>> STRING_LISTS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final int MAX_TEXT = 16_000;
    private static final int MAX_STACK_TRACE = 4_000;
    /** Failed assertions reported one by one per dataset; a facet with more is summarised past them. */
    static final int MAX_FAILED_ASSERTIONS = 100;
    /** Longest assertion name, column, severity or producer kept for a finding. */
    private static final int MAX_NAME = 200;
    /** Where a dataset keeps its failed assertions (see {@link #storedFailedAssertions}). */
    static final String FAILED_ASSERTIONS = "~dataQuality.failed";

    /** Where the event being merged was read, its time (microseconds), and where its problems go. */
    record Context(String location, long at, Consumer<Problem> problems) {
        void problem(String message) {
            problems.accept(new Problem(location, message));
        }
    }

    /** The run a run's parent facet names, and that run's job. */
    record Parent(String runId, String jobNamespace, String jobName) {
    }

    /** Shares the strings that repeat across events (engine names, namespaces). */
    private final MergedLineage state;

    OpenLineageFacets(MergedLineage state) {
        this.state = state;
    }

    /** A job's facets: jobType, sourceCodeLocation, ownership, documentation, tags, sql. */
    void job(ObjectNode facets, String subject, Fields fields, Context ctx) {
        facet(facets, "jobType", subject, fields, ctx, new String[] {"processingType", "integration", "jobType"},
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
        facet(facets, "sourceCodeLocation", subject, fields, ctx, codeKeys, (f, out, notes) -> {
            for (String field : codeFields) {
                out.put("sourceCode." + field, string(f, field));
            }
        });
        facet(facets, "ownership", subject, fields, ctx, new String[] {"~owners"},
                (f, out, notes) -> out.put("~owners", owners(f, notes)));
        facet(facets, "documentation", subject, fields, ctx, new String[] {"~description"},
                (f, out, notes) -> out.put("~description", string(f, "description")));
        facet(facets, "tags", subject, fields, ctx, new String[] {"~tags"},
                (f, out, notes) -> out.put("~tags", tags(f, notes)));
        facet(facets, "sql", subject, fields, ctx, new String[] {"sql", "sql.dialect"}, (f, out, notes) -> {
            out.put("sql", string(f, "query"));
            out.put("sql.dialect", string(f, "dialect"));
        });
    }

    /**
     * A run's facets: nominalTime, errorMessage, processing_engine, tags, parent. Returns the
     * parent the parent facet names, or null.
     */
    Parent run(ObjectNode facets, String runId, Fields fields, Context ctx) {
        String subject = "run " + runId;
        facet(facets, "nominalTime", subject, fields, ctx, new String[] {"nominalTime", "nominalEndTime"},
                (f, out, notes) -> {
                    out.put("nominalTime", time(f, "nominalStartTime", true));
                    out.put("nominalEndTime", time(f, "nominalEndTime", false));
                });
        facet(facets, "errorMessage", subject, fields, ctx,
                new String[] {"errorMessage", "errorMessage.programmingLanguage", "errorMessage.stackTrace"},
                (f, out, notes) -> {
                    out.put("errorMessage", string(f, "message"));
                    out.put("errorMessage.programmingLanguage", string(f, "programmingLanguage"));
                    String trace = string(f, "stackTrace");
                    out.put("errorMessage.stackTrace", trace == null || trace.length() <= MAX_STACK_TRACE
                            ? trace : trace.substring(0, MAX_STACK_TRACE) + "...");
                });
        facet(facets, "processing_engine", subject, fields, ctx,
                new String[] {"processingEngine", "processingEngine.openlineageAdapterVersion"},
                (f, out, notes) -> {
                    String name = string(f, "name");
                    String version = string(f, "version");
                    out.put("processingEngine", state.share(name == null ? version : version == null ? name : name + " " + version));
                    out.put("processingEngine.openlineageAdapterVersion", state.share(string(f, "openlineageAdapterVersion")));
                });
        facet(facets, "tags", subject, fields, ctx, new String[] {"~tags"},
                (f, out, notes) -> out.put("~tags", tags(f, notes)));
        Map<String, String> parent = facet(facets, "parent", subject, fields, ctx,
                new String[] {"~parentRunId", "~parentJobNamespace", "~parentJobName"},
                (f, out, notes) -> {
                    ObjectNode parentRun = required(object(f, "run"), "run");
                    String id = required(string(parentRun, "runId"), "run.runId");
                    String normalised = OpenLineageEventParser.normaliseRunId(id);
                    if (normalised == null) {
                        throw new FacetError("run.runId '" + id + "' is not a UUID");
                    }
                    if (normalised.equals(runId)) {
                        throw new FacetError("the run names itself as its parent");
                    }
                    ObjectNode parentJob = required(object(f, "job"), "job");
                    out.put("~parentRunId", normalised);
                    out.put("~parentJobNamespace", state.share(required(string(parentJob, "namespace"), "job.namespace")));
                    out.put("~parentJobName", state.share(required(string(parentJob, "name"), "job.name")));
                });
        if (parent == null || parent.get("~parentRunId") == null) {
            return null;
        }
        return new Parent(parent.get("~parentRunId"), parent.get("~parentJobNamespace"), parent.get("~parentJobName"));
    }

    /**
     * A dataset's facets: schema, dataSource, documentation, ownership, tags, symlinks, version,
     * datasetType, columnLineage, storage, lifecycleStateChange, dataQualityAssertions.
     */
    void dataset(ObjectNode facets, String subject, Fields fields, Context ctx) {
        facet(facets, "schema", subject, fields, ctx, new String[] {"schema", "schema.fieldCount"}, (f, out, notes) -> {
            var schema = required(array(f, "fields"), "fields");
            StringBuilder sb = new StringBuilder();
            appendSchema(sb, schema, notes, "fields");
            out.put("schema", sb.toString());
            out.put("schema.fieldCount", String.valueOf(schema.size()));
        });
        facet(facets, "dataSource", subject, fields, ctx, new String[] {"dataSource.name", "dataSource.uri"},
                (f, out, notes) -> {
                    out.put("dataSource.name", string(f, "name"));
                    out.put("dataSource.uri", string(f, "uri"));
                });
        facet(facets, "documentation", subject, fields, ctx, new String[] {"~description"},
                (f, out, notes) -> out.put("~description", string(f, "description")));
        facet(facets, "ownership", subject, fields, ctx, new String[] {"~owners"},
                (f, out, notes) -> out.put("~owners", owners(f, notes)));
        facet(facets, "tags", subject, fields, ctx, new String[] {"~tags"},
                (f, out, notes) -> out.put("~tags", tags(f, notes)));
        facet(facets, "symlinks", subject, fields, ctx, new String[] {"symlinks"}, (f, out, notes) -> {
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
        facet(facets, "version", subject, fields, ctx, new String[] {"version"},
                (f, out, notes) -> out.put("version", string(f, "datasetVersion")));
        facet(facets, "datasetType", subject, fields, ctx, new String[] {"datasetType", "datasetType.subType"},
                (f, out, notes) -> {
                    out.put("datasetType", string(f, "datasetType"));
                    out.put("datasetType.subType", string(f, "subType"));
                });
        facet(facets, "columnLineage", subject, fields, ctx, new String[] {"columnLineage", "columnLineage.fields"},
                (f, out, notes) -> columnLineage(f, out, notes));
        facet(facets, "storage", subject, fields, ctx, new String[] {"storage.layer", "storage.fileFormat"},
                (f, out, notes) -> {
                    out.put("storage.layer", string(f, "storageLayer"));
                    out.put("storage.fileFormat", string(f, "fileFormat"));
                });
        facet(facets, "lifecycleStateChange", subject, fields, ctx,
                new String[] {"lifecycleStateChange", "lifecycleStateChange.previous"},
                (f, out, notes) -> {
                    out.put("lifecycleStateChange", string(f, "lifecycleStateChange"));
                    ObjectNode previous = object(f, "previousIdentifier");
                    if (previous != null && string(previous, "namespace") != null && string(previous, "name") != null) {
                        out.put("lifecycleStateChange.previous",
                                OpenLineageNaming.nativeId(string(previous, "namespace"), string(previous, "name")));
                    }
                });
        dataQualityAssertions(facets, subject, fields, ctx);
    }

    /**
     * The input facets of a dataset a run read: dataQualityMetrics, and dataQualityAssertions (an
     * input facet in the spec; producers put it among the dataset facets too, so both are read).
     */
    void input(ObjectNode ioFacets, String subject, Fields fields, Context ctx) {
        dataQualityAssertions(ioFacets, subject, fields, ctx);
        facet(ioFacets, "dataQualityMetrics", subject, fields, ctx,
                new String[] {"dataQuality.rowCount", "dataQuality.bytes", "dataQuality.fileCount", "dataQuality.columns"},
                (f, out, notes) -> {
                    out.put("dataQuality.rowCount", number(f, "rowCount"));
                    out.put("dataQuality.bytes", number(f, "bytes"));
                    out.put("dataQuality.fileCount", number(f, "fileCount"));
                    ObjectNode columns = object(f, "columnMetrics");
                    out.put("dataQuality.columns", columns == null ? null : String.join(", ", iterable(columns.fieldNames())));
                });
    }

    /** The output facets of a dataset a run wrote: outputStatistics. */
    void output(ObjectNode ioFacets, String subject, Fields fields, Context ctx) {
        facet(ioFacets, "outputStatistics", subject, fields, ctx,
                new String[] {"outputStatistics.rowCount", "outputStatistics.size", "outputStatistics.fileCount"},
                (f, values, notes) -> {
                    values.put("outputStatistics.rowCount", number(f, "rowCount"));
                    values.put("outputStatistics.size", number(f, "size"));
                    values.put("outputStatistics.fileCount", number(f, "fileCount"));
                });
    }

    /**
     * The checks a data quality tool ran on the dataset (dbt tests, Airflow SQL checks, Soda,
     * Great Expectations through OpenLineage): a summary property, and each failed assertion kept
     * with what it said and where it was read, so the emitter can report it as a finding. The
     * latest facet replaces the earlier one as a whole: a check that passes again clears its finding.
     */
    private void dataQualityAssertions(ObjectNode facets, String subject, Fields fields, Context ctx) {
        facet(facets, "dataQualityAssertions", subject, fields, ctx, new String[] {"dataQuality.assertions", FAILED_ASSERTIONS},
                (f, out, notes) -> {
                    var assertions = required(array(f, "assertions"), "assertions");
                    String producer = cut(string(f, "_producer"));
                    int passed = 0;
                    int failedCount = 0;
                    List<String> failedNames = new ArrayList<>();
                    List<List<String>> failed = new ArrayList<>();
                    for (int i = 0; i < assertions.size(); i++) {
                        JsonNode a = assertions.get(i);
                        if (!a.isObject() || !a.path("assertion").isTextual() || a.get("assertion").asText().isBlank()
                                || !a.path("success").isBoolean()) {
                            notes.add("assertions[" + i + "] skipped: an assertion needs a name and a boolean success");
                            continue;
                        }
                        if (a.get("success").asBoolean()) {
                            passed++;
                            continue;
                        }
                        failedCount++;
                        String name = cut(a.get("assertion").asText().strip());
                        String column = a.path("column").isTextual() && !a.get("column").asText().isBlank()
                                ? cut(a.get("column").asText().strip()) : null;
                        if (failed.size() == MAX_FAILED_ASSERTIONS) {
                            continue;
                        }
                        failedNames.add(name + (column == null ? "" : " on " + column));
                        String severity = a.path("severity").isTextual() ? cut(a.get("severity").asText().strip()) : null;
                        String failures = a.path("failures").isIntegralNumber() && a.get("failures").asLong() >= 0
                                ? a.get("failures").asText() : null;
                        failed.add(Arrays.asList(name, column, severity, failures, producer, ctx.location()));
                    }
                    if (failedCount > failed.size()) {
                        notes.add((failedCount - failed.size()) + " failed assertions beyond the first " + MAX_FAILED_ASSERTIONS
                                + " are counted, not reported one by one");
                    }
                    out.put("dataQuality.assertions", passed + " passed, " + failedCount + " failed"
                            + (failedNames.isEmpty() ? "" : " (" + String.join(", ", failedNames)
                            + (failedCount > failedNames.size() ? ", ..." : "") + ")"));
                    out.put(FAILED_ASSERTIONS, failed.isEmpty() ? null : encode(failed));
                });
    }

    /**
     * The failed assertions a dataQualityAssertions facet stored in a field, each as (assertion,
     * column, severity, failures, facet producer, where the event was read); any but the first may be null.
     */
    static List<List<String>> storedFailedAssertions(String encoded) {
        return decode(encoded, STRING_LISTS);
    }

    /** The owners an ownership facet stored in a field, as (name) or (name, type) pairs. */
    static List<List<String>> storedOwners(String encoded) {
        return decode(encoded, STRING_LISTS);
    }

    /** The tags a tags facet stored in a field. */
    static List<String> storedTags(String encoded) {
        return decode(encoded, STRINGS);
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

    private static String cut(String s) {
        return s == null || s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME) + "...";
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
}
