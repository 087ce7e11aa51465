package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One validated OpenLineage 2-0-2 event: a {@link RunEvent}, a {@link JobEvent} or a
 * {@link DatasetEvent}. The structure the spec requires has been checked; facets are kept as
 * JSON because they are open-ended and {@link OpenLineageMapper} reads the ones it knows.
 */
public sealed interface OpenLineageEvent {

    Instant eventTime();

    String producer();

    /** Where the event was read: {@code file:line}, or the receiver request and line. */
    String location();

    /** The event as received, so the live receiver can spool it unchanged. */
    ObjectNode raw();

    /** The run state transitions of the spec; {@code OTHER} carries metadata without changing state. */
    enum EventType {
        START(1),
        RUNNING(2),
        COMPLETE(3),
        ABORT(3),
        FAIL(3),
        OTHER(0);

        private final int rank;

        EventType(int rank) {
            this.rank = rank;
        }

        /** Later stages outrank earlier ones, so an out-of-order START never undoes a COMPLETE. */
        int rank() {
            return rank;
        }

        boolean terminal() {
            return rank == 3;
        }
    }

    /** A job reference with its facets (an empty object when the event has none). */
    record JobRef(String namespace, String name, ObjectNode facets) {
        public JobRef {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(facets, "facets");
        }
    }

    /**
     * A dataset reference. {@code ioFacets} are the input facets of an input or the output facets
     * of an output (an empty object for a DatasetEvent's dataset).
     */
    record DatasetRef(String namespace, String name, ObjectNode facets, ObjectNode ioFacets) {
        public DatasetRef {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(facets, "facets");
            Objects.requireNonNull(ioFacets, "ioFacets");
        }
    }

    /** A run state transition. {@code eventType} is null when the event omits it (the spec allows that). */
    record RunEvent(
            EventType eventType,
            Instant eventTime,
            String producer,
            String runId,
            ObjectNode runFacets,
            JobRef job,
            List<DatasetRef> inputs,
            List<DatasetRef> outputs,
            String location,
            ObjectNode raw) implements OpenLineageEvent {
        public RunEvent {
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(producer, "producer");
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(runFacets, "runFacets");
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(raw, "raw");
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /** Static metadata about a job and its declared inputs and outputs, outside any run. */
    record JobEvent(
            Instant eventTime,
            String producer,
            JobRef job,
            List<DatasetRef> inputs,
            List<DatasetRef> outputs,
            String location,
            ObjectNode raw) implements OpenLineageEvent {
        public JobEvent {
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(producer, "producer");
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(raw, "raw");
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /** Static metadata about one dataset, outside any run. */
    record DatasetEvent(Instant eventTime, String producer, DatasetRef dataset, String location, ObjectNode raw)
            implements OpenLineageEvent {
        public DatasetEvent {
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(producer, "producer");
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(raw, "raw");
        }
    }
}
