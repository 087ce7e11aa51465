package dev.tightrope.domain;

import java.util.List;

/** A kind of source this build can sync, with the settings it takes (for the CLI and the Sources view). */
public record SourceType(String type, String description, List<Setting> settings) {

    public SourceType {
        settings = List.copyOf(settings);
    }

    /** A setting; {@code secret} settings hold the name of an environment variable, never the secret itself. */
    public record Setting(String key, String description, boolean required, boolean secret) {
    }
}
