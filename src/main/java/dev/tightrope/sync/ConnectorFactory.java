package dev.tightrope.sync;

import dev.tightrope.domain.SourceConfig;
import java.util.List;

/** Creates connectors of one type and describes their settings (for the CLI and the Sources view). */
public interface ConnectorFactory {

    /** The source type, e.g. {@code openlineage}. */
    String type();

    /** One line for users: what this source reads. */
    String description();

    /** The settings this type takes. */
    List<SettingSpec> settings();

    /** Checks the settings and creates a connector; throws IllegalArgumentException with a clear message. */
    Connector create(SourceConfig config);

    /** A setting of a source type. {@code secret} settings hold the name of an environment variable, never a value. */
    record SettingSpec(String key, String description, boolean required, boolean secret) {
    }
}
