package dev.tightrope.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.oci.Descriptor;
import dev.tightrope.oci.OciDigests;
import dev.tightrope.oci.OciManifest;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a registry can answer that the real one in {@link OciConnectorTest} would not: rate
 * limits, hostile paging, wrong types, lying digests, huge bodies, refused credentials — each a
 * clear message, the previous cache intact.
 */
class OciHostileRegistryTest {

    @TempDir
    Path dir;

    MockWebServer server = new MockWebServer();
    Tightrope tightrope;
    List<Duration> slept = new ArrayList<>();
    /** Path (with query) → answer; what is not here is a 404 in the registry's error shape. */
    Map<String, Function<RecordedRequest, MockResponse>> answers = new ConcurrentHashMap<>();
    byte[] image;
    String imageDigest;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String key = request.getUrl().encodedPath() + (request.getUrl().encodedQuery() == null ? "" : "?" + request.getUrl().encodedQuery());
                Function<RecordedRequest, MockResponse> a = answers.getOrDefault(key, answers.get(request.getUrl().encodedPath()));
                return a != null ? a.apply(request) : json(404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}");
            }
        });
        server.start();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), slept::add, new Random(5));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().replacing(OciConnector.factory(policy)));
        image = OciManifest.imageManifest(null, new Descriptor(OciManifest.IMAGE_CONFIG, "sha256:" + "c".repeat(64), 2, null, null),
                List.of(), null, Map.of("org.opencontainers.image.title", "scorer")).toBytes();
        imageDigest = OciDigests.sha256(image);
        answers.put("/v2/_catalog?n=100", r -> json(200, "{\"repositories\":[\"serving/scorer\"]}"));
        answers.put("/v2/serving/scorer/tags/list?n=100", r -> json(200, "{\"name\":\"serving/scorer\",\"tags\":[\"1\"]}"));
        answers.put("/v2/serving/scorer/manifests/1", r -> manifest(image, imageDigest));
        tightrope.sources().add(new SourceConfig("registry", "oci", Map.of("url", server.url("/").toString())));
    }

    @AfterEach
    void stop() {
        tightrope.close();
        server.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse manifest(byte[] bytes, String statedDigest) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", OciManifest.IMAGE_MANIFEST)
                .setHeader("Docker-Content-Digest", statedDigest).body(new okio.Buffer().write(bytes)).build();
    }

    SyncRun sync() {
        return tightrope.sources().sync("registry", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    Urn scorer() {
        return Urn.of(AssetKind.CONTAINER_IMAGE, "oci", server.getHostName() + ":" + server.getPort() + "/serving/scorer@" + imageDigest);
    }

    void firstSyncSucceeds() {
        SyncRun run = sync();
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(tightrope.inventory().find(scorer())).isPresent();
    }

    void failsKeepingTheCache(String... messageParts) {
        SyncRun run = sync();
        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains(messageParts);
        assertThat(tightrope.inventory().find(scorer()).orElseThrow().gone()).as("the previous state is kept").isFalse();
    }

    @Test
    void aRateLimitedListingIsRetriedAfterTheWaitTheRegistryAsksFor() {
        int[] calls = {0};
        answers.put("/v2/serving/scorer/tags/list?n=100", r -> calls[0]++ == 0
                ? json(429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"rate limit\"}]}").newBuilder().setHeader("Retry-After", "4").build()
                : json(200, "{\"name\":\"serving/scorer\",\"tags\":[\"1\"]}"));
        firstSyncSucceeds();
        assertThat(slept).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void aCatalogPageLinkingToAnotherHostFailsTheSource() {
        firstSyncSucceeds();
        answers.put("/v2/_catalog?n=100", r -> json(200, "{\"repositories\":[\"serving/scorer\"]}").newBuilder()
                .setHeader("Link", "<https://evil.example/v2/_catalog?n=100&last=serving%2Fscorer>; rel=\"next\"").build());
        failsKeepingTheCache("the next-page link points to another host (evil.example); refused");
    }

    @Test
    void pagesThatDoNotAdvanceStopInsteadOfLooping() {
        firstSyncSucceeds();
        answers.put("/v2/_catalog?n=100", r -> json(200, "{\"repositories\":[\"serving/scorer\"]}").newBuilder()
                .setHeader("Link", "</v2/_catalog?n=100&last=a>; rel=\"next\"").build());
        answers.put("/v2/_catalog?n=100&last=a", r -> json(200, "{\"repositories\":[\"serving/other\"]}").newBuilder()
                .setHeader("Link", "</v2/_catalog?n=100&last=a>; rel=\"next\"").build());
        failsKeepingTheCache("the registry's next page does not advance (last=a); stopped");
    }

    @Test
    void wrongTypesInAListingFailTheSourceSayingWhere() {
        firstSyncSucceeds();
        answers.put("/v2/serving/scorer/tags/list?n=100", r -> json(200, "{\"name\":\"serving/scorer\",\"tags\":[1,2]}"));
        failsKeepingTheCache("GET /v2/serving/scorer/tags/list: 'tags' holds a NUMBER, not a name");
    }

    @Test
    void aManifestWhoseBytesAreNotItsStatedDigestIsAProblemAndNothingGoesGone() {
        firstSyncSucceeds();
        String lie = "sha256:" + "0".repeat(64);
        answers.put("/v2/serving/scorer/manifests/1", r -> manifest(image, lie));
        SyncRun run = sync();
        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(run.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(tightrope.sources().problems(run.id(), 5)).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("GET /v2/serving/scorer/manifests/1: the registry states digest " + lie + " but the content has " + imageDigest));
        assertThat(tightrope.inventory().find(scorer()).orElseThrow().gone()).isFalse();
    }

    @Test
    void aHugeManifestIsRefusedUnread() {
        firstSyncSucceeds();
        byte[] huge = ("{\"schemaVersion\":2,\"annotations\":{\"x\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8);
        answers.put("/v2/serving/scorer/manifests/1", r -> manifest(huge, OciDigests.sha256(huge)));
        SyncRun run = sync();
        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(tightrope.sources().problems(run.id(), 5)).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("/v2/serving/scorer/manifests/1: " + huge.length + " bytes, more than the 4194304 allowed"));
    }

    @Test
    void refusedCredentialsFailTheSourceNamingTheSettings() {
        firstSyncSucceeds();
        String realm = server.url("/token").toString();
        answers.put("/v2/_catalog?n=100", r -> json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")
                .newBuilder().setHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"registry\",scope=\"registry:catalog:*\"").build());
        answers.put("/token", r -> json(401, "{\"details\":\"no credentials\"}"));
        failsKeepingTheCache("token service", "answered 401", "set the source's username and password");
    }
}
