package dev.tightrope.domain;

/**
 * FULL: the source reported everything it has, so assets it no longer reports are marked gone.
 * INCREMENTAL: only changes since the cursor; nothing is marked gone.
 */
public enum SyncMode {
    FULL,
    INCREMENTAL
}
