package dev.tightrope.scan.mcp.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {
    final MockWebServer server = new MockWebServer();
    final HttpProbe probe = new HttpProbe(new OkHttpClient(), ProbeLimits.STANDARD, Clock.systemUTC());

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void speaksStreamableHttpWithTheSessionAndProtocolVersionAndEndsTheSession() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").setHeader("Mcp-Session-Id", "s-42")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"weather\",\"version\":\"2.1.0\"}}}").build());
        server.enqueue(new MockResponse.Builder().code(202).build());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n"
                        + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"forecast\","
                        + "\"description\":\"Forecast for a city\",\"inputSchema\":{\"type\":\"object\"}}]}}\n\n").build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        ProbeOutcome outcome = probe.probe(ProbeTarget.http(server.url("/mcp").toString()));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.result().serverName()).isEqualTo("weather");
        assertThat(outcome.result().tools()).extracting(ProbedEntity::name).containsExactly("forecast");
        assertThat(outcome.result().notifications()).containsExactly("notifications/tools/list_changed");
        RecordedRequest initialize = server.takeRequest();
        assertThat(initialize.getHeaders().get("Accept")).isEqualTo("application/json, text/event-stream");
        assertThat(initialize.getHeaders().get("Mcp-Session-Id")).isNull();
        assertThat(initialize.getBody().utf8()).contains("\"method\":\"initialize\"").contains("\"capabilities\":{}");
        RecordedRequest initialized = server.takeRequest();
        assertThat(initialized.getBody().utf8()).contains("notifications/initialized");
        assertThat(initialized.getHeaders().get("Mcp-Session-Id")).isEqualTo("s-42");
        assertThat(initialized.getHeaders().get("MCP-Protocol-Version")).isEqualTo("2025-06-18");
        assertThat(server.takeRequest().getBody().utf8()).contains("\"method\":\"tools/list\"");
        RecordedRequest end = server.takeRequest();
        assertThat(end.getMethod()).isEqualTo("DELETE");
        assertThat(end.getHeaders().get("Mcp-Session-Id")).isEqualTo("s-42");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void anEndpointThatRefusesSaysWithWhichStatus() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).build());

        ProbeOutcome outcome = probe.probe(ProbeTarget.http(server.url("/mcp").toString()));

        assertThat(outcome.failure()).isEqualTo("initialize was answered with HTTP 401");
    }

    @Test
    void theEverythingServerOverStreamableHttp() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(McpServers.reference("server-everything", "streamableHttp"));
        builder.environment().put("PORT", String.valueOf(port));
        Process node = builder.redirectErrorStream(true).start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            for (String line = log.readLine(); line != null && !line.contains("listening"); line = log.readLine()) {
                // the server says when it is listening
            }
            HttpProbe slow = new HttpProbe(new OkHttpClient(), ProbeLimits.STANDARD.withTimeout(Duration.ofSeconds(30)), Clock.systemUTC());

            ProbeOutcome outcome = slow.probe(ProbeTarget.http("http://127.0.0.1:" + port + "/mcp"));

            assertThat(outcome.failure()).isNull();
            assertThat(outcome.result().tools()).extracting(ProbedEntity::name).contains("echo");
            System.out.printf("probe of server-everything over HTTP: %d ms, %d tools%n", outcome.millis(), outcome.result().tools().size());
        } finally {
            node.destroyForcibly().waitFor();
        }
    }
}
