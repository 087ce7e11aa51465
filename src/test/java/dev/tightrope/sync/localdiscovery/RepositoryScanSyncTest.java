package dev.tightrope.sync.localdiscovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repository roots through the local-discovery source into a real cache: their AI SDKs, their leaked keys, masked. */
class RepositoryScanSyncTest {

    /** Fake, well-formed: an Anthropic key's shape. */
    static final String LEAKED_KEY = "sk-ant-api03-" + "Fk7Qz2Lm9Xc4Vb8Nt1Rw6Yp3Hd5Gs0Ju".repeat(3).substring(0, 92) + "eAA";

    @TempDir
    Path dir;

    Path home;
    Path service;
    Path mcpTool;
    Tightrope tightrope;

    @BeforeEach
    void open() throws IOException {
        home = Files.createDirectories(dir.resolve("home/priya"));
        service = dir.resolve("code/loan-assistant");
        mcpTool = dir.resolve("code/rates-mcp");
        write(service.resolve("pyproject.toml"), """
                [project]
                name = "loan-assistant"
                dependencies = ["fastapi>=0.112", "anthropic==0.34.2", "langchain-anthropic>=0.2"]
                """);
        write(service.resolve("requirements.txt"), "anthropic>=0.34\n");
        write(service.resolve("notebooks/try-claude.ipynb"), """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                  {"cell_type": "code", "metadata": {}, "execution_count": 3, "source": ["import os\\n", "os.environ['ANTHROPIC_API_KEY']"],
                   "outputs": [{"output_type": "execute_result", "execution_count": 3, "metadata": {}, "data": {"text/plain": ["'%s'"]}}]}]}
                """.formatted(LEAKED_KEY));
        write(service.resolve("web/package.json"), "{\"dependencies\": {\"openai\": ");
        write(mcpTool.resolve("package.json"), """
                {"name": "rates-mcp", "dependencies": {"@modelcontextprotocol/sdk": "^1.17.0", "zod": "^3.23.8"}}
                """);
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults());
        tightrope.sources().add(new SourceConfig("priya-laptop", LocalDiscoveryConnector.TYPE, Map.of(
                "home", home.toString(), "roots", service + "," + mcpTool, "os", "linux")));
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private SyncRun sync() {
        return tightrope.sources().sync("priya-laptop", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private AssetDetail detail(Urn urn) {
        return tightrope.inventory().detail(urn).orElseThrow(() -> new AssertionError("not in the cache: " + urn));
    }

    private static Urn repository(Path root) {
        return Urn.of(AssetKind.AGENT, LocalDiscoveryConnector.TYPE, root.toString());
    }

    private static Urn sdk(Path root, String id) {
        return Urn.of(AssetKind.AI_SDK, LocalDiscoveryConnector.TYPE, root + "#" + id);
    }

    /** A repository's CODEOWNERS names its owners, and those of the servers its project configs launch; the rest is the home's user's. */
    @Test
    void aRepositorysCodeownersOwnItsAssetsAndTheServersItsProjectConfigsLaunch() throws IOException {
        write(service.resolve(".github/CODEOWNERS"), """
                # the lending platform owns the service
                *            @kestrel/lending-platform
                /notebooks/  @priya
                """);
        write(service.resolve(".mcp.json"), "{\"mcpServers\": {\"rates\": {\"command\": \"npx\", \"args\": [\"-y\", \"rates-mcp@1.0.0\"]}}}");
        write(home.resolve(".cursor/mcp.json"), "{\"mcpServers\": {\"time\": {\"command\": \"uvx\", \"args\": [\"mcp-server-time\"]}}}");
        sync();

        AssetDetail repo = detail(repository(service));
        assertThat(repo.record().owners()).extracting(o -> o.owner(), o -> o.type().name())
                .containsExactly(tuple("@kestrel/lending-platform", "TEAM"));
        assertThat(repo.record().asset().properties()).containsEntry("owners.from", service.resolve(".github/CODEOWNERS") + ":2");
        assertThat(detail(sdk(service, "pypi:anthropic")).record().owners()).extracting(o -> o.owner()).containsExactly("@kestrel/lending-platform");
        assertThat(detail(Urn.of(AssetKind.MCP_SERVER, LocalDiscoveryConnector.TYPE, "npm:rates-mcp@1.0.0")).record().owners())
                .extracting(o -> o.owner()).containsExactly("@kestrel/lending-platform");
        assertThat(detail(Urn.of(AssetKind.MCP_SERVER, LocalDiscoveryConnector.TYPE, "pypi:mcp-server-time")).record().owners())
                .extracting(o -> o.owner()).containsExactly("priya");
        // a repository without a CODEOWNERS file is the home's user's
        assertThat(detail(repository(mcpTool)).record().owners()).extracting(o -> o.owner()).containsExactly("priya");
    }

    @Test
    void eachRepositorysAiSdksAreAssetsUsedByItAndPartOfTheMachine() {
        SyncRun run = sync();

        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        AssetDetail repo = detail(repository(service));
        assertThat(repo.record().asset().properties()).containsEntry("kind", "repository")
                .containsEntry("ai.sdks", "pypi:anthropic, pypi:langchain-anthropic").doesNotContainKey("probable_mcp_server");
        assertThat(repo.upstream()).filteredOn(n -> n.type() == EdgeType.USES).extracting(Neighbour::urn).containsExactlyInAnyOrder(
                sdk(service, "pypi:anthropic").toString(), sdk(service, "pypi:langchain-anthropic").toString());
        assertThat(repo.upstream()).filteredOn(n -> n.type() == EdgeType.PART_OF).extracting(Neighbour::urn)
                .containsExactly(Urn.of(AssetKind.MACHINE, LocalDiscoveryConnector.TYPE, home.toString()).toString());
        assertThat(repo.record().owners()).extracting(o -> o.owner()).containsExactly("priya");

        Map<String, String> anthropic = detail(sdk(service, "pypi:anthropic")).record().asset().properties();
        assertThat(anthropic).containsEntry("ecosystem", "pypi").containsEntry("package", "anthropic")
                .containsEntry("version", "==0.34.2, >=0.34").containsEntry("manifest", "pyproject.toml:3, requirements.txt:1");
        assertThat(detail(sdk(service, "pypi:anthropic")).record().asset().kind()).isEqualTo(AssetKind.AI_SDK);
    }

    @Test
    void aRepositoryOnTheMcpSdkIsAProbableMcpServer() {
        sync();
        AssetDetail tool = detail(repository(mcpTool));
        assertThat(tool.record().asset().properties()).containsEntry("probable_mcp_server", "true");
        assertThat(tool.findings()).extracting(f -> f.finding().ruleId(), f -> f.finding().severity(), f -> f.finding().evidence())
                .containsExactly(tuple("mcp.probable-server", Severity.INFO, "depends on the MCP SDK @modelcontextprotocol/sdk in package.json:1"));
        assertThat(detail(sdk(mcpTool, "npm:@modelcontextprotocol/sdk")).record().asset().properties())
                .containsEntry("mcp_sdk", "true").containsEntry("version", "^1.17.0");
    }

    @Test
    void aKeyInANotebookOutputIsACriticalFindingMaskedWithItsCell() {
        sync();
        StoredFinding leak = detail(repository(service)).findings().stream()
                .filter(f -> f.finding().ruleId().startsWith("secret.")).findFirst().orElseThrow();
        assertThat(leak.finding().ruleId()).isEqualTo("secret.notebook-anthropic");
        assertThat(leak.finding().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(leak.finding().location()).isEqualTo("notebooks/try-claude.ipynb: cell 0 output, line 1");
        assertThat(leak.finding().evidence()).startsWith("sk-a…(108 chars, masked)").doesNotContain(LEAKED_KEY.substring(4, 20));
    }

    @Test
    void theKeyIsNowhereInTheCacheFile() throws IOException {
        sync();
        tightrope.close();
        for (Path f : Files.list(dir.resolve("ws")).filter(Files::isRegularFile).toList()) {
            assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
                    .doesNotContain(LEAKED_KEY.substring(13, 60));
        }
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults());
    }

    @Test
    void aMalformedManifestIsAProblemOfTheSyncWithFileAndReason() {
        SyncRun run = sync();
        assertThat(tightrope.sources().problems(run.id(), 100)).extracting(Problem::location)
                .containsExactly(service.resolve("web/package.json").toString());
        assertThat(tightrope.sources().problems(run.id(), 100).get(0).message()).isNotBlank();
    }

    @Test
    void aDependencyRemovedFromTheManifestsIsGoneAtTheNextSync() throws IOException {
        sync();
        write(service.resolve("pyproject.toml"), "[project]\nname = \"loan-assistant\"\ndependencies = [\"anthropic==0.34.2\"]\n");
        SyncRun second = sync();
        assertThat(second.assetsGone()).isEqualTo(1);
        assertThat(tightrope.inventory().find(sdk(service, "pypi:langchain-anthropic")).orElseThrow().gone()).isTrue();
    }
}
