package dev.tightrope.sync.jupyter;

import static dev.tightrope.sync.jupyter.Notebooks.notebook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.testing.LocalJupyter;
import dev.tightrope.testing.LocalServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The connector against the real Jupyter Server (Debian's python3-jupyter-server), syncing into a real cache. */
@ExtendWith(LocalServers.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // drives a real server process
class JupyterConnectorTest {

    /** What a cell printed: it must never reach the cache. */
    static final String OUTPUT_SECRET = "sk-live-OUTPUT-0123456789abcdefghij";

    @TempDir
    Path dir;

    Tightrope tightrope;
    LocalJupyter jupyter;

    @BeforeEach
    void open(LocalJupyter jupyter) {
        this.jupyter = jupyter;
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(JupyterConnector.factory(RetryPolicy.once())));
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    static final String TRAIN = notebook().authors("Ana Ruiz", "team:fraud-ml")
            .markdown("# fraud-bert fine-tuning")
            .code("""
                    import mlflow
                    mlflow.set_tracking_uri("https://mlflow.kestrel.example")
                    """)
            .code("""
                    from transformers import AutoModelForSequenceClassification
                    model = AutoModelForSequenceClassification.from_pretrained("google-bert/bert-base-uncased", num_labels=2)
                    df = pd.read_parquet("s3://kestrel-datalake/features/fraud_training_set")
                    print(os.environ["OPENAI_API_KEY"])
                    """, OUTPUT_SECRET)
            .code("mlflow.pytorch.log_model(model, \"model\", registered_model_name=\"fraud-bert\")\n")
            .json();

    static final String FEATURES = notebook().authors("Priya Natarajan")
            .code("apps = pd.read_parquet('s3://kestrel-datalake/curated/applications')\napps.to_parquet('s3://kestrel-datalake/features/credit_features')\n")
            .json();

    private void write(String path, String content) throws IOException {
        Path file = jupyter.root().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void writeCredentials(String token) throws IOException {
        Path file = tightrope.workspace().credentialsFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "JUPYTER_TEST_TOKEN=" + token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private void addLive(Map<String, String> extra) throws IOException {
        writeCredentials(jupyter.token());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", jupyter.url());
        settings.put("token", "JUPYTER_TEST_TOKEN");
        settings.putAll(extra);
        tightrope.sources().add(new SourceConfig("notebooks", "jupyter", settings));
    }

    private SyncRun sync(String source) {
        return tightrope.sources().sync(source, true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private String server() {
        return "127.0.0.1:" + java.net.URI.create(jupyter.url()).getPort();
    }

    private Urn notebookUrn(String path) {
        return Urn.of(AssetKind.NOTEBOOK, "jupyter", server() + "/" + path);
    }

    @Test
    void walksNestedFoldersAndImportsEachNotebookWithItsHintsAndAuthorsButNeverItsOutputs() throws Exception {
        write("fraud/fraud-bert/train.ipynb", TRAIN);
        write("credit/features.ipynb", FEATURES);
        write("notes.txt", "not a notebook");
        write(".secret/hidden.ipynb", TRAIN);
        write("broken.ipynb", "{\"nbformat\": 4, \"cells\": [");
        addLive(Map.of());

        SyncRun run = sync("notebooks");

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 10)).singleElement().satisfies(p -> {
            assertThat(p.location()).endsWith("/api/contents/broken.ipynb");
            assertThat(p.message()).contains("Unreadable Notebook");
        });
        assertThat(tightrope.inventory().find(notebookUrn("broken.ipynb"))).as("listed, so not gone").isPresent();
        assertThat(tightrope.inventory().find(notebookUrn(".secret/hidden.ipynb"))).isEmpty();

        Urn train = notebookUrn("fraud/fraud-bert/train.ipynb");
        AssetRecord record = tightrope.inventory().find(train).orElseThrow();
        assertThat(record.asset().name()).isEqualTo("train.ipynb");
        assertThat(record.asset().description()).isEqualTo("fraud-bert fine-tuning");
        assertThat(record.asset().sourceRef()).isEqualTo(jupyter.url() + "lab/tree/fraud/fraud-bert/train.ipynb");
        assertThat(record.asset().properties()).containsEntry("kernel", "python3").containsEntry("nbformat", "4.5")
                .containsEntry("cells", "4").containsKey("last_modified")
                .containsEntry("inferred.1", "cell 3 (id c2), line 2: reads hf model google-bert/bert-base-uncased — model = "
                        + "AutoModelForSequenceClassification.from_pretrained(\"google-bert/bert-base-uncased\", num_labels=2)");
        assertThat(record.owners()).extracting(o -> o.owner()).containsExactlyInAnyOrder("Ana Ruiz", "fraud-ml");

        AssetDetail detail = tightrope.inventory().detail(train).orElseThrow();
        assertThat(detail.upstream()).extracting(n -> n.type() + " " + n.urn()).containsExactlyInAnyOrder(
                "READS tr:model:huggingface:huggingface.co/google-bert/bert-base-uncased",
                "READS tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set");
        assertThat(detail.downstream()).extracting(n -> n.type() + " " + n.urn()).containsExactly(
                "PRODUCED_BY tr:model:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert");
        AssetDetail features = tightrope.inventory().detail(notebookUrn("credit/features.ipynb")).orElseThrow();
        assertThat(features.downstream()).extracting(n -> n.urn()).containsExactly("tr:dataset:openlineage:s3://kestrel-datalake/features/credit_features");

        // neither the cell's output nor the server's token is anywhere in the cache, though what was read is
        StringBuilder cache = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve("ws"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals("credentials.properties")) {
                    cache.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(cache).contains("fraud-bert fine-tuning").doesNotContain(OUTPUT_SECRET).doesNotContain("OUTPUT-0123456789")
                .doesNotContain(jupyter.token());
    }

    @Test
    void aRefusedTokenIsAClearErrorAndThePreviousCacheStays() throws Exception {
        write("fraud/train.ipynb", TRAIN);
        addLive(Map.of());
        assertThat(sync("notebooks").status()).isEqualTo(SyncStatus.SUCCEEDED);

        writeCredentials("not-the-token");
        SyncRun refused = sync("notebooks");

        assertThat(refused.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(refused.message()).contains("(403)", "the token was refused").doesNotContain("not-the-token");
        AssetRecord kept = tightrope.inventory().find(notebookUrn("fraud/train.ipynb")).orElseThrow();
        assertThat(kept.goneAt()).isNull();

        var check = tightrope.sources().check("notebooks", new Cancellation());
        assertThat(check.ok()).isFalse();
        assertThat(check.message()).contains("the token was refused");
        assertThat(check.location()).endsWith("/api/contents");
    }

    @Test
    void testConnectionIsOneCallThatSaysTheServerAnswered() throws Exception {
        addLive(Map.of());
        var check = tightrope.sources().check("notebooks", new Cancellation());
        assertThat(check.ok()).as(check.message()).isTrue();
        assertThat(check.message()).contains("Jupyter Server at " + server() + " answered");
        assertThat(tightrope.inventory().count(dev.tightrope.domain.AssetFilter.all())).isZero();
    }

    @Test
    void aRemovedNotebookIsGoneAfterTheNextSync() throws Exception {
        write("fraud/train.ipynb", TRAIN);
        write("credit/features.ipynb", FEATURES);
        addLive(Map.of());
        assertThat(sync("notebooks").status()).isEqualTo(SyncStatus.SUCCEEDED);

        Files.delete(jupyter.root().resolve("credit/features.ipynb"));
        assertThat(sync("notebooks").status()).isEqualTo(SyncStatus.SUCCEEDED);

        assertThat(tightrope.inventory().find(notebookUrn("credit/features.ipynb")).orElseThrow().goneAt()).isNotNull();
        assertThat(tightrope.inventory().find(notebookUrn("fraud/train.ipynb")).orElseThrow().goneAt()).isNull();
    }

    @Test
    void aWalkThatHitsItsBoundsSaysSoAndMarksNothingGone() throws Exception {
        write("a.ipynb", FEATURES);
        write("b.ipynb", FEATURES);
        write("one/two/deep.ipynb", TRAIN);
        addLive(Map.of());
        assertThat(sync("notebooks").status()).isEqualTo(SyncStatus.SUCCEEDED);

        Map<String, String> shallow = new LinkedHashMap<>(tightrope.sources().find("notebooks").orElseThrow().settings());
        shallow.put("max-depth", "1");
        tightrope.sources().update(new SourceConfig("notebooks", "jupyter", shallow));
        SyncRun tooDeep = sync("notebooks");
        assertThat(tooDeep.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(tooDeep.id(), 10)).singleElement().satisfies(p -> {
            assertThat(p.location()).endsWith("/api/contents/one/two");
            assertThat(p.message()).contains("deeper than max-depth 1", "nothing was marked gone");
        });
        assertThat(tightrope.inventory().find(notebookUrn("one/two/deep.ipynb")).orElseThrow().goneAt()).as("not reached, so not gone").isNull();

        shallow.put("max-notebooks", "1");
        tightrope.sources().update(new SourceConfig("notebooks", "jupyter", shallow));
        SyncRun tooMany = sync("notebooks");
        assertThat(tightrope.sources().problems(tooMany.id(), 10)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("more than max-notebooks 1", "nothing was marked gone"));
        assertThat(tightrope.inventory().find(notebookUrn("b.ipynb")).orElseThrow().goneAt()).isNull();
        assertThat(tightrope.inventory().find(notebookUrn("one/two/deep.ipynb")).orElseThrow().goneAt()).isNull();
    }

    @Test
    void theRootSettingLimitsTheWalkToOneFolder() throws Exception {
        write("fraud/train.ipynb", TRAIN);
        write("credit/features.ipynb", FEATURES);
        addLive(Map.of("root", "/fraud/"));

        assertThat(sync("notebooks").status()).isEqualTo(SyncStatus.SUCCEEDED);

        assertThat(tightrope.inventory().find(notebookUrn("fraud/train.ipynb"))).isPresent();
        assertThat(tightrope.inventory().find(notebookUrn("credit/features.ipynb"))).isEmpty();
    }

    @Test
    void aNotebookJoinsTheHuggingFaceModelItLoadsAndAnOfflineCopyJoinsTheLiveOneByDigest() throws Exception {
        write("fraud/train.ipynb", TRAIN);
        addLive(Map.of());
        tightrope.sources().add(new SourceConfig("hub", "huggingface", Map.of("path", Path.of("sample-data/huggingface").toAbsolutePath().toString())));
        Path export = Files.createDirectories(dir.resolve("export/fraud"));
        Files.writeString(export.resolve("train.ipynb"), TRAIN);
        tightrope.sources().add(new SourceConfig("exported", "jupyter", Map.of("path", export.getParent().toString(), "host", "hub.kestrel.example/user/ana")));

        assertThat(sync("hub").status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(sync("notebooks").status()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(sync("exported").status()).isEqualTo(SyncStatus.SUCCEEDED);

        Urn bert = Urn.of(AssetKind.MODEL, "huggingface", "huggingface.co/google-bert/bert-base-uncased");
        AssetDetail model = tightrope.inventory().detail(bert).orElseThrow();
        assertThat(model.record().source()).isEqualTo("hub");
        assertThat(model.downstream()).filteredOn(n -> n.type() == EdgeType.READS).extracting(n -> n.urn()).containsExactlyInAnyOrder(
                notebookUrn("fraud/train.ipynb").toString(), "tr:notebook:jupyter:hub.kestrel.example/user/ana/fraud/train.ipynb");

        AssetRecord offline = tightrope.inventory().find(Urn.parse("tr:notebook:jupyter:hub.kestrel.example/user/ana/fraud/train.ipynb")).orElseThrow();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TRAIN.getBytes(StandardCharsets.UTF_8)));
        assertThat(offline.asset().digest()).hasToString("sha256:" + sha);
        assertThat(offline.asset().properties()).containsEntry("inferred.1", tightrope.inventory().find(notebookUrn("fraud/train.ipynb"))
                .orElseThrow().asset().properties().get("inferred.1"));
    }

    @Test
    void settingsAreCheckedWhenTheSourceIsAdded() {
        var factory = JupyterConnector.factory();
        assertThatThrownBy(() -> factory.create(new SourceConfig("j", "jupyter", Map.of()))).hasMessageContaining("either --url");
        assertThatThrownBy(() -> factory.create(new SourceConfig("j", "jupyter", Map.of("url", "http://jupyter.example.com", "token", "T"))))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> factory.create(new SourceConfig("j", "jupyter", Map.of("url", "https://jupyter.example.com"))))
                .hasMessageContaining("--token-env");
        assertThatThrownBy(() -> factory.create(new SourceConfig("j", "jupyter", Map.of("url", "https://j.example.com", "token", "T", "root", "a/../../etc"))))
                .hasMessageContaining("root must be");
        assertThatThrownBy(() -> factory.create(new SourceConfig("j", "jupyter", Map.of("path", "/tmp", "max-depth", "-1"))))
                .hasMessageContaining("max-depth");
    }
}
