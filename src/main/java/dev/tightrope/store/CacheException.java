package dev.tightrope.store;

/** The cache could not be opened or used; the message says what to do. */
public class CacheException extends RuntimeException {
    public CacheException(String message) {
        super(message);
    }

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
