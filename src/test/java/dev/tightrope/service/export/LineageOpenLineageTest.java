package dev.tightrope.service.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.LineageGraph.Direction;
import dev.tightrope.domain.LineageGraph.Link;
import dev.tightrope.domain.LineageGraph.Node;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.Tightrope;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lineage view written as OpenLineage events reads with the OpenLineage client and imports back as the same lineage. */
class LineageOpenLineageTest {

    static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STAND_INS = "tr:pipeline:openlineage:" + LineageOpenLineage.STAND_IN_NAMESPACE + "/";

    static final String CREDIT_RISK_7 = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/credit-risk-xgb/7";
    static final String FRAUD_BERT_3 = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3";
    static final String SUPPORT_CHAT_1 = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/support-chat/1";

    @TempDir
    static Path dir;
    static Tightrope demo;

    @BeforeAll
    static void loadTheDemo() {
        demo = Tightrope.open(dir.resolve("demo"));
        new DemoWorkspace(demo).load(SyncListener.NONE, new Cancellation());
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    static LineageGraph demoView(String root) {
        return demo.lineage().walk(Urn.parse(root), Direction.BOTH, 3).orElseThrow();
    }

    @Test
    void everyLineIsAnEventTheOpenLineageClientReadsWithTheDataVersionOnIt() throws IOException {
        for (String root : List.of(CREDIT_RISK_7, FRAUD_BERT_3, SUPPORT_CHAT_1)) {
            List<String> lines = LineageOpenLineage.ndjson(demoView(root), "cache-41", AT).lines().toList();
            assertThat(lines.size()).as(root).isGreaterThan(10);
            for (String line : lines) {
                JsonNode tree = JSON.readTree(line);
                String kind = tree.path("schemaURL").asText().substring((LineageOpenLineage.SPEC + "#/$defs/").length());
                OpenLineage.BaseEvent event = switch (kind) {
                    case "RunEvent" -> {
                        OpenLineage.RunEvent run = OpenLineageClientUtils.runEventFromJson(line);
                        assertThat(run.getEventType()).isEqualTo(OpenLineage.RunEvent.EventType.COMPLETE);
                        assertThat(run.getRun().getRunId()).isNotNull();
                        assertThat(run.getJob().getNamespace()).isNotBlank();
                        if (run.getRun().getFacets().getParent() != null) {
                            assertThat(run.getRun().getFacets().getParent().getRun().getRunId()).isNotNull();
                        }
                        yield run;
                    }
                    case "JobEvent" -> OpenLineageClientUtils.fromJson(line, new TypeReference<OpenLineage.JobEvent>() {
                    });
                    case "DatasetEvent" -> OpenLineageClientUtils.fromJson(line, new TypeReference<OpenLineage.DatasetEvent>() {
                    });
                    default -> throw new AssertionError("not an OpenLineage 2-0-2 event schema: " + tree.path("schemaURL"));
                };
                assertThat(event.getEventTime().toInstant()).isEqualTo(AT);
                assertThat(event.getProducer()).isEqualTo(URI.create(LineageOpenLineage.PRODUCER));
                assertThat(facets(tree)).as(line).isNotEmpty().allSatisfy(f -> {
                    assertThat(f.path("_producer").asText()).isEqualTo(LineageOpenLineage.PRODUCER);
                    assertThat(URI.create(f.path("_schemaURL").asText()).isAbsolute()).isTrue();
                });
                JsonNode export = exportFacet(tree);
                assertThat(export.path("dataVersion").asText()).isEqualTo("cache-41");
                assertThat(export.path("exportedAt").asText()).isEqualTo(AT.toString());
                assertThat(export.path("root").asText()).isEqualTo(root);
            }
            assertThat(JSON.readTree(lines.get(0)).path("job").path("namespace").asText()).isEqualTo(LineageOpenLineage.STAND_IN_NAMESPACE);
        }
    }

    @Test
    void theDemoLineageImportsBackAsTheSameEdgesAndAssets(@TempDir Path other) throws IOException {
        Set<EdgeType> cameBack = new TreeSet<>();
        for (String root : List.of(CREDIT_RISK_7, FRAUD_BERT_3, SUPPORT_CHAT_1)) {
            LineageGraph view = demoView(root);
            String events = LineageOpenLineage.ndjson(view, "7", AT);
            JsonNode export = exportFacet(JSON.readTree(events.lines().findFirst().orElseThrow()));
            Replay replay = replay(events, other.resolve(view.nodes().size() + "-" + view.edges().size()), view);

            Set<Relation> listed = new HashSet<>();
            export.path("omittedEdges").forEach(o -> listed.add(Relation.of(o)));
            Set<Relation> expressible = relations(view);
            expressible.removeAll(listed);
            assertThat(replay.edges()).as(root).containsAll(expressible);
            assertThat(listed).as("what could not be written stays out").doesNotContainAnyElementsOf(replay.edges());
            assertThat(export.path("expressedEdges").asInt()).isGreaterThan(export.path("omittedEdgeCount").asInt() * 5);
            expressible.forEach(r -> cameBack.add(r.type()));

            assertStandInsAreAllThatIsAdded(view, replay);
            Set<String> omittedNodes = new HashSet<>();
            export.path("omittedNodes").forEach(n -> omittedNodes.add(n.path("urn").asText()));
            assertThat(view.nodes()).filteredOn(n -> !omittedNodes.contains(n.urn()))
                    .allSatisfy(n -> assertThat(replay.assets()).contains(n.urn()));
            // what the demo cannot say in OpenLineage is other sources' assets: the MLflow run, the Artifactory files, the Hub's datasets
            assertThat(omittedNodes).allSatisfy(u -> assertThat(Urn.parse(u).sourceType()).isIn("mlflow", "artifactory", "huggingface"));
        }
        assertThat(cameBack).containsExactlyInAnyOrder(EdgeType.INSTANCE_OF, EdgeType.PART_OF, EdgeType.READS, EdgeType.TRAINED_ON,
                EdgeType.PRODUCED_BY, EdgeType.VERSION_OF, EdgeType.DERIVED_FROM, EdgeType.PACKAGED_AS, EdgeType.DEPLOYED_AS);
    }

    @Test
    void everyEdgeOfTheViewIsInOneEventWithItsSourcesOrListedAsLeftOut() throws IOException {
        LineageGraph view = demoView(FRAUD_BERT_3);
        List<String> accounted = new ArrayList<>();
        List<String> lines = LineageOpenLineage.ndjson(view, "7", AT).lines().toList();
        for (String line : lines) {
            for (JsonNode e : exportFacet(JSON.readTree(line)).path("edges")) {
                e.path("sources").forEach(s -> accounted.add(Relation.of(e) + " " + s.asText()));
            }
        }
        exportFacet(JSON.readTree(lines.get(0))).path("omittedEdges").forEach(o -> accounted.add(Relation.of(o) + " " + o.path("source").asText()));
        List<String> shown = new ArrayList<>(view.edges().stream().map(l -> Relation.of(l) + " " + l.source()).toList());
        Collections.sort(accounted);
        Collections.sort(shown);
        assertThat(accounted).isEqualTo(shown);
    }

    @Test
    void everyKindOfEdgeComesBackAndWhatOpenLineageCannotSayIsListedWithItsReason(@TempDir Path other) throws IOException {
        Lineage g = new Lineage();
        String raw = g.node("tr:dataset:openlineage:s3://lake/raw/events");
        String features = g.node("tr:dataset:openlineage:s3://lake/features/events");
        String sample = g.node("tr:dataset:openlineage:s3://lake/scratch/churn_sample");
        String thresholds = g.node("tr:dataset:openlineage:s3://lake/config/thresholds");
        String model = g.node("tr:model:openlineage:mlflow://mlflow.test/models/churn");
        String version = g.node("tr:model_version:openlineage:mlflow://mlflow.test/models/churn/3");
        String scorer = g.node("tr:model:openlineage:s3://models/scorer");
        String scorerVersion = g.node("tr:model_version:openlineage:s3://models/scorer/2");
        String base = g.node("tr:model:huggingface:huggingface.co/google-bert/bert-base-uncased");
        String baseRevision = g.node("tr:model_version:huggingface:huggingface.co/google-bert/bert-base-uncased@86b5e09");
        String image = g.node("tr:container_image:openlineage:oci://registry.test/churn:3.0.0");
        String deployment = g.node("tr:deployment:openlineage:k8s://prod-eu-1/churn/scorer");
        String build = g.node("tr:pipeline:openlineage:airflow://airflow.test/build_features");
        String train = g.node("tr:pipeline:openlineage:mlflow://mlflow.test/churn/train");
        String trainAgain = g.node("tr:pipeline:openlineage:mlflow://mlflow.test/churn/train_again");
        String notebook = g.node("tr:notebook:jupyter:jupyter.test/explore/churn.ipynb");
        String dagRun = g.node("tr:pipeline_run:openlineage:01900000-0000-7000-8000-000000000001");
        String taskRun = g.node("tr:pipeline_run:openlineage:01900000-0000-7000-8000-000000000002");
        String otherDagRun = g.node("tr:pipeline_run:openlineage:01900000-0000-7000-8000-000000000003");
        String trainingRun = g.node("tr:training_run:openlineage:01900000-0000-7000-8000-000000000004");
        String evaluationRun = g.node("tr:pipeline_run:openlineage:01900000-0000-7000-8000-000000000005");
        String mlflowRun = g.node("tr:training_run:mlflow:mlflow.test/runs/5f2a");
        String file = g.node("tr:model_artifact:artifactory:artifactory.test/models/churn/3/model.onnx");

        g.edge(build, dagRun, EdgeType.INSTANCE_OF);
        g.edge(dagRun, taskRun, EdgeType.PART_OF);
        g.edge(raw, taskRun, EdgeType.READS);
        g.edge(taskRun, features, EdgeType.PRODUCED_BY);
        g.edge(train, trainingRun, EdgeType.INSTANCE_OF);
        g.edge(features, trainingRun, EdgeType.TRAINED_ON);
        g.edge(baseRevision, trainingRun, EdgeType.TRAINED_ON);
        g.edge(trainingRun, version, EdgeType.PRODUCED_BY);
        g.edge(features, version, EdgeType.TRAINED_ON);
        g.edge(baseRevision, version, EdgeType.DERIVED_FROM);
        g.edge(model, version, EdgeType.VERSION_OF);
        g.edge(base, baseRevision, EdgeType.VERSION_OF);
        g.edge(scorer, scorerVersion, EdgeType.VERSION_OF);
        g.edge(raw, scorerVersion, EdgeType.TRAINED_ON);
        g.edge(base, scorerVersion, EdgeType.DERIVED_FROM);
        g.edge(version, image, EdgeType.PACKAGED_AS);
        g.edge(image, deployment, EdgeType.DEPLOYED_AS);
        g.edge(features, notebook, EdgeType.READS);
        g.edge(notebook, sample, EdgeType.PRODUCED_BY);

        Map<Relation, String> leftOut = new LinkedHashMap<>();
        leftOut.put(g.edge(features, deployment, EdgeType.USES), "no_openlineage_form");
        leftOut.put(g.edge(thresholds, deployment, EdgeType.CONFIGURED_IN), "no_openlineage_form");
        leftOut.put(g.edge(features, raw, EdgeType.PART_OF), "no_openlineage_form");
        leftOut.put(g.edge(raw, trainingRun, EdgeType.READS), "no_openlineage_form");
        leftOut.put(g.edge(mlflowRun, version, EdgeType.PRODUCED_BY), "no_openlineage_name");
        leftOut.put(g.edge(version, file, EdgeType.PART_OF), "no_openlineage_name");
        leftOut.put(g.edge(trainAgain, trainingRun, EdgeType.INSTANCE_OF), "second_job");
        leftOut.put(g.edge(otherDagRun, taskRun, EdgeType.PART_OF), "second_parent");
        leftOut.put(g.edge(train, evaluationRun, EdgeType.INSTANCE_OF), "job_has_training_runs");
        LineageGraph view = g.view(version);

        String events = LineageOpenLineage.ndjson(view, "7", AT);
        JsonNode export = exportFacet(JSON.readTree(events.lines().findFirst().orElseThrow()));
        Map<Relation, String> listed = new LinkedHashMap<>();
        export.path("omittedEdges").forEach(o -> listed.put(Relation.of(o), o.path("reason").asText()));
        assertThat(listed).containsExactlyInAnyOrderEntriesOf(leftOut);
        Set<String> omittedNodes = new TreeSet<>();
        export.path("omittedNodes").forEach(n -> omittedNodes.add(n.path("urn").asText()));
        assertThat(omittedNodes).containsExactlyInAnyOrder(mlflowRun, file);

        Replay replay = replay(events, other, view);
        Set<Relation> expressible = relations(view);
        expressible.removeAll(leftOut.keySet());
        assertThat(replay.edges()).containsAll(expressible).doesNotContainAnyElementsOf(leftOut.keySet());
        assertStandInsAreAllThatIsAdded(view, replay);
        assertThat(replay.assets()).containsAll(view.nodes().stream().map(Node::urn).filter(u -> !omittedNodes.contains(u)).toList());
        assertThat(replay.kinds()).as("a training job's runs stay training runs, its other runs pipeline runs")
                .containsEntry(trainingRun, AssetKind.TRAINING_RUN).containsEntry(evaluationRun, AssetKind.PIPELINE_RUN);
    }

    @Test
    void theSameViewExportsTheSameBytesWhateverTheOrderOfItsLists() {
        LineageGraph view = demoView(FRAUD_BERT_3);
        String once = LineageOpenLineage.ndjson(view, "7", AT);
        assertThat(LineageOpenLineage.ndjson(view, "7", AT)).isEqualTo(once);
        Random random = new Random(11);
        for (int i = 0; i < 5; i++) {
            List<Node> nodes = new ArrayList<>(view.nodes());
            List<Link> edges = new ArrayList<>(view.edges());
            Collections.shuffle(nodes, random);
            Collections.shuffle(edges, random);
            assertThat(LineageOpenLineage.ndjson(new LineageGraph(view.root(), nodes, edges, view.truncated()), "7", AT)).isEqualTo(once);
        }
        String later = LineageOpenLineage.ndjson(view, "8", AT.plusSeconds(3600));
        assertThat(runIds(later)).as("replaying a later export updates the same runs").isEqualTo(runIds(once));
        assertThat(later).isNotEqualTo(once);
    }

    @Test
    void aCycleComesBackWhole(@TempDir Path other) throws IOException {
        Lineage g = new Lineage();
        String scores = g.node("tr:dataset:openlineage:s3://lake/scores");
        String labels = g.node("tr:dataset:openlineage:s3://lake/labels");
        String score = g.node("tr:pipeline_run:openlineage:01900000-0000-7000-8000-00000000000a");
        String relabel = g.node("tr:pipeline_run:openlineage:01900000-0000-7000-8000-00000000000b");
        g.edge(labels, score, EdgeType.READS);
        g.edge(score, scores, EdgeType.PRODUCED_BY);
        g.edge(scores, relabel, EdgeType.READS);
        g.edge(relabel, labels, EdgeType.PRODUCED_BY);
        g.edge(score, relabel, EdgeType.PART_OF);
        g.edge(relabel, score, EdgeType.PART_OF);
        LineageGraph view = g.view(scores);

        String events = LineageOpenLineage.ndjson(view, "7", AT);
        assertThat(exportFacet(JSON.readTree(events.lines().findFirst().orElseThrow())).path("omittedEdgeCount").asInt()).isZero();
        assertThat(replay(events, other, view).edges()).containsAll(relations(view));
    }

    @Test
    void aGoneEdgeIsListedAndNotReplayedAsCurrentLineage(@TempDir Path other) throws IOException {
        Lineage g = new Lineage();
        String raw = g.node("tr:dataset:openlineage:s3://lake/raw/events");
        String retired = g.node("tr:dataset:openlineage:s3://lake/raw/events_2024");
        String run = g.node("tr:pipeline_run:openlineage:01900000-0000-7000-8000-00000000000c");
        String features = g.node("tr:dataset:openlineage:s3://lake/features/events");
        g.edge(raw, run, EdgeType.READS);
        g.edge(run, features, EdgeType.PRODUCED_BY);
        Relation gone = g.gone(retired, run, EdgeType.READS, "lake");
        g.gone(run, features, EdgeType.PRODUCED_BY, "old-lake");
        LineageGraph view = g.view(features);

        String events = LineageOpenLineage.ndjson(view, "7", AT);
        JsonNode export = exportFacet(JSON.readTree(events.lines().findFirst().orElseThrow()));
        assertThat(export.path("omittedEdges")).extracting(o -> Relation.of(o) + " " + o.path("source").asText() + " " + o.path("reason").asText())
                .containsExactlyInAnyOrder(gone + " lake gone", new Relation(run, features, EdgeType.PRODUCED_BY) + " old-lake gone");
        Replay replay = replay(events, other, view);
        assertThat(replay.edges()).doesNotContain(gone)
                .as("another source still asserts it").contains(new Relation(run, features, EdgeType.PRODUCED_BY));
        assertThat(replay.assets()).as("the view still shows the retired dataset").contains(retired);
    }

    @Test
    void theListsOfWhatIsLeftOutStopAtTheirBoundAndTheCountDoesNot() throws IOException {
        Lineage g = new Lineage();
        String deployment = g.node("tr:deployment:openlineage:k8s://prod/api");
        int n = LineageOpenLineage.MAX_LISTED + 5;
        for (int i = 0; i < n; i++) {
            g.edge(g.node("tr:mcp_server:mcp-config:server-" + i), deployment, EdgeType.USES);
        }
        JsonNode export = exportFacet(JSON.readTree(LineageOpenLineage.ndjson(g.view(deployment), "7", AT).lines().findFirst().orElseThrow()));
        assertThat(export.path("omittedEdgeCount").asInt()).isEqualTo(n);
        assertThat(export.path("omittedEdges")).hasSize(LineageOpenLineage.MAX_LISTED);
        assertThat(export.path("omittedNodeCount").asInt()).isEqualTo(n);
        assertThat(export.path("omittedNodes")).hasSize(LineageOpenLineage.MAX_LISTED);
    }

    /** Anything the import has beyond the view is a stand-in job of the export, or a run of one, joined to the view. */
    static void assertStandInsAreAllThatIsAdded(LineageGraph view, Replay replay) {
        Set<String> shown = new HashSet<>(view.nodes().stream().map(Node::urn).toList());
        Set<Relation> extra = new TreeSet<>(replay.edges());
        extra.removeAll(relations(view));
        Set<String> standInRuns = new HashSet<>();
        for (Relation r : replay.edges()) {
            if (r.type() == EdgeType.INSTANCE_OF && r.upstream().startsWith(STAND_INS)) {
                standInRuns.add(r.downstream());
            }
        }
        assertThat(extra).allSatisfy(r -> {
            assertThat(shown.contains(r.upstream()) && shown.contains(r.downstream())).as("the import invents nothing between assets of the view: " + r).isFalse();
            for (String end : List.of(r.upstream(), r.downstream())) {
                assertThat(shown.contains(end) || end.startsWith(STAND_INS) || standInRuns.contains(end)).as(end).isTrue();
            }
        });
    }

    /** What a view shows, upstream to downstream by type. */
    record Relation(String upstream, String downstream, EdgeType type) implements Comparable<Relation> {
        static Relation of(Link l) {
            return new Relation(l.upstream(), l.downstream(), l.type());
        }

        static Relation of(JsonNode o) {
            return new Relation(o.path("upstream").asText(), o.path("downstream").asText(), EdgeType.valueOf(o.path("type").asText().toUpperCase(java.util.Locale.ROOT)));
        }

        @Override
        public int compareTo(Relation o) {
            return toString().compareTo(o.toString());
        }
    }

    static Set<Relation> relations(LineageGraph view) {
        Set<Relation> all = new TreeSet<>();
        view.edges().stream().filter(l -> !l.gone()).map(Relation::of).forEach(all::add);
        return all;
    }

    /** What came back: every edge touching an asset of the view, which of the view's assets exist, and their kinds. */
    record Replay(Set<Relation> edges, Set<String> assets, Map<String, AssetKind> kinds) {
    }

    /** Imports the events into a fresh workspace through the OpenLineage file source, as a user replaying the file would. */
    static Replay replay(String events, Path workspace, LineageGraph view) throws IOException {
        Files.createDirectories(workspace);
        Path file = workspace.resolve("lineage.ndjson");
        Files.writeString(file, events);
        try (Tightrope t = Tightrope.open(workspace.resolve("ws"))) {
            t.sources().add(new SourceConfig("replay", "openlineage", Map.of("path", file.toString())));
            List<SyncRun> runs = t.sources().sync("replay", true, SyncListener.NONE, new Cancellation());
            assertThat(runs).singleElement().satisfies(r -> assertThat(r.status()).as(r.message()).isEqualTo(SyncStatus.SUCCEEDED));
            Set<Relation> edges = new TreeSet<>();
            Set<String> assets = new TreeSet<>();
            Map<String, AssetKind> kinds = new TreeMap<>();
            Set<String> shown = new HashSet<>();
            for (Node n : view.nodes()) {
                shown.add(n.urn());
                t.lineage().walk(Urn.parse(n.urn()), Direction.BOTH, 1).ifPresent(back -> {
                    assets.add(n.urn());
                    back.nodes().stream().filter(b -> b.urn().equals(n.urn())).forEach(b -> kinds.put(b.urn(), b.kind()));
                    back.edges().forEach(l -> edges.add(Relation.of(l)));
                });
            }
            // and the edges of what the import added next to the view (the stand-ins' own)
            Set<String> added = new TreeSet<>();
            edges.forEach(r -> List.of(r.upstream(), r.downstream()).stream().filter(u -> !shown.contains(u)).forEach(added::add));
            for (String urn : added) {
                t.lineage().walk(Urn.parse(urn), Direction.BOTH, 1).orElseThrow().edges().forEach(l -> edges.add(Relation.of(l)));
            }
            return new Replay(edges, assets, kinds);
        }
    }

    static JsonNode exportFacet(JsonNode event) {
        if (event.has("run")) {
            return event.path("run").path("facets").path(LineageOpenLineage.EXPORT_FACET);
        }
        if (event.has("dataset")) {
            return event.path("dataset").path("facets").path(LineageOpenLineage.EXPORT_FACET);
        }
        return event.path("job").path("facets").path(LineageOpenLineage.EXPORT_FACET);
    }

    /** Every facet of an event: of its run, its job, its datasets and their input and output facets. */
    static List<JsonNode> facets(JsonNode event) {
        List<JsonNode> all = new ArrayList<>();
        List<JsonNode> holders = new ArrayList<>(List.of(event.path("run"), event.path("job"), event.path("dataset")));
        event.path("inputs").forEach(holders::add);
        event.path("outputs").forEach(holders::add);
        for (JsonNode holder : holders) {
            for (String field : List.of("facets", "inputFacets", "outputFacets")) {
                holder.path(field).forEach(all::add);
            }
        }
        return all;
    }

    static List<String> runIds(String events) {
        return events.lines().map(l -> {
            try {
                return JSON.readTree(l).path("run").path("runId").asText();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    /** A view built by hand: assets by URN (their kind from it) and edges between them, asserted by "lake" unless said otherwise. */
    static final class Lineage {
        final Map<String, Node> nodes = new LinkedHashMap<>();
        final List<Link> edges = new ArrayList<>();

        String node(String urn) {
            Urn u = Urn.parse(urn);
            nodes.putIfAbsent(urn, new Node(urn, u.kind(), u.nativeId(), "lake", false, 1));
            return urn;
        }

        Relation edge(String upstream, String downstream, EdgeType type) {
            edges.add(new Link(upstream, downstream, type, "lake", false));
            return new Relation(upstream, downstream, type);
        }

        Relation gone(String upstream, String downstream, EdgeType type, String source) {
            edges.add(new Link(upstream, downstream, type, source, true));
            return new Relation(upstream, downstream, type);
        }

        LineageGraph view(String root) {
            return new LineageGraph(root, List.copyOf(nodes.values()), List.copyOf(edges), false);
        }
    }
}
