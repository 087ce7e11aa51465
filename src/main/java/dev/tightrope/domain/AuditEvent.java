package dev.tightrope.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One action recorded in the audit log: who did what to which subject, when, with details.
 * Times are kept to the millisecond, as the log's leaf encoding stores them.
 *
 * @param actor    who acted: a reviewer, an OS user, {@code tightrope} for automatic actions
 * @param action   dotted lower-case verb, e.g. {@code sync.run}, {@code owner.change},
 *                 {@code key.create}, {@code approval.sign}, {@code policy.change}, {@code export}
 * @param subject  what it was done to (a URN, a digest, a key name); may be empty
 * @param details  further facts, sorted by key
 */
public record AuditEvent(Instant time, String actor, String action, String subject, SortedMap<String, String> details) {

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*");

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        time = time.truncatedTo(ChronoUnit.MILLIS);
        if (actor.isBlank()) {
            throw new IllegalArgumentException("an audit event needs an actor");
        }
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("audit action '" + action + "' must be dotted lower-case words, e.g. approval.sign");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        if (details != null) {
            for (Map.Entry<String, String> e : details.entrySet()) {
                copy.put(Objects.requireNonNull(e.getKey(), "detail key"), Objects.requireNonNull(e.getValue(), "detail " + e.getKey()));
            }
        }
        details = Collections.unmodifiableSortedMap(copy);
    }

    public static AuditEvent of(Instant time, String actor, String action, String subject, Map<String, String> details) {
        return new AuditEvent(time, actor, action, subject, details == null ? null : new TreeMap<>(details));
    }
}
