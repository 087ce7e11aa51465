package dev.tightrope.sync.openlineage;

import dev.tightrope.base.Threads;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tightrope.domain.Problem;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Accepted;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Outcome;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Rejected;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Receives OpenLineage events live at {@code POST /api/v1/lineage}, the endpoint Marquez serves,
 * so existing emitters (Spark, Airflow, dbt, openlineage-python's HttpTransport, ...) can point at
 * the console. Listens on 127.0.0.1 only.
 *
 * <p>A body is one event, an array of events, or NDJSON, optionally gzip-compressed
 * ({@code Content-Encoding: gzip}, as the OpenLineage clients can send). A request is accepted
 * whole or not at all: 201 for one event and 200 with {@code {"accepted": n}} for several; 400 with
 * a JSON body naming every malformed event; 401 when a bearer token is configured and the request
 * does not carry it; 404 for other paths; 405 for other methods; 413 over the size limit; 415 for
 * other encodings; 503 when the delivery queue is full (the emitter should retry).
 *
 * <p>HTTP threads only read, validate and queue; one delivery thread hands each accepted request's
 * events to the {@link LiveEventHandler}, in order. The queue is bounded by requests and by bytes.
 *
 * <p>Emitters are pointed at {@link #baseUrl()}: {@code OPENLINEAGE_URL=http://127.0.0.1:5000} for
 * openlineage-python (with {@code OPENLINEAGE_API_KEY=<token>} it sends the bearer token), or
 * {@code spark.openlineage.transport.type=http} and {@code spark.openlineage.transport.url} for Spark.
 * Call {@link #stop()} before exiting: the JDK server's dispatcher thread keeps the JVM alive.
 */
public final class OpenLineageHttpReceiver implements AutoCloseable {

    public static final String PATH = "/api/v1/lineage";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HTTP_THREADS = 4;

    private final Settings settings;
    private final LiveEventHandler handler;
    private final Consumer<Problem> deliveryProblems;
    private final OpenLineageJson json;
    private final byte[] tokenHash;
    private final AtomicLong requestSeq = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong acceptedEvents = new AtomicLong();
    private final AtomicLong rejectedRequests = new AtomicLong();
    private final AtomicLong deliveredBatches = new AtomicLong();
    private final AtomicLong failedDeliveries = new AtomicLong();
    private HttpServer server;
    private ExecutorService httpThreads;
    private ThreadPoolExecutor delivery;
    private boolean stopped;

    /**
     * How the receiver listens and what it accepts.
     *
     * @param port           loopback port; 0 picks a free one
     * @param bearerToken    the token emitters must send as {@code Authorization: Bearer <token>}, or null for none
     * @param maxBodyBytes   largest request body, after decompression
     * @param queueCapacity  accepted requests waiting for delivery before answering 503
     * @param maxQueuedBytes body bytes waiting for delivery before answering 503
     */
    public record Settings(int port, String bearerToken, int maxBodyBytes, int queueCapacity, long maxQueuedBytes) {

        public static final int DEFAULT_PORT = 5000;

        public Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
            }
            if (bearerToken != null && bearerToken.isBlank()) {
                throw new IllegalArgumentException("a bearer token must not be blank; leave it out to accept requests without one");
            }
            if (maxBodyBytes < 1024 || queueCapacity < 1 || maxQueuedBytes < maxBodyBytes) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024, queueCapacity at least 1"
                        + " and maxQueuedBytes at least maxBodyBytes");
            }
        }

        /** 16 MiB bodies, 256 queued requests or 64 MiB, no token. */
        public static Settings onPort(int port) {
            return new Settings(port, null, 16 << 20, 256, 64L << 20);
        }

        public Settings withBearerToken(String token) {
            return new Settings(port, token, maxBodyBytes, queueCapacity, maxQueuedBytes);
        }

        @Override
        public String toString() {
            return "Settings[port=" + port + ", bearerToken=" + (bearerToken == null ? "none" : "set") + ", maxBodyBytes="
                    + maxBodyBytes + ", queueCapacity=" + queueCapacity + ", maxQueuedBytes=" + maxQueuedBytes + "]";
        }
    }

    /** Counters for the status bar. */
    public record Stats(long acceptedEvents, long rejectedRequests, long deliveredBatches, long failedDeliveries, int queued) {
    }

    /**
     * @param deliveryProblems told when the handler fails on accepted events (on the delivery thread)
     */
    public OpenLineageHttpReceiver(Settings settings, LiveEventHandler handler, Consumer<Problem> deliveryProblems) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.deliveryProblems = Objects.requireNonNull(deliveryProblems, "deliveryProblems");
        OpenLineageLimits limits = new OpenLineageLimits(settings.maxBodyBytes(), settings.maxBodyBytes(), settings.maxBodyBytes(),
                OpenLineageLimits.DEFAULT.maxDepth(), 0, 1);
        this.json = new OpenLineageJson(limits, settings.maxBodyBytes());
        this.tokenHash = settings.bearerToken() == null ? null : sha256(settings.bearerToken());
    }

    /** Binds 127.0.0.1 and starts serving; a receiver starts once. */
    public synchronized void start() throws IOException {
        if (server != null || stopped) {
            throw new IllegalStateException("the receiver was already started");
        }
        InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        HttpServer s = HttpServer.create(new InetSocketAddress(loopback, settings.port()), 64);
        s.createContext("/", this::exchange);
        httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, Threads.daemon("openlineage-http"));
        delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.queueCapacity()),
                Threads.daemon("openlineage-delivery"), new ThreadPoolExecutor.AbortPolicy());
        s.setExecutor(httpThreads);
        s.start();
        server = s;
    }

    /** The port it listens on (the chosen one when configured with 0). */
    public synchronized int port() {
        requireStarted();
        return server.getAddress().getPort();
    }

    public synchronized InetSocketAddress address() {
        requireStarted();
        return server.getAddress();
    }

    /** The URL emitters are configured with, e.g. {@code OPENLINEAGE_URL=http://127.0.0.1:5000}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public Stats stats() {
        ThreadPoolExecutor d = delivery;
        return new Stats(acceptedEvents.get(), rejectedRequests.get(), deliveredBatches.get(), failedDeliveries.get(),
                d == null ? 0 : d.getQueue().size());
    }

    /**
     * Stops listening (requests in flight are cut off), then delivers what was already accepted,
     * waiting up to ten seconds for the handler. Safe to call more than once.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (server == null) {
            return;
        }
        server.stop(0);
        httpThreads.shutdownNow();
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(10, TimeUnit.SECONDS)) {
                int lost = delivery.shutdownNow().size();
                deliveryProblems.accept(new Problem(PATH, lost + " accepted requests were not delivered: the handler did not finish in time"));
            }
        } catch (InterruptedException e) {
            delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void exchange(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getPath();
            if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
                error(ex, 404, "nothing here; OpenLineage events go to POST " + PATH, List.of());
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "POST");
                error(ex, 405, ex.getRequestMethod() + " is not supported; send events with POST", List.of());
                return;
            }
            if (tokenHash != null && !authorised(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tightrope\"");
                error(ex, 401, "missing or wrong bearer token", List.of());
                return;
            }
            receive(ex);
        } catch (IOException e) {
            // The emitter went away mid-request; there is no one left to answer.
            rejectedRequests.incrementAndGet();
        } finally {
            ex.close();
        }
    }

    private void receive(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLong(length) > settings.maxBodyBytes()) {
            tooLarge(ex);
            return;
        }
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        InputStream in;
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            in = ex.getRequestBody();
        } else if (encoding.strip().equalsIgnoreCase("gzip")) {
            in = new GZIPInputStream(ex.getRequestBody());
        } else {
            error(ex, 415, "Content-Encoding '" + encoding + "' is not supported; send identity or gzip", List.of());
            return;
        }
        byte[] body;
        try {
            body = in.readNBytes(settings.maxBodyBytes() + 1);
        } catch (java.util.zip.ZipException e) {
            error(ex, 400, "the gzip body is corrupt: " + e.getMessage(), List.of());
            return;
        }
        if (body.length > settings.maxBodyBytes()) {
            tooLarge(ex);
            return;
        }
        long seq = requestSeq.incrementAndGet();
        List<OpenLineageEvent> events = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        try {
            json.readDocument(new ByteArrayInputStream(body), (node, line) -> {
                Outcome outcome = OpenLineageEventParser.parse(node, "POST " + PATH + " #" + seq + ":" + line);
                if (outcome instanceof Rejected rejected) {
                    problems.add(new LineProblem(line, rejected.reason()));
                } else if (outcome instanceof Accepted accepted) {
                    events.add(accepted.event());
                }
            });
        } catch (JsonProcessingException e) {
            problems.add(new LineProblem(OpenLineageJson.line(e), json.describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(ex, 503, "the receiver is stopping", List.of());
            return;
        }
        if (!problems.isEmpty()) {
            String message = problems.size() == 1 ? "malformed OpenLineage event: " + problems.get(0).message()
                    : problems.size() + " malformed OpenLineage events; none of this request was accepted";
            error(ex, 400, message, problems);
            return;
        }
        if (events.isEmpty()) {
            error(ex, 400, "the body holds no OpenLineage event", List.of());
            return;
        }
        if (!enqueue(events, body.length)) {
            ex.getResponseHeaders().set("Retry-After", "1");
            error(ex, 503, "the console is busy; retry shortly", List.of());
            return;
        }
        acceptedEvents.addAndGet(events.size());
        if (events.size() == 1) {
            ex.sendResponseHeaders(201, -1);
        } else {
            respond(ex, 200, "{\"accepted\":" + events.size() + "}");
        }
    }

    private boolean enqueue(List<OpenLineageEvent> events, int bytes) {
        if (queuedBytes.addAndGet(bytes) > settings.maxQueuedBytes()) {
            queuedBytes.addAndGet(-bytes);
            return false;
        }
        try {
            delivery.execute(() -> deliver(events, bytes));
            return true;
        } catch (RejectedExecutionException e) {
            queuedBytes.addAndGet(-bytes);
            return false;
        }
    }

    private void deliver(List<OpenLineageEvent> events, int bytes) {
        try {
            handler.onEvents(List.copyOf(events));
            deliveredBatches.incrementAndGet();
        } catch (Exception e) {
            failedDeliveries.incrementAndGet();
            deliveryProblems.accept(new Problem(events.get(0).location(),
                    events.size() + " accepted events could not be stored: " + e));
        } finally {
            queuedBytes.addAndGet(-bytes);
        }
    }

    private void tooLarge(HttpExchange ex) throws IOException {
        // The rest of the body is not read; closing the connection is cheaper than draining it.
        ex.getResponseHeaders().set("Connection", "close");
        error(ex, 413, "the body is larger than " + settings.maxBodyBytes() + " bytes", List.of());
    }

    private boolean authorised(String header) {
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        // Comparing digests keeps the time independent of where the strings differ and of their length.
        return MessageDigest.isEqual(sha256(presented), tokenHash);
    }

    private record LineProblem(int line, String message) {
    }

    private void error(HttpExchange ex, int code, String message, List<LineProblem> problems) throws IOException {
        if (code >= 400 && code != 503) {
            rejectedRequests.incrementAndGet();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("code", code);
            g.writeStringField("message", message);
            if (!problems.isEmpty()) {
                g.writeArrayFieldStart("problems");
                for (LineProblem p : problems) {
                    g.writeStartObject();
                    if (p.line() > 0) {
                        g.writeNumberField("line", p.line());
                    }
                    g.writeStringField("message", p.message());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        respond(ex, code, out.toString(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange ex, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("the receiver is not started");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

}
