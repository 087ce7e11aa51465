package dev.tightrope.trust.reviewers;

import dev.tightrope.trust.keys.VerificationKey;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A reviewer an organisation trusts: a name (unique in the trust store), an optional email,
 * roles such as {@code security}, {@code ml-lead}, {@code legal}, and one public key.
 */
public record Reviewer(String name, String email, SortedSet<String> roles, VerificationKey key) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    public Reviewer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        String problem = nameProblem(name);
        if (problem == null && email != null) {
            problem = emailProblem(email);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        TreeSet<String> copy = new TreeSet<>();
        for (String r : roles == null ? Set.<String>of() : roles) {
            String bad = roleProblem(r);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            copy.add(r);
        }
        roles = Collections.unmodifiableSortedSet(copy);
    }

    /** What is wrong with a reviewer name, or null. */
    public static String nameProblem(String name) {
        return NAME.matcher(name).matches() ? null
                : "reviewer name '" + name + "' must be letters, digits, '.', '_', '@' or '-' (at most 64)";
    }

    /** What is wrong with an email address, or null. */
    public static String emailProblem(String email) {
        return EMAIL.matcher(email).matches() ? null : "'" + email + "' is not an email address";
    }

    /** What is wrong with a role name, or null. */
    public static String roleProblem(String role) {
        return ROLE.matcher(role).matches() ? null : "role '" + role + "' must be lower-case letters, digits and '-' (e.g. security, ml-lead)";
    }

    public String fingerprint() {
        return key.fingerprint();
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The identity approvals carry: {@code mailto:} the email, else the name. */
    public String id() {
        return email != null ? "mailto:" + email : name;
    }
}
