package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Probes a server over Streamable HTTP: each message is a POST to the one endpoint, answered with
 * JSON or a server-sent event stream; the session id from {@code initialize} and the negotiated
 * protocol version go with every later message, and the session is ended with a DELETE. No
 * credentials are sent (the config's headers are not), and nothing the server sends is opened.
 */
public final class HttpProbe {
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ProbeLimits limits;
    private final Clock clock;
    private final UntrustedJson json;

    /** @param http the client to use; its redirects and proxy are the caller's, its timeouts are capped by the probe's */
    public HttpProbe(OkHttpClient http, ProbeLimits limits, Clock clock) {
        this.http = http.newBuilder().callTimeout(limits.timeout().toMillis(), TimeUnit.MILLISECONDS).build();
        this.limits = limits;
        this.clock = clock;
        this.json = UntrustedJson.withLimits(new JsonLimits(200, limits.maxLineBytes(), JsonLimits.LONGEST_PLAIN_NUMBER, limits.maxLineBytes()));
    }

    public ProbeOutcome probe(ProbeTarget target) throws InterruptedException {
        if (target.stdio()) {
            throw new IllegalArgumentException("not an HTTP server: " + target.commandLine());
        }
        long start = System.nanoTime();
        HttpChannel channel = new HttpChannel(target.url(), start);
        try {
            ProbeResult result = new Handshake(limits, clock).run(channel, channel.notifications, start);
            channel.end();
            return new ProbeOutcome(result, null, List.of(), "", (System.nanoTime() - start) / 1_000_000);
        } catch (ProbeFailure e) {
            channel.end();
            return new ProbeOutcome(null, e.getMessage(), List.of(), "", (System.nanoTime() - start) / 1_000_000);
        }
    }

    private final class HttpChannel implements McpChannel {
        private final String url;
        private final long deadline;
        final List<String> notifications = new ArrayList<>();
        private String session;
        private String protocolVersion;
        private long received;
        private int nextId = 1;

        HttpChannel(String url, long start) {
            this.url = url;
            this.deadline = start + limits.timeout().toNanos();
        }

        @Override
        public void negotiated(String version) {
            protocolVersion = version;
        }

        @Override
        public JsonNode request(String method, ObjectNode params) throws ProbeFailure, InterruptedException {
            int id = nextId++;
            ObjectNode message = JsonNodeFactory.instance.objectNode();
            message.put("jsonrpc", "2.0");
            message.put("id", id);
            message.put("method", method);
            message.set("params", params);
            try (Response response = post(message)) {
                if (!response.isSuccessful()) {
                    throw new ProbeFailure(method + " was answered with HTTP " + response.code());
                }
                if (session == null) {
                    session = response.header("Mcp-Session-Id");
                }
                String type = response.header("Content-Type", "");
                JsonNode answer = type.startsWith("text/event-stream") ? fromEvents(response.body().byteStream(), id) : read(response.body().byteStream());
                if (answer == null || answer.path("id").asInt(-1) != id) {
                    throw new ProbeFailure("the server's answer to " + method + " is not the response to it");
                }
                if (answer.has("error")) {
                    JsonNode error = answer.get("error");
                    throw new ProbeFailure(method + " failed: " + error.path("message").asText("error " + error.path("code").asInt()),
                            error.path("code").isInt() ? error.path("code").asInt() : null);
                }
                return answer.path("result");
            } catch (IOException e) {
                throw new ProbeFailure(System.nanoTime() > deadline ? "no answer to " + method + " within " + limits.timeout().toSeconds() + " s; stopped"
                        : method + " could not be sent to " + url + ": " + e.getMessage());
            }
        }

        @Override
        public void notify(String method) throws ProbeFailure {
            ObjectNode message = JsonNodeFactory.instance.objectNode();
            message.put("jsonrpc", "2.0");
            message.put("method", method);
            try (Response response = post(message)) {
                if (!response.isSuccessful()) {
                    throw new ProbeFailure(method + " was answered with HTTP " + response.code());
                }
            } catch (IOException e) {
                throw new ProbeFailure(method + " could not be sent to " + url + ": " + e.getMessage());
            }
        }

        /** Ends the session, if the server gave one; a server that does not support it says 405, which is fine. */
        void end() {
            if (session == null) {
                return;
            }
            try (Response ignored = http.newCall(headers(new Request.Builder().url(url).delete()).build()).execute()) {
                session = null;
            } catch (IOException ignored) {
                // the session times out on the server
            }
        }

        private Response post(ObjectNode message) throws IOException {
            Request.Builder request = headers(new Request.Builder().url(url).post(RequestBody.create(Canonical.json(message), JSON)));
            return http.newCall(request.build()).execute();
        }

        private Request.Builder headers(Request.Builder request) {
            request.header("Accept", "application/json, text/event-stream");
            if (session != null) {
                request.header("Mcp-Session-Id", session);
            }
            if (protocolVersion != null) {
                request.header("MCP-Protocol-Version", protocolVersion);
            }
            return request;
        }

        private JsonNode read(InputStream body) throws IOException, ProbeFailure {
            byte[] bytes = BoundedRead.readAtMost(body, limits.maxLineBytes());
            count(bytes.length);
            return json.read(bytes);
        }

        /** The response to {@code id} among the stream's events; notifications before it are noted, requests from the server are ignored. */
        private JsonNode fromEvents(InputStream body, int id) throws IOException, ProbeFailure {
            StringBuilder data = new StringBuilder();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = body.read()) != -1) {
                count(1);
                if (line.length() > limits.maxLineBytes() || data.length() > limits.maxLineBytes()) {
                    throw new ProbeFailure("the server sent an event of more than " + limits.maxLineBytes() + " bytes; stopped");
                }
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String l = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).stripTrailing();
                line.setLength(0);
                if (l.startsWith("data:")) {
                    data.append(l.substring(5).stripLeading()).append('\n');
                } else if (l.isEmpty() && !data.isEmpty()) {
                    JsonNode m = json.read(data.toString().getBytes(StandardCharsets.UTF_8));
                    data.setLength(0);
                    if (m.has("method") && !m.has("id")) {
                        notifications.add(m.get("method").asText());
                    } else if (!m.has("method") && m.path("id").asInt(-1) == id) {
                        return m;
                    }
                }
            }
            return null;
        }

        private void count(long bytes) throws ProbeFailure {
            received += bytes;
            if (received > limits.maxOutputBytes()) {
                throw new ProbeFailure("the server sent more than " + limits.maxOutputBytes() + " bytes; stopped");
            }
        }
    }
}
