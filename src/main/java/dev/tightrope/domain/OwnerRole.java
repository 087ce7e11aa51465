package dev.tightrope.domain;

import java.util.Locale;

/** What an owner is responsible for. */
public enum OwnerRole {
    TECHNICAL_OWNER("Technical owner"),
    BUSINESS_OWNER("Business owner"),
    STEWARD("Steward");

    private final String label;

    OwnerRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String token() {
        return Labels.token(this);
    }

    public static OwnerRole fromToken(String token) {
        return valueOf(token.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
