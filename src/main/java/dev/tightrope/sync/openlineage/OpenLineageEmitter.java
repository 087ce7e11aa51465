package dev.tightrope.sync.openlineage;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Severity;
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
import dev.tightrope.sync.openlineage.OpenLineageNaming.Classified;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Emits merged lineage as Tightrope assets, edges, owners and findings (failed data quality
 * assertions), following the convention of {@link OpenLineageMapper}. One emitter per emit:
 * models and direct edges can be shared by several versions and runs and go out once; every
 * other edge belongs to exactly one run or job and goes straight to the sink.
 */
final class OpenLineageEmitter {

    /** The rule of a finding made from a failed data quality assertion. */
    static final String DATA_QUALITY_RULE = "data-quality.assertion-failed";
    /** The findings' detector: the check's own tool is named in each finding's evidence. */
    static final String DATA_QUALITY_DETECTOR = "openlineage-data-quality";

    private static final DateTimeFormatter RUN_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final MergedLineage state;
    private final RecordSink sink;
    private final Map<Urn, ModelSummary> models = new LinkedHashMap<>();
    private final Set<Edge> directEdges = new HashSet<>();

    private OpenLineageEmitter(MergedLineage state, RecordSink sink) {
        this.state = state;
        this.sink = sink;
    }

    /** Emits every merged asset of {@code state}, or only those touched since the last emit, with their edges and owners. */
    static void emit(MergedLineage state, RecordSink sink, boolean changedOnly) {
        OpenLineageEmitter out = new OpenLineageEmitter(state, sink);
        for (JobState job : state.jobs.values()) {
            if (!changedOnly || job.changed) {
                out.emitJob(job);
            }
        }
        for (RunState run : state.runs.values()) {
            if (!changedOnly || run.changed) {
                out.emitRun(run);
            }
        }
        for (DatasetState ds : state.datasets.values()) {
            if (!changedOnly || ds.changed) {
                out.emitDataset(ds);
            }
        }
        for (ModelSummary model : out.models.values()) {
            out.emitModel(model);
        }
        state.jobs.values().forEach(e -> e.changed = false);
        state.runs.values().forEach(e -> e.changed = false);
        state.datasets.values().forEach(e -> e.changed = false);
    }

    private void direct(Edge edge) {
        if (directEdges.add(edge)) {
            sink.edge(edge);
        }
    }

    private void emitJob(JobState job) {
        Urn urn = OpenLineageNaming.jobUrn(job.key.namespace(), job.key.name());
        String url = job.fields.get("sourceCode.url");
        String ref = isHttp(url) ? url : job.fields.get("~sourceRef");
        sink.asset(Asset.builder(urn, OpenLineageNaming.display(job.key.name()))
                .description(job.fields.get("~description"))
                .properties(visible(job))
                .property("namespace", job.key.namespace())
                .tags(OpenLineageFacets.storedTags(job.fields.get("~tags")))
                .sourceRef(ref)
                .build());
        emitOwners(urn, job.fields.get("~owners"), ref);
        for (DatasetKey in : job.declaredInputs) {
            sink.edge(new Edge(classify(in).urn(), urn, EdgeType.READS));
        }
        for (DatasetKey output : job.declaredOutputs) {
            sink.edge(new Edge(urn, classify(output).urn(), EdgeType.PRODUCED_BY));
        }
    }

    private void emitRun(RunState run) {
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
                .tags(OpenLineageFacets.storedTags(run.fields.get("~tags")))
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
        sink.asset(asset.build());
        // a run is owned by whoever owns its job (the ownership facet is on the job)
        JobState job = state.jobs.get(jobKey);
        if (job != null) {
            emitOwners(urn, job.fields.get("~owners"), job.fields.get("~sourceRef"));
        }

        sink.edge(new Edge(OpenLineageNaming.jobUrn(jobKey.namespace(), jobKey.name()), urn, EdgeType.INSTANCE_OF));
        String parentId = run.fields.get("~parentRunId");
        if (parentId != null) {
            // The parent facet names the parent's job, so its URN is known even after the parent run itself was let go.
            JobKey parentJob = new JobKey(run.fields.get("~parentJobNamespace"), run.fields.get("~parentJobName"));
            sink.edge(new Edge(OpenLineageNaming.runUrn(isTraining(parentJob), parentId), urn, EdgeType.PART_OF));
        }
        List<Classified> inputs = new ArrayList<>();
        for (DatasetKey key : run.inputs) {
            Classified in = classify(key);
            inputs.add(in);
            sink.edge(new Edge(in.urn(), urn, training ? EdgeType.TRAINED_ON : EdgeType.READS));
        }
        for (DatasetKey key : run.outputs) {
            Classified output = classify(key);
            sink.edge(new Edge(urn, output.urn(), EdgeType.PRODUCED_BY));
            for (Classified in : inputs) {
                EdgeType direct = directEdge(in.urn().kind(), output.urn().kind(), training);
                if (direct != null && !in.urn().equals(output.urn())) {
                    direct(new Edge(in.urn(), output.urn(), direct));
                }
            }
        }
    }

    /** The edge the convention draws straight from a run's input to its output, or null (the whole list: {@link OpenLineageMapper}). */
    static EdgeType directEdge(AssetKind in, AssetKind out, boolean training) {
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
            if (in == AssetKind.MODEL_VERSION || in == AssetKind.MODEL) {
                // a base model, pinned to a revision or not (hf://org + model)
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
    private static Digest contentVersion(String datasetVersion) {
        if (datasetVersion != null && datasetVersion.matches("sha256:[0-9a-f]{64}")) {
            return Digest.parse(datasetVersion);
        }
        return null;
    }

    private void emitDataset(DatasetState ds) {
        Classified c = classify(ds.key);
        String ref = ds.fields.get("~sourceRef");
        if (c.digestProblem() != null) {
            sink.problem(new Problem(ref, c.digestProblem()));
        }
        sink.asset(Asset.builder(c.urn(), c.displayName())
                .description(ds.fields.get("~description"))
                .digest(c.digest() != null ? c.digest() : contentVersion(ds.fields.get("version")))
                .properties(visible(ds))
                .properties(c.properties())
                .property("namespace", ds.key.namespace())
                .tags(OpenLineageFacets.storedTags(ds.fields.get("~tags")))
                .sourceRef(ref)
                .build());
        emitOwners(c.urn(), ds.fields.get("~owners"), ref);
        emitFailedAssertions(c.urn(), ds.fields.get(OpenLineageFacets.FAILED_ASSERTIONS));
        if (c.model() != null) {
            models.computeIfAbsent(c.model().urn(), u -> new ModelSummary(c.model(), ds.key.namespace())).learn(ds.fields);
            sink.edge(new Edge(c.model().urn(), c.urn(), EdgeType.VERSION_OF));
        }
    }

    /** A model has no facets of its own: it takes the owners and description of its most recently described version. */
    private void emitModel(ModelSummary model) {
        String ref = value(model.sourceRef);
        sink.asset(Asset.builder(model.ref.urn(), model.ref.displayName())
                .description(value(model.description))
                .property("namespace", model.namespace)
                .sourceRef(ref)
                .build());
        emitOwners(model.ref.urn(), value(model.owners), ref);
    }

    private static String value(Stamped stamped) {
        return stamped == null ? null : stamped.value();
    }

    private void emitOwners(Urn urn, String encodedOwners, String ref) {
        List<List<String>> owners = OpenLineageFacets.storedOwners(encodedOwners);
        for (List<String> owner : owners) {
            String name = owner.get(0);
            String type = owner.size() > 1 ? owner.get(1) : null;
            try {
                sink.owner(OwnerClaim.fromSource(urn, name, type, role(type)));
            } catch (IllegalArgumentException e) {
                sink.problem(new Problem(ref, "owner '" + name + "' of " + urn + " ignored: " + e.getMessage()));
            }
        }
    }

    /**
     * Each assertion the latest dataQualityAssertions facet says failed is a finding on the dataset,
     * as severe as the check was configured: {@code error} (it blocks the pipeline) high, {@code warn}
     * low, no severity medium. The check's tool is named in the evidence, with where it was read.
     */
    private void emitFailedAssertions(Urn urn, String encoded) {
        for (List<String> failed : OpenLineageFacets.storedFailedAssertions(encoded)) {
            String assertion = failed.get(0);
            String column = failed.get(1);
            String severity = failed.get(2);
            String failures = failed.get(3);
            String producer = failed.get(4);
            String readAt = failed.get(5);
            String subject = assertion + (column == null ? "" : " on " + column);
            StringBuilder evidence = new StringBuilder("success false");
            if (failures != null) {
                evidence.append(", ").append(failures).append(failures.equals("1") ? " failing row" : " failing rows");
            }
            if (severity != null) {
                evidence.append(", severity ").append(severity);
            }
            if (producer != null) {
                evidence.append("; reported by ").append(producer);
            }
            if (readAt != null) {
                evidence.append(producer == null ? "; reported at " : " at ").append(readAt);
            }
            sink.finding(new Finding(urn, DATA_QUALITY_RULE, assertionSeverity(severity), "Data quality check failed: " + subject,
                    evidence.toString(), column == null ? "assertion " + assertion : "column " + column + ", assertion " + assertion,
                    DATA_QUALITY_DETECTOR, null));
        }
    }

    private static Severity assertionSeverity(String configured) {
        String s = configured == null ? "" : configured.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "error" -> Severity.HIGH;
            case "warn", "warning" -> Severity.LOW;
            default -> Severity.MEDIUM;
        };
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

    private static boolean isHttp(String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
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
}
