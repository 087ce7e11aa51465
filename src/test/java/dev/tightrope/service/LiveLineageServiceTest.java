package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events POSTed to the live endpoint are kept in the spool and imported by an incremental sync. */
class LiveLineageServiceTest {

    @TempDir
    Path dir;

    static final String EVENT = """
            {"eventType":"COMPLETE","eventTime":"2026-11-20T09:00:00Z","producer":"https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/airflow",
             "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run":{"runId":"0194c3f0-7b1e-7c2a-9f00-3d2b1a0e5c11"},
             "job":{"namespace":"airflow://kestrel-airflow","name":"card_events_daily.load"},
             "inputs":[{"namespace":"s3://kestrel-datalake","name":"raw/card_events"}],
             "outputs":[{"namespace":"s3://kestrel-datalake","name":"curated/card_events"}]}""";

    @Test
    void postedEventsAreSpooledAndImported() throws Exception {
        BlockingQueue<SyncRun> runs = new LinkedBlockingQueue<>();
        try (Tightrope t = Tightrope.open(dir)) {
            LiveLineageService live = t.liveLineage();
            live.start(0, "s3cret", runs::add, p -> { });
            assertThat(live.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+/api/v1/lineage");
            OkHttpClient http = new OkHttpClient();
            Request unauthorised = new Request.Builder().url(live.endpoint())
                    .post(RequestBody.create(EVENT, MediaType.get("application/json"))).build();
            try (Response r = http.newCall(unauthorised).execute()) {
                assertThat(r.code()).isEqualTo(401);
            }
            Request post = unauthorised.newBuilder().header("Authorization", "Bearer s3cret").build();
            try (Response r = http.newCall(post).execute()) {
                assertThat(r.code()).isEqualTo(201);
            }
            SyncRun run = runs.poll(20, TimeUnit.SECONDS);
            assertThat(run).isNotNull();
            assertThat(run.source()).isEqualTo(LiveLineageService.SOURCE);
            assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED);
            assertThat(t.inventory().find(Urn.of(AssetKind.DATASET, "openlineage", "s3://kestrel-datalake/curated/card_events"))).isPresent();
            assertThat(Files.list(live.spoolDirectory()).toList()).singleElement()
                    .satisfies(p -> assertThat(Files.readString(p)).contains("card_events_daily.load"));
            live.stop();
            assertThat(live.running()).isFalse();
        }
    }
}
