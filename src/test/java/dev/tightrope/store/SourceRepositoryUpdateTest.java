package dev.tightrope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.SourceConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a saved source's settings in a real cache file. */
class SourceRepositoryUpdateTest {
    @TempDir
    Path dir;

    @Test
    void newSettingsReplaceTheOldOnesAndSurviveReopening() {
        try (StoreFixture f = new StoreFixture(dir)) {
            f.sources.update(new SourceConfig("lake", "openlineage", Map.of("path", "/data/events-2026")));
        }
        try (StoreFixture f = new StoreFixture(dir)) {
            assertThat(f.sources.find("lake").orElseThrow().settings()).containsExactly(Map.entry("path", "/data/events-2026"));
            assertThat(f.sources.list()).hasSize(1);
        }
    }

    @Test
    void aSourceThatDoesNotExistOrChangesTypeIsRefused() {
        try (StoreFixture f = new StoreFixture(dir)) {
            assertThatThrownBy(() -> f.sources.update(new SourceConfig("sea", "openlineage", Map.of("path", "/x"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no source named 'sea'");
            assertThatThrownBy(() -> f.sources.update(new SourceConfig("lake", "model-files", Map.of("path", "/x"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type cannot change");
            assertThat(f.sources.find("lake").orElseThrow().settings()).containsEntry("path", "/data");
        }
    }
}
