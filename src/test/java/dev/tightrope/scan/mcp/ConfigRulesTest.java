package dev.tightrope.scan.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.base.JsonLimits;
import dev.tightrope.domain.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The static config rules, one server entry at a time; evidence never holds a secret. */
class ConfigRulesTest {

    /** Shaped like the reference's Perplexity pattern, with a body no one could take for a real key. */
    static final String FAKE_KEY = "pplx-" + "ThisIsNotARealKeyItIsATestFixture" + "0".repeat(48 - 33);

    private static McpServerEntry entry(String serverJson) throws Exception {
        String text = "{\"mcpServers\":{\"s\":" + serverJson + "}}";
        ConfigLocation location = new ConfigLocation(McpClient.CURSOR, ConfigScope.USER, Path.of("/home/u/.cursor/mcp.json"), ConfigShape.MCP_SERVERS, null);
        ConfigReader.Read read = new ConfigReader(new LaunchParser(f -> Optional.empty()))
                .read(location, text, new ConfigTrees(new JsonLimits(64, 100_000, 100, 1_000_000)).read(text, ConfigShape.Syntax.JSON));
        return read.entries().get(0);
    }

    private static List<String> rules(String serverJson) throws Exception {
        return entry(serverJson).risks().stream().map(ConfigRisk::ruleId).toList();
    }

    @Test
    void literalSecretsInEnvHeadersArgsAndUrlsAreFoundAndMasked() throws Exception {
        McpServerEntry e = entry("""
                {"command":"npx","args":["-y","x-mcp@1.0.0","--api-key","%s","--token=abcdefgh12345678"],
                 "env":{"PERPLEXITY_API_KEY":"%s","LOG_LEVEL":"debug"}}
                """.formatted(FAKE_KEY, FAKE_KEY));
        assertThat(e.risks()).extracting(ConfigRisk::ruleId).containsExactlyInAnyOrder("secret.mcp-env", "secret.mcp-arg", "secret.mcp-arg");
        ConfigRisk env = e.risks().stream().filter(r -> r.ruleId().equals("secret.mcp-env")).findFirst().orElseThrow();
        assertThat(env.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(env.evidence()).startsWith("PERPLEXITY_API_KEY = pplx…(53 chars, masked)").contains("Perplexity key shape");
        assertThat(e.envKeys()).containsExactly("PERPLEXITY_API_KEY", "LOG_LEVEL");
        assertThat(e.args()).containsExactly("-y", "x-mcp@1.0.0", "--api-key", "pplx…(53 chars, masked)", "--token=abcd…(16 chars, masked)");
        assertThat(e.toString()).doesNotContain(FAKE_KEY).doesNotContain("abcdefgh12345678");

        McpServerEntry remote = entry("{\"url\":\"https://bob:hunter2hunter2@mcp.example.com/mcp?api_key=" + FAKE_KEY + "\","
                + "\"headers\":{\"Authorization\":\"Bearer qwertyuiop123456\",\"X-Ref\":\"Bearer ${TOKEN}\"}}");
        assertThat(remote.risks()).extracting(ConfigRisk::ruleId).containsExactlyInAnyOrder("secret.mcp-url", "secret.mcp-url", "secret.mcp-header");
        assertThat(remote.url()).isEqualTo("https://mcp.example.com/mcp");
        assertThat(remote.headerNames()).containsExactly("Authorization", "X-Ref");
        assertThat(remote.toString()).doesNotContain("hunter2").doesNotContain("qwertyuiop").doesNotContain(FAKE_KEY);
    }

    @Test
    void referencesToSecretsKeptElsewhereAreNotSecrets() throws Exception {
        assertThat(rules("""
                {"command":"npx","args":["x@1"],"env":{"GITHUB_TOKEN":"${env:GITHUB_TOKEN}","OPENAI_API_KEY":"${input:openai}",
                 "HF_TOKEN":"{{HF_TOKEN}}","API_KEY":"$API_KEY","PASSWORD":"changeme"},"headers":{"Authorization":"Bearer ${env:T}"}}
                """)).isEmpty();
    }

    @Test
    void trustAutoApprovalAndDangerousFlags() throws Exception {
        assertThat(rules("{\"command\":\"npx\",\"args\":[\"x@1\"],\"trust\":true}")).containsExactly("mcp.trust-all");
        assertThat(rules("{\"command\":\"npx\",\"args\":[\"x@1\"],\"alwaysAllow\":[\"write_file\"]}")).containsExactly("mcp.auto-approve");
        assertThat(rules("{\"command\":\"npx\",\"args\":[\"x@1\"],\"autoApprove\":[]}")).isEmpty();
        assertThat(rules("{\"command\":\"claude\",\"args\":[\"mcp\",\"serve\",\"--dangerously-skip-permissions\"]}")).containsExactly("mcp.dangerous-flag");
    }

    @Test
    void unpinnedLaunchesFetchTheLatest() throws Exception {
        assertThat(rules("{\"command\":\"npx\",\"args\":[\"-y\",\"x-mcp\"]}")).containsExactly("mcp.unpinned-package");
        assertThat(rules("{\"command\":\"npx\",\"args\":[\"x-mcp@latest\"]}")).containsExactly("mcp.unpinned-package");
        assertThat(rules("{\"command\":\"uvx\",\"args\":[\"mcp-server-fetch\"]}")).containsExactly("mcp.unpinned-package");
        assertThat(rules("{\"command\":\"uvx\",\"args\":[\"mcp-server-fetch==1.0\"]}")).isEmpty();
    }

    @Test
    void mcpRemoteBeforeTheFixIsVulnerable() throws Exception {
        assertThat(rules("{\"command\":\"npx\",\"args\":[\"-y\",\"mcp-remote@0.1.15\",\"https://m.example.com/sse\"]}")).containsExactly("mcp.vulnerable-mcp-remote");
        assertThat(rules("{\"command\":\"npx\",\"args\":[\"-y\",\"mcp-remote@0.1.16\",\"https://m.example.com/sse\"]}")).isEmpty();
        assertThat(rules("{\"command\":\"npx\",\"args\":[\"-y\",\"mcp-remote@0.0.9\",\"https://m.example.com/sse\"]}")).containsExactly("mcp.vulnerable-mcp-remote");
    }

    @Test
    void plainHttpOffThisMachine() throws Exception {
        assertThat(rules("{\"url\":\"http://mcp.example.com/mcp\"}")).containsExactly("mcp.plain-http");
        assertThat(rules("{\"url\":\"http://127.0.0.1:3000/mcp\"}")).isEmpty();
        assertThat(rules("{\"url\":\"http://localhost:3000/mcp\"}")).isEmpty();
    }

    @Test
    void dockerAsRootWithTheHomeMountedAndTheGateway() throws Exception {
        assertThat(rules("{\"command\":\"docker\",\"args\":[\"run\",\"-i\",\"--rm\",\"-v\",\"/home/priya:/data\",\"mcp/fs:1.0\"]}"))
                .containsExactly("mcp.docker-root-home-mount");
        assertThat(rules("{\"command\":\"docker\",\"args\":[\"run\",\"--mount\",\"type=bind,source=/Users/ana,target=/w\",\"--user\",\"0\",\"mcp/fs:1.0\"]}"))
                .containsExactly("mcp.docker-root-home-mount");
        assertThat(rules("{\"command\":\"docker\",\"args\":[\"run\",\"-u\",\"1000:1000\",\"-v\",\"/home/priya:/data\",\"mcp/fs:1.0\"]}")).isEmpty();
        assertThat(rules("{\"command\":\"docker\",\"args\":[\"run\",\"-v\",\"/srv/data:/data\",\"mcp/fs:1.0\"]}")).isEmpty();
        assertThat(rules("{\"command\":\"docker\",\"args\":[\"mcp\",\"gateway\",\"run\"]}")).containsExactly("mcp.docker-gateway");
    }
}
