package dev.tightrope.domain;

/** How a sync run ended. INTERRUPTED means the process died mid-run; its changes were never committed. */
public enum SyncStatus {
    RUNNING,
    SUCCEEDED,
    SUCCEEDED_WITH_PROBLEMS,
    FAILED,
    CANCELLED,
    INTERRUPTED
}
