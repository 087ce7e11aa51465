package dev.tightrope.domain;

/** The answer to Test connection: whether the source answered, where, and what was found or wrong, in words. */
public record ConnectionCheck(boolean ok, String location, String message) {
    @Override
    public String toString() {
        return (ok ? "OK: " : "Failed: ") + (ok || location == null ? "" : location + ": ") + message;
    }
}
