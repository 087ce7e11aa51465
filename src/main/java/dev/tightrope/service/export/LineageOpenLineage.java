package dev.tightrope.service.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.BuildInfo;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.Urn;
import dev.tightrope.sync.openlineage.OpenLineageNames;
import dev.tightrope.sync.openlineage.OpenLineageNames.DatasetName;
import dev.tightrope.sync.openlineage.OpenLineageNames.Name;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A lineage view as OpenLineage 2-0-2 events, one JSON object a line: something Marquez or any
 * OpenLineage consumer can replay, and that Tightrope's own OpenLineage source imports back as the
 * same assets (same URNs) joined by the same edges. The output depends only on the graph, the data
 * version and the export time, not on the order of its lists: the same view exports byte for byte
 * the same.
 *
 * <h2>How the view is written</h2>
 *
 * Each asset is written under the OpenLineage name Tightrope's importer maps back to its URN
 * ({@link OpenLineageNames}): OpenLineage datasets, models, images and deployments as datasets,
 * pipelines and notebooks as jobs, pipeline and training runs as runs with their own run ids.
 * Every event is timed at the export and every run event is {@code COMPLETE}: the view holds
 * no run times or states. Each edge type is written as follows:
 * <table>
 *   <caption>Edge types as OpenLineage</caption>
 *   <tr><th>edge</th><th>in OpenLineage</th></tr>
 *   <tr><td>job {@code instance_of} run</td><td>the run event's job; a training run's job says {@code jobType: TRAINING}</td></tr>
 *   <tr><td>run {@code part_of} run</td><td>the child run's {@code parent} facet</td></tr>
 *   <tr><td>dataset {@code reads} pipeline run, dataset {@code trained_on} training run</td><td>an input of the run</td></tr>
 *   <tr><td>run {@code produced_by} dataset</td><td>an output of the run</td></tr>
 *   <tr><td>dataset {@code reads} job, job {@code produced_by} dataset</td><td>a JobEvent's declared input or output</td></tr>
 *   <tr><td>model {@code version_of} model version</td><td>the version's name ({@code mlflow://…/models/<m>/<v>}, {@code hf://…@rev}): the importer draws it</td></tr>
 *   <tr><td>{@code trained_on}, {@code derived_from}, {@code packaged_as}, {@code deployed_as} between datasets</td><td>drawn by the
 *       importer from a run that reads one and outputs the other: an exported run of the view when there is one, otherwise a
 *       stand-in run of a stand-in job (below)</td></tr>
 * </table>
 *
 * <h2>What is left out, and what is added</h2>
 *
 * Left out, and listed in the export event's facet with the reason:
 * <ul>
 *   <li>{@code gone}: edges no source asserts any more (replaying them would make them current again);</li>
 *   <li>{@code no_openlineage_name}: assets whose URN no OpenLineage name imports back as (other
 *       sources' own: an MLflow run, an Artifactory file, a Hub dataset...), and their edges;</li>
 *   <li>{@code no_openlineage_form}: {@code uses}, {@code configured_in}, and relations between
 *       kinds the importer never joins ({@code part_of} between datasets or files, {@code reads}
 *       into a training run, {@code produced_by} of a model);</li>
 *   <li>{@code second_job}, {@code second_parent}: an OpenLineage run has one job and one parent;</li>
 *   <li>{@code job_has_training_runs}: a pipeline run's job when the job also has training runs
 *       (the job's type decides the kind of every run of it); the run gets a stand-in job.</li>
 * </ul>
 *
 * <p>Added, because OpenLineage needs them, all as jobs in {@value #STAND_IN_NAMESPACE}: the
 * export itself (the first line, a JobEvent with the data version, the counts and what was left
 * out); a stand-in job for each run the view shows without its job, named as the run; and a
 * stand-in job and run for each relation between datasets that no run of the view carries (the
 * run id a version-5 UUID of the relation, so a later export of the view replays onto the same
 * run). Importing the file adds those jobs and runs with their {@code instance_of},
 * {@code reads}, {@code trained_on} and {@code produced_by} edges. The importer also draws
 * {@code version_of} for every model version written and the direct edges of every run, whether
 * the view showed them or not. Imported runs are named after their job and short id: the view
 * holds neither their nominal time nor, for stand-ins, their job's name.
 *
 * <p>Every event carries the {@value #EXPORT_FACET} facet (on the run, or on the job or dataset
 * of a JobEvent or DatasetEvent): {@code dataVersion}, {@code exportedAt}, {@code root}, and the
 * view's {@code edges} the event expresses, each with the {@code sources} that asserted it, which
 * OpenLineage has no place for. Lists in the export event stop at {@value #MAX_LISTED} entries;
 * the counts beside them are whole.
 */
public final class LineageOpenLineage {

    static final String SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
    static final String PRODUCER = "https://tightrope.dev/releases/" + BuildInfo.version().orElse("dev");
    static final String EXPORT_FACET = "tightrope_export";
    static final String EXPORT_FACET_SCHEMA = "https://tightrope.dev/spec/openlineage/facets/1-0-0/TightropeExportFacet.json";
    /** Where the jobs live that the export adds: itself and the stand-ins. */
    static final String STAND_IN_NAMESPACE = "tightrope://export";
    static final int MAX_LISTED = 10_000;

    private static final String PARENT_SCHEMA = "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet";
    private static final String JOB_TYPE_SCHEMA = "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet";
    private static final String DATASET_TYPE_SCHEMA =
            "https://openlineage.io/spec/facets/1-0-1/DatasetTypeDatasetFacet.json#/$defs/DatasetTypeDatasetFacet";
    private static final String DOCUMENTATION_SCHEMA =
            "https://openlineage.io/spec/facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet";
    /** Stand-in names stay well inside the importer's bound on namespace and name together. */
    private static final int MAX_STAND_IN_NAME = 1_000;
    /** The namespace of the name-based (version 5) run ids of stand-in runs. */
    private static final UUID STAND_IN_RUNS = UUID.fromString("f99911a3-183f-4e5a-a775-c8b7977be896");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineageOpenLineage() {
    }

    /** Why an edge or asset of the view is not in the events; its token is what the export facet lists (see the class comment). */
    enum Omission {
        GONE,
        NO_OPENLINEAGE_NAME,
        NO_OPENLINEAGE_FORM,
        SECOND_JOB,
        SECOND_PARENT,
        JOB_HAS_TRAINING_RUNS
    }

    /**
     * The view as newline-delimited OpenLineage events, the export event first.
     *
     * @param dataVersion the cache's data version the view was read at
     * @param exportedAt  every event's time
     */
    public static String ndjson(LineageGraph graph, String dataVersion, Instant exportedAt) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(dataVersion, "dataVersion");
        Objects.requireNonNull(exportedAt, "exportedAt");
        return new Export(graph, dataVersion, exportedAt).write();
    }

    /** An edge of the view without its source: the unit OpenLineage can say or not. */
    private record Relation(String upstream, String downstream, EdgeType type) {
    }

    /** The order everything is written in, so that the output does not depend on the order of the view's lists. */
    private static final Comparator<LineageGraph.Link> LINK_ORDER = Comparator.comparing(LineageGraph.Link::upstream)
            .thenComparing(LineageGraph.Link::downstream).thenComparing(LineageGraph.Link::type)
            .thenComparing(LineageGraph.Link::source, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Where an asset goes in OpenLineage. */
    private sealed interface Address {
    }

    private record DatasetAt(DatasetName name, AssetKind kind) implements Address {
    }

    private record JobAt(Name name) implements Address {
    }

    private record RunAt(String runId, boolean training) implements Address {
    }

    /** One event being laid out: the datasets it names and the relations of the view it expresses. */
    private abstract static class Event {
        final List<Relation> relations = new ArrayList<>();
        final Set<String> inputs = new LinkedHashSet<>();
        final Set<String> outputs = new LinkedHashSet<>();

        List<String> datasets() {
            List<String> all = new ArrayList<>(inputs);
            all.addAll(outputs);
            return all;
        }
    }

    private static final class RunEvent extends Event {
        final String runId;
        final boolean training;
        /** The view's job of the run, or null: then {@link #standInJob} with its {@link #standInReason}. */
        String job;
        String parent;
        Name standInJob;
        String standInReason;

        RunEvent(String runId, boolean training) {
            this.runId = runId;
            this.training = training;
        }
    }

    /** A job's declared inputs and outputs, or a job of the view that no run event names. */
    private static final class JobEvent extends Event {
        final String job;

        JobEvent(String job) {
            this.job = job;
        }
    }

    /** A dataset of the view that no other event names. */
    private static final class DatasetEvent extends Event {
        final String dataset;

        DatasetEvent(String dataset) {
            this.dataset = dataset;
        }

        @Override
        List<String> datasets() {
            return List.of(dataset);
        }
    }

    /** An edge of the view that the events do not say, and why. */
    private record Left(LineageGraph.Link link, Omission why) {
    }

    private static final class Export {
        private final LineageGraph graph;
        private final String dataVersion;
        private final String exportedAt;
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, Address> addresses = new HashMap<>();
        /** The live relations in order, each with the sources that assert it. */
        private final Map<Relation, List<String>> sources = new LinkedHashMap<>();
        private final List<Left> left = new ArrayList<>();
        private final Map<String, RunEvent> runs = new TreeMap<>();
        private final Map<String, JobEvent> jobs = new TreeMap<>();
        private final Set<String> trainingJobs = new HashSet<>();
        /** Relations between datasets, in order, and whether the run that says them must be a training run. */
        private final Map<Relation, Boolean> betweenDatasets = new LinkedHashMap<>();
        private final List<Relation> versions = new ArrayList<>();
        private final Map<String, Boolean> standInJobs = new HashMap<>();
        /** The jobs of the view, which a stand-in must not be named as. */
        private final Set<Name> viewJobs = new HashSet<>();
        /** The models the importer brings back from the names of the versions the export writes. */
        private final Set<String> impliedModels = new HashSet<>();
        private int expressed;

        Export(LineageGraph graph, String dataVersion, Instant exportedAt) {
            this.graph = graph;
            this.dataVersion = dataVersion;
            this.exportedAt = exportedAt.toString();
        }

        String write() {
            List<String> urns = collect();
            Map<Relation, Omission> omitted = new HashMap<>();
            bindJobs(omitted);
            for (Relation r : sources.keySet()) {
                if (r.type() != EdgeType.INSTANCE_OF) {
                    Omission why = place(r);
                    if (why != null) {
                        omitted.put(r, why);
                    }
                }
            }
            List<Event> events = layOut(urns);
            account(omitted);
            StringBuilder out = new StringBuilder();
            line(out, exportEvent(urns));
            for (Event e : events) {
                line(out, e instanceof RunEvent run ? runEvent(run) : e instanceof JobEvent job ? jobEvent(job) : datasetEvent((DatasetEvent) e));
            }
            return out.toString();
        }

        /** Reads the view: names, where each asset goes, the live relations with their sources; returns every URN, sorted. */
        private List<String> collect() {
            for (LineageGraph.Node n : graph.nodes()) {
                names.put(n.urn(), n.name());
                address(n.urn());
            }
            List<LineageGraph.Link> links = new ArrayList<>(graph.edges());
            links.sort(LINK_ORDER);
            for (LineageGraph.Link l : links) {
                address(l.upstream());
                address(l.downstream());
                if (l.gone()) {
                    left.add(new Left(l, Omission.GONE));
                } else {
                    sources.computeIfAbsent(new Relation(l.upstream(), l.downstream(), l.type()), r -> new ArrayList<>()).add(l.source());
                }
            }
            List<String> urns = addresses.keySet().stream().sorted().toList();
            for (String urn : urns) {
                Address a = addresses.get(urn);
                if (a instanceof RunAt run) {
                    runs.put(urn, new RunEvent(run.runId(), run.training()));
                } else if (a instanceof JobAt job) {
                    viewJobs.add(job.name());
                } else if (a instanceof DatasetAt dataset) {
                    OpenLineageNames.modelOf(dataset.name()).ifPresent(m -> impliedModels.add(m.toString()));
                }
            }
            return urns;
        }

        /**
         * The events in the order they are written: the view's runs, the stand-in runs, the jobs
         * that need an event of their own, then a DatasetEvent for each dataset no other event names.
         */
        private List<Event> layOut(List<String> urns) {
            List<Event> events = new ArrayList<>(runs.values());
            events.addAll(relationsThroughRuns());
            giveEveryRunAJob();
            Set<String> boundJobs = new HashSet<>();
            runs.values().forEach(run -> boundJobs.add(run.job));
            for (String urn : urns) {
                if (addresses.get(urn) instanceof JobAt && !boundJobs.contains(urn)) {
                    jobs.computeIfAbsent(urn, JobEvent::new);
                }
            }
            events.addAll(jobs.values());
            Map<String, Event> firstMention = new HashMap<>();
            for (Event e : events) {
                e.datasets().forEach(d -> firstMention.putIfAbsent(d, e));
            }
            for (String urn : urns) {
                if (addresses.get(urn) instanceof DatasetAt && !firstMention.containsKey(urn)) {
                    DatasetEvent e = new DatasetEvent(urn);
                    events.add(e);
                    firstMention.put(urn, e);
                }
            }
            for (Relation v : versions) {
                firstMention.get(v.downstream()).relations.add(v);
            }
            return events;
        }

        /** Counts the edges written and lists those left out, one entry per source that asserted them. */
        private void account(Map<Relation, Omission> omitted) {
            sources.forEach((r, from) -> {
                Omission why = omitted.get(r);
                for (String source : from) {
                    if (why == null) {
                        expressed++;
                    } else {
                        left.add(new Left(new LineageGraph.Link(r.upstream(), r.downstream(), r.type(), source, false), why));
                    }
                }
            });
            left.sort(Comparator.comparing(Left::link, LINK_ORDER));
        }

        private void address(String urn) {
            if (addresses.containsKey(urn)) {
                return;
            }
            Urn parsed;
            try {
                parsed = Urn.parse(urn);
            } catch (IllegalArgumentException e) {
                addresses.put(urn, null);
                return;
            }
            Optional<String> runId = OpenLineageNames.runId(parsed);
            Address a = runId.<Address>map(id -> new RunAt(id, parsed.kind() == AssetKind.TRAINING_RUN))
                    .or(() -> OpenLineageNames.job(parsed).map(JobAt::new))
                    .or(() -> OpenLineageNames.dataset(parsed).map(d -> new DatasetAt(d, parsed.kind())))
                    .orElse(null);
            addresses.put(urn, a);
        }

        /**
         * Gives each run the job of its {@code instance_of} edge. A job is a training job when any
         * of its runs is a training run: OpenLineage gives the job a type, and the type decides
         * the kind of every run of it, so its pipeline runs are left without it.
         */
        private void bindJobs(Map<Relation, Omission> omitted) {
            for (Relation r : sources.keySet()) {
                if (r.type() == EdgeType.INSTANCE_OF && addresses.get(r.upstream()) instanceof JobAt
                        && addresses.get(r.downstream()) instanceof RunAt run && run.training()) {
                    trainingJobs.add(r.upstream());
                }
            }
            for (Relation r : sources.keySet()) {
                if (r.type() != EdgeType.INSTANCE_OF) {
                    continue;
                }
                RunEvent run = runs.get(r.downstream());
                if (run == null || !(addresses.get(r.upstream()) instanceof JobAt)) {
                    omitted.put(r, unnamed(r) ? Omission.NO_OPENLINEAGE_NAME : Omission.NO_OPENLINEAGE_FORM);
                } else if (run.job != null) {
                    omitted.put(r, Omission.SECOND_JOB);
                } else if (trainingJobs.contains(r.upstream()) != run.training) {
                    omitted.put(r, Omission.JOB_HAS_TRAINING_RUNS);
                } else {
                    run.job = r.upstream();
                    run.relations.add(r);
                }
            }
        }

        /** Puts one relation into the event that will say it; returns why none can, or null. */
        private Omission place(Relation r) {
            Address up = addresses.get(r.upstream());
            Address down = addresses.get(r.downstream());
            if (r.type() == EdgeType.VERSION_OF) {
                // the model has no name of its own: the importer draws it from its version's
                if (down instanceof DatasetAt version
                        && OpenLineageNames.modelOf(version.name()).map(Urn::toString).filter(r.upstream()::equals).isPresent()) {
                    versions.add(r);
                    return null;
                }
                return down == null ? Omission.NO_OPENLINEAGE_NAME : Omission.NO_OPENLINEAGE_FORM;
            }
            if (up == null || down == null) {
                return Omission.NO_OPENLINEAGE_NAME;
            }
            RunEvent downRun = runs.get(r.downstream());
            RunEvent upRun = runs.get(r.upstream());
            switch (r.type()) {
                case PART_OF -> {
                    if (upRun != null && downRun != null) {
                        if (downRun.parent != null) {
                            return Omission.SECOND_PARENT;
                        }
                        downRun.parent = r.upstream();
                        downRun.relations.add(r);
                        return null;
                    }
                }
                case READS, TRAINED_ON -> {
                    if (up instanceof DatasetAt && downRun != null && downRun.training == (r.type() == EdgeType.TRAINED_ON)) {
                        downRun.inputs.add(r.upstream());
                        downRun.relations.add(r);
                        return null;
                    }
                    if (up instanceof DatasetAt && down instanceof JobAt && r.type() == EdgeType.READS) {
                        JobEvent job = jobs.computeIfAbsent(r.downstream(), JobEvent::new);
                        job.inputs.add(r.upstream());
                        job.relations.add(r);
                        return null;
                    }
                    if (r.type() == EdgeType.TRAINED_ON) {
                        return betweenDatasets(r, up, down);
                    }
                }
                case PRODUCED_BY -> {
                    if (upRun != null && down instanceof DatasetAt) {
                        upRun.outputs.add(r.downstream());
                        upRun.relations.add(r);
                        return null;
                    }
                    if (up instanceof JobAt && down instanceof DatasetAt) {
                        JobEvent job = jobs.computeIfAbsent(r.upstream(), JobEvent::new);
                        job.outputs.add(r.downstream());
                        job.relations.add(r);
                        return null;
                    }
                }
                case DERIVED_FROM, PACKAGED_AS, DEPLOYED_AS -> {
                    return betweenDatasets(r, up, down);
                }
                default -> {
                    // uses, configured_in, version_of: the importer draws the first two never, the last from names only
                }
            }
            return Omission.NO_OPENLINEAGE_FORM;
        }

        /** A relation the importer draws from a run that reads one dataset and outputs the other; decides which kind of run. */
        private Omission betweenDatasets(Relation r, Address up, Address down) {
            if (up instanceof DatasetAt in && down instanceof DatasetAt out) {
                for (boolean training : new boolean[] {false, true}) {
                    if (OpenLineageNames.directEdge(in.kind(), out.kind(), training).filter(r.type()::equals).isPresent()) {
                        betweenDatasets.put(r, training);
                        return null;
                    }
                }
            }
            return Omission.NO_OPENLINEAGE_FORM;
        }

        /**
         * The relations between datasets: said by an exported run that reads one and outputs the
         * other when there is one (the importer draws them from it), otherwise by a stand-in run.
         */
        private List<RunEvent> relationsThroughRuns() {
            Set<Relation> carried = new HashSet<>();
            for (RunEvent run : runs.values()) {
                for (String in : run.inputs) {
                    for (String out : run.outputs) {
                        AssetKind inKind = ((DatasetAt) addresses.get(in)).kind();
                        AssetKind outKind = ((DatasetAt) addresses.get(out)).kind();
                        Optional<EdgeType> drawn = OpenLineageNames.directEdge(inKind, outKind, run.training);
                        if (drawn.isPresent() && !in.equals(out)) {
                            Relation r = new Relation(in, out, drawn.get());
                            if (betweenDatasets.containsKey(r) && carried.add(r)) {
                                run.relations.add(r);
                            }
                        }
                    }
                }
            }
            List<RunEvent> standIns = new ArrayList<>();
            betweenDatasets.forEach((r, training) -> {
                if (carried.contains(r)) {
                    return;
                }
                RunEvent run = new RunEvent(nameBasedRunId(r), training);
                run.inputs.add(r.upstream());
                run.outputs.add(r.downstream());
                run.relations.add(r);
                run.standInJob = standInJob(r.type().token() + " " + name(r.upstream()) + " -> " + name(r.downstream()), training);
                run.standInReason = "Stand-in: the exported lineage view shows " + name(r.downstream()) + " "
                        + r.type().downstreamPhrase() + " " + name(r.upstream()) + " without a run between them.";
                standIns.add(run);
            });
            return standIns;
        }

        private void giveEveryRunAJob() {
            for (Map.Entry<String, RunEvent> e : runs.entrySet()) {
                RunEvent run = e.getValue();
                if (run.job == null) {
                    run.standInJob = standInJob(name(e.getKey()), run.training);
                    run.standInReason = "Stand-in: the exported lineage view shows the run " + name(e.getKey()) + " without its job.";
                }
            }
        }

        /**
         * A stand-in job: named as asked unless a job of the view has that name, or a stand-in of
         * the other kind does (its type would change the kind of these runs).
         */
        private Name standInJob(String wanted, boolean training) {
            String base = fit(wanted);
            String name = base;
            for (int n = 2; taken(name, training); n++) {
                name = base + " (" + n + ")";
            }
            standInJobs.put(name, training);
            return new Name(STAND_IN_NAMESPACE, name);
        }

        private boolean taken(String name, boolean training) {
            Boolean kind = standInJobs.get(name);
            return kind != null && kind != training || viewJobs.contains(new Name(STAND_IN_NAMESPACE, name));
        }

        private boolean unnamed(Relation r) {
            return addresses.get(r.upstream()) == null || addresses.get(r.downstream()) == null;
        }

        private String name(String urn) {
            return names.getOrDefault(urn, urn);
        }

        /** What every event starts with; {@code kind} is its definition in the spec. */
        private ObjectNode event(String kind) {
            ObjectNode e = JSON.createObjectNode();
            e.put("eventTime", exportedAt);
            e.put("producer", PRODUCER);
            e.put("schemaURL", SPEC + "#/$defs/" + kind);
            return e;
        }

        private ObjectNode exportEvent(List<String> urns) {
            ObjectNode e = event("JobEvent");
            ObjectNode job = e.putObject("job");
            job.put("namespace", STAND_IN_NAMESPACE);
            job.put("name", fit("lineage export " + graph.root()));
            ObjectNode facets = job.putObject("facets");
            int leftOut = left.size();
            documentation(facets, "Lineage around " + name(graph.root()) + " (" + graph.root() + ") as Tightrope's cache held it at data version "
                    + dataVersion + ", exported " + exportedAt + ": " + expressed + " of " + graph.edges().size()
                    + " edges written as OpenLineage, " + leftOut + " left out (listed in the " + EXPORT_FACET + " facet).");
            ObjectNode export = exportFacet(facets);
            export.put("truncated", graph.truncated());
            export.put("nodes", graph.nodes().size());
            export.put("edges", graph.edges().size());
            export.put("expressedEdges", expressed);
            export.put("omittedEdgeCount", leftOut);
            ArrayNode omitted = export.putArray("omittedEdges");
            left.stream().limit(MAX_LISTED).forEach(l -> {
                ObjectNode o = omitted.addObject();
                o.put("upstream", l.link().upstream());
                o.put("downstream", l.link().downstream());
                o.put("type", l.link().type().token());
                o.put("source", l.link().source());
                o.put("reason", Labels.token(l.why()));
            });
            List<String> unnamedNodes = urns.stream().filter(u -> addresses.get(u) == null && !impliedModels.contains(u)).toList();
            export.put("omittedNodeCount", unnamedNodes.size());
            ArrayNode nodes = export.putArray("omittedNodes");
            unnamedNodes.stream().limit(MAX_LISTED).forEach(u -> nodes.addObject()
                    .put("urn", u).put("reason", Labels.token(Omission.NO_OPENLINEAGE_NAME)));
            return e;
        }

        private ObjectNode runEvent(RunEvent run) {
            ObjectNode e = event("RunEvent");
            e.put("eventType", "COMPLETE");
            ObjectNode r = e.putObject("run");
            r.put("runId", run.runId);
            ObjectNode facets = r.putObject("facets");
            if (run.parent != null) {
                RunEvent parent = runs.get(run.parent);
                ObjectNode p = facet(facets, "parent", PARENT_SCHEMA);
                p.putObject("run").put("runId", parent.runId);
                Name parentJob = jobOf(parent);
                p.putObject("job").put("namespace", parentJob.namespace()).put("name", parentJob.name());
            }
            ObjectNode export = exportFacet(facets);
            relations(export, run.relations);
            e.set("job", job(jobOf(run), run.training, run.standInReason));
            datasets(e.putArray("inputs"), run.inputs);
            datasets(e.putArray("outputs"), run.outputs);
            return e;
        }

        private Name jobOf(RunEvent run) {
            return run.standInJob != null ? run.standInJob : ((JobAt) addresses.get(run.job)).name();
        }

        private ObjectNode jobEvent(JobEvent job) {
            ObjectNode e = event("JobEvent");
            ObjectNode j = job(((JobAt) addresses.get(job.job)).name(), trainingJobs.contains(job.job), null);
            relations(exportFacet((ObjectNode) j.get("facets")), job.relations);
            e.set("job", j);
            datasets(e.putArray("inputs"), job.inputs);
            datasets(e.putArray("outputs"), job.outputs);
            return e;
        }

        private ObjectNode datasetEvent(DatasetEvent dataset) {
            ObjectNode e = event("DatasetEvent");
            ObjectNode d = dataset(dataset.dataset);
            relations(exportFacet((ObjectNode) d.get("facets")), dataset.relations);
            e.set("dataset", d);
            return e;
        }

        private ObjectNode job(Name name, boolean training, String standInReason) {
            ObjectNode job = JSON.createObjectNode();
            job.put("namespace", name.namespace());
            job.put("name", name.name());
            ObjectNode facets = job.putObject("facets");
            if (training) {
                facet(facets, "jobType", JOB_TYPE_SCHEMA).put("processingType", "BATCH").put("integration", "TIGHTROPE")
                        .put("jobType", OpenLineageNames.TRAINING_JOB_TYPE);
            }
            if (standInReason != null) {
                documentation(facets, standInReason);
            }
            return job;
        }

        private void datasets(ArrayNode array, Set<String> urns) {
            urns.forEach(urn -> array.add(dataset(urn)));
        }

        private ObjectNode dataset(String urn) {
            DatasetName name = ((DatasetAt) addresses.get(urn)).name();
            ObjectNode d = JSON.createObjectNode();
            d.put("namespace", name.namespace());
            d.put("name", name.name());
            ObjectNode facets = d.putObject("facets");
            if (name.datasetType() != null) {
                facet(facets, "datasetType", DATASET_TYPE_SCHEMA).put("datasetType", name.datasetType());
            }
            return d;
        }

        private ObjectNode exportFacet(ObjectNode facets) {
            ObjectNode f = facet(facets, EXPORT_FACET, EXPORT_FACET_SCHEMA);
            f.put("dataVersion", dataVersion);
            f.put("exportedAt", exportedAt);
            f.put("root", graph.root());
            return f;
        }

        private void relations(ObjectNode exportFacet, List<Relation> relations) {
            ArrayNode edges = exportFacet.putArray("edges");
            for (Relation r : relations) {
                ObjectNode o = edges.addObject();
                o.put("upstream", r.upstream());
                o.put("downstream", r.downstream());
                o.put("type", r.type().token());
                ArrayNode from = o.putArray("sources");
                sources.get(r).stream().filter(Objects::nonNull).distinct().forEach(from::add);
            }
        }
    }

    private static ObjectNode facet(ObjectNode facets, String name, String schema) {
        ObjectNode f = facets.putObject(name);
        f.put("_producer", PRODUCER);
        f.put("_schemaURL", schema);
        return f;
    }

    private static void documentation(ObjectNode facets, String description) {
        facet(facets, "documentation", DOCUMENTATION_SCHEMA).put("description", description);
    }

    private static void line(StringBuilder out, ObjectNode event) {
        try {
            out.append(JSON.writeValueAsString(event)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialise", e);
        }
    }

    /** A name the importer keeps as it is: no control characters, no surrounding blanks, bounded, never empty. */
    static String fit(String wanted) {
        StringBuilder sb = new StringBuilder();
        wanted.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String s = sb.toString().strip();
        if (s.length() > MAX_STAND_IN_NAME) {
            int end = Character.isHighSurrogate(s.charAt(MAX_STAND_IN_NAME - 1)) ? MAX_STAND_IN_NAME - 1 : MAX_STAND_IN_NAME;
            s = s.substring(0, end).strip();
        }
        return s.isEmpty() ? "unnamed" : s;
    }

    /** A version-5 UUID of the relation: a stand-in run keeps its id from one export of the view to the next. */
    private static String nameBasedRunId(Relation r) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(STAND_IN_RUNS.getMostSignificantBits())
                .putLong(STAND_IN_RUNS.getLeastSignificantBits()).array());
        sha1.update((r.upstream() + "\n" + r.type().token() + "\n" + r.downstream()).getBytes(StandardCharsets.UTF_8));
        byte[] h = sha1.digest();
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
        return new UUID(b.getLong(), b.getLong()).toString();
    }
}
