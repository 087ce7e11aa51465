package dev.tightrope.domain;

import java.time.Instant;

/** A finished (or running) sync of one source, with what it saw and changed. */
public record SyncRun(
        long id,
        String source,
        SyncMode mode,
        SyncStatus status,
        Instant startedAt,
        Instant finishedAt,
        long assetsSeen,
        long edgesSeen,
        long assetsAdded,
        long assetsGone,
        long problems,
        String message) {
}
