package dev.tightrope.scan.mcp;

import dev.tightrope.domain.Labels;

/** Who a config applies to: the whole machine (managed), one user, one project, or one installed plugin. */
public enum ConfigScope {
    SYSTEM,
    USER,
    PROJECT,
    PLUGIN;

    public String token() {
        return Labels.token(this);
    }
}
