package dev.tightrope.domain;

import java.time.Instant;

/** A user's note on an asset; never touched by a sync. */
public record Note(long id, String author, Instant createdAt, String text) {
}
