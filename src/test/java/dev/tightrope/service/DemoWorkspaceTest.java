package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo estate loads through the real connectors and tells its story: lineage, scans and digests line up. */
class DemoWorkspaceTest {

    @TempDir
    static Path dir;

    static Tightrope t;
    static List<SyncRun> runs;

    @BeforeAll
    static void load() {
        t = Tightrope.open(dir);
        assertThat(new DemoWorkspace(t).workspaceIsEmpty()).isTrue();
        runs = new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
    }

    @AfterAll
    static void close() {
        t.close();
    }

    /** The lake's transactions: the fraud, the credit and the churn models all learn from them. */
    static final Urn SHARED_DATASET = Urn.parse("tr:dataset:openlineage:s3://kestrel-datalake/curated/transactions");
    /** The chargebacks whose fraud labels the label audit finds flipped. */
    static final Urn POISONED_DATASET = Urn.parse("tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks");
    static final String PROD_FRAUD_SCORING = "tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring";

    static Urn mlflow(String model, int version) {
        return Urn.of(AssetKind.MODEL_VERSION, "openlineage", "mlflow://mlflow.kestrel.example/models/" + model + "/" + version);
    }

    static Urn modelDir(String name) {
        return Urn.of(AssetKind.MODEL_ARTIFACT, "model-files", t.workspace().demoDataDirectory().resolve("models").resolve(name).toString());
    }

    @Test
    void everySourceImportsAndTheOneMalformedLineIsReported() {
        assertThat(runs).extracting(SyncRun::source).containsExactlyElementsOf(DemoWorkspace.SOURCES.stream().map(DemoWorkspace.DemoSource::name).toList());
        SyncRun lineage = run(DemoWorkspace.LINEAGE_SOURCE);
        assertThat(lineage.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(lineage.problems()).isEqualTo(1);
        assertThat(t.sources().problems(lineage.id(), 5).get(0).location()).endsWith("airflow-kestrel.ndjson:129");
        assertThat(runs).filteredOn(r -> !r.source().equals(DemoWorkspace.LINEAGE_SOURCE))
                .allSatisfy(r -> assertThat(r.status()).as(r.source() + ": " + r.message()).isEqualTo(SyncStatus.SUCCEEDED));
        assertThat(new DemoWorkspace(t).workspaceIsEmpty()).isFalse();
    }

    static SyncRun run(String source) {
        return runs.stream().filter(r -> r.source().equals(source)).findFirst().orElseThrow();
    }

    @Test
    void theRegistryAndTheLineageDescribeOneModelVersion() {
        var v7 = t.inventory().find(mlflow("credit-risk-xgb", 7)).orElseThrow();
        assertThat(v7.source()).isEqualTo("kestrel-registry");
        assertThat(v7.asset().properties()).containsEntry("aliases", "challenger");
        assertThat(v7.asset().tags()).contains("stage:staging", "approval:pending");
        AssetDetail detail = t.inventory().detail(v7.urn()).orElseThrow();
        // the registry's run and the lineage's run both produced it; the image comes from the lineage
        assertThat(detail.upstream()).extracting(n -> n.type() + " " + n.kind())
                .contains("PRODUCED_BY TRAINING_RUN", "TRAINED_ON DATASET", "VERSION_OF MODEL");
        assertThat(detail.upstream()).filteredOn(n -> n.type() == dev.tightrope.domain.EdgeType.PRODUCED_BY)
                .extracting(n -> Urn.parse(n.urn()).sourceType()).contains("mlflow", "openlineage");
        assertThat(detail.downstream()).extracting(n -> n.type() + " " + n.kind()).contains("PACKAGED_AS CONTAINER_IMAGE");
        // v7 is the first version that also learns from card spending: both sources say so
        var trainedOn = detail.upstream().stream().filter(n -> n.type() == dev.tightrope.domain.EdgeType.TRAINED_ON).toList();
        assertThat(trainedOn).extracting(n -> n.urn())
                .containsOnly("tr:dataset:openlineage:s3://kestrel-datalake/features/credit_features", SHARED_DATASET.toString());
        assertThat(trainedOn).allSatisfy(n -> assertThat(n.source()).contains("kestrel-registry").contains("kestrel-lineage"));
        assertThat(t.inventory().find(mlflow("fraud-bert", 3)).orElseThrow().asset().properties()).containsEntry("aliases", "champion");
        assertThat(t.inventory().list(AssetFilter.all().withKinds(Set.of(AssetKind.TRAINING_RUN)), dev.tightrope.domain.AssetSort.byName(), 500))
                .filteredOn(a -> a.name().equals("train-2026-05-19") && a.source().equals("kestrel-registry")).singleElement()
                .satisfies(a -> assertThat(t.inventory().find(Urn.parse(a.urn())).orElseThrow().asset().properties())
                        .containsEntry("state", "FAILED"));
    }

    @Test
    void modelVersionsAreTheScannedModelDirectoriesByDigest() {
        var version = t.inventory().find(mlflow("fraud-bert", 3)).orElseThrow();
        var scanned = t.inventory().find(modelDir("fraud-bert-v3")).orElseThrow();
        assertThat(version.asset().digest()).isNotNull().isEqualTo(scanned.asset().digest());
        assertThat(scanned.asset().properties()).containsEntry("verdict", "SAFE");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "mlflow://mlflow.kestrel.example/models/credit-risk-xgb/7, credit-risk-xgb-v7",
        "mlflow://mlflow.kestrel.example/models/support-chat/1, support-chat-q4",
        "mlflow://mlflow.kestrel.example/models/doc-classifier/1, doc-classifier",
        "mlflow://mlflow.kestrel.example/models/churn-legacy/2, churn-legacy",
        "huggingface://hf-mirror.example.net/community-lora/llama3.1-8b-customer-support@9f3c2b1, support-chat-adapter"})
    void everyVersionedModelMatchesItsFilesOnTheStore(String version, String directory) {
        var v = t.inventory().find(Urn.of(AssetKind.MODEL_VERSION, "openlineage", version)).orElseThrow();
        var files = t.inventory().find(modelDir(directory)).orElseThrow();
        assertThat(v.asset().digest()).as("regenerate sample-data/openlineage after changing %s", directory)
                .isEqualTo(files.asset().digest());
    }

    @Test
    void scanFindingsShowOnTheModelVersionsThatShipThoseFiles() {
        AssetDetail chat = t.inventory().detail(mlflow("support-chat", 1)).orElseThrow();
        assertThat(chat.findings()).anySatisfy(f -> {
            assertThat(f.finding().ruleId()).isEqualTo("gguf.chat-template-ssti");
            assertThat(f.finding().severity()).isEqualTo(Severity.CRITICAL);
        });
        var risky = t.inventory().list(AssetFilter.all().withKinds(Set.of(AssetKind.MODEL_VERSION)),
                new dev.tightrope.domain.AssetSort(dev.tightrope.domain.AssetSort.Column.RISK, false), 3);
        assertThat(risky.get(0).worstFinding()).isEqualTo(Severity.CRITICAL);
        var credit = t.inventory().find(mlflow("credit-risk-xgb", 7)).orElseThrow();
        assertThat(t.inventory().detail(credit.urn()).orElseThrow().findings())
                .allSatisfy(f -> assertThat(f.finding().severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void theHubCopyOfFraudBertIsTheSameContentAsTheScannedFiles() {
        assertThat(runs).filteredOn(r -> r.source().equals("kestrel-hub")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(SyncStatus.SUCCEEDED));
        Urn onHub = Urn.of(AssetKind.MODEL_ARTIFACT, "huggingface",
                "huggingface.co/kestrel-lending/fraud-bert@3f9e2a7c41d8b6e05a1c9d2f7b3e8a4c6d0f1e29/model.safetensors");
        AssetDetail file = t.inventory().detail(onHub).orElseThrow();
        assertThat(file.sameContent()).anySatisfy(a -> {
            assertThat(a.urn()).startsWith("tr:model_artifact:model-files:").endsWith("fraud-bert-v3/model.safetensors");
        });
    }

    @Test
    void theRegistrysServingImageIsTheImageTheLineageDeploysAndItsModelArtifactCarriesTheScannedFiles() {
        assertThat(runs).filteredOn(r -> r.source().equals("kestrel-images")).singleElement()
                .satisfies(r -> assertThat(r.status()).as(r.message()).isEqualTo(SyncStatus.SUCCEEDED));
        String index = "sha256:d46c0b26a89e14f7273b8e39321b3d1fd239303574a1bdf35d29d83df6d9d03e";
        Urn inRegistry = Urn.of(AssetKind.CONTAINER_IMAGE, "oci", "registry.kestrel.example/kestrel/fraud-scoring@" + index);
        AssetDetail image = t.inventory().detail(inRegistry).orElseThrow();
        assertThat(image.record().asset().properties()).containsEntry("oci.platforms", "linux/amd64, linux/arm64/v8")
                .containsKey("signatures");
        // the lineage's package-model.yml produced this digest and deploy.yml rolled it out
        assertThat(image.sameContent()).anySatisfy(a -> assertThat(a.urn())
                .isEqualTo("tr:container_image:openlineage:oci://registry.kestrel.example/kestrel/fraud-scoring:3.0.0@" + index));
        String safetensors = "sha256:8899d9b87ab3ea0238da8434e669bf5bcdeb8611ef36c59a0dfe9fea133765ce";
        AssetDetail layer = t.inventory().detail(Urn.of(AssetKind.MODEL_ARTIFACT, "oci",
                "registry.kestrel.example/models/fraud-bert/blobs/" + safetensors)).orElseThrow();
        assertThat(layer.sameContent()).extracting(a -> a.source()).contains("kestrel-models", "kestrel-hub");
    }

    @Test
    void theAzureMlDeploymentOfCreditRiskV6RunsTheRegistrysServingImageByDigest() {
        String workspace = "/subscriptions/5e1f7c2a-9b3d-4c6e-8f1a-2b3c4d5e6f70/resourceGroups/kestrel-ml-rg"
                + "/providers/Microsoft.MachineLearningServices/workspaces/kestrel-ml";
        Urn image = Urn.of(AssetKind.CONTAINER_IMAGE, "oci", "registry.kestrel.example/kestrel/credit-decision-api@"
                + "sha256:8fd646fb53b232ae072e1bbebc0113040fe6a179d9b08556c3b0945ed512ce73");
        AssetDetail deployment = t.inventory().detail(Urn.of(AssetKind.DEPLOYMENT, "azureml", workspace + "/onlineEndpoints/credit-decision/deployments/blue"))
                .orElseThrow();
        assertThat(deployment.upstream()).extracting(n -> n.type() + " " + n.urn()).contains(
                "DEPLOYED_AS " + Urn.of(AssetKind.MODEL_VERSION, "azureml", workspace + "/models/credit-risk-xgb/versions/6"), "DEPLOYED_AS " + image);
        // the image Azure ML runs is the manifest the registry export holds, the one the lineage's package-model.yml built from v6
        AssetDetail served = t.inventory().detail(image).orElseThrow();
        assertThat(served.record().asset().properties()).containsEntry("image.tags", "6.0.0").containsKey("signatures");
        assertThat(served.sameContent()).anySatisfy(a -> assertThat(a.urn()).startsWith("tr:container_image:openlineage:oci://registry.kestrel.example/kestrel/credit-decision-api:6.0.0@"));
        AssetDetail v6 = t.inventory().detail(Urn.of(AssetKind.MODEL_VERSION, "azureml", workspace + "/models/credit-risk-xgb/versions/6")).orElseThrow();
        assertThat(v6.upstream()).extracting(n -> n.type() + " " + n.kind()).contains("PRODUCED_BY TRAINING_RUN", "VERSION_OF MODEL");
        assertThat(v6.record().owners()).extracting(o -> o.owner()).contains("Priya Natarajan");
    }

    @Test
    void theFraudNotebookJoinsTheHubsBaseModelTheLakesDataAndTheRegistrysModel() {
        assertThat(run("kestrel-notebooks").problems()).isZero();
        Urn notebook = Urn.of(AssetKind.NOTEBOOK, "jupyter", "jupyterhub.kestrel.example/fraud/fraud-bert-finetune.ipynb");
        AssetDetail detail = t.inventory().detail(notebook).orElseThrow();
        assertThat(detail.record().owners()).extracting(o -> o.owner()).containsExactlyInAnyOrder("Ana Ruiz", "Marcus Chen");
        assertThat(detail.upstream()).extracting(n -> n.urn() + " " + n.source()).contains(
                "tr:model:huggingface:huggingface.co/google-bert/bert-base-uncased kestrel-notebooks",
                "tr:dataset:huggingface:huggingface.co/datasets/kestrel-lending/card-transactions-2026 kestrel-notebooks");
        assertThat(detail.upstream()).extracting(n -> n.urn()).contains("tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set");
        assertThat(detail.downstream()).extracting(n -> n.urn()).contains("tr:model:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert");
        // the neighbours are the other sources' assets, not placeholders
        assertThat(t.inventory().find(Urn.parse("tr:model:huggingface:huggingface.co/google-bert/bert-base-uncased")).orElseThrow().source()).isEqualTo("kestrel-hub");
        assertThat(t.inventory().find(Urn.parse("tr:model:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert")).orElseThrow().source()).isEqualTo("kestrel-registry");
        assertThat(t.inventory().find(Urn.parse("tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set")).orElseThrow().source()).isEqualTo("kestrel-lineage");

        AssetDetail propensity = t.inventory().detail(Urn.of(AssetKind.NOTEBOOK, "jupyter", "jupyterhub.kestrel.example/marketing/propensity_v1.ipynb")).orElseThrow();
        assertThat(propensity.record().owners()).as("the notebook model nobody owns").isEmpty();
        assertThat(propensity.upstream()).extracting(n -> n.urn()).containsExactlyInAnyOrder(
                "tr:dataset:openlineage:s3://kestrel-datalake/curated/customer_profiles", "tr:dataset:openlineage:s3://kestrel-datalake/raw/marketing_campaigns");
        // the lineage's notebook job is this notebook: its training run is a run of it
        assertThat(propensity.downstream()).extracting(n -> n.urn()).containsExactlyInAnyOrder(
                "tr:model:openlineage:mlflow://mlflow.kestrel.example/models/propensity",
                "tr:training_run:openlineage:01a0c9c7-2a20-76a3-8fa1-2950a1fa4c6e");
    }

    @Test
    void theLineageRunsEndToEndAcrossSourcesFromTheDatasetToTheDeployment() {
        // deployment ← image (registry = lineage, by digest) ← model version ← training run ← notebook run ← notebook ← dataset
        Urn deployment = Urn.parse("tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring");
        var graph = t.lineage().walk(deployment, dev.tightrope.domain.LineageGraph.Direction.UPSTREAM, 8).orElseThrow();
        java.util.Map<String, String> sources = new java.util.HashMap<>();
        graph.nodes().forEach(n -> sources.put(n.urn(), n.source()));
        String image = "tr:container_image:openlineage:oci://registry.kestrel.example/kestrel/fraud-scoring:3.0.0@"
                + "sha256:d46c0b26a89e14f7273b8e39321b3d1fd239303574a1bdf35d29d83df6d9d03e";
        String notebook = "tr:notebook:jupyter:jupyterhub.kestrel.example/fraud/fraud-bert-finetune.ipynb";
        assertThat(sources).containsKeys(image, mlflow("fraud-bert", 3).toString(), notebook,
                "tr:dataset:huggingface:huggingface.co/datasets/kestrel-lending/card-transactions-2026",
                "tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set");
        assertThat(graph.edges()).anySatisfy(e -> {
            assertThat(e.upstream()).isEqualTo(notebook);
            assertThat(e.type()).isEqualTo(dev.tightrope.domain.EdgeType.INSTANCE_OF);
        });
        // and joined by digest where the bytes are the same: the image in the registry, the version's files
        assertThat(t.inventory().detail(Urn.parse(image)).orElseThrow().sameContent()).extracting(a -> a.source()).contains("kestrel-images");
        assertThat(t.inventory().detail(mlflow("fraud-bert", 3)).orElseThrow().sameContent()).extracting(a -> a.source())
                .contains("kestrel-models", "kestrel-artifacts");
    }

    @Test
    void theArtifactStoresFraudBertFolderIsTheRegisteredVersionByContentAndPartOfIt() {
        assertThat(runs).filteredOn(r -> r.source().equals("kestrel-artifacts")).singleElement()
                .satisfies(r -> assertThat(r.status()).as(r.message()).isEqualTo(SyncStatus.SUCCEEDED));
        AssetDetail folder = t.inventory().detail(Urn.of(AssetKind.MODEL_ARTIFACT, "artifactory",
                "artifactory.kestrel.example/ml-models-local/fraud-bert/3")).orElseThrow();
        assertThat(folder.upstream()).extracting(n -> n.urn()).contains(mlflow("fraud-bert", 3).toString(),
                "tr:model:huggingface:huggingface.co/google-bert/bert-base-uncased");
        // the folder's OpenSSF root digest is the digest the lineage versions fraud-bert 3 by, and the scanned directory's
        assertThat(folder.sameContent()).extracting(a -> a.urn()).contains(mlflow("fraud-bert", 3).toString());
        assertThat(folder.sameContent()).anySatisfy(a -> assertThat(a.urn()).startsWith("tr:model_artifact:model-files:").endsWith("fraud-bert-v3"));
    }

    @Test
    void theCiRunThatPackagedFraudBert3UploadedTheScannedFilesAndRunsTheLineagesWorkflow() {
        assertThat(runs).filteredOn(r -> r.source().equals("kestrel-ci")).singleElement()
                .satisfies(r -> assertThat(r.status()).as(r.message()).isEqualTo(SyncStatus.SUCCEEDED));
        Urn workflow = Urn.parse("tr:pipeline:openlineage:github://kestrel/ml-deploy/package-model.yml");
        AssetDetail pipeline = t.inventory().detail(workflow).orElseThrow();
        // one pipeline, two sources: the lineage's runs and GitHub's runs are both runs of it
        assertThat(pipeline.downstream()).filteredOn(n -> n.type() == dev.tightrope.domain.EdgeType.INSTANCE_OF)
                .extracting(n -> n.source()).contains("kestrel-ci", "kestrel-lineage");
        var artifacts = t.inventory().search("model.safetensors", 40).hits().stream()
                .filter(a -> a.kind() == AssetKind.BUILD_ARTIFACT).toList();
        assertThat(artifacts).singleElement().satisfies(a -> {
            AssetDetail d = t.inventory().detail(Urn.parse(a.urn())).orElseThrow();
            assertThat(d.record().asset().properties().get("attestations")).startsWith("1 stored by GitHub, not verified here");
            assertThat(d.sameContent()).extracting(x -> x.source()).contains("kestrel-models", "kestrel-hub", "kestrel-artifacts", "kestrel-images");
        });
    }

    @Test
    void creditRisksGitLabPipelinesAreRunsOfItsCiAndTheirArtifactsHaveNoInventedDigest() {
        assertThat(runs).filteredOn(r -> r.source().equals("kestrel-gitlab")).singleElement()
                .satisfies(r -> assertThat(r.status()).as(r.message()).isEqualTo(SyncStatus.SUCCEEDED));
        AssetDetail ci = t.inventory().detail(Urn.parse("tr:pipeline:gitlab-ci:gitlab.kestrel.example/kestrel/credit-risk")).orElseThrow();
        assertThat(ci.downstream()).filteredOn(n -> n.type() == dev.tightrope.domain.EdgeType.INSTANCE_OF).hasSize(4);
        var failed = t.inventory().find(Urn.parse("tr:pipeline_run:gitlab-ci:gitlab.kestrel.example/kestrel/credit-risk/pipelines/26402")).orElseThrow();
        assertThat(failed.asset().properties()).containsEntry("status", "failed").containsEntry("source", "schedule");
        var v7 = t.inventory().detail(Urn.parse("tr:pipeline_run:gitlab-ci:gitlab.kestrel.example/kestrel/credit-risk/pipelines/26555")).orElseThrow();
        assertThat(v7.record().owners()).extracting(o -> o.owner()).containsExactly("priya.natarajan");
        assertThat(v7.downstream()).filteredOn(n -> n.type() == dev.tightrope.domain.EdgeType.PRODUCED_BY)
                .filteredOn(n -> n.urn().contains("/jobs/")).singleElement()
                .satisfies(n -> assertThat(t.inventory().find(Urn.parse(n.urn())).orElseThrow().asset().digest()).isNull());
    }

    @Test
    void theV7PipelinePublishedTheScannedJoblibToGitLabsPackageRegistryByItsSha256() {
        assertThat(run("kestrel-gitlab").problems()).isZero();
        AssetDetail file = t.inventory().detail(Urn.parse("tr:build_artifact:gitlab-ci:gitlab.kestrel.example/kestrel/credit-risk/packages/3312/files/91770"))
                .orElseThrow();
        assertThat(file.record().asset().digest()).hasToString("sha256:21ca5099f0450866933d02f500e1cb1da63db82a1e1a5bbb62152bbeff9f5c80");
        assertThat(file.record().asset().properties()).containsEntry("package", "credit-risk-xgb").containsEntry("version", "7.0.0");
        assertThat(file.upstream()).extracting(n -> n.type() + " " + n.urn())
                .containsExactly("PRODUCED_BY tr:pipeline_run:gitlab-ci:gitlab.kestrel.example/kestrel/credit-risk/pipelines/26555");
        // the registry's SHA-256 is the scanned file's and the artifact store's: one content
        assertThat(file.sameContent()).extracting(a -> a.source()).contains("kestrel-models", "kestrel-artifacts");
    }

    @Test
    void theVertexFailoverOfTheChatbotServesTheRegistrysSupportChatImageByDigest() {
        assertThat(run("kestrel-vertex").problems()).isZero();
        String model = "projects/318203754918/locations/europe-west4/models/2719450385716264960";
        AssetDetail version = t.inventory().detail(Urn.of(AssetKind.MODEL_VERSION, "vertexai", model + "@1")).orElseThrow();
        assertThat(version.record().asset().properties()).containsEntry("aliases", "default, failover");
        assertThat(version.record().owners()).extracting(o -> o.owner()).containsExactly("support-ai");
        assertThat(version.downstream()).extracting(n -> n.type() + " " + n.urn()).contains(
                "DEPLOYED_AS tr:deployment:vertexai:projects/318203754918/locations/europe-west4/endpoints/6033412987750072320");
        String digest = "sha256:097b6691f2272e7688d11f468a78921cadd891215ff61e603357ce61e868edec";
        Urn mirrored = Urn.of(AssetKind.CONTAINER_IMAGE, "oci", "europe-west4-docker.pkg.dev/kestrel-support/serving/support-chat@" + digest);
        assertThat(version.downstream()).extracting(n -> n.type() + " " + n.urn()).contains("PACKAGED_AS " + mirrored);
        // the Artifact Registry mirror is the same manifest as the registry's kestrel/support-chat:1.0.0, which the lineage deploys to prod-eu-1
        assertThat(t.inventory().detail(mirrored).orElseThrow().sameContent()).extracting(a -> a.urn()).contains(
                "tr:container_image:oci:registry.kestrel.example/kestrel/support-chat@" + digest,
                "tr:container_image:openlineage:oci://registry.kestrel.example/kestrel/support-chat:1.0.0@" + digest);
    }

    @Test
    void thePoisonedTrainingSetsImpactReachesProductionAndAPathLeadsThere() {
        var impact = t.lineage().impact(Urn.parse("tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set")).orElseThrow();
        assertThat(impact.deployments()).extracting(i -> i.urn()).contains("tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring");
        assertThat(impact.byKind()).containsKeys(AssetKind.MODEL_VERSION, AssetKind.NOTEBOOK, AssetKind.DEPLOYMENT);
        String text = dev.tightrope.service.export.LineageFormats.text(impact);
        assertThat(text).contains("Deployments reached (").contains("fraud/fraud-scoring  owned by fraud-ml, ml-platform");
        var path = t.lineage().path(Urn.parse("tr:dataset:huggingface:huggingface.co/datasets/kestrel-lending/card-transactions-2026"),
                Urn.parse("tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring")).orElseThrow();
        assertThat(path.edges()).isNotEmpty();
        assertThat(path.edges().get(0).upstream()).isEqualTo("tr:dataset:huggingface:huggingface.co/datasets/kestrel-lending/card-transactions-2026");
        assertThat(path.edges().get(path.edges().size() - 1).downstream()).isEqualTo("tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring");
    }

    @Test
    void theCuratedTransactionsTrainTheFraudTheCreditAndTheChurnModels() {
        AssetDetail transactions = t.inventory().detail(SHARED_DATASET).orElseThrow();
        var trained = transactions.downstream().stream()
                .filter(n -> n.type() == dev.tightrope.domain.EdgeType.TRAINED_ON && n.kind() == AssetKind.MODEL_VERSION).toList();
        var models = trained.stream()
                .flatMap(v -> t.inventory().detail(Urn.parse(v.urn())).orElseThrow().upstream().stream())
                .filter(n -> n.type() == dev.tightrope.domain.EdgeType.VERSION_OF).map(n -> n.name()).distinct().toList();
        assertThat(models).containsExactlyInAnyOrder("fraud-bert", "credit-risk-xgb", "churn-xgb");
        // so a problem in the transactions reaches production fraud scoring and two releases in staging
        var impact = t.lineage().impact(SHARED_DATASET).orElseThrow();
        assertThat(impact.deployments()).extracting(i -> i.urn()).contains(PROD_FRAUD_SCORING,
                "tr:deployment:openlineage:k8s://staging-eu-1/credit/credit-decision-api",
                "tr:deployment:openlineage:k8s://staging-eu-1/marketing/churn-scoring");
        assertThat(t.inventory().find(mlflow("churn-xgb", 1)).orElseThrow().source()).as("the registry knows the new model")
                .isEqualTo("kestrel-registry");
    }

    @Test
    void fraudBertThreeServesFourDeploymentsThroughOneImage() {
        var impact = t.lineage().impact(mlflow("fraud-bert", 3)).orElseThrow();
        assertThat(impact.deployments()).extracting(i -> i.urn()).containsExactlyInAnyOrder(
                "tr:deployment:openlineage:k8s://staging-eu-1/fraud/fraud-scoring", PROD_FRAUD_SCORING,
                "tr:deployment:openlineage:k8s://prod-eu-2/fraud/fraud-scoring",
                "tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-rescoring-nightly");
        AssetDetail image = t.inventory().detail(Urn.parse("tr:container_image:openlineage:oci://registry.kestrel.example/kestrel/"
                + "fraud-scoring:3.0.0@sha256:d46c0b26a89e14f7273b8e39321b3d1fd239303574a1bdf35d29d83df6d9d03e")).orElseThrow();
        assertThat(image.downstream()).filteredOn(n -> n.type() == dev.tightrope.domain.EdgeType.DEPLOYED_AS).hasSize(4);
    }

    @Test
    void theLabelAuditsFailedChecksOnTheChargebacksReachProductionThroughTheFraudModel() {
        AssetDetail chargebacks = t.inventory().detail(POISONED_DATASET).orElseThrow();
        assertThat(chargebacks.findings()).allSatisfy(f -> {
            assertThat(f.finding().ruleId()).isEqualTo("data-quality.assertion-failed");
            assertThat(f.finding().status()).isEqualTo(dev.tightrope.domain.FindingStatus.OPEN);
        });
        assertThat(chargebacks.findings()).extracting(f -> f.finding().severity() + " " + f.finding().location()).containsExactlyInAnyOrder(
                "HIGH column is_fraud, assertion fraud_reason_code_implies_fraud_label",
                "HIGH column is_fraud, assertion no_label_change_after_resolution",
                "LOW assertion fraud_rate_within_baseline");
        // the latest audit's counts, with the tool that ran it
        assertThat(chargebacks.findings()).filteredOn(f -> f.finding().location().endsWith("fraud_reason_code_implies_fraud_label"))
                .singleElement().satisfies(f -> assertThat(f.finding().evidence())
                        .startsWith("success false, 1214 failing rows, severity error; reported by https://github.com/kestrel/airflow-dags/"));

        // dataset → training set → training run → model version → image → deployment, in production
        var impact = t.lineage().impact(POISONED_DATASET).orElseThrow();
        assertThat(impact.byKind()).containsKeys(AssetKind.TRAINING_RUN, AssetKind.MODEL_VERSION, AssetKind.CONTAINER_IMAGE);
        assertThat(impact.deployments()).extracting(i -> i.urn()).contains(PROD_FRAUD_SCORING,
                "tr:deployment:openlineage:k8s://prod-eu-2/fraud/fraud-scoring");
        assertThat(impact.deployments()).filteredOn(i -> i.urn().equals(PROD_FRAUD_SCORING)).singleElement()
                .satisfies(i -> assertThat(i.depth()).as("hops from the chargebacks").isBetween(4, 7));
        var path = t.lineage().path(POISONED_DATASET, Urn.parse(PROD_FRAUD_SCORING)).orElseThrow();
        assertThat(path.edges()).extracting(e -> e.type()).contains(dev.tightrope.domain.EdgeType.TRAINED_ON,
                dev.tightrope.domain.EdgeType.PACKAGED_AS, dev.tightrope.domain.EdgeType.DEPLOYED_AS);
    }

    @Test
    void fraudBertThreeAlsoServesOnSageMakerFromTheRegistrysImageReplicatedToEcr() {
        String account = "arn:aws:sagemaker:eu-west-1:481516234200:";
        AssetDetail endpoint = t.inventory().detail(Urn.of(AssetKind.DEPLOYMENT, "sagemaker", account + "endpoint/fraud-scoring-cnp")).orElseThrow();
        assertThat(endpoint.record().owners()).extracting(o -> o.owner()).contains("fraud-ml", "Ana Ruiz");
        assertThat(endpoint.upstream()).extracting(n -> n.urn() + " " + n.type()).contains(
                "tr:model_version:sagemaker:" + account + "model-package/fraud-bert/3 DEPLOYED_AS");
        AssetDetail v3 = t.inventory().detail(Urn.of(AssetKind.MODEL_VERSION, "sagemaker", account + "model-package/fraud-bert/3")).orElseThrow();
        assertThat(v3.record().asset().properties()).containsEntry("ModelApprovalStatus", "Approved");
        String index = "sha256:d46c0b26a89e14f7273b8e39321b3d1fd239303574a1bdf35d29d83df6d9d03e";
        AssetDetail ecr = t.inventory().detail(Urn.of(AssetKind.CONTAINER_IMAGE, "oci",
                "481516234200.dkr.ecr.eu-west-1.amazonaws.com/kestrel/fraud-scoring@" + index)).orElseThrow();
        // the same manifest as the registry's image and the lineage's: one image by content, in three sources
        assertThat(ecr.sameContent()).extracting(a -> a.source()).contains("kestrel-images", "kestrel-lineage");
        // the distillation experiment learnt from the training set the poisoned chargebacks feed
        assertThat(t.lineage().impact(POISONED_DATASET).orElseThrow().items()).extracting(i -> i.urn())
                .contains("tr:training_run:sagemaker:" + account + "training-job/fraud-bert-distill-2026-11-20");
    }

    @Test
    void theEstateIsCompanySizedAndMostOfItHasAnOwner() {
        long assets = t.inventory().count(AssetFilter.all());
        long unowned = t.inventory().count(AssetFilter.all().withUnowned(true));
        assertThat(assets).isBetween(300L, 500L);
        assertThat(unowned).isPositive().isLessThan(assets / 4);
    }

    @Test
    void aRelationTwoSourcesAssertIsOneNeighbourNamingBoth() {
        AssetDetail v3 = t.inventory().detail(mlflow("fraud-bert", 3)).orElseThrow();
        assertThat(v3.upstream()).filteredOn(n -> n.type() == dev.tightrope.domain.EdgeType.VERSION_OF)
                .singleElement()
                .satisfies(n -> {
                    assertThat(n.name()).isEqualTo("fraud-bert");
                    assertThat(n.source()).contains("kestrel-registry").contains("kestrel-lineage");
                });
    }

    @Test
    void theHubMirrorAdapterCarriesThePicklePayload() {
        Urn adapter = Urn.of(AssetKind.MODEL_VERSION, "openlineage",
                "huggingface://hf-mirror.example.net/community-lora/llama3.1-8b-customer-support@9f3c2b1");
        assertThat(t.inventory().detail(adapter).orElseThrow().findings())
                .anySatisfy(f -> assertThat(f.finding().evidence()).isEqualTo("posix.system"));
    }

    @Test
    void unregisteredAndTamperedModelFilesStandOutAsCritical() {
        assertThat(t.inventory().list(AssetFilter.all().withKinds(Set.of(AssetKind.MODEL_ARTIFACT)), dev.tightrope.domain.AssetSort.byName(), 100))
                .filteredOn(a -> a.name().equals("kyc-face-match") || a.name().equals("fraud-bert-v2-mirror"))
                .hasSize(2)
                .allSatisfy(a -> assertThat(a.worstFinding()).isEqualTo(Severity.CRITICAL));
        assertThat(t.inventory().list(AssetFilter.all().withKinds(Set.of(AssetKind.MODEL_ARTIFACT)), dev.tightrope.domain.AssetSort.byName(), 100))
                .extracting(a -> a.name()).doesNotContain("README.md", "FORMATS.md");
    }

    @Test
    void priyasLaptopShowsEachClassificationTheTyposquatAndTheLeakedKeyMaskedOnly() throws Exception {
        java.util.function.Function<String, AssetDetail> server = key -> t.inventory().detail(Urn.of(AssetKind.MCP_SERVER, "local-discovery", key)).orElseThrow();
        assertThat(server.apply("npm:@modelcontextprotocol/server-filesystem@2025.8.21").record().asset().properties()).containsEntry("classification", "approved");
        assertThat(server.apply("remote:https://mcp.kestrel.example/credit/mcp").record().asset().properties()).containsEntry("classification", "approved");
        assertThat(server.apply("npm:@modelcontextprotocol/server-github").record().asset().properties()).containsEntry("classification", "approved-unpinned");
        assertThat(server.apply("npm:jira-mcp-community@0.9.1").record().asset().properties()).containsEntry("classification", "name-only");
        AssetDetail excel = server.apply("pypi:excel-mcp-server");
        assertThat(excel.record().asset().properties()).containsEntry("classification", "unregistered");
        assertThat(excel.findings()).anySatisfy(f -> assertThat(f.finding().ruleId()).isEqualTo("secret.mcp-env"));
        AssetDetail postgres = server.apply("npm:@modelcontext-protocol/server-postgres");
        assertThat(postgres.record().asset().properties()).containsEntry("classification", "name-only").containsKey("blocked");
        assertThat(postgres.findings()).anySatisfy(f -> assertThat(f.finding().ruleId()).isEqualTo("mcp.typosquat"));
        StringBuilder cache = new StringBuilder();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (java.nio.file.Files.isRegularFile(p) && !p.toString().contains("demo")) {
                    cache.append(new String(java.nio.file.Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(cache).contains("excel-helper").doesNotContain("KestrelDemoNotARealKey");
    }

    @Test
    void priyasRepositoriesShowTheirAiSdksTheProbableMcpServerAndTheNotebooksLeakedKey() {
        Path code = t.workspace().demoDataDirectory().resolve("laptops/priya-linux/code").toAbsolutePath().normalize();
        java.util.function.Function<String, AssetDetail> repo = name -> t.inventory().detail(Urn.of(AssetKind.AGENT, "local-discovery",
                code.resolve(name).toString())).orElseThrow();
        AssetDetail loans = repo.apply("loan-assistant");
        assertThat(loans.record().asset().properties()).containsEntry("ai.sdks", "npm:@modelcontextprotocol/sdk, pypi:anthropic, pypi:langchain-anthropic")
                .containsEntry("probable_mcp_server", "true");
        assertThat(loans.findings()).extracting(f -> f.finding().ruleId()).containsExactly("mcp.probable-server");
        assertThat(t.inventory().detail(Urn.of(AssetKind.AI_SDK, "local-discovery", code.resolve("loan-assistant") + "#pypi:anthropic"))
                .orElseThrow().record().asset().properties()).containsEntry("version", "==0.34.2").containsEntry("manifest", "pyproject.toml:8");
        AssetDetail credit = repo.apply("credit-risk");
        assertThat(credit.record().asset().properties()).containsEntry("ai.sdks", "pypi:anthropic");
        assertThat(credit.findings()).singleElement().satisfies(f -> {
            assertThat(f.finding().ruleId()).isEqualTo("secret.notebook-anthropic");
            assertThat(f.finding().severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.finding().location()).isEqualTo("notebooks/explain-with-claude.ipynb: cell 1 output, line 1");
            assertThat(f.finding().evidence()).startsWith("sk-a…(108 chars, masked)");
        });
    }

    /** Priya probed the lookalike postgres server twice: the second listing changed its one tool, a rug pull with a poisoned description. */
    @Test
    void theLookalikePostgresServersSecondProbeIsARugPullWithHiddenInstructions() {
        AssetDetail postgres = t.inventory().detail(Urn.of(AssetKind.MCP_SERVER, "local-discovery", "npm:@modelcontext-protocol/server-postgres"))
                .orElseThrow();
        assertThat(postgres.findings()).extracting(f -> f.finding().ruleId())
                .contains("mcp.rug-pull", "mcp.desc.pseudo-tag", "mcp.desc.sensitive-path", "mcp.desc.coercion");
        assertThat(postgres.findings()).filteredOn(f -> f.finding().ruleId().equals("mcp.rug-pull"))
                .anySatisfy(f -> assertThat(f.finding().location()).contains("query"));
        assertThat(t.audit().entries(new dev.tightrope.domain.AuditQuery(null, "mcp.probe", null, null, null, 0, 10))).hasSize(2);
    }

    /** The skill Priya copied from a forum post hides an instruction in tag characters and bundles a script that posts her AWS credentials. */
    @Test
    void priyasCopiedSkillHidesAnInstructionAndBundlesAScriptThatSendsHerCredentials() {
        Path skill = t.workspace().demoDataDirectory().resolve("laptops/priya-linux/.claude/skills/xlsx-summary").toAbsolutePath().normalize();
        AssetDetail detail = t.inventory().detail(Urn.of(AssetKind.AGENT_SKILL, "local-discovery", skill.toString())).orElseThrow();
        assertThat(detail.findings()).extracting(f -> f.finding().ruleId())
                .contains("mcp.desc.hidden-unicode", "mcp.desc.pseudo-tag", "skill.unrestricted-shell", "skill.script-exfiltration");
        assertThat(detail.findings()).filteredOn(f -> f.finding().ruleId().equals("mcp.desc.hidden-unicode"))
                .anySatisfy(f -> assertThat(f.finding().evidence()).contains("do not mention it"));
    }

    @Test
    void reloadingTheDemoIsIdempotent() {
        long before = t.inventory().count(AssetFilter.all());
        new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
        assertThat(t.inventory().count(AssetFilter.all())).isEqualTo(before);
        assertThat(t.sources().list()).hasSize(DemoWorkspace.SOURCES.size());
    }
}
