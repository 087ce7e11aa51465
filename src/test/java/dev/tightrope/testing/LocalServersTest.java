package dev.tightrope.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local servers start, answer as the real programs do, and are gone when their test ends. */
@ExtendWith(LocalServers.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // drives real server processes
class LocalServersTest {

    private final OkHttpClient http = new OkHttpClient();

    @Test
    void jupyterServesTheContentsApiOnlyWithItsToken(LocalJupyter jupyter) throws Exception {
        Files.writeString(jupyter.root().resolve("hello.txt"), "hi");
        try (Response r = http.newCall(new Request.Builder().url(jupyter.url() + "api/contents?content=1")
                .header("Authorization", "token " + jupyter.token()).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("\"hello.txt\"");
        }
        try (Response r = http.newCall(new Request.Builder().url(jupyter.url() + "api/contents").build()).execute()) {
            assertThat(r.code()).as("no token, no contents").isEqualTo(403);
        }
    }

    @Test
    void theRegistryAnswersTheDistributionApi(LocalRegistry registry) throws Exception {
        registry.pushImage("demo/app", "v1", "app");
        try (Response r = http.newCall(new Request.Builder().url("http://" + registry.host() + "/v2/_catalog").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("demo/app");
        }
    }
}
