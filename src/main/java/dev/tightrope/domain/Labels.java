package dev.tightrope.domain;

import java.util.Locale;

/**
 * How an enum constant is written, the same on every machine. The default locale must not take
 * part: in a Turkish one, {@code "INFO".toLowerCase()} is {@code "ınfo"}, which would change
 * tokens in JSON, file names and the audit log, and break reading them back.
 */
public final class Labels {
    private Labels() {
    }

    /** {@code SUCCEEDED_WITH_PROBLEMS} as {@code succeeded_with_problems}: for JSON, the cache, audit details, file names. */
    public static String token(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** {@code SUCCEEDED_WITH_PROBLEMS} as {@code succeeded with problems}: for people. */
    public static String of(Enum<?> constant) {
        return token(constant).replace('_', ' ');
    }
}
