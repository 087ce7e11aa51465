package dev.tightrope.sync.localdiscovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.scan.mcp.Allowlist;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The allowlist read from a registry speaking {@code GET /v0.1/servers} with cursor paging (MockWebServer, the API's own shapes). */
class AllowlistSourceTest {

    MockWebServer registry = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private AllowlistSource source(String path) {
        return AllowlistSource.of(registry.url(path).toString(), OkHttpClient::new, RetryPolicy.once());
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** One entry of a registry page, as the official registry answers it. */
    static String entry(String name, String identifier, String version, String status) {
        return """
                {"server":{"$schema":"https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
                  "name":"%1$s","description":"A server","version":"%3$s",
                  "repository":{"url":"https://github.com/example/server","source":"github"},
                  "packages":[{"registryType":"npm","registryBaseUrl":"https://registry.npmjs.org","identifier":"%2$s",
                    "version":"%3$s","runtimeHint":"npx","transport":{"type":"stdio"}}],
                  "_meta":{"dev.tightrope/approval":{"approvedBy":"Ravi Kapoor","approvedAt":"2026-09-02"}}},
                 "_meta":{"io.modelcontextprotocol.registry/official":{"status":"%4$s","publishedAt":"2025-10-20T09:00:00Z",
                   "updatedAt":"2025-10-20T09:00:00Z","isLatest":true}}}""".formatted(name, identifier, version, status);
    }

    @Test
    void everyPageIsReadByCursorAndDeletedServersApproveNothing() throws Exception {
        registry.enqueue(json("{\"servers\":[" + entry("io.github.mcp/filesystem", "@modelcontextprotocol/server-filesystem", "2025.8.21", "active") + ","
                + entry("io.github.evil/spam", "evil-mcp", "1.0.0", "deleted") + "],\"metadata\":{\"count\":2,\"nextCursor\":\"io.github.mcp/filesystem:2025.8.21\"}}"));
        registry.enqueue(json("{\"servers\":[" + entry("io.github.mcp/github", "@modelcontextprotocol/server-github", "2025.4.8", "deprecated")
                + "],\"metadata\":{\"count\":1}}"));

        Allowlist allowlist = source("/").read();

        assertThat(allowlist.servers()).extracting(Allowlist.ApprovedServer::name).containsExactly("io.github.mcp/filesystem", "io.github.mcp/github");
        assertThat(allowlist.servers().get(0).approval().approvedBy()).isEqualTo("Ravi Kapoor");
        RecordedRequest first = registry.takeRequest();
        RecordedRequest second = registry.takeRequest();
        assertThat(first.getUrl().encodedPath()).isEqualTo("/v0.1/servers");
        assertThat(first.getUrl().queryParameter("limit")).isEqualTo("100");
        assertThat(first.getUrl().queryParameter("cursor")).isNull();
        assertThat(second.getUrl().queryParameter("cursor")).isEqualTo("io.github.mcp/filesystem:2025.8.21");
        assertThat(registry.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aUrlThatNamesTheListEndpointOrASubregistryPrefixIsUsedAsGiven() throws Exception {
        registry.enqueue(json("{\"servers\":[],\"metadata\":{\"count\":0}}"));
        registry.enqueue(json("{\"servers\":[],\"metadata\":{\"count\":0}}"));
        source("/v0.1/servers").read();
        source("/mcp/").read();
        assertThat(registry.takeRequest().getUrl().encodedPath()).isEqualTo("/v0.1/servers");
        assertThat(registry.takeRequest().getUrl().encodedPath()).isEqualTo("/mcp/v0.1/servers");
    }

    @Test
    void hostileOrBrokenAnswersAreClearErrors() {
        List<String[]> cases = List.of(
                new String[] {"<html>not json</html>", "not valid JSON"},
                new String[] {"[" + entry("a/b", "b", "1.0.0", "active") + "]", "not a server list", "\"servers\" array"},
                new String[] {"{\"servers\":{\"a\":1}}", "not a server list"},
                new String[] {"{\"servers\":[42]}", "is not an object"},
                new String[] {"{\"servers\":[{\"server\":{\"description\":\"no name\"}}]}", "has no \"name\""},
                new String[] {"{\"servers\":[],\"metadata\":{\"nextCursor\":7}}", "nextCursor is not a string"},
                new String[] {"{\"servers\":[],\"servers\":[]}", "a key appears twice"},
                new String[] {"{\"servers\":" + "[".repeat(100) + "]".repeat(100) + "}", "exceeds the JSON limits"});
        for (String[] c : cases) {
            registry.enqueue(json(c[0]));
            assertThatThrownBy(() -> source("/").read()).isInstanceOf(ConnectorException.class)
                    .satisfies(e -> assertThat(e.toString()).contains(java.util.Arrays.copyOfRange(c, 1, c.length)).doesNotContain("<html>"));
        }
    }

    @Test
    void aCursorThatComesBackIsRefusedAsALoop() {
        String page = "{\"servers\":[],\"metadata\":{\"nextCursor\":\"again\"}}";
        registry.enqueue(json(page));
        registry.enqueue(json(page));
        assertThatThrownBy(() -> source("/").read()).isInstanceOf(ConnectorException.class).hasMessageContaining("'again' twice");
        assertThat(registry.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aFailingRegistrySaysWhat() {
        registry.enqueue(new MockResponse.Builder().code(503).body("down for maintenance").build());
        assertThatThrownBy(() -> source("/").read()).isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(e.toString()).contains("the MCP registry failed (503)", "/v0.1/servers"));
    }

    @Test
    void plainHttpOffThisMachineIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> AllowlistSource.of("http://registry.example.com/", OkHttpClient::new, RetryPolicy.once()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
}
