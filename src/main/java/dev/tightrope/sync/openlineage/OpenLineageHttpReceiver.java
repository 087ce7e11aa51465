package dev.tightrope.sync.openlineage;

import dev.tightrope.base.Threads;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.Problem;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Accepted;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Outcome;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Rejected;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * <p>A browser on this machine is an attacker's client: any web page can POST to a loopback port
 * ({@code fetch(url, {mode: "no-cors"})}) or reach it through a DNS name rebound to 127.0.0.1.
 * So before anything of a request is read, it is refused with 403 and a {@link Refusal} when it
 * names a {@code Host} other than this receiver's loopback address and port, carries an
 * {@code Origin} header (browsers send one on every cross-origin POST; emitters never do), or
 * has a {@code Content-Type} other than JSON or NDJSON (the types a page can send without asking
 * first are form, multipart and text/plain); then with 401 when a bearer token is configured and
 * the request does not carry it. Each refusal is counted by reason in {@link #stats()}.
 *
 * <p>A body is one event, an array of events, or NDJSON, optionally gzip-compressed
 * ({@code Content-Encoding: gzip}, as the OpenLineage clients can send). A request is accepted
 * whole or not at all: 201 for one event and 200 with {@code {"accepted": n}} for several; 400 with
 * a JSON body naming every malformed event; 404 for other paths; 405 for other methods; 413 over
 * the size limit; 415 for other encodings; 503 when the delivery queue is full (the emitter should
 * retry).
 *
 * <p>HTTP threads only read, validate and queue; one delivery thread hands each accepted request's
 * events to the {@link LiveEventHandler}, in order. The queue is bounded by requests and by bytes.
 *
 * <p>Emitters are pointed at {@link #baseUrl()} with the token as their API key (the OpenLineage
 * clients send it as {@code Authorization: Bearer <token>}). Call {@link #stop()} before exiting:
 * the JDK server's dispatcher thread keeps the JVM alive.
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
    private final Map<Refusal, AtomicLong> refusals = new EnumMap<>(Refusal.class);
    private HttpServer server;
    private volatile Set<String> allowedHosts = Set.of();
    private volatile String listening = "";
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

    /** Why a request was refused before any of it was read. */
    public enum Refusal {
        /** The {@code Host} names another site: a DNS name rebound to 127.0.0.1 by a web page. */
        FOREIGN_HOST(403),
        /** An {@code Origin} header: the request comes from a web page. */
        BROWSER_ORIGIN(403),
        /** Not JSON or NDJSON: what a page can send without a preflight (text/plain, forms, multipart), or nothing. */
        NOT_JSON(403),
        /** A bearer token is required and the request's is missing or wrong. */
        BAD_TOKEN(401);

        private final int status;

        Refusal(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * Counters for the status bar.
     *
     * @param rejectedRequests requests refused for what they held or asked (malformed events, wrong path, method, size
     *                         or encoding); refusals are counted apart
     * @param refusals         requests refused before reading them, by reason (every reason present)
     */
    public record Stats(long acceptedEvents, long rejectedRequests, long deliveredBatches, long failedDeliveries, int queued,
                        Map<Refusal, Long> refusals) {
        public Stats {
            refusals = Map.copyOf(refusals);
        }
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
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new AtomicLong());
        }
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
        allowedHosts = allowedHosts(s.getAddress());
        listening = "127.0.0.1:" + s.getAddress().getPort();
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
        Map<Refusal, Long> refused = new EnumMap<>(Refusal.class);
        refusals.forEach((reason, count) -> refused.put(reason, count.get()));
        return new Stats(acceptedEvents.get(), rejectedRequests.get(), deliveredBatches.get(), failedDeliveries.get(),
                d == null ? 0 : d.getQueue().size(), refused);
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
            // The order matters: what a web page can send is refused first, and nothing of the
            // body is read before every check has passed.
            Headers headers = ex.getRequestHeaders();
            List<String> host = headers.getOrDefault("Host", List.of());
            if (host.size() != 1 || !allowedHosts.contains(host.get(0).strip().toLowerCase(Locale.ROOT))) {
                refuse(ex, Refusal.FOREIGN_HOST, host.isEmpty() ? "the request has no Host header"
                        : "Host " + quoted(String.join(", ", host)) + " is not this receiver (" + listening
                        + "); a web page may be reaching it through a rebound DNS name");
                return;
            }
            if (headers.containsKey("Origin")) {
                refuse(ex, Refusal.BROWSER_ORIGIN, "requests with an Origin header come from a web page; OpenLineage emitters do not send one");
                return;
            }
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
            List<String> type = headers.getOrDefault("Content-Type", List.of());
            if (type.size() != 1 || !isJson(type.get(0))) {
                refuse(ex, Refusal.NOT_JSON, (type.isEmpty() ? "the request has no Content-Type" : "Content-Type "
                        + quoted(String.join(", ", type)) + " is refused") + "; send application/json or application/x-ndjson");
                return;
            }
            if (tokenHash != null && !authorised(headers.get("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tightrope\"");
                refuse(ex, Refusal.BAD_TOKEN, "missing or wrong bearer token");
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

    /**
     * The {@code Host} values that name this receiver: its address literal and {@code localhost},
     * with its port (and without it on port 80, where clients leave the default port out).
     */
    static Set<String> allowedHosts(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        String literal = address instanceof Inet6Address ? "[" + address.getHostAddress().replaceFirst("%.*$", "") + "]"
                : address.getHostAddress();
        if (literal.equals("[0:0:0:0:0:0:0:1]")) {
            literal = "[::1]";
        }
        Set<String> hosts = new HashSet<>();
        for (String name : List.of(literal, "localhost")) {
            hosts.add(name + ":" + bound.getPort());
            if (bound.getPort() == 80) {
                hosts.add(name);
            }
        }
        return Set.copyOf(hosts);
    }

    /** {@code application/json} or {@code application/x-ndjson}, with at most a UTF-8 charset parameter. */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.equals("application/x-ndjson")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!parameter.equals("charset=utf-8") && !parameter.isEmpty()) {
                return false;
            }
        }
        return true;
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

    private boolean authorised(List<String> headers) {
        String header = headers != null && headers.size() == 1 ? headers.get(0) : null;
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        // Comparing digests keeps the time independent of where the strings differ and of their length.
        return MessageDigest.isEqual(sha256(presented), tokenHash);
    }

    private record LineProblem(int line, String message) {
    }

    /** Answers a refusal; the body is not read, so the connection is closed rather than drained. */
    private void refuse(HttpExchange ex, Refusal reason, String message) throws IOException {
        refusals.get(reason).incrementAndGet();
        ex.getResponseHeaders().set("Connection", "close");
        respond(ex, reason.status(), json(reason.status(), reason, message, List.of()));
    }

    private static String quoted(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return "'" + shown + "'";
    }

    private void error(HttpExchange ex, int code, String message, List<LineProblem> problems) throws IOException {
        if (code >= 400 && code != 503) {
            rejectedRequests.incrementAndGet();
        }
        respond(ex, code, json(code, null, message, problems));
    }

    private static String json(int code, Refusal refusal, String message, List<LineProblem> problems) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("code", code);
            if (refusal != null) {
                g.writeStringField("refused", Labels.token(refusal).replace('_', '-'));
            }
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
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange ex, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
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
