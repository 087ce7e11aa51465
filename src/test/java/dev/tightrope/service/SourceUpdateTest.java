package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.SourceConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a source: checked like adding one, recorded in the audit log with what changed. */
class SourceUpdateTest {
    @TempDir
    Path dir;

    private static List<AuditEntry> updates(Tightrope t) {
        return t.audit().entries(new AuditQuery(null, "source.update", null, null, null, 0, 10));
    }

    @Test
    void changedSettingsAreSavedAndAuditedWithTheirKeys() {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            t.sources().add(new SourceConfig("hub", "huggingface", Map.of("author", "kestrel", "token", "HF_TOKEN")));
            List<String> changed = t.sources().update(new SourceConfig("hub", "huggingface",
                    Map.of("author", "kestrel-lending", "token", "HF_TOKEN", "datasets", "false")));

            assertThat(changed).containsExactly("author", "datasets");
            assertThat(t.sources().find("hub").orElseThrow().settings())
                    .containsEntry("author", "kestrel-lending").containsEntry("datasets", "false");
            assertThat(updates(t)).singleElement().satisfies(e -> {
                assertThat(e.event().subject()).isEqualTo("hub");
                assertThat(e.event().details()).containsEntry("changed", "author,datasets")
                        .containsEntry("setting.author", "kestrel-lending").containsEntry("type", "huggingface")
                        .doesNotContainKey("setting.token");
            });
        }
    }

    @Test
    void aRemovedSettingIsAChangeAndNoChangeRecordsNothing() {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            t.sources().add(new SourceConfig("hub", "huggingface", Map.of("author", "kestrel", "token", "HF_TOKEN")));
            assertThat(t.sources().update(new SourceConfig("hub", "huggingface", Map.of("author", "kestrel")))).containsExactly("token");
            assertThat(t.sources().update(new SourceConfig("hub", "huggingface", Map.of("author", "kestrel")))).isEmpty();
            assertThat(updates(t)).singleElement().satisfies(e -> assertThat(e.event().details()).containsEntry("setting.token", ""));
        }
    }

    @Test
    void badSettingsAreRefusedAsAddRefusesThemAndNothingChanges() {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            t.sources().add(new SourceConfig("lake", "openlineage", Map.of("path", "/data/events")));
            assertThatThrownBy(() -> t.sources().update(new SourceConfig("lake", "openlineage", Map.of())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --path");
            assertThatThrownBy(() -> t.sources().update(new SourceConfig("lake", "openlineage", Map.of("path", "/x", "colour", "red"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no setting 'colour'");
            assertThatThrownBy(() -> t.sources().update(new SourceConfig("hub", "huggingface", Map.of("author", "x"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no source named 'hub'");
            assertThatThrownBy(() -> t.sources().update(new SourceConfig("lake", "model-files", Map.of("path", "/x"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type cannot change");
            assertThat(t.sources().find("lake").orElseThrow().settings()).containsExactly(Map.entry("path", "/data/events"));
            assertThat(updates(t)).isEmpty();
        }
    }

    @Test
    void aUrlThatBreaksTheLoopbackRuleIsRefusedByTheConnector() {
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            t.sources().add(new SourceConfig("hub", "huggingface", Map.of("author", "kestrel")));
            assertThatThrownBy(() -> t.sources().update(new SourceConfig("hub", "huggingface",
                    Map.of("author", "kestrel", "url", "http://hub.example.com"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        }
    }
}
