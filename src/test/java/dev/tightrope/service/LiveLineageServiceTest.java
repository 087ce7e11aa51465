package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.workspace.WorkspaceException;
import io.openlineage.client.Clients;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Events POSTed to the live endpoint are kept in the spool and imported; what a web page sends lands nowhere. */
@Timeout(60)
class LiveLineageServiceTest {

    @TempDir
    Path dir;

    private final OkHttpClient http = new OkHttpClient();

    @AfterEach
    void closeClient() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    static final String EVENT = """
            {"eventType":"COMPLETE","eventTime":"2026-11-20T09:00:00Z","producer":"https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/airflow",
             "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run":{"runId":"0194c3f0-7b1e-7c2a-9f00-3d2b1a0e5c11"},
             "job":{"namespace":"airflow://kestrel-airflow","name":"card_events_daily.load"},
             "inputs":[{"namespace":"s3://kestrel-datalake","name":"raw/card_events"}],
             "outputs":[{"namespace":"s3://kestrel-datalake","name":"curated/card_events"}]}""";

    /** The forged job of the report: a pipeline with an owner, as a page would post it. */
    static final String FORGED = """
            {"eventType":"COMPLETE","eventTime":"2026-11-20T09:00:00Z","producer":"https://evil.example/p",
             "run":{"runId":"0194c3f0-7b1e-7c2a-9f00-3d2b1a0e5c99"},
             "job":{"namespace":"airflow://kestrel-airflow","name":"forged_pipeline","facets":{"ownership":{
               "_producer":"https://evil.example/p","_schemaURL":"https://openlineage.io/spec/facets/1-0-1/OwnershipJobFacet.json",
               "owners":[{"name":"user:mallory","type":"MAINTAINER"}]}}},
             "inputs":[],"outputs":[{"namespace":"s3://kestrel-datalake","name":"forged/output"}]}""";

    private Response post(String url, String body, String contentType, String... headers) throws Exception {
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8),
                contentType == null ? null : MediaType.get(contentType)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.newCall(request.build()).execute();
    }

    private static List<Path> spooled(LiveLineageService live) throws Exception {
        try (Stream<Path> files = Files.list(live.spoolDirectory())) {
            return files.toList();
        }
    }

    private static Urn forgedOutput() {
        return Urn.of(AssetKind.DATASET, "openlineage", "s3://kestrel-datalake/forged/output");
    }

    @Test
    void postedEventsAreSpooledAndImported() throws Exception {
        BlockingQueue<SyncRun> runs = new LinkedBlockingQueue<>();
        try (Tightrope t = Tightrope.open(dir)) {
            LiveLineageService live = t.liveLineage();
            live.startWithToken(0, "s3cret", runs::add, p -> { });
            assertThat(live.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+/api/v1/lineage");
            try (Response r = post(live.endpoint(), EVENT, "application/json")) {
                assertThat(r.code()).isEqualTo(401);
            }
            try (Response r = post(live.endpoint(), EVENT, "application/json", "Authorization", "Bearer s3cret")) {
                assertThat(r.code()).isEqualTo(201);
            }
            SyncRun run = runs.poll(20, TimeUnit.SECONDS);
            assertThat(run).isNotNull();
            assertThat(run.source()).isEqualTo(LiveLineageService.SOURCE);
            assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED);
            assertThat(t.inventory().find(Urn.of(AssetKind.DATASET, "openlineage", "s3://kestrel-datalake/curated/card_events"))).isPresent();
            assertThat(spooled(live)).singleElement()
                    .satisfies(p -> assertThat(Files.readString(p)).contains("card_events_daily.load"));
            live.stop();
            assertThat(live.running()).isFalse();
            assertThat(live.status().acceptedEvents()).isEqualTo(1);
            assertThat(live.status().refusals().badToken()).isEqualTo(1);
        }
    }

    @Test
    void theConsoleReceiverMakesItsTokenOnceAndKeepsItOwnerOnlyInTheCredentialsFile() throws Exception {
        String token;
        try (Tightrope t = Tightrope.open(dir)) {
            LiveLineageService live = t.liveLineage();
            live.start(0, run -> { }, p -> { });
            EmitterSettings settings = live.emitterSettings().orElseThrow();
            token = settings.apiKey();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(settings.url()).isEqualTo(live.url());
            assertThat(live.status().tokenRequired()).isTrue();

            Path file = t.workspace().credentialsFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            Properties stored = new Properties();
            stored.load(Files.newBufferedReader(file));
            assertThat(stored.getProperty(LiveLineageService.TOKEN_KEY)).isEqualTo(token);
            live.stop();
            assertThat(live.emitterSettings()).isEmpty();

            live.start(0, run -> { }, p -> { });
            assertThat(live.emitterSettings().orElseThrow().apiKey()).isEqualTo(token);
        }
        try (Tightrope t = Tightrope.open(dir)) {
            t.liveLineage().start(0, run -> { }, p -> { });
            assertThat(t.liveLineage().emitterSettings().orElseThrow().apiKey()).as("same token after reopening").isEqualTo(token);
        }
    }

    @Test
    void theTokenIsAddedBesideTheSourceSecretsAlreadyInTheFile() throws Exception {
        Path file = dir.resolve("credentials.properties");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "# registry\nMLFLOW_TOKEN=abc\n");
        try (Tightrope t = Tightrope.open(dir)) {
            t.liveLineage().start(0, run -> { }, p -> { });
            String token = t.liveLineage().emitterSettings().orElseThrow().apiKey();

            assertThat(Files.readString(file)).isEqualTo("# registry\nMLFLOW_TOKEN=abc\n" + LiveLineageService.TOKEN_KEY + "=" + token + "\n");
            assertThat(t.credentials().resolve("MLFLOW_TOKEN")).isEqualTo("abc");
        }
    }

    @Test
    void aCredentialsFileOthersCanReadIsRefusedAndNoTokenIsWritten() throws Exception {
        Path file = dir.resolve("credentials.properties");
        Files.writeString(file, "MLFLOW_TOKEN=abc\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (Tightrope t = Tightrope.open(dir)) {
            assertThatThrownBy(() -> t.liveLineage().start(0, run -> { }, p -> { }))
                    .isInstanceOf(WorkspaceException.class).hasMessageContaining("chmod 600");
            assertThat(t.liveLineage().running()).isFalse();
            assertThat(Files.readString(file)).isEqualTo("MLFLOW_TOKEN=abc\n");

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
            assertThatThrownBy(() -> t.credentials().resolve("MLFLOW_TOKEN")).hasMessageContaining("writable by other users");
        }
    }

    @Test
    void aWebPagesForgedOwnerLandsNowhere() throws Exception {
        // The report: fetch(endpoint, {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: FORGED})
        try (Tightrope t = Tightrope.open(dir)) {
            LiveLineageService live = t.liveLineage();
            BlockingQueue<SyncRun> runs = new LinkedBlockingQueue<>();
            live.start(0, runs::add, p -> { });
            String token = live.emitterSettings().orElseThrow().apiKey();
            int port = URI.create(live.url()).getPort();

            try (Response page = post(live.endpoint(), FORGED, "text/plain", "Origin", "https://evil.example");
                 Response rebound = post(live.endpoint(), FORGED, "application/json", "Host", "evil.example:" + port,
                         "Authorization", "Bearer " + token);
                 Response noToken = post(live.endpoint(), FORGED, "application/json");
                 Response wrongToken = post(live.endpoint(), FORGED, "application/json", "Authorization", "Bearer " + token + "x")) {
                assertThat(page.code()).isEqualTo(403);
                assertThat(rebound.code()).isEqualTo(403);
                assertThat(noToken.code()).isEqualTo(401);
                assertThat(wrongToken.code()).isEqualTo(401);
            }
            LiveLineageStatus.Refusals refusals = live.status().refusals();
            assertThat(refusals).isEqualTo(new LiveLineageStatus.Refusals(1, 1, 0, 2));
            live.stop();

            assertThat(spooled(live)).isEmpty();
            assertThat(runs).isEmpty();
            assertThat(t.inventory().find(forgedOutput())).isEmpty();
            assertThat(live.status().refusals().total()).isEqualTo(4);
        }
    }

    @Test
    void theRealOpenLineageJavaClientDeliversWithItsApiKey() throws Exception {
        try (Tightrope t = Tightrope.open(dir)) {
            LiveLineageService live = t.liveLineage();
            BlockingQueue<SyncRun> runs = new LinkedBlockingQueue<>();
            live.start(0, runs::add, p -> { });
            EmitterSettings settings = live.emitterSettings().orElseThrow();

            ApiKeyTokenProvider apiKey = new ApiKeyTokenProvider();
            apiKey.setApiKey(settings.apiKey());
            HttpConfig config = new HttpConfig();
            config.setUrl(URI.create(settings.url()));
            config.setEndpoint(settings.endpoint());
            config.setAuth(apiKey);
            OpenLineageClient client = OpenLineageClient.builder().transport(new HttpTransport(config)).build();
            client.emit(runEvent("javaclient_job", "s3://kestrel-datalake", "java/out"));
            client.close();

            SyncRun run = runs.poll(20, TimeUnit.SECONDS);
            assertThat(run).isNotNull();
            assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED);
            assertThat(t.inventory().find(Urn.of(AssetKind.DATASET, "openlineage", "s3://kestrel-datalake/java/out"))).isPresent();
            assertThat(live.status().refusals().total()).isZero();
        }
    }

    @Test
    void theOpenLineageYmlToCopyConfiguresTheRealClient() throws Exception {
        try (Tightrope t = Tightrope.open(dir)) {
            LiveLineageService live = t.liveLineage();
            BlockingQueue<SyncRun> runs = new LinkedBlockingQueue<>();
            live.start(0, runs::add, p -> { });
            Path yml = Files.writeString(dir.resolve("openlineage.yml"), live.emitterSettings().orElseThrow().openLineageYml());

            OpenLineageClient client = Clients.newClient(() -> List.of(yml));
            client.emit(runEvent("yml_job", "s3://kestrel-datalake", "yml/out"));
            client.close();

            assertThat(runs.poll(20, TimeUnit.SECONDS)).isNotNull();
            assertThat(t.inventory().find(Urn.of(AssetKind.DATASET, "openlineage", "s3://kestrel-datalake/yml/out"))).isPresent();
        }
    }

    @Test
    void theTokenNeverReachesTheCacheTheSpoolOrTheSettingsText() throws Exception {
        try (Tightrope t = Tightrope.open(dir)) {
            LiveLineageService live = t.liveLineage();
            BlockingQueue<SyncRun> runs = new LinkedBlockingQueue<>();
            live.start(0, runs::add, p -> { });
            EmitterSettings settings = live.emitterSettings().orElseThrow();
            String token = settings.apiKey();
            try (Response r = post(live.endpoint(), EVENT, "application/json", "Authorization", "Bearer " + token)) {
                assertThat(r.code()).isEqualTo(201);
            }
            assertThat(runs.poll(20, TimeUnit.SECONDS)).isNotNull();
            assertThat(settings.toString()).doesNotContain(token);
            assertThat(live.status().toString()).doesNotContain(token);
            live.stop();
            t.audit().checkpointIfBehind();

            byte[] needle = token.getBytes(StandardCharsets.US_ASCII);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (!f.equals(t.workspace().credentialsFile())) {
                        assertThat(contains(Files.readAllBytes(f), needle)).as(dir.relativize(f).toString()).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void emitterSettingsUseTheOpenLineageClientsNames() {
        EmitterSettings s = new EmitterSettings("http://127.0.0.1:5000", EmitterSettings.ENDPOINT, "tok_EN-1");

        assertThat(s.openLineageYml()).isEqualTo("""
                transport:
                  type: http
                  url: http://127.0.0.1:5000
                  endpoint: api/v1/lineage
                  auth:
                    type: api_key
                    apiKey: "tok_EN-1"
                """);
        assertThat(s.environment()).containsExactly(
                java.util.Map.entry("OPENLINEAGE_URL", "http://127.0.0.1:5000"),
                java.util.Map.entry("OPENLINEAGE_ENDPOINT", "api/v1/lineage"),
                java.util.Map.entry("OPENLINEAGE_API_KEY", "tok_EN-1"),
                java.util.Map.entry("OPENLINEAGE__TRANSPORT__TYPE", "http"),
                java.util.Map.entry("OPENLINEAGE__TRANSPORT__URL", "http://127.0.0.1:5000"),
                java.util.Map.entry("OPENLINEAGE__TRANSPORT__ENDPOINT", "api/v1/lineage"),
                java.util.Map.entry("OPENLINEAGE__TRANSPORT__AUTH__TYPE", "api_key"),
                java.util.Map.entry("OPENLINEAGE__TRANSPORT__AUTH__API_KEY", "tok_EN-1"));
        assertThat(s.toString()).doesNotContain("tok_EN-1");
        assertThat(new EmitterSettings("http://127.0.0.1:5000", EmitterSettings.ENDPOINT, null).openLineageYml()).doesNotContain("auth");
    }

    private static OpenLineage.RunEvent runEvent(String job, String namespace, String output) {
        OpenLineage ol = new OpenLineage(URI.create("https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java"));
        return ol.newRunEventBuilder()
                .eventType(OpenLineage.RunEvent.EventType.COMPLETE)
                .eventTime(ZonedDateTime.parse("2026-11-20T09:00:00Z"))
                .run(ol.newRunBuilder().runId(UUID.fromString("0194c3f0-7b1e-7c2a-9f00-3d2b1a0e5c42")).build())
                .job(ol.newJobBuilder().namespace("airflow://kestrel-airflow").name(job).build())
                .inputs(List.of())
                .outputs(List.of(ol.newOutputDatasetBuilder().namespace(namespace).name(output).build()))
                .build();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
