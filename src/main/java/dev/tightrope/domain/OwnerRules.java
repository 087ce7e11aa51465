package dev.tightrope.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The owner rules file, CODEOWNERS-style: one rule a line, {@code <pattern> <owner>... [role=ROLE]},
 * {@code #} starts a comment, blank lines are skipped, and when several rules match an asset the
 * last one wins. Patterns: a URN glob ({@code tr:model:mlflow:fraud-*}), {@code source:NAME},
 * {@code tag:TAG}, {@code property:KEY=GLOB}. A file with any error has {@link #errors()} and no
 * rules: it is applied all or nothing.
 */
public record OwnerRules(String file, List<OwnerRule> rules, List<String> errors) {

    /** Longest rules file read: far above any hand-written one, small enough to hold in memory. */
    public static final int MAX_CHARS = 1 << 20;
    private static final int MAX_RULES = 10_000;
    private static final int MAX_TOKEN = 512;

    public OwnerRules {
        rules = List.copyOf(rules);
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public static OwnerRules empty(String file) {
        return new OwnerRules(file, List.of(), List.of());
    }

    /** Parses the text of the rules file called {@code file} (the name errors and claims cite). */
    public static OwnerRules parse(String file, String text) {
        List<OwnerRule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (text.length() > MAX_CHARS) {
            return new OwnerRules(file, List.of(), List.of(file + ": longer than " + MAX_CHARS + " characters"));
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            try {
                rules.add(parseLine(file, i + 1, content));
            } catch (IllegalArgumentException e) {
                errors.add(file + ":" + (i + 1) + ": " + e.getMessage());
            }
            if (rules.size() > MAX_RULES) {
                errors.add(file + ": more than " + MAX_RULES + " rules");
                break;
            }
        }
        return errors.isEmpty() ? new OwnerRules(file, rules, List.of()) : new OwnerRules(file, List.of(), errors);
    }

    private static OwnerRule parseLine(String file, int number, String content) {
        String[] tokens = content.split("\\s+");
        for (String t : tokens) {
            if (t.length() > MAX_TOKEN) {
                throw new IllegalArgumentException("a word longer than " + MAX_TOKEN + " characters");
            }
        }
        OwnerRule.Pattern pattern = pattern(tokens[0]);
        OwnerRole role = OwnerRole.TECHNICAL_OWNER;
        boolean roleSeen = false;
        List<OwnerRule.RuleOwner> owners = new ArrayList<>();
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.toLowerCase(Locale.ROOT).startsWith("role=")) {
                if (roleSeen) {
                    throw new IllegalArgumentException("role= is given twice");
                }
                roleSeen = true;
                role = role(t.substring(5));
            } else {
                owners.add(owner(t));
            }
        }
        return new OwnerRule(file, number, pattern, owners, role);
    }

    private static OwnerRule.Pattern pattern(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.startsWith("source:")) {
            return new OwnerRule.Pattern.Source(nonEmpty(token.substring(7), "source: needs a source name"));
        }
        if (lower.startsWith("tag:")) {
            return new OwnerRule.Pattern.Tag(nonEmpty(token.substring(4), "tag: needs a tag"));
        }
        if (lower.startsWith("property:")) {
            String rest = token.substring(9);
            int eq = rest.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a property pattern is property:KEY=GLOB, got '" + token + "'");
            }
            return new OwnerRule.Pattern.Property(rest.substring(0, eq), rest.substring(eq + 1));
        }
        if (lower.startsWith("tr:") || token.startsWith("*")) {
            return new OwnerRule.Pattern.UrnGlob(token);
        }
        throw new IllegalArgumentException("'" + token + "' is not a pattern: write a URN glob (tr:…), "
                + "source:NAME, tag:TAG or property:KEY=GLOB");
    }

    private static OwnerRole role(String token) {
        try {
            return OwnerRole.fromToken(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + token + "' (technical_owner, business_owner or steward)");
        }
    }

    private static OwnerRule.RuleOwner owner(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.startsWith("team:") || lower.startsWith("group:")) {
            return new OwnerRule.RuleOwner(nonEmpty(token.substring(token.indexOf(':') + 1), "team: needs a name"), OwnerType.TEAM);
        }
        if (lower.startsWith("user:") || lower.startsWith("person:")) {
            return new OwnerRule.RuleOwner(nonEmpty(token.substring(token.indexOf(':') + 1), "user: needs a name"), OwnerType.PERSON);
        }
        if (token.contains("=")) {
            throw new IllegalArgumentException("'" + token + "' is neither an owner nor role=ROLE");
        }
        return new OwnerRule.RuleOwner(token, token.contains("@") ? OwnerType.PERSON : OwnerType.UNKNOWN);
    }

    private static String nonEmpty(String s, String message) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException(message);
        }
        return s;
    }
}
