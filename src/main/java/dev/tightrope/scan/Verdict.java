package dev.tightrope.scan;

import dev.tightrope.domain.Severity;

/**
 * What a scan concludes about a file, ordered from best to worst. A file takes its worst
 * member's verdict; INVALID plus a dangerous import is DANGEROUS.
 */
public enum Verdict {
    SAFE(Severity.INFO),
    SUSPICIOUS(Severity.MEDIUM),
    INVALID(Severity.HIGH),
    DANGEROUS(Severity.CRITICAL);

    private final Severity severity;

    Verdict(Severity severity) {
        this.severity = severity;
    }

    /** The severity a finding with this verdict carries in the cache. */
    public Severity severity() {
        return severity;
    }

    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public boolean atLeast(Verdict other) {
        return ordinal() >= other.ordinal();
    }
}
