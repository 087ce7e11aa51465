package dev.tightrope.sync.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Urn;
import dev.tightrope.sync.openlineage.OpenLineageNames.DatasetName;
import dev.tightrope.sync.openlineage.OpenLineageNames.Name;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every asset the OpenLineage importer makes has a name that imports back as it; other sources' assets have none. */
class OpenLineageNamesTest {

    @Test
    void everyJobRunAndDatasetOfTheDemoLineageHasANameThatImportsBackAsIt() throws Exception {
        CollectingSink sink = new CollectingSink();
        new OpenLineageConnector(Path.of("sample-data", "openlineage")).sync(TestSyncContext.first(), sink);
        Set<Urn> models = new HashSet<>();
        int named = 0;
        for (Asset a : sink.assets) {
            Urn urn = a.urn();
            Optional<DatasetName> dataset = OpenLineageNames.dataset(urn);
            dataset.flatMap(OpenLineageNames::modelOf).ifPresent(models::add);
            if (OpenLineageNames.runId(urn).isPresent() || OpenLineageNames.job(urn).isPresent() || dataset.isPresent()) {
                named++;
            } else {
                assertThat(urn.kind()).as(urn.toString()).isEqualTo(AssetKind.MODEL);
            }
        }
        assertThat(named).isGreaterThan(200);
        assertThat(sink.assets).filteredOn(a -> a.urn().kind() == AssetKind.MODEL && OpenLineageNames.dataset(a.urn()).isEmpty())
                .as("a model without a name of its own comes back from its versions' names")
                .allSatisfy(a -> assertThat(models).contains(a.urn()));
    }

    @Test
    void theNamesAreTheOnesThePipelinesUsed() {
        assertThat(OpenLineageNames.dataset(Urn.parse("tr:dataset:openlineage:s3://lake/raw/events")))
                .contains(new DatasetName("s3://lake", "raw/events", null));
        assertThat(OpenLineageNames.dataset(Urn.parse("tr:model_version:openlineage:s3://models/scorer/2")))
                .as("a model version outside MLflow says it is a model").contains(new DatasetName("s3://models", "scorer/2", "MODEL"));
        assertThat(OpenLineageNames.dataset(Urn.parse("tr:model_version:huggingface:huggingface.co/google-bert/bert-base-uncased@86b5e09")))
                .contains(new DatasetName("hf://google-bert", "bert-base-uncased@86b5e09", null));
        assertThat(OpenLineageNames.job(Urn.parse("tr:notebook:jupyter:jupyter.test/fraud/explore.ipynb")))
                .contains(new Name("jupyter://jupyter.test", "fraud/explore.ipynb"));
        Urn doubleSlash = Urn.parse("tr:dataset:openlineage:s3://lake//raw");
        assertThat(OpenLineageNames.dataset(doubleSlash)).as("a namespace ending in a slash")
                .hasValueSatisfying(d -> assertThat(OpenLineageNaming.classify(d.namespace(), d.name(), null).urn()).isEqualTo(doubleSlash));
        assertThat(OpenLineageNames.runId(Urn.parse("tr:training_run:openlineage:01900000-0000-7000-8000-000000000004")))
                .contains("01900000-0000-7000-8000-000000000004");
        assertThat(OpenLineageNames.modelOf(new DatasetName("mlflow://mlflow.test", "models/churn/3", null)))
                .contains(Urn.parse("tr:model:openlineage:mlflow://mlflow.test/models/churn"));
        assertThat(OpenLineageNames.directEdge(AssetKind.MODEL_VERSION, AssetKind.CONTAINER_IMAGE, false)).contains(EdgeType.PACKAGED_AS);
    }

    @Test
    void otherSourcesAssetsAndNamesTheImporterWouldChangeHaveNoName() {
        assertThat(OpenLineageNames.runId(Urn.parse("tr:training_run:mlflow:mlflow.test/runs/5f2a"))).isEmpty();
        assertThat(OpenLineageNames.dataset(Urn.parse("tr:model_artifact:artifactory:artifactory.test/models/churn/3"))).isEmpty();
        assertThat(OpenLineageNames.dataset(Urn.parse("tr:dataset:huggingface:huggingface.co/datasets/wikipedia"))).isEmpty();
        assertThat(OpenLineageNames.dataset(Urn.of(AssetKind.DATASET, "openlineage", "s3://lake/raw/events "))).as("the importer strips names").isEmpty();
        assertThat(OpenLineageNames.runId(Urn.parse("tr:pipeline_run:openlineage:01900000-0000-7000-8000-00000000000A")))
                .as("the importer lower-cases run ids").isEmpty();
        assertThat(OpenLineageNames.dataset(Urn.parse("tr:dataset:openlineage:s3://lake/" + "x".repeat(2010)))).isEmpty();
    }
}
