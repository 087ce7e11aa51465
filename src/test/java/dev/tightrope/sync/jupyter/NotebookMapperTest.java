package dev.tightrope.sync.jupyter;

import static dev.tightrope.sync.jupyter.Notebooks.notebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The static reading of notebooks: which calls become which edges, named as the other connectors name them. */
class NotebookMapperTest {

    static final String SERVER = "jupyter.kestrel.example/user/ana";

    static final class Sink implements RecordSink {
        final List<Asset> assets = new ArrayList<>();
        final List<Edge> edges = new ArrayList<>();
        final List<OwnerClaim> owners = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        @Override
        public void asset(Asset asset) {
            assets.add(asset);
        }

        @Override
        public void edge(Edge edge) {
            edges.add(edge);
        }

        @Override
        public void owner(OwnerClaim claim) {
            owners.add(claim);
        }

        @Override
        public void finding(Finding finding) {
            throw new AssertionError("notebooks yield no findings yet");
        }

        @Override
        public void problem(Problem problem) {
            problems.add(problem);
        }

        List<String> edgeLines() {
            return edges.stream().map(e -> e.upstream() + " -" + e.type() + "-> " + e.downstream()).toList();
        }
    }

    static Sink map(String path, String json, String mlflowFallback) throws Exception {
        Sink sink = new Sink();
        JsonNode nb = UntrustedJson.withLimits(new JsonLimits(64, 1 << 20, JsonLimits.LONGEST_PLAIN_NUMBER, 1 << 24)).read(json.getBytes());
        new NotebookMapper(SERVER, "huggingface.co", mlflowFallback, JupyterLimits.DEFAULT)
                .emit(new NotebookMapper.Listing(path, "2026-06-01T10:00:00Z", json.length(), null, "ref"), nb, sink);
        return sink;
    }

    static final String NB = "tr:notebook:jupyter:" + SERVER + "/fraud/train.ipynb";

    @Test
    void everyKindOfHintBecomesAnEdgeNamedAsTheSourceThatDescribesItNamesIt() throws Exception {
        String json = notebook().authors("Ana Ruiz", "team:fraud-ml")
                .markdown("# Fraud BERT fine-tuning\nTrains on card transactions.")
                .code("""
                        import mlflow, torch
                        import pandas as pd
                        mlflow.set_tracking_uri("https://mlflow.kestrel.example")
                        """)
                .code("""
                        tok = AutoTokenizer.from_pretrained("google-bert/bert-base-uncased")
                        model = AutoModelForSequenceClassification.from_pretrained(
                            "google-bert/bert-base-uncased", num_labels=2)
                        cfg = hf_hub_download(repo_id="meta-llama/Llama-3.1-8B-Instruct", filename="config.json")
                        ds = load_dataset("kestrel-lending/card-transactions-2026", split="train")
                        txns = pd.read_parquet("s3://kestrel-datalake/curated/transactions/")
                        extra = load_dataset("parquet", data_files="gs://kestrel-exports/chargebacks/2026.parquet")
                        labels = pd.read_csv("../data/labels.csv")
                        pinned = AutoModel.from_pretrained("FacebookAI/roberta-base", revision="e2da8e2f811d1448a5b465c236feacd80ffbac7b")
                        """)
                .code("""
                        torch.save(model.state_dict(), "checkpoints/fraud-bert.pt")
                        mlflow.pytorch.log_model(model, "model", registered_model_name="fraud-bert")
                        mlflow.register_model("runs:/0545f9c40ab322625f81b1b48dc3de20/model", "fraud-bert-shadow")
                        txns.to_parquet("s3://kestrel-datalake/features/fraud_training_set")
                        """)
                .json();

        Sink sink = map("fraud/train.ipynb", json, null);

        assertThat(sink.problems).isEmpty();
        assertThat(sink.edgeLines()).containsExactlyInAnyOrder(
                "tr:model:huggingface:huggingface.co/google-bert/bert-base-uncased -READS-> " + NB,
                "tr:model:huggingface:huggingface.co/meta-llama/Llama-3.1-8B-Instruct -READS-> " + NB,
                "tr:dataset:huggingface:huggingface.co/datasets/kestrel-lending/card-transactions-2026 -READS-> " + NB,
                "tr:dataset:openlineage:s3://kestrel-datalake/curated/transactions -READS-> " + NB,
                "tr:dataset:openlineage:gs://kestrel-exports/chargebacks/2026.parquet -READS-> " + NB,
                "tr:dataset:jupyter:" + SERVER + "/data/labels.csv -READS-> " + NB,
                "tr:model_version:huggingface:huggingface.co/FacebookAI/roberta-base@e2da8e2f811d1448a5b465c236feacd80ffbac7b -READS-> " + NB,
                NB + " -PRODUCED_BY-> tr:model_artifact:jupyter:" + SERVER + "/fraud/checkpoints/fraud-bert.pt",
                NB + " -PRODUCED_BY-> tr:model:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert",
                NB + " -PRODUCED_BY-> tr:model:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert-shadow",
                NB + " -PRODUCED_BY-> tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set");

        Asset asset = sink.assets.get(0);
        assertThat(asset.urn()).hasToString(NB);
        assertThat(asset.name()).isEqualTo("train.ipynb");
        assertThat(asset.description()).isEqualTo("Fraud BERT fine-tuning");
        assertThat(asset.properties()).containsEntry("kernel", "python3").containsEntry("language", "python")
                .containsEntry("nbformat", "4.5").containsEntry("cells", "4").containsEntry("code_cells", "3")
                .containsEntry("last_modified", "2026-06-01T10:00:00Z").containsEntry("path", "fraud/train.ipynb")
                .containsEntry("inferred.1", "cell 3 (id c2), line 1: reads hf model google-bert/bert-base-uncased"
                        + " — tok = AutoTokenizer.from_pretrained(\"google-bert/bert-base-uncased\")")
                .containsEntry("inferred.2", "cell 3 (id c2), line 2: reads hf model google-bert/bert-base-uncased"
                        + " — model = AutoModelForSequenceClassification.from_pretrained(");
        assertThat(asset.properties().keySet().stream().filter(k -> k.startsWith("inferred."))).hasSize(12);
        assertThat(asset.properties().values()).anySatisfy(v -> assertThat(v).startsWith("cell 4 (id c3), line 2: registers mlflow model fraud-bert on mlflow.kestrel.example"));
        assertThat(sink.owners).extracting(o -> o.owner() + " " + o.type()).containsExactly("Ana Ruiz PERSON", "fraud-ml TEAM");
    }

    @Test
    void onlyStringLiteralsCountVariablesCommentsStringsAndDefinitionsSayNothing() throws Exception {
        String json = notebook()
                .code("""
                        name = "org/from-a-variable"
                        m = AutoModel.from_pretrained(name)
                        day = "2026-06-01"
                        df = pd.read_parquet(f"s3://kestrel-datalake/raw/{day}")
                        df2 = pd.read_csv(path)
                        # m = AutoModel.from_pretrained("org/commented-out")
                        print("AutoModel.from_pretrained('org/inside-a-string')")
                        doc = \"\"\"
                        torch.save(m, "inside-a-docstring.pt")
                        \"\"\"
                        def from_pretrained(x="org/a-default"):
                            return x
                        !pip install transformers==4.44.0
                        mlflow.sklearn.log_model(m, "model", registered_model_name=name)
                        mlflow.register_model("runs:/x/model", "no-tracking-host")
                        ds = load_dataset("parquet", data_files=["s3://a/list-is-not-a-literal"])
                        """)
                .json();

        Sink sink = map("nb.ipynb", json, null);

        assertThat(sink.edges).isEmpty();
        assertThat(sink.assets.get(0).properties().keySet()).noneMatch(k -> k.startsWith("inferred."));
    }

    @Test
    void aSourceAsOneStringAndAsAListOfLinesReadTheSame() throws Exception {
        String code = "import pandas as pd\n\nx = pd.read_parquet(\n    'gs://kestrel-exports/a'\n)\ny = AutoModel.from_pretrained(r'org/model')\n";
        Sink asList = map("a.ipynb", notebook().code(code).json(), null);
        Sink asString = map("a.ipynb", notebook().codeAsString(code).json(), null);

        assertThat(asList.edges).hasSize(2).isEqualTo(asString.edges);
        assertThat(asList.assets.get(0).properties().get("inferred.1")).startsWith("cell 1 (id c0), line 3: reads dataset gs://kestrel-exports/a");
        assertThat(asString.assets.get(0).properties().get("inferred.1")).startsWith("cell 1 (id s0), line 3: reads dataset gs://kestrel-exports/a");
        assertThat(asList.assets.get(0).properties().get("inferred.2")).endsWith("— y = AutoModel.from_pretrained(r'org/model')");
    }

    @Test
    void aLineThatLooksLikeItHoldsACredentialIsNeverQuotedAndCredentialedUrisNameNothing() throws Exception {
        String json = notebook()
                .code("""
                        m = AutoModel.from_pretrained("org/private-model", token="hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345")
                        df = pd.read_csv("https://kofi:hunter2@data.kestrel.example/exports/x.csv")
                        s3 = pd.read_parquet("s3://kestrel-datalake/curated/x?X-Amz-Signature=abcdef0123")
                        client = OpenAI(api_key="sk-proj-0123456789abcdefABCDEF")
                        """)
                .json();

        Sink sink = map("nb.ipynb", json, null);

        assertThat(sink.edgeLines()).containsExactly("tr:model:huggingface:huggingface.co/org/private-model -READS-> tr:notebook:jupyter:" + SERVER + "/nb.ipynb");
        String everything = sink.assets.toString() + sink.edges + sink.owners;
        assertThat(everything).doesNotContain("hf_aBcDeF", "hunter2", "sk-proj", "X-Amz-Signature")
                .contains("(the line is not quoted: it looks like it holds a credential)");
    }

    @Test
    void theTrackingServerComesFromTheLatestLiteralBeforeTheCallThenTheFirstInTheNotebookThenTheSetting() throws Exception {
        String json = notebook()
                .code("mlflow.register_model('runs:/r1/model', 'before-any')\n")
                .code("import os\nos.environ[\"MLFLOW_TRACKING_URI\"] = \"https://mlflow.kestrel.example\"\n")
                .code("mlflow.register_model(model_uri='runs:/r2/model', name='after-environ')\n%env MLFLOW_TRACKING_URI=http://localhost:5000\n"
                        + "mlflow.register_model('runs:/r3/model', name='after-magic')\n")
                .json();
        assertThat(map("nb.ipynb", json, "fallback.example").edgeLines()).extracting(l -> l.substring(l.indexOf("-> ") + 3)).containsExactly(
                "tr:model:openlineage:mlflow://mlflow.kestrel.example/models/before-any",
                "tr:model:openlineage:mlflow://mlflow.kestrel.example/models/after-environ",
                "tr:model:openlineage:mlflow://localhost:5000/models/after-magic");

        String none = notebook().code("mlflow.register_model('runs:/r1/model', 'm')\n").json();
        assertThat(map("nb.ipynb", none, "mlflow.kestrel.example").edgeLines()).singleElement().asString()
                .endsWith("mlflow://mlflow.kestrel.example/models/m");
    }

    @Test
    void pathsBesideTheNotebookAreResolvedAndNeverClimbOutOfTheRoot() {
        assertThat(LineageHints.resolve("fraud/exp", "../data/./x.csv")).isEqualTo("fraud/data/x.csv");
        assertThat(LineageHints.resolve("", "x.pt")).isEqualTo("x.pt");
        assertThat(LineageHints.resolve("fraud", "../../etc/passwd")).isNull();
        assertThat(LineageHints.resolve("fraud", "/etc/passwd")).isNull();
        assertThat(LineageHints.resolve("fraud", "~/.ssh/id_rsa")).isNull();
        assertThat(LineageHints.resolve("fraud", "C:\\data\\x.csv")).isNull();
    }

    @Test
    void aDocumentThatIsNotANotebookIsRefusedWithAReason() {
        assertThatThrownBy(() -> map("x.ipynb", "{\"cells\": []}", null)).hasMessageContaining("nbformat");
        assertThatThrownBy(() -> map("x.ipynb", "{\"nbformat\": 4, \"cells\": {}}", null)).hasMessageContaining("cells");
        assertThatThrownBy(() -> map("x.ipynb", "[1, 2]", null)).hasMessageContaining("JSON object");
    }

    @Test
    void anOldNotebookFormat3IsReadFromItsWorksheets() throws Exception {
        String v3 = "{\"nbformat\":3,\"nbformat_minor\":0,\"metadata\":{\"name\":\"old\"},\"worksheets\":[{\"cells\":["
                + "{\"cell_type\":\"code\",\"language\":\"python\",\"input\":[\"m = BertModel.from_pretrained('bert-base-uncased')\\n\"],\"outputs\":[]}]}]}";
        assertThat(map("old.ipynb", v3, null).edgeLines()).singleElement().asString()
                .startsWith("tr:model:huggingface:huggingface.co/bert-base-uncased -READS->");
    }

    /** Seeded random cells (replayable): the reader never throws, and every edge it finds names a literal that is in the source. */
    @Test
    void randomCodeNeverBreaksTheReader() throws Exception {
        Random random = new Random(20260901);
        String[] parts = {"from_pretrained(", "\"org/m\"", "'", "\"\"\"", ")", "(", ",", "=", "read_parquet(", "\"s3://b/k\"", "#", "\n",
                "\\", "f\"", "{x}", "mlflow.register_model(", "torch.save(", "name", " ", "[", "]", "%env MLFLOW_TRACKING_URI=https://m.example\n", "!"};
        for (int round = 0; round < 500; round++) {
            StringBuilder code = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                code.append(parts[random.nextInt(parts.length)]);
            }
            Sink sink = map("r.ipynb", notebook().code(code.toString()).json(), null);
            assertThat(sink.assets).as("round %d: %s", round, code).hasSize(1);
            for (Edge e : sink.edges) {
                String other = e.upstream().toString().contains("notebook") ? e.downstream().toString() : e.upstream().toString();
                assertThat(Map.of("org/m", 1, "s3://b/k", 1).keySet()).as("round %d: %s", round, code).anyMatch(other::contains);
            }
        }
    }
}
