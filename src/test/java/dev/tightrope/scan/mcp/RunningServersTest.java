package dev.tightrope.scan.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.scan.mcp.LocalState.Presence;
import dev.tightrope.scan.mcp.LocalState.Running;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which processes run a server, matched by its launch identity in the process table, never by its name. */
class RunningServersTest {

    private final LaunchParser parser = new LaunchParser(file -> Optional.empty());
    private final Path home = Path.of("/home/alice");

    private LaunchIdentity launch(String command, String... args) {
        return parser.identify(command, List.of(args), null);
    }

    @Test
    void aRealProcessWhoseCommandLineLaunchesThePackageIsFoundWithItsPidUserAndStart() throws Exception {
        // argv: sh -c 'sleep 60' npx -y @org/some-server@1.0.0 — the launch is in the command line, sleep does the waiting
        Process p = new ProcessBuilder("sh", "-c", "sleep 60", "npx", "-y", "@org/some-server@1.0.0").start();
        try {
            Running running = new RunningServers(ProcessTable.system().snapshot(), home).check(launch("npx", "-y", "@org/some-server@1.0.0"));
            assertThat(running.presence()).isEqualTo(Presence.YES);
            assertThat(running.processes()).singleElement().satisfies(r -> {
                assertThat(r.pid()).isEqualTo(p.pid());
                assertThat(r.user()).isEqualTo(p.info().user().orElseThrow());
                assertThat(r.start()).isEqualTo(p.info().startInstant().orElseThrow());
            });
            Running otherVersion = new RunningServers(ProcessTable.system().snapshot(), home).check(launch("npx", "-y", "@org/some-server@2.0.0"));
            assertThat(otherVersion.processes()).extracting(LocalState.RunningProcess::pid).doesNotContain(p.pid());
        } finally {
            p.destroy();
            p.onExit().get();
        }
        Running after = new RunningServers(ProcessTable.system().snapshot(), home).check(launch("npx", "-y", "@org/some-server@1.0.0"));
        assertThat(after.processes()).extracting(LocalState.RunningProcess::pid).doesNotContain(p.pid());
    }

    private static ProcessTable.Process process(long pid, String... argv) {
        return new ProcessTable.Process(pid, List.of(argv), "alice", Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void launchersPackageFoldersImagesAndLocalFilesAreMatchedAsTheyAppearInTheTable() {
        RunningServers table = new RunningServers(new ProcessTable.Snapshot(List.of(
                process(101, "/usr/bin/node", "/usr/lib/node_modules/npm/bin/npx-cli.js", "-y", "@modelcontextprotocol/server-github"),
                process(102, "/usr/bin/node", "/home/alice/.npm/_npx/6a2b/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js", "/home/alice"),
                process(103, "/home/alice/.local/bin/uv", "tool", "uvx", "mcp-server-fetch==2025.4.7"),
                process(104, "/home/alice/.local/share/uv/tools/mcp-server-git/bin/python", "/home/alice/.local/share/uv/tools/mcp-server-git/bin/mcp-server-git"),
                process(105, "/usr/bin/docker", "run", "-i", "--rm", "-e", "GITHUB_TOKEN", "ghcr.io/github/github-mcp-server:v0.24.1"),
                process(106, "/usr/bin/python3", "/home/alice/bin/notes_server.py"),
                process(107, "/usr/bin/node", "/usr/lib/node_modules/npm/bin/npx-cli.js", "mcp-remote", "https://mcp.example.com/sse"),
                process(108, "/usr/local/bin/github", "--stdio")), 0), home);

        assertThat(table.check(launch("npx", "-y", "@modelcontextprotocol/server-github")).processes()).extracting(LocalState.RunningProcess::pid)
                .containsExactly(101L);
        assertThat(table.check(launch("npx", "-y", "@modelcontextprotocol/server-filesystem@2025.8.21")).processes())
                .extracting(LocalState.RunningProcess::pid).as("a file of the package: its version is not in the command line").containsExactly(102L);
        assertThat(table.check(launch("uvx", "mcp-server-fetch==2025.4.7")).presence()).isEqualTo(Presence.YES);
        assertThat(table.check(launch("uvx", "mcp-server-fetch==2025.1.0")).presence()).as("another version is another server").isEqualTo(Presence.NO);
        assertThat(table.check(launch("uv", "tool", "run", "mcp_server_git")).presence()).isEqualTo(Presence.YES);
        assertThat(table.check(launch("podman", "run", "ghcr.io/github/github-mcp-server:v0.24.1")).processes())
                .extracting(LocalState.RunningProcess::pid).containsExactly(105L);
        assertThat(table.check(launch("python3", "~/bin/notes_server.py")).presence()).isEqualTo(Presence.YES);
        assertThat(table.check(launch("npx", "mcp-remote", "https://mcp.example.com/sse")).presence()).isEqualTo(Presence.YES);
        // a server called "github" is not running because a program called github runs: names are not identities
        Running byName = table.check(launch("npx", "-y", "github-mcp"));
        assertThat(byName.presence()).isEqualTo(Presence.NO);
        assertThat(byName.reason()).isEqualTo("no process runs npm:github-mcp");
    }

    @Test
    void whenOtherUsersHideTheirCommandLinesAnUnmatchedServerIsUnknownNotStopped() {
        RunningServers table = new RunningServers(new ProcessTable.Snapshot(List.of(process(201, "/usr/bin/bash")), 3), home);
        Running r = table.check(launch("npx", "-y", "@org/pkg@1.0.0"));
        assertThat(r.presence()).isEqualTo(Presence.UNKNOWN);
        assertThat(r.reason()).isEqualTo("3 processes hide their command line from this user");
    }

    @Test
    void aHomeThatIsNotThisMachinesIsReadForPackagesButItsProcessesAreUnknown() {
        LocalStateCheck check = LocalStateCheck.of(Path.of("/nonexistent/copied-home"), OsLayout.MACOS, null);
        LocalState state = check.check(launch("npx", "-y", "@org/pkg@1.0.0"), true);
        assertThat(state.installed().presence()).isEqualTo(Presence.NO);
        assertThat(state.running().presence()).isEqualTo(Presence.UNKNOWN);
        assertThat(state.running().reason()).contains("not the home of the user running Tightrope");
        assertThat(check.check(launch("npx", "-y", "@org/pkg@1.0.0"), true).properties()).containsEntry("installed", "no")
                .containsEntry("running", "unknown").doesNotContainKey("running.pids");
        assertThat(check.check(parser.identify(null, List.of(), "https://mcp.example.com/mcp"), false).properties()).isEmpty();
    }
}
