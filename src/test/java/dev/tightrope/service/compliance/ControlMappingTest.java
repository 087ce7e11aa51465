package dev.tightrope.service.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping file: the bundled default, a workspace's override, and bad files refused with where they are wrong. */
class ControlMappingTest {

    static final String MINIMAL = """
            {"format": "tightrope.compliance/v1", "version": "acme-1", "frameworks": [
              {"id": "ACME", "name": "Acme policy", "controls": [
                {"id": "ACME 1", "title": "Owned", "appliesFrom": null, "evidence": ["owner-assigned"]}]}]}
            """;

    static ControlMapping parse(String json) {
        return ControlMapping.parse(json.getBytes(StandardCharsets.UTF_8), "compliance.json");
    }

    @Test
    void theBundledMappingHasTheThreeFrameworksWithTheEuDatesAndNoneForTheOthers() {
        ControlMapping m = ControlMapping.bundled();
        assertThat(m.frameworks()).extracting(Framework::id).containsExactly("EU-AI-ACT", "NIST-AI-RMF", "ISO-42001");
        Framework eu = m.frameworks().get(0);
        assertThat(eu.controls()).extracting(Control::id).containsExactly("EU-AI-ACT Art. 9", "EU-AI-ACT Art. 10", "EU-AI-ACT Art. 11",
                "EU-AI-ACT Art. 12", "EU-AI-ACT Art. 13", "EU-AI-ACT Art. 14", "EU-AI-ACT Art. 15", "EU-AI-ACT Art. 17",
                "EU-AI-ACT Art. 26", "EU-AI-ACT Art. 72", "EU-AI-ACT Art. 73", "EU-AI-ACT Annex IV");
        assertThat(eu.controls()).allSatisfy(c -> assertThat(c.appliesFrom()).isEqualTo(LocalDate.of(2026, 8, 2)));
        assertThat(m.frameworks().get(1).controls()).hasSize(19).allSatisfy(c -> assertThat(c.appliesFrom()).isNull());
        assertThat(m.frameworks().get(2).controls()).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo("ISO/IEC 42001 A.6.2.8");
            assertThat(c.evidence()).containsExactly(EvidenceKind.AUDIT_LOG_INTACT);
        });
    }

    @Test
    void aWorkspaceFileReplacesTheBundledMapping(@TempDir Path ws) throws Exception {
        assertThat(ControlMapping.forWorkspace(ws).origin()).isEqualTo("bundled");
        Files.writeString(ws.resolve("compliance.json"), MINIMAL);
        ControlMapping m = ControlMapping.forWorkspace(ws);
        assertThat(m.origin()).isEqualTo(ws.resolve("compliance.json").toString());
        assertThat(m.version()).isEqualTo("acme-1");
        assertThat(m.frameworks()).singleElement().satisfies(f -> assertThat(f.controls()).extracting(Control::id).containsExactly("ACME 1"));
    }

    @Test
    void badFilesAreRefusedWithTheFileAndThePath() {
        assertThatThrownBy(() -> parse(MINIMAL.replace("\"evidence\"", "\"evidnce\"")))
                .hasMessageStartingWith("compliance.json: /frameworks/0/controls/0/evidnce: unknown field");
        assertThatThrownBy(() -> parse(MINIMAL.replace("owner-assigned", "owner-asigned")))
                .hasMessageContaining("/frameworks/0/controls/0/evidence/0: unknown evidence kind \"owner-asigned\"");
        assertThatThrownBy(() -> parse(MINIMAL.replace("\"appliesFrom\": null", "\"appliesFrom\": \"2026-13-01\"")))
                .hasMessageContaining("/frameworks/0/controls/0/appliesFrom: expected a date");
        assertThatThrownBy(() -> parse(MINIMAL.replace("\"title\": \"Owned\",", "")))
                .hasMessageContaining("/frameworks/0/controls/0/title: missing");
        assertThatThrownBy(() -> parse(MINIMAL.replace("\"version\": \"acme-1\"", "\"version\": \"1\", \"version\": \"2\"")))
                .hasMessageContaining("a key appears twice");
        assertThatThrownBy(() -> parse(MINIMAL.replace("/v1", "/v2"))).hasMessageContaining("/format: expected");
    }
}
