package dev.tightrope.sync.openlineage;

import static dev.tightrope.sync.openlineage.OpenLineageMapperTest.runEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.SyncMode;
import dev.tightrope.sync.SyncResult;
import dev.tightrope.sync.openlineage.OpenLineageHttpReceiver.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageSpoolTest {

    private static final String RUN = "0195e000-0000-7000-8000-0000000000e1";
    private static final Clock MARCH_FIRST = Clock.fixed(Instant.parse("2026-03-01T23:59:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void spoolCreatesItsDirectoryAndAppendsEventsUnchangedOneLineEach() throws Exception {
        Path spoolDir = dir.resolve("live");
        int[] appended = {0};
        OpenLineageSpool spool = new OpenLineageSpool(spoolDir, MARCH_FIRST, () -> appended[0]++);
        assertThat(spoolDir).isDirectory();
        String pretty = "{\n \"eventTime\": \"2026-03-01T10:00:00Z\", \"producer\": \"p\",\n"
                + " \"dataset\": {\"namespace\": \"s3://l\", \"name\": \"t\", \"facets\": {\"documentation\": {\"description\": \"two\\nlines\"}}}}";

        spool.onEvents(List.of(Fixtures.event(pretty, "x:1"), Fixtures.event(OpenLineageMapperTest.datasetEvent("2026-03-01T10:00:00Z", "{}"), "x:2")));

        List<String> lines = Files.readAllLines(spoolDir.resolve("live-2026-03-01.ndjson"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"eventTime\":\"2026-03-01T10:00:00Z\",\"producer\":\"p\","
                + "\"dataset\":{\"namespace\":\"s3://l\",\"name\":\"t\",\"facets\":{\"documentation\":{\"description\":\"two\\nlines\"}}}}");
        assertThat(appended[0]).isEqualTo(1);
    }

    @Test
    void liveEventsReachTheCacheThroughTheSpoolAndIncrementalSyncs() throws Exception {
        Path spoolDir = dir.resolve("live");
        Semaphore appended = new Semaphore(0);
        OpenLineageSpool spool = new OpenLineageSpool(spoolDir, MARCH_FIRST, appended::release);
        OpenLineageConnector connector = new OpenLineageConnector(spoolDir);
        OkHttpClient client = new OkHttpClient();
        try (OpenLineageHttpReceiver receiver = new OpenLineageHttpReceiver(Settings.onPort(0), spool, p -> { })) {
            receiver.start();
            SyncResult empty = connector.sync(TestSyncContext.first(), new CollectingSink());
            assertThat(empty.mode()).isEqualTo(SyncMode.FULL);

            post(client, receiver, runEvent(RUN, "START", "2026-03-01T10:00:00Z", "[{\"namespace\":\"s3://lake\",\"name\":\"raw\"}]", "[]", "{}"));
            assertThat(appended.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            CollectingSink first = new CollectingSink();
            SyncResult afterStart = connector.sync(TestSyncContext.after(empty.cursor()), first);

            post(client, receiver, runEvent(RUN, "COMPLETE", "2026-03-01T10:20:00Z", "[]", "[{\"namespace\":\"s3://lake\",\"name\":\"out\"}]", "{}"));
            assertThat(appended.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            CollectingSink second = new CollectingSink();
            SyncResult afterComplete = connector.sync(TestSyncContext.after(afterStart.cursor()), second);

            assertThat(afterStart.mode()).isEqualTo(SyncMode.INCREMENTAL);
            assertThat(first.asset("tr:pipeline_run:openlineage:" + RUN).properties()).containsEntry("state", "START");
            assertThat(afterComplete.mode()).isEqualTo(SyncMode.INCREMENTAL);
            var run = second.asset("tr:pipeline_run:openlineage:" + RUN);
            assertThat(run.properties()).containsEntry("state", "COMPLETE").containsEntry("duration", "20m 00s");
            assertThat(run.sourceRef()).isEqualTo(spoolDir.resolve("live-2026-03-01.ndjson").toAbsolutePath() + ":2");
            assertThat(second.has("tr:dataset:openlineage:s3://lake/raw")).isFalse();
            assertThat(second.has("tr:dataset:openlineage:s3://lake/out")).isTrue();
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private static void post(OkHttpClient client, OpenLineageHttpReceiver receiver, String event) throws Exception {
        try (Response r = client.newCall(new Request.Builder().url(receiver.baseUrl() + OpenLineageHttpReceiver.PATH)
                .post(RequestBody.create(event, MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(201);
        }
    }
}
