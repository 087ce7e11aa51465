package dev.tightrope.trust.keys;

/** A key could not be created, read or used; the message says which key and why (never a secret). */
public class KeyException extends RuntimeException {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
