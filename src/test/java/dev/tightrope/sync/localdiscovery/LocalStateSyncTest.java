package dev.tightrope.sync.localdiscovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
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

/** Configured, installed, running: a sync writes what the home has installed and what runs now onto each server, in a real cache. */
class LocalStateSyncTest {

    @TempDir
    Path dir;

    Path home;
    Tightrope tightrope;

    @BeforeEach
    void open() throws IOException {
        home = Files.createDirectories(dir.resolve("home/sam"));
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults());
        write(home.resolve(".cursor/mcp.json"), """
                {"mcpServers": {
                  "some-server": {"command": "npx", "args": ["-y", "@org/some-server@1.0.0"]},
                  "fetch": {"command": "uvx", "args": ["mcp-server-fetch==2025.4.7"]},
                  "notes": {"command": "node", "args": ["~/mcp/gone.js"]},
                  "docs": {"url": "https://mcp.example.com/mcp"}
                }}
                """);
        write(home.resolve(".npm/_npx/0a1b2c3d/node_modules/@org/some-server/package.json"), """
                {"name": "@org/some-server", "version": "0.9.0"}
                """);
        Files.createDirectories(home.resolve(".local/share/uv/tools/mcp-server-fetch/lib/python3.12/site-packages/mcp_server_fetch-2025.4.7.dist-info"));
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private SyncRun sync(String live) {
        tightrope.sources().add(new SourceConfig("sam-laptop", LocalDiscoveryConnector.TYPE, Map.of("home", home.toString(), "os", "linux", "live", live)));
        return tightrope.sources().sync("sam-laptop", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    private Map<String, String> properties(String identity) {
        Urn urn = Urn.of(AssetKind.MCP_SERVER, LocalDiscoveryConnector.TYPE, identity);
        return tightrope.inventory().find(urn).orElseThrow(() -> new AssertionError("not in the cache: " + urn)).asset().properties();
    }

    @Test
    void aLiveSyncRecordsTheInstalledVersionsAndTheProcessRunningTheServer() throws Exception {
        Process server = new ProcessBuilder("sh", "-c", "sleep 60", "npx", "-y", "@org/some-server@1.0.0").start();
        String user = server.info().user().orElseThrow();
        SyncRun run;
        try {
            run = sync("yes");
        } finally {
            server.destroy();
            server.onExit().get();
        }
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);

        Map<String, String> some = properties("npm:@org/some-server@1.0.0");
        assertThat(some).containsEntry("installed", "yes").containsEntry("installed.version", "0.9.0").containsEntry("installed.matches", "no")
                .containsEntry("installed.where", "~/.npm/_npx/0a1b2c3d/node_modules/@org/some-server (0.9.0)")
                .containsEntry("running", "yes").containsEntry("running.pids", Long.toString(server.pid()));
        assertThat(some.get("running.processes")).startsWith("pid " + server.pid() + " as " + user + " since ");

        Map<String, String> fetch = properties("pypi:mcp-server-fetch==2025.4.7");
        assertThat(fetch).containsEntry("installed", "yes").containsEntry("installed.matches", "yes")
                .containsEntry("installed.where", "~/.local/share/uv/tools/mcp-server-fetch (2025.4.7)");
        assertThat(fetch.get("running")).isIn("no", "unknown");

        assertThat(properties("local:~/mcp/gone.js")).containsEntry("installed", "no").containsEntry("installed.reason", "~/mcp/gone.js does not exist");
        assertThat(properties("remote:https://mcp.example.com/mcp")).as("an endpoint installs and runs nothing here")
                .doesNotContainKeys("installed", "running");
    }

    @Test
    void aHomeNotLookedAtLiveHasItsPackagesButItsProcessesUnknown() throws Exception {
        Process server = new ProcessBuilder("sh", "-c", "sleep 60", "npx", "-y", "@org/some-server@1.0.0").start();
        try {
            assertThat(sync("no").status()).isEqualTo(SyncStatus.SUCCEEDED);
        } finally {
            server.destroy();
            server.onExit().get();
        }
        assertThat(properties("npm:@org/some-server@1.0.0")).containsEntry("installed", "yes").containsEntry("running", "unknown")
                .containsEntry("running.reason", "this source does not look at this machine's processes and images").doesNotContainKey("running.pids");
    }
}
