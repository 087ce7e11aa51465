package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.sync.openlineage.OpenLineageEvent.EventType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What all events read so far say about each job, run and dataset, merged field by field: a field
 * keeps the value of the latest event (by eventTime) that stated it. Memory grows with the number
 * of distinct jobs, runs and datasets, never with the number of events. The state can be saved
 * into a sync cursor and restored, so an incremental sync merges new events into what earlier
 * syncs learned instead of overwriting it.
 */
final class MergedLineage {

    /** Stamp of facts inferred from a reference (a parent facet); any real event about the entity wins. */
    static final long REFERENCE = Long.MIN_VALUE;
    private static final int FORMAT = 1;

    final Map<JobKey, JobState> jobs = new LinkedHashMap<>();
    final Map<String, RunState> runs = new LinkedHashMap<>();
    final Map<DatasetKey, DatasetState> datasets = new LinkedHashMap<>();

    record JobKey(String namespace, String name) {
    }

    record DatasetKey(String namespace, String name) {
    }

    /** One field's value (null: the latest statement removed it) and the event time that stated it, in microseconds. */
    record Stamped(String value, long at) {
    }

    /** Fields of one entity. Keys starting with {@code ~} are internal; the rest become asset properties. */
    static final class Fields {
        private final Map<String, Stamped> values = new HashMap<>(8);

        /** Later statements win; a statement at the same time as the current one wins too (it was read later). */
        void put(String key, String value, long at) {
            Stamped current = values.get(key);
            if (current == null || at >= current.at()) {
                values.put(key, new Stamped(value, at));
            }
        }

        String get(String key) {
            Stamped s = values.get(key);
            return s == null ? null : s.value();
        }

        /** The value and when it was stated, or null when no event stated it. */
        Stamped stamped(String key) {
            return values.get(key);
        }

        Map<String, Stamped> all() {
            return values;
        }
    }

    abstract static class Entity {
        final Fields fields = new Fields();
        boolean changed;
    }

    static final class JobState extends Entity {
        final JobKey key;
        /** Inputs and outputs a JobEvent declared for the job itself, outside any run. */
        final Set<DatasetKey> declaredInputs = new LinkedHashSet<>();
        final Set<DatasetKey> declaredOutputs = new LinkedHashSet<>();

        JobState(JobKey key) {
            this.key = key;
        }
    }

    static final class RunState extends Entity {
        final String runId;
        EventType state;
        long stateAt = Long.MIN_VALUE;
        long startAt = Long.MAX_VALUE;
        long endAt = Long.MIN_VALUE;
        long lastEventAt = Long.MIN_VALUE;
        final Set<DatasetKey> inputs = new LinkedHashSet<>();
        final Set<DatasetKey> outputs = new LinkedHashSet<>();

        RunState(String runId) {
            this.runId = runId;
        }

        /**
         * Records a state transition. A later stage always wins over an earlier one whatever the
         * event times say (an out-of-order START never undoes COMPLETE); within a stage the latest
         * event wins. A missing eventType counts as OTHER: metadata, no state change.
         */
        void observe(EventType type, long at) {
            EventType t = type == null ? EventType.OTHER : type;
            lastEventAt = Math.max(lastEventAt, at);
            if (t == EventType.START || t == EventType.RUNNING) {
                startAt = Math.min(startAt, at);
            }
            if (state == null || t.rank() > state.rank() || (t.rank() == state.rank() && at >= stateAt)) {
                state = t;
                stateAt = at;
                if (t.terminal()) {
                    endAt = at;
                }
            }
        }

        boolean described() {
            return state != null;
        }
    }

    static final class DatasetState extends Entity {
        final DatasetKey key;

        DatasetState(DatasetKey key) {
            this.key = key;
        }
    }

    JobState job(String namespace, String name) {
        return jobs.computeIfAbsent(new JobKey(namespace, name), JobState::new);
    }

    RunState run(String runId) {
        return runs.computeIfAbsent(runId, RunState::new);
    }

    DatasetState dataset(String namespace, String name) {
        return datasets.computeIfAbsent(new DatasetKey(namespace, name), DatasetState::new);
    }

    int size() {
        return jobs.size() + runs.size() + datasets.size();
    }

    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("v", FORMAT);
        g.writeArrayFieldStart("jobs");
        for (JobState job : jobs.values()) {
            g.writeStartObject();
            g.writeStringField("ns", job.key.namespace());
            g.writeStringField("n", job.key.name());
            writeFields(g, job.fields);
            writeKeys(g, "di", job.declaredInputs);
            writeKeys(g, "do", job.declaredOutputs);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("runs");
        for (RunState run : runs.values()) {
            g.writeStartObject();
            g.writeStringField("id", run.runId);
            writeFields(g, run.fields);
            if (run.state != null) {
                g.writeStringField("st", run.state.name());
                g.writeNumberField("sat", run.stateAt);
            }
            g.writeNumberField("s0", run.startAt);
            g.writeNumberField("e", run.endAt);
            g.writeNumberField("last", run.lastEventAt);
            writeKeys(g, "in", run.inputs);
            writeKeys(g, "out", run.outputs);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("datasets");
        for (DatasetState ds : datasets.values()) {
            g.writeStartObject();
            g.writeStringField("ns", ds.key.namespace());
            g.writeStringField("n", ds.key.name());
            writeFields(g, ds.fields);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeFields(JsonGenerator g, Fields fields) throws IOException {
        g.writeObjectFieldStart("f");
        for (Map.Entry<String, Stamped> e : fields.all().entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            g.writeString(e.getValue().value());
            g.writeNumber(e.getValue().at());
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeKeys(JsonGenerator g, String field, Set<DatasetKey> keys) throws IOException {
        g.writeArrayFieldStart(field);
        for (DatasetKey k : keys) {
            g.writeStartArray();
            g.writeString(k.namespace());
            g.writeString(k.name());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** Restores saved state; throws IllegalArgumentException when it is not state this version wrote. */
    static MergedLineage read(JsonNode node) {
        if (node == null || !node.isObject() || node.path("v").asInt() != FORMAT) {
            throw new IllegalArgumentException("not a saved lineage state of format " + FORMAT);
        }
        MergedLineage state = new MergedLineage();
        for (JsonNode j : array(node, "jobs")) {
            JobState job = state.job(text(j, "ns"), text(j, "n"));
            readFields(j, job.fields);
            job.declaredInputs.addAll(readKeys(j, "di"));
            job.declaredOutputs.addAll(readKeys(j, "do"));
        }
        for (JsonNode r : array(node, "runs")) {
            RunState run = state.run(text(r, "id"));
            readFields(r, run.fields);
            if (r.hasNonNull("st")) {
                run.state = EventType.valueOf(r.get("st").asText());
                run.stateAt = r.path("sat").asLong();
            }
            run.startAt = r.path("s0").asLong(Long.MAX_VALUE);
            run.endAt = r.path("e").asLong(Long.MIN_VALUE);
            run.lastEventAt = r.path("last").asLong(Long.MIN_VALUE);
            run.inputs.addAll(readKeys(r, "in"));
            run.outputs.addAll(readKeys(r, "out"));
        }
        for (JsonNode d : array(node, "datasets")) {
            readFields(d, state.dataset(text(d, "ns"), text(d, "n")).fields);
        }
        return state;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode a = node.get(field);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("saved lineage state has no '" + field + "' array");
        }
        return a;
    }

    private static String text(JsonNode node, String field) {
        JsonNode t = node.get(field);
        if (t == null || !t.isTextual()) {
            throw new IllegalArgumentException("saved lineage state misses '" + field + "'");
        }
        return t.asText();
    }

    private static void readFields(JsonNode node, Fields fields) {
        JsonNode f = node.get("f");
        if (f == null || !f.isObject()) {
            throw new IllegalArgumentException("saved lineage state misses fields");
        }
        f.fields().forEachRemaining(e -> {
            JsonNode pair = e.getValue();
            if (!pair.isArray() || pair.size() != 2) {
                throw new IllegalArgumentException("saved field '" + e.getKey() + "' is not [value, time]");
            }
            fields.put(e.getKey(), pair.get(0).isNull() ? null : pair.get(0).asText(), pair.get(1).asLong());
        });
    }

    private static List<DatasetKey> readKeys(JsonNode node, String field) {
        List<DatasetKey> keys = new ArrayList<>();
        for (JsonNode k : array(node, field)) {
            if (!k.isArray() || k.size() != 2) {
                throw new IllegalArgumentException("saved dataset reference is not [namespace, name]");
            }
            keys.add(new DatasetKey(k.get(0).asText(), k.get(1).asText()));
        }
        return keys;
    }
}
