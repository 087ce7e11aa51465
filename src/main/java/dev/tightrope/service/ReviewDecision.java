package dev.tightrope.service;

import java.util.Locale;

/** What a reviewer decides about one artifact for one scope. */
public enum ReviewDecision {
    APPROVED,
    REJECTED;

    /** {@code approve}, {@code approved}, {@code reject} or {@code rejected}, any case. */
    public static ReviewDecision parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "approve", "approved" -> APPROVED;
            case "reject", "rejected" -> REJECTED;
            default -> throw new IllegalArgumentException("decision '" + text + "' is neither approve nor reject");
        };
    }

    public String label() {
        return this == APPROVED ? "approved" : "rejected";
    }
}
