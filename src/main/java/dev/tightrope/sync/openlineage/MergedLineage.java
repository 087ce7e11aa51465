package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.sync.openlineage.OpenLineageEvent.EventType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What all events read so far say about each job, run and dataset, merged field by field: a field
 * keeps the value of the latest event (by eventTime) that stated it. Memory grows with the number
 * of distinct jobs, runs and datasets, never with the number of events, and each entity is kept
 * compact (fields in small arrays, repeated names shared).
 *
 * <p>The state can be saved into a sync cursor so an incremental sync merges new events into what
 * earlier syncs learned instead of overwriting it. Jobs, datasets and runs still open are saved
 * whole; finished runs (COMPLETE, FAIL, ABORT) are only remembered by a fingerprint, which keeps
 * the saved state small however long the history. An appended event that touches a finished run
 * cannot be merged exactly, so the connector reads everything again instead.
 */
final class MergedLineage {

    private static final JsonFactory JSON = new JsonFactory();
    /** Stamp of facts inferred from a reference (a parent facet); any real event about the entity wins. */
    static final long REFERENCE = Long.MIN_VALUE;
    private static final int FORMAT = 2;

    final Map<JobKey, JobState> jobs = new LinkedHashMap<>();
    final Map<String, RunState> runs = new LinkedHashMap<>();
    final Map<DatasetKey, DatasetState> datasets = new LinkedHashMap<>();
    /** Runs that finished in earlier syncs and are no longer held. */
    private FinishedRuns finished = new FinishedRuns();
    private final Map<String, String> shared = new HashMap<>();

    record JobKey(String namespace, String name) {
    }

    record DatasetKey(String namespace, String name) {
    }

    /** One field's value (null: the latest statement removed it) and the event time that stated it, in microseconds. */
    record Stamped(String value, long at) {
    }

    /** One instance of a string that many entities repeat (namespaces, job names, producers, field keys). */
    String share(String s) {
        if (s == null) {
            return null;
        }
        String existing = shared.putIfAbsent(s, s);
        return existing == null ? s : existing;
    }

    /**
     * Fields of one entity in three small parallel arrays (entities have a dozen fields at most).
     * Keys starting with {@code ~} are internal; the rest become asset properties.
     */
    static final class Fields {
        private static final String[] NO_KEYS = {};
        private String[] keys = NO_KEYS;
        private String[] values;
        private long[] ats;
        private int size;

        /**
         * Later statements win; a statement at the same time as the current one wins too (it was
         * read later). Not stating a field the entity never had costs nothing.
         */
        void put(String key, String value, long at) {
            int i = indexOf(key);
            if (i < 0) {
                if (value != null) {
                    append(key, value, at);
                }
            } else if (at >= ats[i]) {
                values[i] = value;
                ats[i] = at;
            }
        }

        /** Records that the field was removed at {@code at}, so an older statement read later cannot bring it back. */
        void delete(String key, long at) {
            int i = indexOf(key);
            if (i < 0) {
                append(key, null, at);
            } else if (at >= ats[i]) {
                values[i] = null;
                ats[i] = at;
            }
        }

        String get(String key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        /** The value and when it was stated, or null when no event stated it. */
        Stamped stamped(String key) {
            int i = indexOf(key);
            return i < 0 ? null : new Stamped(values[i], ats[i]);
        }

        int size() {
            return size;
        }

        String key(int i) {
            return keys[i];
        }

        String value(int i) {
            return values[i];
        }

        long at(int i) {
            return ats[i];
        }

        private int indexOf(String key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        private void append(String key, String value, long at) {
            if (size == keys.length) {
                int capacity = Math.max(4, size * 2);
                keys = Arrays.copyOf(keys, capacity);
                values = values == null ? new String[capacity] : Arrays.copyOf(values, capacity);
                ats = ats == null ? new long[capacity] : Arrays.copyOf(ats, capacity);
            }
            keys[size] = key;
            values[size] = value;
            ats[size] = at;
            size++;
        }
    }

    /** Dataset references in first-seen order without duplicates; a set index appears only for long lists. */
    static final class KeyList extends AbstractList<DatasetKey> {
        private static final int INDEX_FROM = 16;
        private final List<DatasetKey> items = new ArrayList<>(2);
        private Set<DatasetKey> index;

        @Override
        public boolean add(DatasetKey key) {
            if (index != null ? index.contains(key) : items.contains(key)) {
                return false;
            }
            items.add(key);
            if (index != null) {
                index.add(key);
            } else if (items.size() > INDEX_FROM) {
                index = new HashSet<>(items);
            }
            return true;
        }

        @Override
        public DatasetKey get(int i) {
            return items.get(i);
        }

        @Override
        public int size() {
            return items.size();
        }
    }

    abstract static class Entity {
        final Fields fields = new Fields();
        boolean changed;
    }

    static final class JobState extends Entity {
        final JobKey key;
        /** Inputs and outputs a JobEvent declared for the job itself, outside any run. */
        final KeyList declaredInputs = new KeyList();
        final KeyList declaredOutputs = new KeyList();

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
        final KeyList inputs = new KeyList();
        final KeyList outputs = new KeyList();

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

        boolean finished() {
            return state != null && state.terminal();
        }
    }

    static final class DatasetState extends Entity {
        final DatasetKey key;

        DatasetState(DatasetKey key) {
            this.key = key;
        }
    }

    JobState job(String namespace, String name) {
        JobKey key = new JobKey(namespace, name);
        JobState job = jobs.get(key);
        if (job == null) {
            job = new JobState(new JobKey(share(namespace), name));
            jobs.put(job.key, job);
        }
        return job;
    }

    RunState run(String runId) {
        return runs.computeIfAbsent(runId, RunState::new);
    }

    DatasetState dataset(String namespace, String name) {
        DatasetKey key = new DatasetKey(namespace, name);
        DatasetState ds = datasets.get(key);
        if (ds == null) {
            ds = new DatasetState(new DatasetKey(share(namespace), name));
            datasets.put(ds.key, ds);
        }
        return ds;
    }

    int size() {
        return jobs.size() + runs.size() + datasets.size();
    }

    /** Whether an earlier sync saw this run finish and let go of it. */
    boolean finishedEarlier(String runId) {
        return finished.size() > 0 && !runs.containsKey(runId) && finished.contains(runId);
    }

    /** This state as JSON ({@link #write}), for a sync cursor; null when it would be longer than {@code maxChars}. */
    String save(int maxChars) {
        StringWriter buffer = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(new BoundedWriter(buffer, maxChars))) {
            write(g);
        } catch (BoundedWriter.Full e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString();
    }

    /** Saves jobs, datasets and open runs whole, and finished runs (earlier ones included) as fingerprints. */
    void write(JsonGenerator g) throws IOException {
        List<String> nowFinished = new ArrayList<>();
        for (RunState run : runs.values()) {
            if (run.finished()) {
                nowFinished.add(run.runId);
            }
        }
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
            if (run.finished()) {
                continue;
            }
            g.writeStartObject();
            g.writeStringField("id", run.runId);
            writeFields(g, run.fields);
            if (run.state != null) {
                g.writeStringField("st", run.state.name());
                g.writeNumberField("sat", run.stateAt);
            }
            g.writeNumberField("s0", run.startAt);
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
        g.writeFieldName("finished");
        finished.with(nowFinished).write(g);
        g.writeEndObject();
    }

    private static void writeFields(JsonGenerator g, Fields fields) throws IOException {
        g.writeObjectFieldStart("f");
        for (int i = 0; i < fields.size(); i++) {
            g.writeArrayFieldStart(fields.key(i));
            g.writeString(fields.value(i));
            g.writeNumber(fields.at(i));
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeKeys(JsonGenerator g, String field, List<DatasetKey> keys) throws IOException {
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
            state.readFields(j, job.fields);
            for (DatasetKey k : state.readKeys(j, "di")) {
                job.declaredInputs.add(k);
            }
            for (DatasetKey k : state.readKeys(j, "do")) {
                job.declaredOutputs.add(k);
            }
        }
        for (JsonNode r : array(node, "runs")) {
            RunState run = state.run(text(r, "id"));
            state.readFields(r, run.fields);
            if (r.hasNonNull("st")) {
                try {
                    run.state = EventType.valueOf(r.get("st").asText());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("saved run state '" + r.get("st").asText() + "' is unknown");
                }
                run.stateAt = r.path("sat").asLong();
            }
            run.startAt = r.path("s0").asLong(Long.MAX_VALUE);
            run.lastEventAt = r.path("last").asLong(Long.MIN_VALUE);
            for (DatasetKey k : state.readKeys(r, "in")) {
                run.inputs.add(k);
            }
            for (DatasetKey k : state.readKeys(r, "out")) {
                run.outputs.add(k);
            }
        }
        for (JsonNode d : array(node, "datasets")) {
            state.readFields(d, state.dataset(text(d, "ns"), text(d, "n")).fields);
        }
        state.finished = FinishedRuns.read(node.get("finished"));
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

    private void readFields(JsonNode node, Fields fields) {
        JsonNode f = node.get("f");
        if (f == null || !f.isObject()) {
            throw new IllegalArgumentException("saved lineage state misses fields");
        }
        f.properties().forEach(e -> {
            JsonNode pair = e.getValue();
            if (!pair.isArray() || pair.size() != 2) {
                throw new IllegalArgumentException("saved field '" + e.getKey() + "' is not [value, time]");
            }
            String key = share(e.getKey());
            if (pair.get(0).isNull()) {
                fields.delete(key, pair.get(1).asLong());
            } else {
                fields.put(key, pair.get(0).asText(), pair.get(1).asLong());
            }
        });
    }

    private List<DatasetKey> readKeys(JsonNode node, String field) {
        List<DatasetKey> keys = new ArrayList<>();
        for (JsonNode k : array(node, field)) {
            if (!k.isArray() || k.size() != 2) {
                throw new IllegalArgumentException("saved dataset reference is not [namespace, name]");
            }
            keys.add(dataset(k.get(0).asText(), k.get(1).asText()).key);
        }
        return keys;
    }

    /**
     * Finished runs as sorted 48-bit fingerprints of their ids. A run that finished is always
     * found; another run is wrongly found with a chance of (finished runs) / 2^48, about one in
     * 280 million after a million runs, which would only cost a needless full read. Saved as
     * varint-coded gaps, about four bytes per run.
     */
    static final class FinishedRuns {
        private static final long[] NONE = {};
        private final long[] sorted;

        FinishedRuns() {
            this(NONE);
        }

        private FinishedRuns(long[] sorted) {
            this.sorted = sorted;
        }

        int size() {
            return sorted.length;
        }

        boolean contains(String runId) {
            return Arrays.binarySearch(sorted, fingerprint(runId)) >= 0;
        }

        FinishedRuns with(List<String> runIds) {
            long[] merged = Arrays.copyOf(sorted, sorted.length + runIds.size());
            for (int i = 0; i < runIds.size(); i++) {
                merged[sorted.length + i] = fingerprint(runIds.get(i));
            }
            Arrays.sort(merged);
            int unique = 0;
            for (int i = 0; i < merged.length; i++) {
                if (i == 0 || merged[i] != merged[unique - 1]) {
                    merged[unique++] = merged[i];
                }
            }
            return new FinishedRuns(Arrays.copyOf(merged, unique));
        }

        /** Run ids are UUIDs: both halves, mixed, keep 48 bits that do not depend on the UUID version. */
        static long fingerprint(String runId) {
            UUID id = UUID.fromString(runId);
            return mix(id.getMostSignificantBits() ^ mix(id.getLeastSignificantBits())) >>> 16;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
            z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
            return z ^ (z >>> 33);
        }

        void write(JsonGenerator g) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(sorted.length * 7 + 1);
            long previous = 0;
            for (long f : sorted) {
                long gap = f - previous;
                previous = f;
                while ((gap & ~0x7FL) != 0) {
                    bytes.put((byte) ((gap & 0x7F) | 0x80));
                    gap >>>= 7;
                }
                bytes.put((byte) gap);
            }
            g.writeStartObject();
            g.writeNumberField("n", sorted.length);
            g.writeStringField("gaps", Base64.getEncoder().encodeToString(Arrays.copyOf(bytes.array(), bytes.position())));
            g.writeEndObject();
        }

        static FinishedRuns read(JsonNode node) {
            if (node == null || !node.path("gaps").isTextual() || !node.path("n").canConvertToInt() || node.get("n").asInt() < 0) {
                throw new IllegalArgumentException("saved lineage state misses its finished runs");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(node.get("gaps").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("saved finished runs are not base64");
            }
            int n = node.get("n").asInt();
            if (n > raw.length) {
                throw new IllegalArgumentException("saved finished runs are truncated");
            }
            long[] sorted = new long[n];
            int pos = 0;
            long previous = 0;
            for (int i = 0; i < n; i++) {
                long gap = 0;
                int shift = 0;
                byte b;
                do {
                    if (pos >= raw.length || shift > 56) {
                        throw new IllegalArgumentException("saved finished runs are truncated");
                    }
                    b = raw[pos++];
                    gap |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                previous += gap;
                sorted[i] = previous;
            }
            return new FinishedRuns(sorted);
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
