package dev.tightrope.sync.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.sync.SyncResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kestrel Lending demo workspace tells the story sample-data/README.md promises. */
class SampleDataTest {

    private static final Path SAMPLE = Path.of("sample-data", "openlineage");
    private static final String MLFLOW = "mlflow://mlflow.kestrel.example";
    private static CollectingSink sink;
    private static SyncResult result;

    @BeforeAll
    static void importTheDemoLineage() throws Exception {
        sink = new CollectingSink();
        result = new OpenLineageConnector(SAMPLE).sync(TestSyncContext.first(), sink);
    }

    private static String version(String model, int v) {
        return "tr:model_version:openlineage:" + MLFLOW + "/models/" + model + "/" + v;
    }

    private static String image(String repo, String tag) {
        return sink.ofKind(AssetKind.CONTAINER_IMAGE).stream().map(a -> a.urn().toString())
                .filter(u -> u.contains("/kestrel/" + repo + ":" + tag + "@sha256:")).findFirst().orElseThrow();
    }

    @Test
    void everythingButTheOneDeliberatelyMalformedLineIsImported() {
        assertThat(result.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).endsWith("airflow-kestrel.ndjson:129");
            assertThat(p.message()).isEqualTo("'eventTime' '2026-06-16T09:14:03.511' has no time zone offset (expected e.g. 2026-03-01T09:00:00Z)");
        });
        assertThat(sink.assets).extracting(Asset::urn).doesNotHaveDuplicates();
        assertThat(sink.ofKind(AssetKind.PIPELINE_RUN).size() + sink.ofKind(AssetKind.TRAINING_RUN).size()).isGreaterThan(120);
    }

    @Test
    void legacyChurnModelIsInProductionWithNoOwnerAnywhere() {
        String v2 = version("churn-legacy", 2);
        String image = image("churn-scorer", "2.0.0");
        String deployment = "tr:deployment:openlineage:k8s://prod-eu-1/marketing/churn-scorer";

        assertThat(sink.hasEdge(v2, EdgeType.PACKAGED_AS, image)).isTrue();
        assertThat(sink.hasEdge(image, EdgeType.DEPLOYED_AS, deployment)).isTrue();
        for (String urn : new String[] {v2, image, deployment, "tr:model:openlineage:" + MLFLOW + "/models/churn-legacy"}) {
            assertThat(sink.ownersOf(urn)).as("owners of %s", urn).isEmpty();
        }
    }

    @Test
    void fraudModelHasAFailedTrainingRunAndVersionThreeServesProduction() {
        assertThat(sink.ofKind(AssetKind.TRAINING_RUN)).filteredOn(r -> "FAIL".equals(r.properties().get("state")))
                .singleElement().satisfies(r -> {
                    assertThat(r.name()).startsWith("fraud-bert/train 2026-05-19");
                    assertThat(r.properties().get("errorMessage")).startsWith("torch.OutOfMemoryError: CUDA out of memory");
                });
        String image = image("fraud-scoring", "3.0.0");
        assertThat(sink.hasEdge(version("fraud-bert", 3), EdgeType.PACKAGED_AS, image)).isTrue();
        assertThat(sink.hasEdge(image, EdgeType.DEPLOYED_AS, "tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring")).isTrue();
        assertThat(sink.ownersOf(version("fraud-bert", 3))).containsExactlyInAnyOrder("fraud-ml", "ana.ruiz@kestrel.example");
        assertThat(sink.ownersOf("tr:model:openlineage:" + MLFLOW + "/models/fraud-bert")).containsExactlyInAnyOrder("fraud-ml", "ana.ruiz@kestrel.example");
        assertThat(sink.hasEdge("tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set", EdgeType.TRAINED_ON,
                version("fraud-bert", 3))).isTrue();
    }

    @Test
    void creditRiskSevenWaitsInStagingWhileSixServesProduction() {
        Asset v7 = sink.asset(version("credit-risk-xgb", 7));
        assertThat(v7.tags()).contains("stage:staging", "approval:pending");
        assertThat(sink.hasEdge(image("credit-decision-api", "7.0.0"), EdgeType.DEPLOYED_AS,
                "tr:deployment:openlineage:k8s://staging-eu-1/credit/credit-decision-api")).isTrue();
        assertThat(sink.hasEdge(image("credit-decision-api", "6.0.0"), EdgeType.DEPLOYED_AS,
                "tr:deployment:openlineage:k8s://prod-eu-1/credit/credit-decision-api")).isTrue();
        assertThat(sink.hasEdge("tr:model:openlineage:" + MLFLOW + "/models/credit-risk-xgb", EdgeType.VERSION_OF, v7.urn().toString())).isTrue();
    }

    @Test
    void theCuratedTransactionsTrainTheFraudCreditAndChurnModelsAndFraudScoringThreeRunsInFourPlaces() {
        String transactions = "tr:dataset:openlineage:s3://kestrel-datalake/curated/transactions";
        for (String trained : new String[] {version("fraud-bert", 3), version("credit-risk-xgb", 7), version("churn-xgb", 1)}) {
            assertThat(sink.hasEdge(transactions, EdgeType.TRAINED_ON, trained)).as(trained).isTrue();
        }
        assertThat(sink.hasEdge(transactions, EdgeType.TRAINED_ON, version("credit-risk-xgb", 6))).isFalse();
        assertThat(sink.edges(EdgeType.DEPLOYED_AS)).filteredOn(e -> e.upstream().toString().equals(image("fraud-scoring", "3.0.0")))
                .extracting(e -> e.downstream().toString()).containsExactlyInAnyOrder(
                        "tr:deployment:openlineage:k8s://staging-eu-1/fraud/fraud-scoring",
                        "tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring",
                        "tr:deployment:openlineage:k8s://prod-eu-2/fraud/fraud-scoring",
                        "tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-rescoring-nightly");
    }

    @Test
    void theLabelAuditFailsEveryWeekAndItsChecksAreFindingsOnTheChargebacks() {
        assertThat(sink.ofKind(AssetKind.PIPELINE_RUN)).filteredOn(r -> r.name().startsWith("fraud_label_audit.check_chargeback_labels"))
                .hasSize(3).allSatisfy(r -> assertThat(r.properties().get("state")).isEqualTo("FAIL"));
        assertThat(sink.findings).allSatisfy(f -> assertThat(f.asset())
                .hasToString("tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks"));
        assertThat(sink.findings).extracting(f -> f.severity().name() + " " + f.title()).containsExactlyInAnyOrder(
                "HIGH Data quality check failed: fraud_reason_code_implies_fraud_label on is_fraud",
                "HIGH Data quality check failed: no_label_change_after_resolution on is_fraud",
                "LOW Data quality check failed: fraud_rate_within_baseline");
    }

    @Test
    void supportChatbotWasWarmStartedFromAnAdapterOnAPublicHubMirror() {
        String adapter = "tr:model_version:openlineage:huggingface://hf-mirror.example.net/community-lora/llama3.1-8b-customer-support@9f3c2b1";
        String llama = "tr:model:huggingface:huggingface.co/meta-llama/Llama-3.1-8B-Instruct";
        String chat = version("support-chat", 1);

        assertThat(sink.hasEdge(adapter, EdgeType.DERIVED_FROM, chat)).isTrue();
        assertThat(sink.hasEdge(llama, EdgeType.DERIVED_FROM, chat)).isTrue();
        assertThat(sink.hasEdge("tr:dataset:openlineage:s3://kestrel-datalake/curated/support_tickets_redacted", EdgeType.TRAINED_ON, chat)).isTrue();
        assertThat(sink.hasEdge("tr:dataset:openlineage:s3://kestrel-datalake/raw/support_tickets", EdgeType.TRAINED_ON, chat)).isFalse();
        assertThat(sink.asset("tr:dataset:openlineage:s3://kestrel-datalake/raw/support_tickets").tags()).contains("pii");
    }

    @Test
    void notebookTrainedPropensityModelHasNoOwner() {
        assertThat(sink.has(version("propensity", 1))).isTrue();
        assertThat(sink.ownersOf(version("propensity", 1))).isEmpty();
    }

    @Test
    void airflowTasksArePartOfTheirDagRunsAndTheFeatureJobHasColumnLineage() {
        assertThat(sink.edges(EdgeType.PART_OF)).hasSizeGreaterThan(80);
        assertThat(sink.asset("tr:dataset:openlineage:s3://kestrel-datalake/features/card_spend_7d").properties().get("columnLineage"))
                .startsWith("6 columns from 2 input datasets");
        assertThat(sink.ofKind(AssetKind.PIPELINE_RUN)).filteredOn(r -> "FAIL".equals(r.properties().get("state")))
                .extracting(Asset::name).anyMatch(n -> n.startsWith("credit_features.ingest_bureau_reports 2026-07-01"));
    }
}
