package dev.tightrope.sync.jupyter;

import static dev.tightrope.sync.jupyter.Notebooks.notebook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a real server does not do on demand: rate limits, listings that lie, redirects, huge answers (MockWebServer, Contents API shapes). */
class JupyterHostileServerTest {

    @TempDir
    Path dir;

    MockWebServer server = new MockWebServer();
    List<Duration> slept = new ArrayList<>();
    Tightrope tightrope;

    @BeforeEach
    void start() throws IOException {
        server.start();
        RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), slept::add, new Random(7));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(JupyterConnector.factory(retry)));
        Path file = tightrope.workspace().credentialsFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "JUPYTER_TOKEN=abc123\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        tightrope.sources().add(new SourceConfig("nb", "jupyter", Map.of("url", server.url("/user/ana/").toString(), "token", "JUPYTER_TOKEN")));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        server.close();
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    static String entry(String name, String path, String type) {
        return "{\"name\":\"" + name + "\",\"path\":\"" + path + "\",\"type\":\"" + type + "\",\"writable\":true,"
                + "\"created\":\"2026-05-01T10:00:00Z\",\"last_modified\":\"2026-06-01T10:00:00Z\",\"mimetype\":null,\"format\":null,\"content\":null}";
    }

    static String folder(String path, String... entries) {
        return "{\"name\":\"\",\"path\":\"" + path + "\",\"type\":\"directory\",\"format\":\"json\",\"last_modified\":\"2026-06-01T10:00:00Z\","
                + "\"content\":[" + String.join(",", entries) + "]}";
    }

    static String notebookModel(String path) {
        return "{\"name\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\",\"path\":\"" + path + "\",\"type\":\"notebook\",\"format\":\"json\","
                + "\"last_modified\":\"2026-06-01T10:00:00Z\",\"content\":" + notebook().code("m = AutoModel.from_pretrained('org/m')\n").json() + "}";
    }

    private SyncRun sync() {
        return tightrope.sources().sync("nb", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private Urn nb(String path) {
        return Urn.of(AssetKind.NOTEBOOK, "jupyter", server.getHostName() + ":" + server.getPort() + "/user/ana/" + path);
    }

    @Test
    void rateLimitsAreWaitedOutAndTheTokenTravelsInTheHeaderOnly() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "4").body("slow down").build());
        server.enqueue(json(folder("", entry("a.ipynb", "a.ipynb", "notebook"))));
        server.enqueue(new MockResponse.Builder().code(503).body("proxy warming up").build());
        server.enqueue(json(notebookModel("a.ipynb")));

        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(slept).hasSize(2).first().isEqualTo(Duration.ofSeconds(4));
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(server.takeRequest());
        }
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getHeaders().get("Authorization")).isEqualTo("token abc123");
            assertThat(r.getUrl().toString()).doesNotContain("abc123");
        });
        assertThat(requests.get(0).getUrl().encodedPath()).isEqualTo("/user/ana/api/contents");
        assertThat(requests.get(3).getUrl().encodedPath()).isEqualTo("/user/ana/api/contents/a.ipynb");
        assertThat(requests.get(3).getUrl().queryParameter("type")).isEqualTo("notebook");
        assertThat(tightrope.inventory().find(nb("a.ipynb"))).isPresent();
    }

    @Test
    void aListingThatNamesPathsOutsideItsFolderIsRefusedEntryByEntry() {
        server.enqueue(json(folder("", entry("a.ipynb", "a.ipynb", "notebook"), entry("x.ipynb", "../../etc/x.ipynb", "notebook"),
                entry("..", "..", "directory"), entry("evil", "other/evil", "directory"))));
        server.enqueue(json(notebookModel("a.ipynb")));

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(run.problems()).isEqualTo(3);
        assertThat(server.getRequestCount()).as("nothing outside the folder was requested").isEqualTo(2);
    }

    @Test
    void aRedirectAHugeAnswerOrTheWrongShapeFailsTheSourceAndKeepsThePreviousCache() {
        server.enqueue(json(folder("", entry("a.ipynb", "a.ipynb", "notebook"))));
        server.enqueue(json(notebookModel("a.ipynb")));
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);

        for (MockResponse bad : List.of(
                new MockResponse.Builder().code(302).setHeader("Location", "https://evil.example/api/contents").build(),
                json("{\"type\":\"directory\",\"content\":\"" + "x".repeat(1024) + "\"}"),
                json("[1,2,3]"),
                new MockResponse.Builder().code(200).setHeader("Content-Length", String.valueOf(ContentsClient.MAX_BYTES + 1)).body("{}").build())) {
            server.enqueue(bad);
            SyncRun run = sync();
            assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.FAILED);
            assertThat(run.message()).isNotBlank();
            assertThat(tightrope.inventory().find(nb("a.ipynb")).orElseThrow().goneAt()).isNull();
        }
    }

    @Test
    void aNotebookAnswerForAnotherPathIsThatNotebooksProblem() {
        server.enqueue(json(folder("", entry("a.ipynb", "a.ipynb", "notebook"), entry("b.ipynb", "b.ipynb", "notebook"))));
        server.enqueue(json(notebookModel("elsewhere.ipynb")));
        server.enqueue(json(notebookModel("b.ipynb")));

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.inventory().find(nb("a.ipynb")).orElseThrow().asset().properties()).doesNotContainKey("inferred.1");
        assertThat(tightrope.inventory().find(nb("b.ipynb")).orElseThrow().asset().properties()).containsKey("inferred.1");
    }
}
