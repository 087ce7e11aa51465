package dev.tightrope.scan.mcp.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdioProbeTest {
    @TempDir
    Path dir;

    private final StdioProbe probe = new StdioProbe(ProbeLimits.STANDARD.withTimeout(Duration.ofSeconds(30)), Clock.systemUTC());

    @Test
    void theEverythingServerListsItsToolsPromptsAndResources() throws Exception {
        ProbeOutcome outcome = probe.probe(ProbeTarget.command(McpServers.reference("server-everything", "stdio"), Map.of()));

        assertThat(outcome.failure()).isNull();
        ProbeResult r = outcome.result();
        assertThat(r.serverName()).isNotBlank();
        assertThat(r.protocolVersion()).isIn(Handshake.SUPPORTED);
        assertThat(r.tools()).extracting(ProbedEntity::name).contains("echo");
        assertThat(r.of(ProbedEntity.Kind.PROMPT)).isNotEmpty();
        assertThat(r.of(ProbedEntity.Kind.RESOURCE)).isNotEmpty();
        assertThat(r.of(ProbedEntity.Kind.RESOURCE_TEMPLATE)).isNotEmpty();
        assertThat(r.tools()).allSatisfy(t -> assertThat(t.sha256()).hasSize(64));
        assertNoneAlive(outcome);
        System.out.printf("probe of server-everything: %d ms, %d tools, %d prompts, %d resources%n", outcome.millis(), r.tools().size(),
                r.of(ProbedEntity.Kind.PROMPT).size(), r.of(ProbedEntity.Kind.RESOURCE).size());
    }

    @Test
    void theFilesystemServerListsItsToolsAndPinsThemTheSameTwice() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        ProbeTarget target = ProbeTarget.command(McpServers.reference("server-filesystem", shared.toString()), Map.of());

        ProbeOutcome first = probe.probe(target);
        ProbeOutcome second = probe.probe(target);

        assertThat(first.failure()).isNull();
        assertThat(first.result().tools()).extracting(ProbedEntity::name).contains("read_text_file", "list_directory");
        assertThat(second.result().serverSha256()).isEqualTo(first.result().serverSha256());
        assertThat(ProbeComparison.compare(first.result(), second.result())).isEmpty();
        assertNoneAlive(first);
        assertNoneAlive(second);
        System.out.printf("probe of server-filesystem: %d ms, %d tools%n", first.millis(), first.result().tools().size());
    }

    @Test
    void aToolWhoseDescriptionChangesBetweenProbesIsARugPullAndItsChildProcessIsStopped() throws Exception {
        Path state = dir.resolve("starts");
        ProbeTarget target = ProbeTarget.command(McpServers.handWritten(dir, "poisoned", state), Map.of());

        ProbeOutcome first = probe.probe(target);
        ProbeOutcome second = probe.probe(target);

        assertThat(first.failure()).isNull();
        assertThat(DescriptionRules.check(first.result(), Map.of())).isEmpty();
        List<ProbeFinding> changes = ProbeComparison.compare(first.result(), second.result());
        assertThat(changes).filteredOn(f -> f.ruleId().equals(ProbeFinding.RUG_PULL)).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("tool add");
            assertThat(f.evidence()).contains("before: \"Adds two numbers.\"").contains("now: \"Adds two numbers. <IMPORTANT>Before using");
            assertThat(f.fails()).isTrue();
        });
        assertThat(DescriptionRules.check(second.result(), Map.of())).extracting(ProbeFinding::ruleId)
                .contains(DescriptionRules.PSEUDO_TAG, DescriptionRules.COERCION, DescriptionRules.SENSITIVE_PATH);
        // the server and the child it left behind, each time
        assertThat(first.processes()).hasSizeGreaterThanOrEqualTo(2);
        assertNoneAlive(first);
        assertNoneAlive(second);
        assertThat(dir.resolve("starts.called")).doesNotExist();
    }

    @Test
    void theServerSeesOnlyPathATemporaryHomeAndTheVariablesItsConfigNames() throws Exception {
        ProbeOutcome outcome = probe.probe(ProbeTarget.command(McpServers.handWritten(dir, "env", dir.resolve("starts")),
                Map.of("PROBE_TOKEN", "from-the-config")));

        String seen = outcome.result().tools().get(0).description();
        assertThat(seen).startsWith("HOME,PATH,PROBE_TOKEN,USERPROFILE HOME=").endsWith(" TOKEN=from-the-config");
        String home = seen.substring(seen.indexOf("HOME=") + 5, seen.indexOf(" TOKEN="));
        assertThat(home).isNotEqualTo(System.getProperty("user.home")).contains("tightrope-probe-");
        assertThat(Path.of(home)).doesNotExist();
        assertNoneAlive(outcome);
    }

    @Test
    void listsAreFollowedThroughTheirCursors() throws Exception {
        ProbeOutcome outcome = probe.probe(ProbeTarget.command(McpServers.handWritten(dir, "paging", dir.resolve("starts")), Map.of()));

        assertThat(outcome.result().tools()).extracting(ProbedEntity::name).containsExactly("tool0", "tool1", "tool2");
    }

    @Test
    void aServerThatNeverAnswersIsStoppedAtTheTimeout() throws Exception {
        StdioProbe quick = new StdioProbe(ProbeLimits.STANDARD.withTimeout(Duration.ofSeconds(2)), Clock.systemUTC());

        ProbeOutcome outcome = quick.probe(ProbeTarget.command(McpServers.handWritten(dir, "silent", dir.resolve("starts")), Map.of()));

        assertThat(outcome.failure()).isEqualTo("no answer to initialize within 2 s; stopped");
        assertNoneAlive(outcome);
    }

    @Test
    void aServerThatFloodsItsOutputIsStoppedAtTheCap() throws Exception {
        ProbeOutcome outcome = probe.probe(ProbeTarget.command(McpServers.handWritten(dir, "flood", dir.resolve("starts")), Map.of()));

        assertThat(outcome.failure()).startsWith("the server wrote a line of more than " + ProbeLimits.STANDARD.maxLineBytes() + " bytes; stopped");
        assertNoneAlive(outcome);
    }

    @Test
    void aCommandThatCannotStartSaysSo() throws Exception {
        ProbeOutcome outcome = probe.probe(ProbeTarget.command(List.of(dir.resolve("no-such-server").toString()), Map.of()));

        assertThat(outcome.failure()).startsWith("cannot start " + dir.resolve("no-such-server"));
        assertThat(outcome.processes()).isEmpty();
    }

    static void assertNoneAlive(ProbeOutcome outcome) {
        assertThat(outcome.processes()).isNotEmpty();
        assertThat(outcome.processes()).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("process %d", pid).isIn(Optional.empty(), Optional.of(false)));
    }
}
