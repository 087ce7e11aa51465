package dev.tightrope.sync.openlineage;

import static dev.tightrope.sync.openlineage.OpenLineageMapperTest.runEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.Problem;
import dev.tightrope.sync.openlineage.OpenLineageEvent.RunEvent;
import dev.tightrope.sync.openlineage.OpenLineageHttpReceiver.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenLineageHttpReceiverTest {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient client = new OkHttpClient();
    private final List<List<OpenLineageEvent>> delivered = new CopyOnWriteArrayList<>();
    private final List<Problem> deliveryProblems = new CopyOnWriteArrayList<>();
    private OpenLineageHttpReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private OpenLineageHttpReceiver start(Settings settings, LiveEventHandler handler) throws IOException {
        receiver = new OpenLineageHttpReceiver(settings, handler, deliveryProblems::add);
        receiver.start();
        return receiver;
    }

    private OpenLineageHttpReceiver start(Settings settings) throws IOException {
        return start(settings, delivered::add);
    }

    private static String event(int i) {
        return runEvent(String.format("0195d000-0000-4000-8000-%012d", i), "START", "2026-03-01T10:00:00Z", "[]", "[]", "{}");
    }

    private Response post(byte[] body, String... headers) throws IOException {
        Request.Builder request = new Request.Builder().url(receiver.baseUrl() + OpenLineageHttpReceiver.PATH)
                .post(RequestBody.create(body, JSON_TYPE));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.newCall(request.build()).execute();
    }

    private Response post(String body, String... headers) throws IOException {
        return post(body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static JsonNode json(Response response) throws IOException {
        return JSON.readTree(response.body().string());
    }

    private List<String> deliveredRunIds() {
        List<String> ids = new ArrayList<>();
        for (List<OpenLineageEvent> batch : delivered) {
            for (OpenLineageEvent e : batch) {
                ids.add(((RunEvent) e).runId());
            }
        }
        return ids;
    }

    @Test
    void singleEventIsAcceptedWith201LikeMarquezAndDelivered() throws Exception {
        start(Settings.onPort(0));

        try (Response response = post(event(1))) {
            assertThat(response.code()).isEqualTo(201);
        }
        receiver.stop();

        assertThat(deliveredRunIds()).containsExactly("0195d000-0000-4000-8000-000000000001");
        assertThat(receiver.stats().acceptedEvents()).isEqualTo(1);
        assertThat(receiver.stats().deliveredBatches()).isEqualTo(1);
    }

    @Test
    void arrayAndNdjsonBodiesAreAcceptedWhole() throws Exception {
        start(Settings.onPort(0));

        try (Response array = post("[" + event(1) + "," + event(2) + "]");
             Response ndjson = post(event(3) + "\n" + event(4) + "\n")) {
            assertThat(array.code()).isEqualTo(200);
            assertThat(json(array).get("accepted").asInt()).isEqualTo(2);
            assertThat(ndjson.code()).isEqualTo(200);
            assertThat(json(ndjson).get("accepted").asInt()).isEqualTo(2);
        }
        receiver.stop();

        assertThat(delivered).hasSize(2);
        assertThat(deliveredRunIds()).hasSize(4);
    }

    @Test
    void gzipBodyFromTheOpenLineageClientsIsAccepted() throws Exception {
        start(Settings.onPort(0));
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(event(7).getBytes(StandardCharsets.UTF_8));
        }

        try (Response response = post(compressed.toByteArray(), "Content-Encoding", "gzip")) {
            assertThat(response.code()).isEqualTo(201);
        }
        receiver.stop();

        assertThat(deliveredRunIds()).containsExactly("0195d000-0000-4000-8000-000000000007");
    }

    @Test
    void malformedEventIsRefusedWith400NamingItAndNothingOfTheRequestIsKept() throws Exception {
        start(Settings.onPort(0));
        String bad = event(2).replace("\"eventTime\":\"2026-03-01T10:00:00Z\"", "\"eventTime\":\"2026-03-01 10:00\"");

        try (Response response = post("[\n" + event(1) + ",\n" + bad + "\n]")) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            JsonNode body = json(response);
            assertThat(body.get("code").asInt()).isEqualTo(400);
            assertThat(body.get("message").asText()).isEqualTo(
                    "malformed OpenLineage event: 'eventTime' '2026-03-01 10:00' is not an RFC 3339 date-time (expected e.g. 2026-03-01T09:00:00.000Z)");
            assertThat(body.get("problems").get(0).get("line").asInt()).isEqualTo(3);
        }
        receiver.stop();

        assertThat(delivered).isEmpty();
        assertThat(receiver.stats().rejectedRequests()).isEqualTo(1);
    }

    @Test
    void invalidJsonAndEmptyBodiesAreRefusedWith400() throws Exception {
        start(Settings.onPort(0));

        try (Response broken = post("{\"eventType\": START}");
             Response empty = post("  \n")) {
            assertThat(broken.code()).isEqualTo(400);
            assertThat(json(broken).get("message").asText()).startsWith("malformed OpenLineage event: invalid JSON: Unrecognized token 'START'");
            assertThat(empty.code()).isEqualTo(400);
            assertThat(json(empty).get("message").asText()).isEqualTo("the body holds no OpenLineage event");
        }
    }

    @Test
    void anEventWithADuplicateKeyIsRefusedWith400() throws Exception {
        start(Settings.onPort(0));
        String twoTypes = event(1).replace("\"eventType\":\"START\"", "\"eventType\":\"START\",\"eventType\":\"COMPLETE\"");

        try (Response response = post(twoTypes)) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(json(response).get("message").asText())
                    .startsWith("malformed OpenLineage event: invalid JSON: duplicate key 'eventType'");
        }
        receiver.stop();
        assertThat(delivered).isEmpty();
    }

    @Test
    void aBodyNestedDeeperThanTheLimitIsRefusedWithAClearMessage() throws Exception {
        start(Settings.onPort(0));
        int depth = OpenLineageLimits.DEFAULT.maxDepth() + 1;
        String deep = event(1).replace("\"facets\":{}", "\"facets\":{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}");

        try (Response response = post(deep)) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(json(response).get("message").asText())
                    .isEqualTo("malformed OpenLineage event: JSON is nested deeper than " + OpenLineageLimits.DEFAULT.maxDepth() + " levels");
        }
        receiver.stop();
        assertThat(delivered).isEmpty();
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() throws Exception {
        start(new Settings(0, null, 64 * 1024, 16, 1 << 20));
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; big.length() < 100 * 1024; i++) {
            big.append(i == 0 ? "" : ",").append(event(i));
        }
        byte[] body = big.append(']').toString().getBytes(StandardCharsets.UTF_8);

        try (Response response = post(body)) {
            assertThat(response.code()).isEqualTo(413);
            assertThat(json(response).get("message").asText()).isEqualTo("the body is larger than 65536 bytes");
        }
        RequestBody chunked = new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON_TYPE;
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(body);
            }
        };
        try (Response response = client.newCall(new Request.Builder()
                .url(receiver.baseUrl() + OpenLineageHttpReceiver.PATH).post(chunked).build()).execute()) {
            assertThat(response.code()).isEqualTo(413);
        }
        assertThat(delivered).isEmpty();
    }

    @Test
    void otherMethodsPathsAndEncodingsAreRefused() throws Exception {
        start(Settings.onPort(0));

        try (Response get = client.newCall(new Request.Builder().url(receiver.baseUrl() + OpenLineageHttpReceiver.PATH).build()).execute();
             Response elsewhere = client.newCall(new Request.Builder().url(receiver.baseUrl() + "/api/v1/namespaces")
                     .post(RequestBody.create(event(1), JSON_TYPE)).build()).execute();
             Response brotli = post(event(1), "Content-Encoding", "br")) {
            assertThat(get.code()).isEqualTo(405);
            assertThat(get.header("Allow")).isEqualTo("POST");
            assertThat(elsewhere.code()).isEqualTo(404);
            assertThat(json(elsewhere).get("message").asText()).isEqualTo("nothing here; OpenLineage events go to POST /api/v1/lineage");
            assertThat(brotli.code()).isEqualTo(415);
        }
        assertThat(delivered).isEmpty();
    }

    @Test
    void configuredBearerTokenIsRequired() throws Exception {
        start(Settings.onPort(0).withBearerToken("s3cret-token"));

        try (Response none = post(event(1));
             Response wrong = post(event(1), "Authorization", "Bearer s3cret-tokeX");
             Response basic = post(event(1), "Authorization", "Basic czNjcmV0LXRva2Vu");
             Response right = post(event(1), "Authorization", "Bearer s3cret-token")) {
            assertThat(none.code()).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(wrong.code()).isEqualTo(401);
            assertThat(basic.code()).isEqualTo(401);
            assertThat(right.code()).isEqualTo(201);
        }
        receiver.stop();
        assertThat(delivered).hasSize(1);
    }

    @Test
    void fullQueueAnswers503SoTheEmitterRetries() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(new Settings(0, null, 1 << 20, 1, 4 << 20), events -> {
            entered.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            delivered.add(events);
        });

        try (Response first = post(event(1))) {
            assertThat(first.code()).isEqualTo(201);
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        try (Response queued = post(event(2)); Response refused = post(event(3))) {
            assertThat(queued.code()).isEqualTo(201);
            assertThat(refused.code()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
        }
        release.countDown();
        receiver.stop();

        assertThat(deliveredRunIds()).containsExactly("0195d000-0000-4000-8000-000000000001", "0195d000-0000-4000-8000-000000000002");
    }

    @Test
    void concurrentEmittersAreAllDeliveredInAcceptanceOrderOnOneThread() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        start(Settings.onPort(0), events -> {
            threads.add(Thread.currentThread().getName());
            delivered.add(events);
        });
        ExecutorService emitters = Executors.newFixedThreadPool(8);
        List<Future<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            codes.add(emitters.submit(() -> {
                try (Response r = post(event(n))) {
                    return r.code();
                }
            }));
        }
        for (Future<Integer> code : codes) {
            assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo(201);
        }
        emitters.shutdown();
        receiver.stop();

        assertThat(deliveredRunIds()).hasSize(200).doesNotHaveDuplicates();
        assertThat(threads).containsOnly("openlineage-delivery-1");
    }

    @Test
    void listensOnLoopbackOnlyAndOnTheChosenPort() throws Exception {
        start(Settings.onPort(0));

        assertThat(receiver.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(receiver.port()).isPositive();
        assertThat(receiver.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + receiver.port());
    }

    @Test
    void handlerFailureIsReportedAndTheReceiverKeepsServing() throws Exception {
        start(Settings.onPort(0), events -> {
            if (((RunEvent) events.get(0)).runId().endsWith("1")) {
                throw new IOException("disk full");
            }
            delivered.add(events);
        });

        try (Response failing = post(event(1)); Response fine = post(event(2))) {
            assertThat(failing.code()).isEqualTo(201);
            assertThat(fine.code()).isEqualTo(201);
        }
        receiver.stop();

        assertThat(deliveredRunIds()).containsExactly("0195d000-0000-4000-8000-000000000002");
        assertThat(deliveryProblems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("POST /api/v1/lineage #1:1");
            assertThat(p.message()).isEqualTo("1 accepted events could not be stored: java.io.IOException: disk full");
        });
        assertThat(receiver.stats().failedDeliveries()).isEqualTo(1);
    }
}
