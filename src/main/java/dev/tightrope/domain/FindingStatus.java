package dev.tightrope.domain;

/** Lifecycle of a finding; ACCEPTED needs a justification from the user. */
public enum FindingStatus {
    OPEN,
    ACCEPTED,
    RESOLVED
}
