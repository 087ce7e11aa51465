package dev.tightrope.domain;

/**
 * The effective status of a finding, the one every count and filter reads: only OPEN counts as
 * open. ACCEPTED needs a justification and an expiry, SUPPRESSED means a suppression rule covers
 * it, RESOLVED that it was fixed (by the user, or the source stopped reporting it).
 */
public enum FindingStatus {
    OPEN,
    ACCEPTED,
    SUPPRESSED,
    RESOLVED
}
