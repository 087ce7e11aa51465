package dev.tightrope.sync.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.Urn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenLineageMapperTest {

    private static final String AIRFLOW = "airflow://airflow.example";
    private static final String DAG_RUN = "0195a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a01";
    private static final String TASK_RUN = "0195a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a02";
    private static final String FAILED_RUN = "0195a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a03";

    private static CollectingSink map(String... resources) {
        OpenLineageMapper mapper = new OpenLineageMapper();
        assertThat(Fixtures.feed(mapper, resources)).isEmpty();
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);
        return sink;
    }

    private static String run(String kind, String id) {
        return "tr:" + kind + ":openlineage:" + id;
    }

    @Test
    void airflowTaskRunIsPartOfItsDagRunWithMergedStateTimesAndFacets() {
        CollectingSink sink = map("airflow.ndjson");

        Asset task = sink.asset(run("pipeline_run", TASK_RUN));
        assertThat(task.name()).isEqualTo("card_features.build_card_features 2026-03-02 02:00");
        assertThat(task.properties()).contains(
                entry("state", "COMPLETE"),
                entry("startTime", "2026-03-02T02:00:09.411Z"),
                entry("endTime", "2026-03-02T02:14:41.003Z"),
                entry("duration", "14m 31s"),
                entry("nominalTime", "2026-03-02T02:00:00Z"),
                entry("processingEngine", "Airflow 2.10.5"),
                entry("processingEngine.openlineageAdapterVersion", "2.3.0"),
                entry("producer", "https://github.com/apache/airflow/tree/providers-openlineage/2.3.0"),
                entry("jobName", "card_features.build_card_features"));
        assertThat(task.sourceRef()).isEqualTo("airflow.ndjson:3");

        String dagJob = "tr:pipeline:openlineage:" + AIRFLOW + "/card_features";
        String taskJob = "tr:pipeline:openlineage:" + AIRFLOW + "/card_features.build_card_features";
        assertThat(sink.hasEdge(taskJob, EdgeType.INSTANCE_OF, run("pipeline_run", TASK_RUN))).isTrue();
        assertThat(sink.hasEdge(dagJob, EdgeType.INSTANCE_OF, run("pipeline_run", DAG_RUN))).isTrue();
        assertThat(sink.hasEdge(run("pipeline_run", DAG_RUN), EdgeType.PART_OF, run("pipeline_run", TASK_RUN))).isTrue();
        assertThat(sink.hasEdge("tr:dataset:openlineage:s3://datalake/raw/card_events", EdgeType.READS, run("pipeline_run", TASK_RUN))).isTrue();
        assertThat(sink.hasEdge(run("pipeline_run", TASK_RUN), EdgeType.PRODUCED_BY, "tr:dataset:openlineage:s3://datalake/features/card_spend_7d")).isTrue();
    }

    @Test
    void airflowJobFacetsGiveDescriptionSourceLinkTagsAndOwners() {
        CollectingSink sink = map("airflow.ndjson");
        String dagJob = "tr:pipeline:openlineage:" + AIRFLOW + "/card_features";

        Asset dag = sink.asset(dagJob);
        assertThat(dag.kind()).isEqualTo(AssetKind.PIPELINE);
        assertThat(dag.name()).isEqualTo("card_features");
        assertThat(dag.description()).isEqualTo("Builds 7-day card spend features");
        assertThat(dag.sourceRef()).isEqualTo("https://github.com/example/dags/blob/4f1e2d3/dags/card_features.py");
        assertThat(dag.properties()).contains(
                entry("jobType", "DAG"), entry("integration", "AIRFLOW"), entry("processingType", "BATCH"),
                entry("sourceCode.type", "git"), entry("sourceCode.repoUrl", "https://github.com/example/dags.git"),
                entry("sourceCode.path", "dags/card_features.py"), entry("sourceCode.version", "4f1e2d3"),
                entry("sourceCode.branch", "main"), entry("namespace", AIRFLOW));
        assertThat(dag.tags()).containsExactly("features", "tier:gold");
        assertThat(sink.owners).filteredOn(o -> o.asset().equals(Urn.parse(dagJob)))
                .extracting(OwnerClaim::owner, OwnerClaim::type, OwnerClaim::role)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("data-eng", OwnerType.TEAM, OwnerRole.TECHNICAL_OWNER),
                        org.assertj.core.groups.Tuple.tuple("kofi.mensah@example.com", OwnerType.PERSON, OwnerRole.TECHNICAL_OWNER));
    }

    @Test
    void failedRunCarriesItsErrorMessageAndTheDagRunEndsFailed() {
        CollectingSink sink = map("airflow.ndjson");

        Asset failed = sink.asset(run("pipeline_run", FAILED_RUN));
        assertThat(failed.properties()).contains(
                entry("state", "FAIL"),
                entry("errorMessage", "KeyError: 'merchant_id'"),
                entry("errorMessage.programmingLanguage", "python"));
        assertThat(failed.properties().get("errorMessage.stackTrace")).startsWith("Traceback (most recent call last):");
        assertThat(failed.properties()).doesNotContainKey("startTime");
        assertThat(sink.asset(run("pipeline_run", DAG_RUN)).properties()).containsEntry("state", "FAIL");
    }

    @Test
    void datasetFacetsBecomePropertiesAndOwnerTypesNameRoles() {
        CollectingSink sink = map("airflow.ndjson");

        Asset raw = sink.asset("tr:dataset:openlineage:s3://datalake/raw/card_events");
        assertThat(raw.name()).isEqualTo("raw/card_events");
        assertThat(raw.properties()).contains(
                entry("schema", "card_id:string, amount:decimal(12,2), ts:timestamp"),
                entry("schema.fieldCount", "3"));
        Asset features = sink.asset("tr:dataset:openlineage:s3://datalake/features/card_spend_7d");
        assertThat(features.properties()).contains(
                entry("outputStatistics.rowCount", "1843200"),
                entry("outputStatistics.size", "96468992"),
                entry("outputStatistics.fileCount", "12"));
        assertThat(sink.owners).filteredOn(o -> o.asset().equals(features.urn()))
                .extracting(OwnerClaim::owner, OwnerClaim::role)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("data-eng", OwnerRole.TECHNICAL_OWNER),
                        org.assertj.core.groups.Tuple.tuple("helen.park@example.com", OwnerRole.STEWARD));
    }

    @Test
    void dbtModelKeepsSqlSchemaWithoutTypesAndSummarisesColumnLineage() {
        CollectingSink sink = map("dbt.ndjson");

        Asset job = sink.asset("tr:pipeline:openlineage:dbt/lending.main.lending_project.customer_analytics");
        assertThat(job.properties()).containsEntry("sql.dialect", "postgres").containsEntry("jobType", "MODEL");
        assertThat(job.properties().get("sql")).startsWith("select c.customer_id");

        Asset out = sink.asset("tr:dataset:openlineage:postgres://warehouse.example:5432/lending.main.customer_analytics");
        assertThat(out.description()).isEqualTo("Customer analytics with aggregated metrics");
        assertThat(out.properties()).contains(
                entry("schema", "customer_id, total_revenue"),
                entry("dataSource.uri", "postgres://warehouse.example:5432"),
                entry("columnLineage", "2 columns from 2 input datasets: "
                        + "postgres://warehouse.example:5432/lending.main.stg_customers, "
                        + "postgres://warehouse.example:5432/lending.main.stg_orders"),
                entry("columnLineage.fields", "customer_id <- lending.main.stg_customers.customer_id; "
                        + "total_revenue <- lending.main.stg_orders.completed_amount"),
                entry("outputStatistics.rowCount", "5"));
        assertThat(out.sourceRef()).isEqualTo("dbt.ndjson:2");
    }

    @Test
    void parentKnownOnlyFromTheParentFacetStillBecomesAJobAndARun() {
        CollectingSink sink = map("dbt.ndjson");

        String parentRun = run("pipeline_run", "019a977e-6c3f-7b18-a638-05655c338077");
        Asset parent = sink.asset(parentRun);
        assertThat(parent.name()).isEqualTo("dbt-run-lending 5c338077");
        assertThat(parent.properties()).doesNotContainKey("state");
        assertThat(parent.sourceRef()).isEqualTo("dbt.ndjson:2");
        assertThat(sink.has("tr:pipeline:openlineage:dbt/dbt-run-lending")).isTrue();
        assertThat(sink.hasEdge("tr:pipeline:openlineage:dbt/dbt-run-lending", EdgeType.INSTANCE_OF, parentRun)).isTrue();
        assertThat(sink.hasEdge(parentRun, EdgeType.PART_OF, run("pipeline_run", "019a977e-cd5e-71fb-a982-ec11b80e5b01"))).isTrue();
    }

    @Test
    void sparkEventsGiveSymlinksStorageLifecycleVersionAndNestedSchema() {
        CollectingSink sink = map("spark.ndjson");

        Asset in = sink.asset("tr:dataset:openlineage:hdfs://namenode:9820/warehouse/bureau.db/reports");
        assertThat(in.properties()).contains(
                entry("symlinks", "hive://metastore:9083/bureau.reports (TABLE)"),
                entry("schema", "report_id:string, score:int, address:struct<zip:string, city:string>"),
                entry("schema.fieldCount", "3"));
        Asset out = sink.asset("tr:dataset:openlineage:s3://datalake/curated/bureau_reports");
        assertThat(out.properties()).contains(
                entry("storage.layer", "iceberg"), entry("storage.fileFormat", "parquet"),
                entry("lifecycleStateChange", "OVERWRITE"), entry("version", "8675309"),
                entry("datasetType", "TABLE"), entry("outputStatistics.rowCount", "250000"));
        Asset job = sink.asset(run("pipeline_run", "01907e54-1606-7d8e-90b4-54d26da1c0e2"));
        assertThat(job.properties()).containsEntry("state", "COMPLETE").containsEntry("processingEngine", "spark 3.5.1")
                .containsEntry("startTime", "2026-02-10T09:56:18.498Z");
    }

    @Test
    void trainingPackagingAndDeploymentFollowTheTightropeConvention() {
        CollectingSink sink = map("mlflow.ndjson");
        String training = run("training_run", "0195b000-0000-7000-8000-00000000a001");
        String data = "tr:dataset:openlineage:s3://datalake/curated/transactions";
        String base = "tr:model_version:huggingface:huggingface.co/google-bert/bert-base-uncased@86b5e0934494bd15c9632b12f734a8a67f723594";
        String version = "tr:model_version:openlineage:mlflow://mlflow.example/models/fraud-bert/3";
        String model = "tr:model:openlineage:mlflow://mlflow.example/models/fraud-bert";
        String digest = "4b8f9e2c1d0a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291807f6e";
        String image = "tr:container_image:openlineage:oci://registry.example/ml/fraud-scoring:3.0.0@sha256:" + digest;
        String deployment = "tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring";

        Asset run = sink.asset(training);
        assertThat(run.name()).isEqualTo("fraud/train 2026-03-05 08:00");
        assertThat(run.properties()).containsEntry("state", "COMPLETE").containsEntry("duration", "1h 12m 30s");
        assertThat(sink.hasEdge(data, EdgeType.TRAINED_ON, training)).isTrue();
        assertThat(sink.hasEdge(base, EdgeType.TRAINED_ON, training)).isTrue();
        assertThat(sink.hasEdge(training, EdgeType.PRODUCED_BY, version)).isTrue();
        assertThat(sink.hasEdge(data, EdgeType.TRAINED_ON, version)).isTrue();
        assertThat(sink.hasEdge(base, EdgeType.DERIVED_FROM, version)).isTrue();
        assertThat(sink.hasEdge(model, EdgeType.VERSION_OF, version)).isTrue();
        assertThat(sink.hasEdge(version, EdgeType.PACKAGED_AS, image)).isTrue();
        assertThat(sink.hasEdge(image, EdgeType.DEPLOYED_AS, deployment)).isTrue();

        Asset mv = sink.asset(version);
        assertThat(mv.name()).isEqualTo("fraud-bert v3");
        assertThat(mv.description()).isEqualTo("Transaction fraud classifier");
        assertThat(mv.properties()).containsEntry("model", "fraud-bert").containsEntry("version", "3");
        assertThat(sink.ownersOf(version)).containsExactly("fraud-ml");
        assertThat(sink.asset(model).name()).isEqualTo("fraud-bert");
        assertThat(sink.asset(model).description()).as("a model takes its latest version's description").isEqualTo("Transaction fraud classifier");
        assertThat(sink.ownersOf(model)).as("and its owners").containsExactly("fraud-ml");
        assertThat(sink.asset(base).name()).isEqualTo("google-bert/bert-base-uncased@86b5e093");
        assertThat(sink.asset(base).properties()).containsEntry("revision", "86b5e0934494bd15c9632b12f734a8a67f723594");

        Asset img = sink.asset(image);
        assertThat(img.digest()).isEqualTo(Digest.sha256(digest));
        assertThat(img.name()).isEqualTo("ml/fraud-scoring:3.0.0@sha256:4b8f9e2c1d0a");
        assertThat(img.properties()).containsEntry("image.repository", "ml/fraud-scoring").containsEntry("image.tag", "3.0.0");
        assertThat(sink.asset(deployment).kind()).isEqualTo(AssetKind.DEPLOYMENT);

        assertThat(sink.asset(data).properties()).containsEntry("dataQuality.rowCount", "100000")
                .containsEntry("dataQuality.bytes", "52428800").containsEntry("dataQuality.columns", "amount");
        assertThat(sink.asset("tr:pipeline:openlineage:mlflow://mlflow.example/fraud/train").sourceRef())
                .isEqualTo("https://github.com/example/fraud-ml");
    }

    @Test
    void everyAssetIsEmittedOnceHoweverManyEventsDescribeIt() {
        CollectingSink sink = map("airflow.ndjson", "dbt.ndjson", "spark.ndjson", "mlflow.ndjson");

        assertThat(sink.assets).extracting(Asset::urn).doesNotHaveDuplicates();
        assertThat(sink.edges).doesNotHaveDuplicates();
        assertThat(sink.problems).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s3://lake|raw/tx||dataset|s3://lake/raw/tx",
        "mlflow://mlflow.acme|models/fraud/12||model_version|mlflow://mlflow.acme/models/fraud/12",
        "mlflow://mlflow.acme|experiments/7/runs/abc||dataset|mlflow://mlflow.acme/experiments/7/runs/abc",
        "s3://models|registry/churn/v4|MODEL|model_version|s3://models/registry/churn/v4",
        "s3://lake|raw/tx|TABLE|dataset|s3://lake/raw/tx",
        "huggingface://hf-mirror.example.org|org/adapter||model_version|huggingface://hf-mirror.example.org/org/adapter",
        "docker://docker.io|library/python:3.12||container_image|docker://docker.io/library/python:3.12",
        "OCI://registry.acme|ml/app||container_image|OCI://registry.acme/ml/app",
        "k8s://prod|fraud/api||deployment|k8s://prod/fraud/api",
        "sagemaker://eu-west-1|fraud-endpoint||deployment|sagemaker://eu-west-1/fraud-endpoint",
        "endpoint://chat|v1||deployment|endpoint://chat/v1",
        "azureml://ws|credit||deployment|azureml://ws/credit",
        "vertex://europe-west4|churn||deployment|vertex://europe-west4/churn",
        "file|/data/x.csv||dataset|file/data/x.csv",
    })
    void datasetKindFollowsNamespaceSchemeAndDatasetType(String namespace, String name, String datasetType, String kind, String nativeId) {
        OpenLineageNaming.Classified c = OpenLineageNaming.classify(namespace, name, datasetType);
        assertThat(c.urn()).isEqualTo(Urn.of(AssetKind.fromToken(kind), "openlineage", nativeId));
    }

    @Test
    void hfSchemeModelsAreNamedAsTheHuggingFaceSourceNamesThem() {
        assertThat(OpenLineageNaming.classify("hf://meta-llama", "Llama-3.1-8B-Instruct", null).urn().toString())
                .isEqualTo("tr:model:huggingface:huggingface.co/meta-llama/Llama-3.1-8B-Instruct");
        OpenLineageNaming.Classified pinned = OpenLineageNaming.classify("hf://google-bert", "bert-base-uncased@86b5e09", null);
        assertThat(pinned.urn().toString()).isEqualTo("tr:model_version:huggingface:huggingface.co/google-bert/bert-base-uncased@86b5e09");
        assertThat(pinned.model().urn().toString()).isEqualTo("tr:model:huggingface:huggingface.co/google-bert/bert-base-uncased");
        // a hub on another host keeps the lineage's own naming
        assertThat(OpenLineageNaming.classify("huggingface://hf-mirror.example.org", "org/adapter", null).urn().toString())
                .isEqualTo("tr:model_version:openlineage:huggingface://hf-mirror.example.org/org/adapter");
    }

    @Test
    void hubModelsAreNamedOrgSlashModelWithAShortRevision() {
        assertThat(OpenLineageNaming.classify("hf://meta-llama", "Llama-3.1-8B-Instruct", null).displayName())
                .isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        OpenLineageNaming.Classified mirror = OpenLineageNaming.classify("huggingface://hf-mirror.example.net", "org/adapter@9f3c2b1", null);
        assertThat(mirror.displayName()).isEqualTo("org/adapter@9f3c2b1");
        assertThat(mirror.properties()).containsEntry("revision", "9f3c2b1");
    }

    @Test
    void datasetTypeModelWithVersionSegmentAlsoGivesItsModel() {
        OpenLineageNaming.Classified c = OpenLineageNaming.classify("s3://models", "registry/churn/v4", "MODEL");
        assertThat(c.model().urn()).isEqualTo(Urn.parse("tr:model:openlineage:s3://models/registry/churn"));
        assertThat(c.displayName()).isEqualTo("churn v4");
    }

    @Test
    void imageWithMalformedDigestIsImportedWithoutDigestAndReported() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        mapper.accept(Fixtures.event(runEvent("0195b000-0000-7000-8000-0000000000b1", "COMPLETE", "2026-03-01T10:00:00Z",
                "[]", "[{\"namespace\":\"oci://reg\",\"name\":\"app@sha256:abc\"}]", "{}"), "x.ndjson:4"), p -> { });
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        Asset image = sink.asset("tr:container_image:openlineage:oci://reg/app@sha256:abc");
        assertThat(image.digest()).isNull();
        assertThat(sink.problems).containsExactly(new Problem("x.ndjson:4",
                "image 'app@sha256:abc' has a @sha256: suffix that is not 64 hex digits; imported without a digest"));
    }

    @Test
    void outOfOrderStartNeverRegressesACompletedRun() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        String id = "0195b000-0000-4000-8000-0000000000c1";
        mapper.accept(Fixtures.event(runEvent(id, "COMPLETE", "2026-03-01T10:05:00Z", "[]", "[]", "{}"), "a:1"), p -> { });
        mapper.accept(Fixtures.event(runEvent(id, "START", "2026-03-01T10:00:00Z", "[]", "[]", "{}"), "a:2"), p -> { });
        mapper.accept(Fixtures.event(runEvent(id, "RUNNING", "2026-03-01T10:07:00Z", "[]", "[]", "{}"), "a:3"), p -> { });
        mapper.accept(Fixtures.event(runEvent(id, "OTHER", "2026-03-01T10:09:00Z", "[]", "[]", "{}"), "a:4"), p -> { });
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        Asset run = sink.asset(run("pipeline_run", id));
        assertThat(run.name()).isEqualTo("job 0195b000");
        assertThat(run.properties()).contains(
                entry("state", "COMPLETE"),
                entry("startTime", "2026-03-01T10:00:00Z"),
                entry("endTime", "2026-03-01T10:05:00Z"),
                entry("eventTime", "2026-03-01T10:09:00Z"));
    }

    @Test
    void laterEventTimeWinsPerFieldEvenWhenReadFirst() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        String id = "0195b000-0000-4000-8000-0000000000c2";
        mapper.accept(Fixtures.event(runEvent(id, "COMPLETE", "2026-03-01T10:05:00Z", "[]",
                "[{\"namespace\":\"s3://l\",\"name\":\"t\",\"facets\":{\"documentation\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"description\":\"new\"}}}]",
                "{}"), "a:1"), p -> { });
        mapper.accept(Fixtures.event(runEvent(id, "START", "2026-03-01T10:00:00Z", "[]",
                "[{\"namespace\":\"s3://l\",\"name\":\"t\",\"facets\":{\"documentation\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"description\":\"old\"},"
                        + "\"version\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"datasetVersion\":\"1\"}}}]",
                "{}"), "a:2"), p -> { });
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        Asset table = sink.asset("tr:dataset:openlineage:s3://l/t");
        assertThat(table.description()).isEqualTo("new");
        assertThat(table.properties()).containsEntry("version", "1");
        assertThat(table.sourceRef()).isEqualTo("a:1");
    }

    @Test
    void facetMarkedDeletedClearsWhatItSaid() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        String schema = "{\"schema\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}}";
        String deleted = "{\"schema\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"_deleted\":true}}";
        mapper.accept(Fixtures.event(datasetEvent("2026-03-01T10:00:00Z", schema), "d:1"), p -> { });
        mapper.accept(Fixtures.event(datasetEvent("2026-03-01T11:00:00Z", deleted), "d:2"), p -> { });
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        assertThat(sink.asset("tr:dataset:openlineage:s3://l/t").properties()).doesNotContainKeys("schema", "schema.fieldCount");
    }

    @Test
    void facetOfTheWrongShapeIsReportedAndTheRestOfTheDatasetImported() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        List<Problem> problems = new ArrayList<>();
        String facets = "{\"schema\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"fields\":\"id int\"},"
                + "\"ownership\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"owners\":[{\"type\":\"MAINTAINER\"},{\"name\":\"team:risk\"}]},"
                + "\"storage\":[],"
                + "\"documentation\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"description\":\"kept\"}}";
        mapper.accept(Fixtures.event(datasetEvent("2026-03-01T10:00:00Z", facets), "d.ndjson:9"), problems::add);
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        assertThat(problems).containsExactly(
                new Problem("d.ndjson:9", "facet 'schema' of dataset s3://l/t ignored: 'fields' must be an array, not the string 'id int'"),
                new Problem("d.ndjson:9", "facet 'ownership' of dataset s3://l/t: owners[0] skipped: an owner needs a name"),
                new Problem("d.ndjson:9", "facet 'storage' of dataset s3://l/t ignored: it must be an object, not an array"));
        Asset table = sink.asset("tr:dataset:openlineage:s3://l/t");
        assertThat(table.description()).isEqualTo("kept");
        assertThat(sink.ownersOf("tr:dataset:openlineage:s3://l/t")).containsExactly("risk");
    }

    @Test
    void ownerThatIsOnlyAPrefixIsReportedWhenEmitted() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        String facets = "{\"ownership\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"owners\":[{\"name\":\"team:\"}]}}";
        mapper.accept(Fixtures.event(datasetEvent("2026-03-01T10:00:00Z", facets), "d.ndjson:2"), p -> { });
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        assertThat(sink.owners).isEmpty();
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("d.ndjson:2");
            assertThat(p.message()).startsWith("owner 'team:' of tr:dataset:openlineage:s3://l/t ignored");
        });
    }

    @Test
    void runNamingItselfAsParentIsReported() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        List<Problem> problems = new ArrayList<>();
        String id = "0195b000-0000-4000-8000-0000000000c3";
        String parent = "{\"parent\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"run\":{\"runId\":\"" + id + "\"},"
                + "\"job\":{\"namespace\":\"ns\",\"name\":\"job\"}}}";
        mapper.accept(Fixtures.event(runEvent(id, "START", "2026-03-01T10:00:00Z", "[]", "[]", parent), "p:1"), problems::add);

        assertThat(problems).containsExactly(new Problem("p:1", "facet 'parent' of run " + id + " ignored: the run names itself as its parent"));
    }

    @Test
    void jobEventDeclaresLineageOfTheJobItself() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        mapper.accept(Fixtures.event("""
                {"eventTime":"2026-03-01T09:00:00Z","producer":"p",
                 "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent",
                 "job":{"namespace":"airflow://prod","name":"nightly"},
                 "inputs":[{"namespace":"s3://l","name":"in"}],"outputs":[{"namespace":"s3://l","name":"out"}]}""", "j:1"), p -> { });
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        assertThat(sink.hasEdge("tr:dataset:openlineage:s3://l/in", EdgeType.READS, "tr:pipeline:openlineage:airflow://prod/nightly")).isTrue();
        assertThat(sink.hasEdge("tr:pipeline:openlineage:airflow://prod/nightly", EdgeType.PRODUCED_BY, "tr:dataset:openlineage:s3://l/out")).isTrue();
        assertThat(sink.ofKind(AssetKind.PIPELINE_RUN)).isEmpty();
    }

    @Test
    void savedStateKeepsJobsDatasetsAndOpenRunsButOnlyRemembersFinishedRuns() throws Exception {
        OpenLineageMapper original = new OpenLineageMapper();
        Fixtures.feed(original, "airflow.ndjson");
        List<String> mlflow = Fixtures.lines("mlflow.ndjson");
        original.accept(Fixtures.event(mlflow.get(0), "mlflow.ndjson:1"), p -> { });
        CollectingSink before = new CollectingSink();
        original.emit(before, false);

        OpenLineageMapper restored = OpenLineageMapper.restore(new ObjectMapper().readTree(original.saveState(1 << 20)));
        CollectingSink after = new CollectingSink();
        restored.emit(after, false);

        String openRun = run("training_run", "0195b000-0000-7000-8000-00000000a001");
        assertThat(after.assets).containsExactlyInAnyOrderElementsOf(before.assets.stream()
                .filter(a -> a.kind() != AssetKind.PIPELINE_RUN && a.kind() != AssetKind.TRAINING_RUN || a.urn().toString().equals(openRun))
                .toList());
        assertThat(after.owners).containsExactlyInAnyOrderElementsOf(before.owners.stream()
                .filter(o -> o.asset().kind() != AssetKind.PIPELINE_RUN && o.asset().kind() != AssetKind.TRAINING_RUN
                        || o.asset().toString().equals(openRun))
                .toList());
        assertThat(restored.continuesFinishedRun(Fixtures.event(runEvent(TASK_RUN, "OTHER", "2026-03-02T03:00:00Z", "[]", "[]", "{}"), "x:1")))
                .isTrue();
        assertThat(restored.continuesFinishedRun(Fixtures.event(mlflow.get(1), "mlflow.ndjson:2"))).isFalse();
        String childOfFinished = runEvent("0195b000-0000-4000-8000-0000000000d1", "START", "2026-03-03T03:00:00Z", "[]", "[]",
                "{\"parent\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"run\":{\"runId\":\"" + DAG_RUN + "\"},"
                        + "\"job\":{\"namespace\":\"" + AIRFLOW + "\",\"name\":\"card_features\"}}}");
        assertThat(restored.continuesFinishedRun(Fixtures.event(childOfFinished, "x:2"))).isTrue();
    }

    @Test
    void changedOnlyEmitsWhatNewEventsTouchedWithEverythingEarlierSyncsLearned() throws Exception {
        List<String> mlflow = Fixtures.lines("mlflow.ndjson");
        OpenLineageMapper original = new OpenLineageMapper();
        original.accept(Fixtures.event(mlflow.get(0), "mlflow.ndjson:1"), p -> { });
        OpenLineageMapper restored = OpenLineageMapper.restore(new ObjectMapper().readTree(original.saveState(1 << 20)));
        restored.accept(Fixtures.event(mlflow.get(1), "mlflow.ndjson:2"), p -> { });
        CollectingSink sink = new CollectingSink();
        restored.emit(sink, true);

        String training = run("training_run", "0195b000-0000-7000-8000-00000000a001");
        assertThat(sink.assets).extracting(a -> a.urn().toString()).containsExactlyInAnyOrder(
                training,
                "tr:pipeline:openlineage:mlflow://mlflow.example/fraud/train",
                "tr:dataset:openlineage:s3://datalake/curated/transactions",
                "tr:model_version:openlineage:mlflow://mlflow.example/models/fraud-bert/3",
                "tr:model:openlineage:mlflow://mlflow.example/models/fraud-bert");
        assertThat(sink.asset(training).properties()).containsEntry("state", "COMPLETE")
                .containsEntry("startTime", "2026-03-05T08:00:00Z").containsEntry("processingEngine", "pytorch 2.6.0");
        assertThat(sink.asset("tr:dataset:openlineage:s3://datalake/curated/transactions").properties())
                .containsEntry("schema", "amount:double").containsEntry("dataQuality.rowCount", "100000");
        assertThat(sink.asset("tr:pipeline:openlineage:mlflow://mlflow.example/fraud/train").sourceRef())
                .isEqualTo("https://github.com/example/fraud-ml");
        assertThat(sink.hasEdge("tr:model_version:huggingface:huggingface.co/google-bert/bert-base-uncased@86b5e0934494bd15c9632b12f734a8a67f723594",
                EdgeType.DERIVED_FROM, "tr:model_version:openlineage:mlflow://mlflow.example/models/fraud-bert/3"))
                .as("inputs seen before the save still give direct edges").isTrue();
    }

    @Test
    void finishedRunsAreRememberedAcrossSavesAndOthersAreNotMistakenForThem() throws Exception {
        OpenLineageMapper mapper = new OpenLineageMapper();
        for (int i = 0; i < 3_000; i++) {
            mapper.accept(Fixtures.event(runEvent(String.format("0195b000-0000-4000-8000-%012d", i), "COMPLETE", "2026-03-01T10:00:00Z",
                    "[]", "[]", "{}"), "f:" + i), p -> { });
        }
        OpenLineageMapper once = OpenLineageMapper.restore(new ObjectMapper().readTree(mapper.saveState(1 << 20)));
        once.accept(Fixtures.event(runEvent("0195b000-0000-4000-8000-999999999999", "FAIL", "2026-03-01T10:00:00Z",
                "[]", "[]", "{}"), "f:x"), p -> { });
        String saved = once.saveState(1 << 20);
        OpenLineageMapper twice = OpenLineageMapper.restore(new ObjectMapper().readTree(saved));

        for (int i = 0; i < 3_000; i++) {
            assertThat(twice.continuesFinishedRun(Fixtures.event(runEvent(String.format("0195b000-0000-4000-8000-%012d", i), "OTHER",
                    "2026-03-01T11:00:00Z", "[]", "[]", "{}"), "g:" + i))).isTrue();
            assertThat(twice.continuesFinishedRun(Fixtures.event(runEvent(String.format("0195b001-0000-4000-8000-%012d", i), "START",
                    "2026-03-01T11:00:00Z", "[]", "[]", "{}"), "h:" + i))).isFalse();
        }
        assertThat(twice.continuesFinishedRun(Fixtures.event(runEvent("0195b000-0000-4000-8000-999999999999", "OTHER",
                "2026-03-01T11:00:00Z", "[]", "[]", "{}"), "g:x"))).isTrue();
        assertThat(saved.length()).as("a few bytes per finished run").isLessThan(3_001 * 8 + 1_000);
    }

    @Test
    void openChildOfAFinishedParentStillLinksToItAfterTheParentWasLetGo() throws Exception {
        String parent = "0195b000-0000-4000-8000-0000000000e1";
        String child = "0195b000-0000-4000-8000-0000000000e2";
        String parentFacet = "{\"parent\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"run\":{\"runId\":\"" + parent + "\"},"
                + "\"job\":{\"namespace\":\"ns\",\"name\":\"job\"}}}";
        OpenLineageMapper mapper = new OpenLineageMapper();
        mapper.accept(Fixtures.event(runEvent(parent, "START", "2026-03-01T10:00:00Z", "[]", "[]", "{}"), "a:1"), p -> { });
        mapper.accept(Fixtures.event(runEvent(child, "START", "2026-03-01T10:01:00Z", "[]", "[]", parentFacet)
                .replace("\"name\":\"job\"},\"inputs\"", "\"name\":\"job.task\"},\"inputs\""), "a:2"), p -> { });
        mapper.accept(Fixtures.event(runEvent(parent, "COMPLETE", "2026-03-01T10:02:00Z", "[]", "[]", "{}"), "a:3"), p -> { });
        OpenLineageMapper restored = OpenLineageMapper.restore(new ObjectMapper().readTree(mapper.saveState(1 << 20)));
        OpenLineageEvent childComplete = Fixtures.event(runEvent(child, "COMPLETE", "2026-03-01T10:05:00Z", "[]", "[]", "{}")
                .replace("\"name\":\"job\"},\"inputs\"", "\"name\":\"job.task\"},\"inputs\""), "a:4");

        assertThat(restored.continuesFinishedRun(childComplete)).isFalse();
        restored.accept(childComplete, p -> { });
        CollectingSink sink = new CollectingSink();
        restored.emit(sink, true);

        assertThat(sink.asset(run("pipeline_run", child)).properties()).containsEntry("state", "COMPLETE");
        assertThat(sink.hasEdge(run("pipeline_run", parent), EdgeType.PART_OF, run("pipeline_run", child))).isTrue();
        assertThat(sink.has(run("pipeline_run", parent))).as("the finished parent is not re-emitted with less than it had").isFalse();
    }

    @Test
    void stateLargerThanTheBoundIsNotSaved() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        Fixtures.feed(mapper, "airflow.ndjson");
        assertThat(mapper.saveState(100)).isNull();
        assertThat(mapper.saveState(1 << 20)).isNotNull();
    }

    private static final String CHECKS_RUN = "0195b000-0000-4000-8000-0000000000e1";

    /** A run that checked s3://l/t and reported its assertions as the spec places them: an input facet. */
    private static String checkRun(String time, String assertions) {
        return runEvent(CHECKS_RUN, "COMPLETE", time, "[{\"namespace\":\"s3://l\",\"name\":\"t\",\"inputFacets\":{\"dataQualityAssertions\":"
                + "{\"_producer\":\"https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/dbt\","
                + "\"_schemaURL\":\"https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json\","
                + "\"assertions\":" + assertions + "}}}]", "[]", "{}");
    }

    @Test
    void failedDataQualityAssertionsAreFindingsOnTheDatasetAsSevereAsTheCheckWasConfigured() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        List<Problem> problems = new ArrayList<>();
        mapper.accept(Fixtures.event(checkRun("2026-03-01T10:00:00Z", """
                [{"assertion":"not_null","success":true,"column":"order_id","severity":"error","failures":0},
                 {"assertion":"accepted_values","success":false,"column":"status","severity":"warn","failures":3},
                 {"assertion":"relationships","success":false,"column":"customer_id","severity":"error","failures":1},
                 {"assertion":"row_count_within_baseline","success":false}]"""), "checks.ndjson:4"), problems::add);
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        assertThat(problems).isEmpty();
        String table = "tr:dataset:openlineage:s3://l/t";
        assertThat(sink.asset(table).properties()).containsEntry("dataQuality.assertions",
                "1 passed, 3 failed (accepted_values on status, relationships on customer_id, row_count_within_baseline)");
        assertThat(sink.findings).allSatisfy(f -> {
            assertThat(f.asset()).hasToString(table);
            assertThat(f.ruleId()).isEqualTo("data-quality.assertion-failed");
            assertThat(f.detector()).isEqualTo("openlineage-data-quality");
        });
        assertThat(sink.findings).extracting(f -> f.severity() + " | " + f.location() + " | " + f.title()).containsExactly(
                "LOW | column status, assertion accepted_values | Data quality check failed: accepted_values on status",
                "HIGH | column customer_id, assertion relationships | Data quality check failed: relationships on customer_id",
                "MEDIUM | assertion row_count_within_baseline | Data quality check failed: row_count_within_baseline");
        assertThat(sink.findings.get(1).evidence()).isEqualTo("success false, 1 failing row, severity error; "
                + "reported by https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/dbt at checks.ndjson:4");
        assertThat(sink.findings.get(2).evidence()).startsWith("success false; reported by");
    }

    @Test
    void aCheckThatPassesAgainLeavesNoFindingAndAnOlderFailureReadLaterDoesNotBringItBack() {
        String failing = "[{\"assertion\":\"unique\",\"success\":false,\"column\":\"id\",\"severity\":\"error\"}]";
        String passing = "[{\"assertion\":\"unique\",\"success\":true,\"column\":\"id\",\"severity\":\"error\"}]";
        OpenLineageMapper mapper = new OpenLineageMapper();
        mapper.accept(Fixtures.event(checkRun("2026-03-01T10:00:00Z", failing), "c:1"), p -> { });
        CollectingSink first = new CollectingSink();
        mapper.emit(first, false);
        mapper.accept(Fixtures.event(checkRun("2026-03-08T10:00:00Z", passing), "c:2"), p -> { });
        mapper.accept(Fixtures.event(checkRun("2026-03-02T10:00:00Z", failing), "c:3"), p -> { });
        CollectingSink later = new CollectingSink();
        mapper.emit(later, false);

        assertThat(first.findings).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
        assertThat(later.findings).isEmpty();
        assertThat(later.asset("tr:dataset:openlineage:s3://l/t").properties()).containsEntry("dataQuality.assertions", "1 passed, 0 failed");
    }

    @Test
    void failedAssertionsSurviveTheSavedStateAndAreReadAmongTheDatasetFacetsToo() throws Exception {
        OpenLineageMapper mapper = new OpenLineageMapper();
        mapper.accept(Fixtures.event(datasetEvent("2026-03-01T10:00:00Z", """
                {"dataQualityAssertions":{"_producer":"https://soda.example/soda-core/3.3","_schemaURL":"s",
                 "assertions":[{"assertion":"freshness","success":false}]}}"""), "catalog.ndjson:7"), p -> { });
        OpenLineageMapper restored = OpenLineageMapper.restore(new ObjectMapper().readTree(mapper.saveState(1 << 20)));
        CollectingSink sink = new CollectingSink();
        restored.emit(sink, false);

        assertThat(sink.findings).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("assertion freshness");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.evidence()).isEqualTo("success false; reported by https://soda.example/soda-core/3.3 at catalog.ndjson:7");
        });
    }

    @Test
    void assertionWithoutANameOrABooleanSuccessIsReportedAndTheOthersKept() {
        OpenLineageMapper mapper = new OpenLineageMapper();
        List<Problem> problems = new ArrayList<>();
        mapper.accept(Fixtures.event(checkRun("2026-03-01T10:00:00Z", """
                [{"assertion":"not_null","success":"false","column":"id"},{"success":false},
                 {"assertion":"unique","success":false,"column":"id","failures":-4}]"""), "c:9"), problems::add);
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        assertThat(problems).extracting(Problem::message).containsExactly(
                "facet 'dataQualityAssertions' of input s3://l/t: assertions[0] skipped: an assertion needs a name and a boolean success",
                "facet 'dataQualityAssertions' of input s3://l/t: assertions[1] skipped: an assertion needs a name and a boolean success");
        assertThat(sink.findings).singleElement().satisfies(f -> assertThat(f.evidence()).startsWith("success false; reported by"));
    }

    @Test
    void aFacetWithMoreFailedAssertionsThanTheBoundIsSummarisedPastIt() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < OpenLineageFacets.MAX_FAILED_ASSERTIONS + 5; i++) {
            many.append(i == 0 ? "" : ",").append("{\"assertion\":\"check_").append(i).append("\",\"success\":false}");
        }
        OpenLineageMapper mapper = new OpenLineageMapper();
        List<Problem> problems = new ArrayList<>();
        mapper.accept(Fixtures.event(checkRun("2026-03-01T10:00:00Z", many.append("]").toString()), "c:1"), problems::add);
        CollectingSink sink = new CollectingSink();
        mapper.emit(sink, false);

        assertThat(sink.findings).hasSize(OpenLineageFacets.MAX_FAILED_ASSERTIONS);
        assertThat(problems).extracting(Problem::message).containsExactly("facet 'dataQualityAssertions' of input s3://l/t: "
                + "5 failed assertions beyond the first 100 are counted, not reported one by one");
        assertThat(sink.asset("tr:dataset:openlineage:s3://l/t").properties().get("dataQuality.assertions"))
                .startsWith("0 passed, 105 failed (check_0, check_1,").endsWith("check_99, ...)");
    }

    @Test
    void shortRunIdComesFromTheRandomTailOfVersion7Uuids() {
        assertThat(OpenLineageNaming.shortRunId("0195a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a02")).isEqualTo("2e3f4a02");
        assertThat(OpenLineageNaming.shortRunId("d46e465b-d358-4d32-83d4-df660ff614dd")).isEqualTo("d46e465b");
    }

    static String runEvent(String runId, String type, String time, String inputs, String outputs, String runFacets) {
        return "{\"eventType\":\"" + type + "\",\"eventTime\":\"" + time + "\",\"producer\":\"https://example.com/p\","
                + "\"run\":{\"runId\":\"" + runId + "\",\"facets\":" + runFacets + "},"
                + "\"job\":{\"namespace\":\"ns\",\"name\":\"job\"},\"inputs\":" + inputs + ",\"outputs\":" + outputs + "}";
    }

    static String datasetEvent(String time, String facets) {
        return "{\"eventTime\":\"" + time + "\",\"producer\":\"p\",\"dataset\":{\"namespace\":\"s3://l\",\"name\":\"t\",\"facets\":" + facets + "}}";
    }
}
