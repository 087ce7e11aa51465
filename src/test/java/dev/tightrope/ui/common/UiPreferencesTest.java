package dev.tightrope.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiPreferencesTest {

    @TempDir
    Path dir;

    @Test
    void savedPreferencesReadBackAndNoTemporaryFileStays() throws IOException {
        Path file = dir.resolve("demo/ui.properties");
        UiPreferences prefs = new UiPreferences(file);
        prefs.put("window.width", 1024.0);
        prefs.put("view.last", "Übersicht");
        prefs.save();

        UiPreferences again = new UiPreferences(file);
        assertThat(again.getDouble("window.width", 0)).isEqualTo(1024.0);
        assertThat(again.get("view.last", null)).isEqualTo("Übersicht");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aDamagedFileGivesTheDefaultsAndIsReplacedOnSave() throws IOException {
        Path file = dir.resolve("ui.properties");
        Files.write(file, new byte[] {'w', 'i', 'n', '=', '\\', 'u', '0', '0'});
        UiPreferences prefs = new UiPreferences(file);
        assertThat(prefs.getDouble("window.width", 880)).isEqualTo(880);

        prefs.put("theme.dark", true);
        prefs.save();
        assertThat(new UiPreferences(file).get("theme.dark", "false")).isEqualTo("true");
    }
}
