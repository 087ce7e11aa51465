package dev.tightrope.sync.openlineage;

import static dev.tightrope.sync.openlineage.OpenLineageMapperTest.runEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.Problem;
import dev.tightrope.sync.openlineage.OpenLineageEvent.RunEvent;
import dev.tightrope.sync.openlineage.OpenLineageHttpReceiver.Refusal;
import dev.tightrope.sync.openlineage.OpenLineageHttpReceiver.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    // What a web page on this machine can send, refused before anything is read

    @TempDir
    Path spoolDir;

    private OpenLineageHttpReceiver startSpooling(Settings settings) throws IOException {
        return start(settings, new OpenLineageSpool(spoolDir, () -> { }));
    }

    private Response send(String contentType, RequestBody body, String... headers) throws IOException {
        Request.Builder request = new Request.Builder().url(receiver.baseUrl() + OpenLineageHttpReceiver.PATH).post(body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.newCall(request.build()).execute();
    }

    private void assertNothingWritten() throws IOException {
        receiver.stop();
        try (Stream<Path> files = Files.list(spoolDir)) {
            assertThat(files.toList()).as("spool files").isEmpty();
        }
        assertThat(receiver.stats().acceptedEvents()).isZero();
    }

    private static long refused(OpenLineageHttpReceiver r, Refusal reason) {
        return r.stats().refusals().get(reason);
    }

    private static String forgedOwnershipEvent() {
        return runEvent("0195d000-0000-4000-8000-00000000f0f0", "COMPLETE", "2026-03-01T10:00:00Z", "[]", "[]", "{}")
                .replace("\"job\":{\"namespace\":\"ns\",\"name\":\"job\"}", "\"job\":{\"namespace\":\"ns\",\"name\":\"forged\","
                        + "\"facets\":{\"ownership\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"owners\":[{\"name\":\"user:mallory\"}]}}}");
    }

    @Test
    void aBrowserShapedRequestIsRefusedWith403AndNothingIsWritten() throws Exception {
        // fetch(url, {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: ...}) from any web page
        startSpooling(Settings.onPort(0));

        try (Response r = send("text/plain", RequestBody.create(forgedOwnershipEvent(), null), "Origin", "https://evil.example")) {
            assertThat(r.code()).isEqualTo(403);
            assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            JsonNode body = json(r);
            assertThat(body.get("refused").asText()).isEqualTo("browser-origin");
            assertThat(body.get("message").asText()).contains("Origin header");
        }

        assertNothingWritten();
        assertThat(refused(receiver, Refusal.BROWSER_ORIGIN)).isEqualTo(1);
    }

    @Test
    void anOriginHeaderAloneIsRefusedEvenWithJson() throws Exception {
        startSpooling(Settings.onPort(0));

        try (Response r = post(event(1), "Origin", "null")) {
            assertThat(r.code()).isEqualTo(403);
        }
        try (Response r = post(event(2), "Origin", "http://127.0.0.1:" + receiver.port())) {
            assertThat(r.code()).isEqualTo(403);
        }

        assertNothingWritten();
        assertThat(refused(receiver, Refusal.BROWSER_ORIGIN)).isEqualTo(2);
    }

    @Test
    void everyContentTypeAPageCanSendWithoutAskingIsRefused() throws Exception {
        startSpooling(Settings.onPort(0));
        String event = forgedOwnershipEvent();

        try (Response plain = send("text/plain", RequestBody.create(event, null));
             Response plainUtf8 = send("text/plain;charset=UTF-8", RequestBody.create(event, null));
             Response form = client.newCall(new Request.Builder().url(receiver.baseUrl() + OpenLineageHttpReceiver.PATH)
                     .post(new FormBody.Builder().add(event, "").build()).build()).execute();
             Response multipart = client.newCall(new Request.Builder().url(receiver.baseUrl() + OpenLineageHttpReceiver.PATH)
                     .post(new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("event", event).build()).build()).execute();
             Response none = send(null, RequestBody.create(event.getBytes(StandardCharsets.UTF_8), null));
             Response jsonInDisguise = send("application/json; charset=iso-8859-1", RequestBody.create(event, null));
             Response textJson = send("text/json", RequestBody.create(event, null))) {
            assertThat(json(none).get("message").asText()).isEqualTo(
                    "the request has no Content-Type; send application/json or application/x-ndjson");
            for (Response r : List.of(plain, plainUtf8, form, multipart, jsonInDisguise, textJson)) {
                assertThat(r.code()).as(r.request().header("Content-Type") + "").isEqualTo(403);
                assertThat(json(r).get("refused").asText()).isEqualTo("not-json");
            }
        }

        assertNothingWritten();
        assertThat(refused(receiver, Refusal.NOT_JSON)).isEqualTo(7);
    }

    @Test
    void jsonAndNdjsonContentTypesAreAccepted() throws Exception {
        start(Settings.onPort(0));

        for (String type : List.of("application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"",
                "application/x-ndjson")) {
            try (Response r = send(type, RequestBody.create(event(1), null))) {
                assertThat(r.code()).as(type).isEqualTo(201);
            }
        }
        receiver.stop();
        assertThat(delivered).hasSize(4);
        assertThat(receiver.stats().refusals().values()).containsOnly(0L);
    }

    @Test
    void aRebindingHostIsRefused() throws Exception {
        // A page at http://evil.example:PORT whose name now resolves to 127.0.0.1 is same-origin to the browser: no Origin header.
        startSpooling(Settings.onPort(0));
        int port = receiver.port();

        try (Response rebound = post(event(1), "Host", "evil.example:" + port);
             Response otherPort = post(event(2), "Host", "127.0.0.1:" + (port == 65_535 ? 1 : port + 1));
             Response noPort = post(event(3), "Host", "127.0.0.1");
             Response twoHosts = post(event(4), "Host", "127.0.0.1:" + port + ", evil.example")) {
            assertThat(json(rebound).get("message").asText()).startsWith("Host 'evil.example:" + port + "' is not this receiver (127.0.0.1:" + port + ")");
            for (Response r : List.of(otherPort, noPort, twoHosts)) {
                assertThat(r.code()).isEqualTo(403);
                assertThat(json(r).get("refused").asText()).isEqualTo("foreign-host");
            }
        }

        assertNothingWritten();
        assertThat(refused(receiver, Refusal.FOREIGN_HOST)).isEqualTo(4);
    }

    @Test
    void localhostAndTheLoopbackLiteralAreThisReceiversHosts() throws Exception {
        start(Settings.onPort(0));
        int port = receiver.port();

        try (Response literal = post(event(1), "Host", "127.0.0.1:" + port);
             Response name = post(event(2), "Host", "LocalHost:" + port)) {
            assertThat(literal.code()).isEqualTo(201);
            assertThat(name.code()).isEqualTo(201);
        }
        assertThat(OpenLineageHttpReceiver.allowedHosts(new InetSocketAddress(InetAddress.getByName("::1"), 5000)))
                .containsExactlyInAnyOrder("[::1]:5000", "localhost:5000");
        assertThat(OpenLineageHttpReceiver.allowedHosts(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)))
                .containsExactlyInAnyOrder("127.0.0.1:80", "localhost:80", "127.0.0.1", "localhost");
    }

    @Test
    void aMissingOrWrongTokenIsRefusedWith401AndNothingIsWritten() throws Exception {
        startSpooling(Settings.onPort(0).withBearerToken("s3cret-token"));

        try (Response none = post(event(1));
             Response wrong = post(event(2), "Authorization", "Bearer s3cret-tokeX");
             Response longer = post(event(3), "Authorization", "Bearer s3cret-token-and-more")) {
            for (Response r : List.of(none, wrong, longer)) {
                assertThat(r.code()).isEqualTo(401);
                String body = r.body().string();
                assertThat(JSON.readTree(body).get("refused").asText()).isEqualTo("bad-token");
                assertThat(body).doesNotContain("s3cret");
            }
        }

        assertNothingWritten();
        assertThat(refused(receiver, Refusal.BAD_TOKEN)).isEqualTo(3);
    }

    @Test
    void theBrowserChecksComeBeforeTheToken() throws Exception {
        startSpooling(Settings.onPort(0).withBearerToken("s3cret-token"));

        try (Response r = send("text/plain", RequestBody.create(event(1), null), "Origin", "https://evil.example",
                "Authorization", "Bearer s3cret-token")) {
            assertThat(r.code()).isEqualTo(403);
        }

        assertNothingWritten();
        assertThat(refused(receiver, Refusal.BROWSER_ORIGIN)).isEqualTo(1);
        assertThat(refused(receiver, Refusal.BAD_TOKEN)).isZero();
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
