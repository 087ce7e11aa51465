package dev.tightrope.domain;

import java.util.Locale;

/** Finding severity, worst first. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO;

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    public static Severity fromToken(String token) {
        return valueOf(token.trim().toUpperCase(Locale.ROOT));
    }
}
