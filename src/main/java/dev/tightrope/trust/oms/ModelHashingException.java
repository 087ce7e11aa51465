package dev.tightrope.trust.oms;

/** A model directory could not be hashed: the message names the file and the reason. */
public final class ModelHashingException extends RuntimeException {
    public ModelHashingException(String message) {
        super(message);
    }

    public ModelHashingException(String message, Throwable cause) {
        super(message, cause);
    }
}
