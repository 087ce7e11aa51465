package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.scan.skills.SkillFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tightrope shadow scan} reports skills and plugins in text, JSON and SARIF; a critical risk in one fails the scan. */
class ShadowScanSkillsTest {

    @TempDir
    Path dir;

    Path home;

    @BeforeEach
    void fixture() throws IOException {
        home = Files.createDirectories(dir.resolve("priya"));
    }

    private ShadowCommandTest.Result scan(String... extra) {
        List<String> args = new ArrayList<>(List.of("shadow", "scan", "--home", home.toString(), "--os", "windows"));
        args.addAll(List.of(extra));
        return ShadowCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void benignSkillsAreListedAndPassWhileAPoisonedOneFails() throws IOException {
        SkillFixtures.write(home.resolve(".claude/skills/pdf/SKILL.md"), "---\nname: pdf\ndescription: Read PDFs.\n---\nRead it.\n");
        ShadowCommandTest.Result clean = scan();
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains("SKILL             pdf — ~/.claude/skills/pdf (Claude Code, user)", "1 skills and plugins, 0 critical findings in them");

        SkillFixtures.home(home);
        ShadowCommandTest.Result poisoned = scan();
        assertThat(poisoned.code()).isEqualTo(Cli.FAILED);
        assertThat(poisoned.out()).contains("CRITICAL skill.script-exfiltration: A bundled script reads local secrets and sends data off the machine",
                "(~/.claude/skills/report-helper/scripts/sync.sh:3)", "PLUGIN            deploy-kit",
                "hook PreToolUse [Bash] runs: ${CLAUDE_PLUGIN_ROOT}/scripts/check.sh");
    }

    @Test
    void jsonAndSarifCarryTheSkillsFindingsAtTheirFileAndLine() throws IOException {
        SkillFixtures.home(home);
        ShadowCommandTest.Result json = scan("--json");
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(json.code()).isEqualTo(Cli.FAILED);
        assertThat(report.get("fails").asBoolean()).isTrue();
        assertThat(report.get("skillCriticalFindings").asInt()).isEqualTo(2);
        JsonNode helper = null;
        for (JsonNode s : report.get("skills")) {
            if (s.get("name").asText().equals("report-helper")) {
                helper = s;
            }
        }
        assertThat(helper).isNotNull();
        assertThat(helper.get("kind").asText()).isEqualTo("skill");
        assertThat(helper.get("bundled").get(0).get("sha256").asText()).hasSize(64);
        assertThat(helper.get("findings")).extracting(f -> f.get("ruleId").asText() + "@" + f.get("line").asInt())
                .contains("skill.script-exfiltration@3", "skill.unrestricted-shell@4", "mcp.desc.hidden-unicode@3");

        JsonNode sarif = new ObjectMapper().readTree(scan("--sarif").out());
        List<String> results = new ArrayList<>();
        for (JsonNode r : sarif.get("runs").get(0).get("results")) {
            JsonNode loc = r.get("locations").get(0).get("physicalLocation");
            results.add(r.get("ruleId").asText() + " " + r.get("level").asText() + " " + loc.get("artifactLocation").get("uri").asText()
                    + (loc.has("region") ? ":" + loc.get("region").get("startLine").asInt() : ""));
        }
        assertThat(results).contains("skill.script-exfiltration error .claude/skills/report-helper/scripts/sync.sh:3",
                "skill.hook-command error .claude/plugins/cache/acme-tools/deploy-kit/1.2.0/hooks/hooks.json:3");
    }
}
