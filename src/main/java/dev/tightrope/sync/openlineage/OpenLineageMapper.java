package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.openlineage.MergedLineage.DatasetState;
import dev.tightrope.sync.openlineage.MergedLineage.JobState;
import dev.tightrope.sync.openlineage.MergedLineage.RunState;
import dev.tightrope.sync.openlineage.OpenLineageEvent.DatasetEvent;
import dev.tightrope.sync.openlineage.OpenLineageEvent.DatasetRef;
import dev.tightrope.sync.openlineage.OpenLineageEvent.JobEvent;
import dev.tightrope.sync.openlineage.OpenLineageEvent.JobRef;
import dev.tightrope.sync.openlineage.OpenLineageEvent.RunEvent;
import dev.tightrope.sync.openlineage.OpenLineageFacets.Context;
import dev.tightrope.sync.openlineage.OpenLineageFacets.Parent;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Maps OpenLineage events to Tightrope assets, edges, owners and findings, merging everything the events
 * say about each job, run and dataset so each asset is emitted once with the latest information
 * per field (by eventTime; events with equal times: the one read later). No IO. This class
 * merges; {@link OpenLineageFacets} reads what each facet says, {@link MergedLineage} holds the
 * merged state (and saves it for the sync cursor), {@link OpenLineageEmitter} turns it into records.
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
 * (summarised), storage, lifecycleStateChange; input facets dataQualityMetrics and
 * dataQualityAssertions (read among the dataset facets too, where producers also put it) and
 * output facet outputStatistics. A facet marked {@code _deleted} clears what it said. Facets this
 * mapping does not know are ignored.
 *
 * <p><b>Findings</b>: each assertion the latest dataQualityAssertions facet of a dataset reports
 * with {@code success: false} is a finding {@code data-quality.assertion-failed} on it (detector
 * {@code openlineage-data-quality}), at {@code column <column>, assertion <name>} (or
 * {@code assertion <name>} for a check of the whole dataset); severity high for an assertion
 * configured {@code error}, low for {@code warn}, medium otherwise. The evidence names the facet's
 * producer (the tool that ran the check), the failing row count when given, and the event's
 * {@code file:line}. A later facet in which the check passes leaves the finding out, and the next
 * full sync resolves it.
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

    private final MergedLineage state;
    private final OpenLineageFacets facets;

    public OpenLineageMapper() {
        this(new MergedLineage());
    }

    private OpenLineageMapper(MergedLineage state) {
        this.state = state;
        this.facets = new OpenLineageFacets(state);
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
        run.observe(e.eventType(), ctx.at());
        run.fields.put("~jobNamespace", job.key.namespace(), ctx.at());
        run.fields.put("~jobName", job.key.name(), ctx.at());
        run.fields.put("~sourceRef", ctx.location(), ctx.at());
        run.fields.put("producer", state.share(e.producer()), ctx.at());
        Parent parent = facets.run(e.runFacets(), run.runId, run.fields, ctx);
        if (parent != null) {
            referenceParent(parent, ctx);
        }
        for (DatasetRef in : e.inputs()) {
            DatasetState ds = describeDataset(in, ctx);
            String subject = "input " + in.namespace() + "/" + in.name();
            facets.input(in.ioFacets(), subject, ds.fields, ctx);
            run.inputs.add(ds.key);
        }
        for (DatasetRef out : e.outputs()) {
            DatasetState ds = describeDataset(out, ctx);
            String subject = "output " + out.namespace() + "/" + out.name();
            facets.output(out.ioFacets(), subject, ds.fields, ctx);
            run.outputs.add(ds.key);
        }
    }

    private JobState describeJob(JobRef ref, Context ctx) {
        JobState job = state.job(ref.namespace(), ref.name());
        job.changed = true;
        job.fields.put("~sourceRef", ctx.location(), ctx.at());
        String subject = "job " + ref.namespace() + "/" + ref.name();
        facets.job(ref.facets(), subject, job.fields, ctx);
        return job;
    }

    /** The parent facet names a run and job that may have no events of their own: they still belong in the graph. */
    private void referenceParent(Parent named, Context ctx) {
        JobState job = state.job(named.jobNamespace(), named.jobName());
        job.changed = true;
        job.fields.put("~sourceRef", ctx.location(), MergedLineage.REFERENCE);
        RunState parent = state.run(named.runId());
        parent.changed = true;
        parent.fields.put("~jobNamespace", job.key.namespace(), MergedLineage.REFERENCE);
        parent.fields.put("~jobName", job.key.name(), MergedLineage.REFERENCE);
        parent.fields.put("~sourceRef", ctx.location(), MergedLineage.REFERENCE);
    }

    private DatasetState describeDataset(DatasetRef ref, Context ctx) {
        DatasetState ds = state.dataset(ref.namespace(), ref.name());
        ds.changed = true;
        ds.fields.put("~sourceRef", ctx.location(), ctx.at());
        String subject = "dataset " + ref.namespace() + "/" + ref.name();
        facets.dataset(ref.facets(), subject, ds.fields, ctx);
        return ds;
    }

    /** Emits every merged asset, or only those touched since the last emit, with their edges and owners. */
    public void emit(RecordSink sink, boolean changedOnly) {
        OpenLineageEmitter.emit(state, sink, changedOnly);
    }

    /** The merged state, for a sync cursor; null when it would be longer than {@code maxChars}. */
    public String saveState(int maxChars) {
        return state.save(maxChars);
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

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
