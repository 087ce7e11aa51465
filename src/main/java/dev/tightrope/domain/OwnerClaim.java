package dev.tightrope.domain;

import java.util.Objects;

/** "This principal owns that asset in this role", as a source (or the user) asserts it. */
public record OwnerClaim(Urn asset, String owner, OwnerType type, OwnerRole role, Provenance provenance) {

    public OwnerClaim {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(provenance, "provenance");
        owner = owner.strip();
        if (owner.isEmpty() || owner.length() > 256) {
            throw new IllegalArgumentException("owner name must be 1 to 256 characters");
        }
    }

    /** Reads the common {@code team:fraud} / {@code user:ana@acme.com} / {@code ana@acme.com} forms. */
    public static OwnerClaim fromSource(Urn asset, String rawOwner, String declaredType, OwnerRole role) {
        String owner = rawOwner.strip();
        OwnerType type = OwnerType.UNKNOWN;
        String lower = owner.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("team:") || lower.startsWith("group:")) {
            type = OwnerType.TEAM;
            owner = owner.substring(owner.indexOf(':') + 1);
        } else if (lower.startsWith("user:") || lower.startsWith("person:")) {
            type = OwnerType.PERSON;
            owner = owner.substring(owner.indexOf(':') + 1);
        }
        if (declaredType != null) {
            String t = declaredType.toUpperCase(java.util.Locale.ROOT);
            if (t.contains("TEAM") || t.contains("GROUP")) {
                type = OwnerType.TEAM;
            } else if (t.contains("USER") || t.contains("PERSON") || t.contains("INDIVIDUAL")) {
                type = OwnerType.PERSON;
            }
        }
        if (type == OwnerType.UNKNOWN && owner.contains("@")) {
            type = OwnerType.PERSON;
        }
        return new OwnerClaim(asset, owner, type, role, Provenance.SOURCE_METADATA);
    }
}
