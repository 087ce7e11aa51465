package dev.tightrope.sync;

import dev.tightrope.domain.SyncMode;

/** What a connector reports when it is done: whether it emitted everything, and its new cursor. */
public record SyncResult(SyncMode mode, String cursor) {

    public static SyncResult full(String cursor) {
        return new SyncResult(SyncMode.FULL, cursor);
    }

    public static SyncResult incremental(String cursor) {
        return new SyncResult(SyncMode.INCREMENTAL, cursor);
    }
}
