package dev.tightrope.domain;

import java.util.Objects;

/**
 * Something a connector could not import, with where it is (file:line, URL, record id) and why.
 * Problems are reported; the rest of the source is still imported.
 */
public record Problem(String location, String message) {
    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
