package dev.tightrope.domain;

import java.util.List;
import java.util.Objects;

/**
 * One line of the owner rules file: assets matching {@code pattern} are owned by {@code owners} in
 * {@code role}. A rule without owners is allowed, as in CODEOWNERS: when it is the last match, the
 * asset gets no owner from the rules. {@code line} is the rule's line in {@code file}, which is
 * what a claim it makes shows as its provenance.
 */
public record OwnerRule(String file, int line, Pattern pattern, List<RuleOwner> owners, OwnerRole role) {

    public OwnerRule {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(role, "role");
        owners = List.copyOf(owners);
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1");
        }
    }

    /** {@code owners.rules:12}: what a claim made by this rule shows as where it came from. */
    public String place() {
        return file + ":" + line;
    }

    /** What a rule matches on. Globs: {@code *} is any run of characters (slashes and colons too), {@code ?} one character. */
    public sealed interface Pattern {
        /** The asset's URN matches {@code glob}. */
        record UrnGlob(String glob) implements Pattern {
        }

        /** The asset belongs to the source named {@code name}. */
        record Source(String name) implements Pattern {
        }

        /** The asset carries the tag {@code tag} (exactly). */
        record Tag(String tag) implements Pattern {
        }

        /** The asset has the property {@code key} with a value matching {@code glob}. */
        record Property(String key, String glob) implements Pattern {
        }
    }

    /** An owner a rule names: {@code team:fraud-ml} is a team, {@code user:ana} or an e-mail address a person. */
    public record RuleOwner(String name, OwnerType type) {
        public RuleOwner {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
