package dev.tightrope.trust.approval;

/** What a reviewer decided about one artifact for one purpose. */
public enum Decision {
    APPROVED,
    REJECTED
}
