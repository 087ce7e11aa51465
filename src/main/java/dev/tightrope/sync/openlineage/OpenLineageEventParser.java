package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Labels;
import dev.tightrope.sync.openlineage.OpenLineageEvent.DatasetEvent;
import dev.tightrope.sync.openlineage.OpenLineageEvent.DatasetRef;
import dev.tightrope.sync.openlineage.OpenLineageEvent.EventType;
import dev.tightrope.sync.openlineage.OpenLineageEvent.JobEvent;
import dev.tightrope.sync.openlineage.OpenLineageEvent.JobRef;
import dev.tightrope.sync.openlineage.OpenLineageEvent.RunEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks one JSON value against the structure of the OpenLineage 2-0-2 spec and turns it into an
 * {@link OpenLineageEvent}, or says exactly what is wrong with it.
 *
 * <p>Required fields, their types, {@code eventTime} (an RFC 3339 date-time with an offset) and
 * {@code runId} (a UUID) are enforced: an event that breaks them is rejected. A dataset entry
 * that breaks them is skipped with a warning and the rest of the event is kept, because one bad
 * dataset in a large Spark event should not lose the whole run. {@code schemaURL} is optional here
 * (Marquez does not require it either); when present it decides the event type, otherwise the
 * shape does ({@code run} means RunEvent, {@code dataset} DatasetEvent, {@code job} alone JobEvent).
 */
public final class OpenLineageEventParser {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Keeps URNs ({@code <namespace>/<name>}) well inside their 2048-character bound. */
    static final int MAX_IDENTIFIER = 2000;

    private OpenLineageEventParser() {
    }

    /** What became of one JSON value. */
    public sealed interface Outcome {
    }

    /** A valid event, with what had to be left out of it. */
    public record Accepted(OpenLineageEvent event, List<String> warnings) implements Outcome {
        public Accepted {
            Objects.requireNonNull(event, "event");
            warnings = List.copyOf(warnings);
        }
    }

    /** Not an event Tightrope can import, and why. */
    public record Rejected(String reason) implements Outcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Parses one event; {@code location} is recorded in it for provenance. */
    public static Outcome parse(JsonNode node, String location) {
        Objects.requireNonNull(location, "location");
        try {
            List<String> warnings = new ArrayList<>();
            OpenLineageEvent event = parseEvent(node, location, warnings);
            return new Accepted(event, warnings);
        } catch (Invalid e) {
            return new Rejected(e.getMessage());
        }
    }

    private static OpenLineageEvent parseEvent(JsonNode node, String location, List<String> warnings) {
        if (node == null || !node.isObject()) {
            throw new Invalid("not a JSON object but " + describe(node));
        }
        ObjectNode root = (ObjectNode) node;
        String kind = kindOf(root);
        Instant eventTime = eventTime(root.get("eventTime"));
        String producer = requiredString(root, "producer", "");
        switch (kind) {
            case "RunEvent" -> {
                EventType type = eventType(root.get("eventType"));
                JsonNode run = root.get("run");
                if (run == null || run.isNull()) {
                    throw new Invalid("a RunEvent needs 'run'");
                }
                if (!run.isObject()) {
                    throw new Invalid("'run' must be an object, not " + describe(run));
                }
                String runId = runId(run.get("runId"), "run.runId");
                ObjectNode runFacets = optionalObject(run, "facets", "run.facets");
                JobRef job = job(root.get("job"));
                List<DatasetRef> inputs = datasets(root, "inputs", "inputFacets", warnings);
                List<DatasetRef> outputs = datasets(root, "outputs", "outputFacets", warnings);
                return new RunEvent(type, eventTime, producer, runId, runFacets, job, inputs, outputs, location, root);
            }
            case "JobEvent" -> {
                if (root.hasNonNull("run")) {
                    throw new Invalid("a JobEvent must not have 'run'");
                }
                JobRef job = job(root.get("job"));
                List<DatasetRef> inputs = datasets(root, "inputs", "inputFacets", warnings);
                List<DatasetRef> outputs = datasets(root, "outputs", "outputFacets", warnings);
                return new JobEvent(eventTime, producer, job, inputs, outputs, location, root);
            }
            default -> {
                if (root.hasNonNull("run") || root.hasNonNull("job")) {
                    throw new Invalid("a DatasetEvent must not have 'run' or 'job'");
                }
                JsonNode dataset = root.get("dataset");
                if (dataset == null || dataset.isNull()) {
                    throw new Invalid("a DatasetEvent needs 'dataset'");
                }
                DatasetRef ref = dataset(dataset, "dataset", null);
                return new DatasetEvent(eventTime, producer, ref, location, root);
            }
        }
    }

    private static String kindOf(ObjectNode root) {
        JsonNode schemaUrl = root.get("schemaURL");
        if (schemaUrl != null && !schemaUrl.isNull()) {
            if (!schemaUrl.isTextual()) {
                throw new Invalid("'schemaURL' must be a string, not " + describe(schemaUrl));
            }
            String url = schemaUrl.asText();
            for (String kind : List.of("RunEvent", "JobEvent", "DatasetEvent")) {
                if (url.endsWith("/" + kind)) {
                    return kind;
                }
            }
        }
        if (root.hasNonNull("run")) {
            return "RunEvent";
        }
        if (root.hasNonNull("dataset")) {
            return "DatasetEvent";
        }
        if (root.hasNonNull("job")) {
            return "JobEvent";
        }
        throw new Invalid("not an OpenLineage event: it has neither 'run', 'job' nor 'dataset'");
    }

    private static Instant eventTime(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new Invalid("'eventTime' is missing");
        }
        if (!node.isTextual()) {
            throw new Invalid("'eventTime' must be a date-time string, not " + describe(node));
        }
        return parseTime(node.asText(), "eventTime");
    }

    /** Parses an RFC 3339 date-time; a time without offset is ambiguous and is refused. */
    private static Instant parseTime(String text, String field) {
        String s = text.strip();
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                throw new Invalid("'" + field + "' " + quote(s) + " has no time zone offset (expected e.g. 2026-03-01T09:00:00Z)");
            } catch (DateTimeParseException notLocal) {
                throw new Invalid("'" + field + "' " + quote(s) + " is not an RFC 3339 date-time (expected e.g. 2026-03-01T09:00:00.000Z)");
            }
        }
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw new Invalid("'" + field + "' " + quote(s) + " is outside the years 0001 to 9999");
        }
        return time.toInstant();
    }

    /** Parses an optional date-time inside a facet; null when it is not an RFC 3339 date-time. */
    static Instant tryParseTime(String text) {
        try {
            return parseTime(text, "time");
        } catch (Invalid e) {
            return null;
        }
    }

    private static EventType eventType(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Invalid("'eventType' must be a string, not " + describe(node));
        }
        String text = node.asText();
        for (EventType type : EventType.values()) {
            if (type.name().equals(text)) {
                return type;
            }
        }
        throw new Invalid("'eventType' " + quote(text) + " is not one of " + Arrays.toString(EventType.values()));
    }

    private static String runId(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new Invalid("'" + field + "' is missing");
        }
        if (!node.isTextual()) {
            throw new Invalid("'" + field + "' must be a UUID string, not " + describe(node));
        }
        String id = node.asText().strip();
        if (!UUID.matcher(id).matches()) {
            throw new Invalid("'" + field + "' " + quote(id) + " is not a UUID");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /** The canonical (lower-case) form of a run id, or null when it is not a UUID. */
    static String normaliseRunId(String text) {
        String id = text.strip();
        return UUID.matcher(id).matches() ? id.toLowerCase(Locale.ROOT) : null;
    }

    private static JobRef job(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new Invalid("'job' is missing");
        }
        if (!node.isObject()) {
            throw new Invalid("'job' must be an object, not " + describe(node));
        }
        String namespace = identifier(node, "namespace", "job.");
        String name = identifier(node, "name", "job.");
        checkLength(namespace, name, "job");
        return new JobRef(namespace, name, optionalObject(node, "facets", "job.facets"));
    }

    private static List<DatasetRef> datasets(ObjectNode root, String field, String ioField, List<String> warnings) {
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new Invalid("'" + field + "' must be an array, not " + describe(array));
        }
        List<DatasetRef> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = field + "[" + i + "]";
            try {
                result.add(dataset(array.get(i), path, ioField));
            } catch (Invalid e) {
                warnings.add(path + " skipped: " + e.getMessage());
            }
        }
        return result;
    }

    private static DatasetRef dataset(JsonNode node, String path, String ioField) {
        if (!node.isObject()) {
            throw new Invalid("a dataset must be an object, not " + describe(node));
        }
        String namespace = identifier(node, "namespace", path + ".");
        String name = identifier(node, "name", path + ".");
        checkLength(namespace, name, path);
        ObjectNode facets = optionalObject(node, "facets", path + ".facets");
        ObjectNode io = ioField != null && node.has(ioField) ? optionalObject(node, ioField, path + "." + ioField) : JsonNodeFactory.instance.objectNode();
        return new DatasetRef(namespace, name, facets, io);
    }

    private static String identifier(JsonNode parent, String field, String prefix) {
        String value = requiredString(parent, field, prefix);
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new Invalid("'" + prefix + field + "' contains a control character");
            }
        }
        return value;
    }

    private static void checkLength(String namespace, String name, String what) {
        if (namespace.length() + name.length() > MAX_IDENTIFIER) {
            throw new Invalid(what + " namespace and name together are longer than " + MAX_IDENTIFIER + " characters");
        }
    }

    private static String requiredString(JsonNode parent, String field, String prefix) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new Invalid("'" + prefix + field + "' is missing");
        }
        if (!node.isTextual()) {
            throw new Invalid("'" + prefix + field + "' must be a string, not " + describe(node));
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            throw new Invalid("'" + prefix + field + "' is blank");
        }
        return value;
    }

    private static ObjectNode optionalObject(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new Invalid("'" + path + "' must be an object, not " + describe(node));
        }
        return (ObjectNode) node;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + quote(node.asText());
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL -> "null";
            default -> Labels.token(node.getNodeType());
        };
    }

    private static String quote(String s) {
        return "'" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "'";
    }

    /** A broken rule of the spec; the message names the field. */
    private static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
