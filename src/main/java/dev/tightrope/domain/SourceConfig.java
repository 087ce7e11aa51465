package dev.tightrope.domain;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A configured source: a name the user chose, a connector type and that connector's settings.
 * Settings never hold secrets; a setting may name the environment variable that does.
 */
public record SourceConfig(String name, String type, Map<String, String> settings) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "source name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("source type '" + type + "' is not a connector type");
        }
        settings = Collections.unmodifiableMap(new TreeMap<>(settings == null ? Map.of() : settings));
    }

    /** Whether {@code name} can name a source: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public String setting(String key) {
        return settings.get(key);
    }

    public String requireSetting(String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("source '" + name + "' needs the setting '" + key + "'");
        }
        return value;
    }
}
