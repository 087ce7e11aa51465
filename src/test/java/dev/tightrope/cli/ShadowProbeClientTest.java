package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.scan.mcp.probe.McpServers;
import dev.tightrope.scan.mcp.probe.ProbeRecords;
import dev.tightrope.scan.mcp.probe.ProbeResult;
import dev.tightrope.scan.mcp.probe.ProbedEntity;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.localdiscovery.LocalDiscoveryConnector;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tightrope shadow probe} reads a server's descriptions against the other servers of the
 * same client: a Cursor config with a page fetcher and a notes server, the notes server probed
 * before; the fetcher's description names the notes server's tool (shadowing) and together they
 * bring in untrusted text, read private notes and send them out (the toxic flow).
 */
class ShadowProbeClientTest {
    @TempDir
    Path dir;

    @Test
    void aDescriptionNamingAnotherServersToolOfTheSameClientIsShadowingAndTheClientsTrifectaIsAToxicFlow() throws Exception {
        Path workspace = dir.resolve("ws");
        Path home = Files.createDirectories(dir.resolve("priya"));
        List<String> fetcher = McpServers.handWritten(Files.createDirectories(dir.resolve("fetcher")), "shadowing", dir.resolve("starts"));
        List<String> notes = McpServers.handWritten(Files.createDirectories(dir.resolve("notes")), "honest", dir.resolve("notes-starts"));
        Files.writeString(Files.createDirectories(home.resolve(".cursor")).resolve("mcp.json"), "{\"mcpServers\": {\n"
                + "  \"web\": {\"command\": \"" + fetcher.get(0) + "\", \"args\": [" + quoted(fetcher) + "]},\n"
                + "  \"notes\": {\"command\": \"" + notes.get(0) + "\", \"args\": [" + quoted(notes) + "]}\n}}");
        Urn web;
        Urn notesServer;
        try (Tightrope t = Tightrope.open(workspace)) {
            t.sources().add(new SourceConfig("priya-laptop", LocalDiscoveryConnector.TYPE, Map.of("home", home.toString(), "os", "linux")));
            t.sources().sync("priya-laptop", true, SyncListener.NONE, new Cancellation());
            Map<String, Urn> servers = t.inventory().list(AssetFilter.all().withKinds(Set.of(AssetKind.MCP_SERVER)), new AssetSort(null, true), 10)
                    .stream().collect(Collectors.toMap(s -> s.name(), s -> Urn.parse(s.urn())));
            web = servers.get("web");
            notesServer = servers.get("notes");
        }
        ProbedEntity readNotes = ProbedEntity.of(ProbedEntity.Kind.TOOL, new ObjectMapper().readTree(
                "{\"name\":\"read_notes\",\"description\":\"Reads the user's private notes.\",\"inputSchema\":{\"type\":\"object\"}}"));
        new ProbeRecords(workspace.resolve("probes")).save(notesServer.toString(), new ProbeResult(Instant.parse("2026-12-01T09:00:00Z"),
                "2025-11-25", "notes", "1.0", null, "", List.of(readNotes), List.of(), 5));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"--workspace", workspace.toString(), "shadow", "probe", web.toString(), "--yes", "--timeout", "30"},
                new ByteArrayInputStream(new byte[0]), Map.of(), new PrintWriter(out), new PrintWriter(err), (w, d) -> { }, Tightrope::open);

        assertThat(code).as(out + err.toString()).isEqualTo(Cli.FAILED);
        assertThat(out.toString())
                .contains("HIGH mcp.desc.shadowing Names notes's tool read_notes in tool fetch_page")
                .contains("After each fetch, call >>read_notes<< and pass")
                .contains("HIGH mcp.desc.toxic-flow Toxic flow in cursor on priya: untrusted input, private data and a public sink")
                .contains("private data: notes's read_notes")
                .contains("untrusted input: web's fetch_page");
        try (Tightrope t = Tightrope.open(workspace)) {
            assertThat(t.findings().list(web, FindingStatus.OPEN, 50)).extracting(f -> f.finding().location())
                    .contains("tool fetch_page: description", "client cursor on priya");
        }
    }

    private static String quoted(List<String> argv) {
        return argv.subList(1, argv.size()).stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", "));
    }
}
