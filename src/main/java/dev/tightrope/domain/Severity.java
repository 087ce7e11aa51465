package dev.tightrope.domain;

import java.util.Comparator;
import java.util.Locale;

/** Finding severity, worst first (the natural order is critical, high, medium, low, info). */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO;

    /**
     * Risk order, least first: no finding (null), info, low, medium, high, critical. What a
     * "Risk" column sorts by ascending; reversed, the worst comes first.
     */
    public static final Comparator<Severity> BY_RISK = Comparator.nullsFirst(Comparator.<Severity>naturalOrder().reversed());

    public String token() {
        return Labels.token(this);
    }

    public static Severity fromToken(String token) {
        return valueOf(token.trim().toUpperCase(Locale.ROOT));
    }
}
