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
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("reviewer name '" + name + "' must be letters, digits, '.', '_', '@' or '-' (at most 64)");
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("'" + email + "' is not an email address");
        }
        TreeSet<String> copy = new TreeSet<>();
        for (String r : roles == null ? Set.<String>of() : roles) {
            if (!ROLE.matcher(r).matches()) {
                throw new IllegalArgumentException("role '" + r + "' must be lower-case letters, digits and '-' (e.g. security, ml-lead)");
            }
            copy.add(r);
        }
        roles = Collections.unmodifiableSortedSet(copy);
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
