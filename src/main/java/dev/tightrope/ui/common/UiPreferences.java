package dev.tightrope.ui.common;

import dev.tightrope.base.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Window size, theme and last view, kept in the workspace. A damaged file is ignored (defaults
 * apply) and rewritten on exit; it holds nothing that matters.
 */
public final class UiPreferences {
    private final Path file;
    private final Properties props = new Properties();

    public UiPreferences(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                props.clear();
            }
        }
    }

    public String get(String key, String fallback) {
        return props.getProperty(key, fallback);
    }

    public double getDouble(String key, double fallback) {
        try {
            return Double.parseDouble(props.getProperty(key, Double.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public void put(String key, Object value) {
        props.setProperty(key, String.valueOf(value));
    }

    /** Writes the file atomically ({@link AtomicFiles}): an app ended mid-save keeps the previous preferences. */
    public void save() {
        try {
            StringWriter text = new StringWriter();
            props.store(text, "Tightrope console preferences");
            AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // preferences are a convenience; failing to save them must not stop the app closing
            System.getLogger(UiPreferences.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot save the console preferences " + file + ": " + e.getMessage());
        }
    }
}
