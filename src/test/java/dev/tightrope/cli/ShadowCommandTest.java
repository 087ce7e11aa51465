package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tightrope shadow scan}: a laptop's MCP servers classified, with evidence, in text, JSON and SARIF; the CI exit codes. */
class ShadowCommandTest {

    static final String LEAKED_KEY = "sk-proj-" + "a1B2c3D4e5".repeat(6) + "T3BlbkFJ" + "Z9y8X7w6V5".repeat(6);
    static final String APPROVED = """
            [{"name":"io.github.modelcontextprotocol/filesystem","title":"Filesystem","version":"2025.8.21",
              "packages":[{"registryType":"npm","identifier":"@modelcontextprotocol/server-filesystem","version":"2025.8.21"}]}]
            """;
    static final String FILESYSTEM = "\"filesystem\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem@2025.8.21\", \"/code\"]}";

    @TempDir
    Path dir;

    Path home;
    Path allowlist;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void fixture() throws IOException {
        home = Files.createDirectories(dir.resolve("priya"));
        allowlist = write(dir.resolve("allowlist.json"), APPROVED);
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), (w, d) -> { }, w -> {
            throw new AssertionError("shadow scan must not open a workspace");
        });
        return new Result(code, out.toString(), err.toString());
    }

    private Result scan(String... extra) {
        String[] base = {"shadow", "scan", "--home", home.toString(), "--os", "linux", "--allowlist", allowlist.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    @Test
    void onlyApprovedServersExitZeroAndEachIsShownWithItsFileAndLine() throws IOException {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + "\n}}");
        Result r = scan();
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("APPROVED          npm:@modelcontextprotocol/server-filesystem@2025.8.21")
                .contains("configured in ~/.cursor/mcp.json:2 (Cursor, user) as 'filesystem'")
                .contains("1 server in 1 config files: 1 approved, 0 approved-unpinned, 0 name-only, 0 unregistered; 0 literal secrets");
    }

    @Test
    void anUnregisteredServerExitsOneWithTheReasonAndEvidence() throws IOException {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + ",\n  \"excel\": {\"command\": \"uvx\", \"args\": [\"excel-mcp-server\"]}\n}}");
        Result r = scan();
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        assertThat(r.out()).contains("UNREGISTERED      pypi:excel-mcp-server", "pypi:excel-mcp-server is not in the allowlist",
                "MEDIUM mcp.unregistered", "(~/.cursor/mcp.json:3)");
    }

    @Test
    void aLiteralSecretInAnApprovedServerExitsOneAndIsNeverPrinted() throws IOException {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  \"filesystem\": {\"command\": \"npx\", \"args\": "
                + "[\"@modelcontextprotocol/server-filesystem@2025.8.21\"],\n    \"env\": {\"OPENAI_API_KEY\": \"" + LEAKED_KEY + "\"}}\n}}");
        for (String[] format : new String[][] {{}, {"--json"}, {"--sarif"}}) {
            Result r = scan(format);
            assertThat(r.code()).isEqualTo(Cli.FAILED);
            assertThat(r.out()).contains("secret.mcp-env").doesNotContain(LEAKED_KEY);
        }
    }

    @Test
    void jsonListsEveryServerWithItsEntriesAndFindings() throws Exception {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + ",\n  \"github\": {\"command\": \"npx\", \"args\": [\"@modelcontextprotocol/server-github\"]}\n}}");
        Path repo = dir.resolve("repo");
        write(repo.resolve(".mcp.json"), "{\"mcpServers\": {\"files\": {\"command\": \"npx\", \"args\": [\"@modelcontextprotocol/server-filesystem@2025.8.21\"]}}}");
        Result r = scan("--root", repo.toString(), "--json");
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        assertThat(report.get("counts").get("approved").asInt()).isEqualTo(1);
        assertThat(report.get("counts").get("unregistered").asInt()).isEqualTo(1);
        JsonNode filesystem = report.get("servers").get(0);
        assertThat(filesystem.get("identity").asText()).isEqualTo("npm:@modelcontextprotocol/server-filesystem@2025.8.21");
        assertThat(filesystem.get("classification").asText()).isEqualTo("approved");
        assertThat(filesystem.get("entries")).extracting(e -> e.get("client").asText() + " " + e.get("scope").asText() + " " + e.get("line").asInt())
                .containsExactlyInAnyOrder("cursor user 2", "claude_code project 1");
        JsonNode github = report.get("servers").get(1);
        assertThat(github.get("classification").asText()).isEqualTo("unregistered");
        assertThat(github.get("findings")).extracting(f -> f.get("ruleId").asText()).contains("mcp.unregistered", "mcp.unpinned-package");
        assertThat(r.err()).contains("2 servers in 2 config files");
    }

    @Test
    void eachServerSaysWhetherItIsInstalledAndWhetherItRunsInTextAndJson() throws Exception {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + ",\n  \"fetch\": {\"command\": \"uvx\", \"args\": [\"mcp-server-fetch\"]}\n}}");
        write(home.resolve(".npm/_npx/7c3e/node_modules/@modelcontextprotocol/server-filesystem/package.json"),
                "{\"name\": \"@modelcontextprotocol/server-filesystem\", \"version\": \"2025.7.1\"}");
        Result text = scan();
        // a home in a temporary folder is not this user's: its packages are read, this machine's processes are not its
        assertThat(text.out()).contains("  installed: yes, ~/.npm/_npx/7c3e/node_modules/@modelcontextprotocol/server-filesystem (2025.7.1), "
                + "not the configured version · running: unknown (the home is not the home of the user running Tightrope")
                .contains("  installed: no (no mcp-server-fetch in a uv tool, uv cache or pipx environment under the home)");

        JsonNode json = new ObjectMapper().readTree(scan("--json").out());
        JsonNode filesystem = json.path("servers").get(0);
        assertThat(filesystem.path("identity").asText()).isEqualTo("npm:@modelcontextprotocol/server-filesystem@2025.8.21");
        assertThat(filesystem.path("installed").path("state").asText()).isEqualTo("yes");
        assertThat(filesystem.path("installed").path("versions").get(0).asText()).isEqualTo("2025.7.1");
        assertThat(filesystem.path("installed").path("versionMatches").asBoolean(true)).isFalse();
        assertThat(filesystem.path("running").path("state").asText()).isEqualTo("unknown");
        assertThat(filesystem.path("running").path("processes").size()).isZero();
        assertThat(json.path("servers").get(1).path("installed").path("state").asText()).isEqualTo("no");
    }

    @Test
    void sarifIsVersion210WithResultsAtTheConfigFileAndLine() throws Exception {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + ",\n  \"excel\": {\"command\": \"uvx\", \"args\": [\"excel-mcp-server\"]}\n}}");
        write(home.resolve(".codeium/windsurf/mcp_config.json"), "{\"mcpServers\": ");
        Result r = scan("--sarif");
        JsonNode sarif = new ObjectMapper().readTree(r.out());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.get("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        JsonNode run = sarif.get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("rules")).extracting(rule -> rule.get("id").asText())
                .containsExactly("mcp.unregistered", "mcp.unpinned-package", "mcp.unreadable-config");
        assertThat(run.get("results")).anySatisfy(res -> {
            assertThat(res.get("ruleId").asText()).isEqualTo("mcp.unregistered");
            assertThat(res.get("level").asText()).isEqualTo("warning");
            JsonNode location = res.get("locations").get(0).get("physicalLocation");
            assertThat(location.get("artifactLocation").get("uri").asText()).isEqualTo(".cursor/mcp.json");
            assertThat(location.get("region").get("startLine").asInt()).isEqualTo(3);
        });
        assertThat(run.get("results")).anySatisfy(res -> {
            assertThat(res.get("ruleId").asText()).isEqualTo("mcp.unreadable-config");
            assertThat(res.get("message").get("text").asText()).contains("invalid JSON");
            assertThat(res.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText())
                    .isEqualTo(".codeium/windsurf/mcp_config.json");
        });
        assertThat(r.code()).isEqualTo(Cli.FAILED);
    }

    @Test
    void aHostileConfigIsReportedAndTheScanGoesOn() throws IOException {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + "\n}}");
        write(home.resolve(".kiro/settings/mcp.json"), "[".repeat(5_000) + "]".repeat(5_000));
        Files.createDirectories(home.resolve(".gemini"));
        Files.createSymbolicLink(home.resolve(".gemini/settings.json"), home.resolve(".gemini/settings.json"));
        Result r = scan();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("skipped ~/.kiro/settings/mcp.json: JSON is nested deeper than 64 levels", "skipped ~/.gemini/settings.json: a symbolic link loop",
                "APPROVED          npm:@modelcontextprotocol/server-filesystem@2025.8.21");
    }

    @Test
    void theAllowlistMayBeARegistryUrl() throws Exception {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + "\n}}");
        try (MockWebServer registry = new MockWebServer()) {
            registry.start();
            registry.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("{\"servers\":[{\"server\":" + new ObjectMapper().readTree(APPROVED).get(0) + ",\"_meta\":{}}],\"metadata\":{\"count\":1}}").build());
            Result r = run("shadow", "scan", "--home", home.toString(), "--os", "linux", "--allowlist", registry.url("/").toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("APPROVED ", "approves 1");
            assertThat(registry.takeRequest().getUrl().encodedPath()).isEqualTo("/v0.1/servers");
        }
    }

    @Test
    void priyasDemoLaptopShowsEveryClassificationAndFails() {
        Result r = run("shadow", "scan", "--home", "sample-data/laptops/priya-linux", "--root", "sample-data/laptops/priya-linux/code/credit-risk",
                "--os", "linux", "--system", "sample-data/laptops/priya-linux-system", "--allowlist", "sample-data/laptops/allowlist.json");
        assertThat(r.code()).as(r.err()).isEqualTo(Cli.FAILED);
        assertThat(r.out()).contains("APPROVED ", "APPROVED-UNPINNED ", "NAME-ONLY ", "UNREGISTERED ", "mcp.typosquat", "secret.mcp-env")
                .doesNotContain("KestrelDemoNotARealKey");
    }

    @Test
    void aRepositoryRootIsScannedForAiSdksAndKeysAndAKeyInANotebookFailsTheScanWithoutBeingPrinted() throws Exception {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + "\n}}");
        Path repo = dir.resolve("loan-assistant");
        write(repo.resolve("requirements.txt"), "fastapi==0.112\nopenai>=1.40\n");
        write(repo.resolve("mcp-rates/package.json"), "{\"dependencies\": {\"@modelcontextprotocol/sdk\": \"^1.17.0\"}}");
        write(repo.resolve("notebooks/try.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"import openai\"], \"outputs\": "
                + "[{\"output_type\": \"stream\", \"text\": [\"OPENAI_API_KEY=" + LEAKED_KEY + "\\n\"]}]}]}");
        Result text = scan("--root", repo.toString());
        assertThat(text.code()).as(text.out() + text.err()).isEqualTo(Cli.FAILED);
        assertThat(text.out()).contains("REPOSITORY ", "(probably an MCP server)", "openai >=1.40 (requirements.txt:2)",
                "secret.notebook-openai", "notebooks/try.ipynb: cell 0 output").doesNotContain(LEAKED_KEY)
                .contains("1 repository: 2 AI SDK declarations, 1 AI keys in code and notebooks, 1 probably MCP servers");

        JsonNode report = new ObjectMapper().readTree(scan("--root", repo.toString(), "--json").out());
        JsonNode repository = report.get("repositories").get(0);
        assertThat(repository.get("probableMcpServer").asBoolean()).isTrue();
        assertThat(repository.get("dependencies")).extracting(d -> d.get("name").asText()).containsExactlyInAnyOrder("openai", "@modelcontextprotocol/sdk");
        assertThat(repository.get("secrets").get(0).get("masked").asText()).contains("masked").doesNotContain(LEAKED_KEY);
        assertThat(report.toString()).doesNotContain(LEAKED_KEY);

        Result sarif = scan("--root", repo.toString(), "--sarif");
        JsonNode run = new ObjectMapper().readTree(sarif.out()).get("runs").get(0);
        assertThat(run.get("results")).anySatisfy(res -> {
            assertThat(res.get("ruleId").asText()).isEqualTo("secret.notebook-openai");
            assertThat(res.get("level").asText()).isEqualTo("error");
            assertThat(res.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText()).endsWith("notebooks/try.ipynb");
        });
        assertThat(sarif.out()).doesNotContain(LEAKED_KEY);
    }

    @Test
    void usageAndInputErrorsExitTwo() throws IOException {
        assertThat(scan("--json", "--sarif").code()).isEqualTo(Cli.ERROR);
        assertThat(run("shadow", "scan", "--home", home.toString(), "--os", "beos").err()).contains("os must be linux, macos or windows");
        assertThat(run("shadow", "scan", "--home", dir.resolve("nowhere").toString()).code()).isEqualTo(Cli.ERROR);
        write(allowlist, "{\"name\":");
        Result broken = scan();
        assertThat(broken.code()).isEqualTo(Cli.ERROR);
        assertThat(broken.err()).contains("allowlist.json", "not valid");
        assertThat(run("shadow", "scan", "--home", home.toString(), "--allowlist", "http://registry.example.com/").err()).contains("https");
    }

    @Test
    void aSignedScanIsAnInTotoStatementAboutTheReportThatVerifiesWithTheReviewersKey() throws Exception {
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\n  " + FILESYSTEM + "\n}}");
        Path ws = dir.resolve("ws");
        try (dev.tightrope.service.Tightrope t = dev.tightrope.service.Tightrope.open(ws)) {
            t.trust().generateKey("it-lead", "ecdsa-p256", "a long enough passphrase".toCharArray());
        }
        Path out = dir.resolve("priya-scan.json");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(new String[] {"--workspace", ws.toString(), "shadow", "scan", "--home", home.toString(), "--os", "linux",
                "--allowlist", allowlist.toString(), "--out", out.toString(), "--sign", "it-lead"}, new java.io.ByteArrayInputStream(new byte[0]),
                java.util.Map.of("TIGHTROPE_PASSPHRASE", "a long enough passphrase"), new PrintWriter(o), new PrintWriter(e), (w, d) -> { },
                dev.tightrope.service.Tightrope::open);
        assertThat(code).as(e.toString()).isZero();

        Path signed = dir.resolve("priya-scan.json.sigstore.json");
        dev.tightrope.trust.dsse.SigstoreBundle bundle = dev.tightrope.trust.dsse.SigstoreBundle.parse(Files.readAllBytes(signed), signed.toString());
        try (dev.tightrope.service.Tightrope t = dev.tightrope.service.Tightrope.open(ws)) {
            dev.tightrope.trust.keys.VerificationKey key = dev.tightrope.trust.keys.VerificationKey.fromPem(t.trust().publicKeyPem("it-lead"), "it-lead");
            assertThat(dev.tightrope.trust.dsse.Dsse.verify(bundle.envelope(), java.util.List.of(key), false)).hasSize(1);
            assertThat(t.audit().entries(new dev.tightrope.domain.AuditQuery(null, "export.shadow-scan", null, null, null, 0, 5)))
                    .singleElement().satisfies(a -> assertThat(a.event().details()).containsEntry("key", "it-lead"));
        }
        dev.tightrope.trust.dsse.Statement statement = dev.tightrope.trust.dsse.Statement.parse(bundle.envelope().payload(), "statement");
        assertThat(statement.predicateType()).isEqualTo(dev.tightrope.service.ShadowScanService.PREDICATE_TYPE);
        assertThat(statement.hasSubjectSha256(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out))))).isTrue();
        assertThat(statement.predicate()).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readAllBytes(out)));
    }

    @Test
    void signingNeedsTheReportFile() {
        Result r = scan("--sign", "it-lead");
        assertThat(r.code()).isEqualTo(Cli.ERROR);
        assertThat(r.err()).contains("--sign KEY signs the report written by --out FILE");
    }
}
