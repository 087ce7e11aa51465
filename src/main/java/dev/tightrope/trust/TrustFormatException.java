package dev.tightrope.trust;

/**
 * Input that Tightrope cannot read as what it claims to be (a bundle, a key, a trust store, a
 * policy): the message names the file and, where known, the line and column. Distinct from a
 * verification failure, which is a result, not an error.
 */
public class TrustFormatException extends RuntimeException {

    /** {@code location} is the file, file:line:column or field the problem was found at. */
    public TrustFormatException(String location, String message) {
        super(location + ": " + message);
    }

    public TrustFormatException(String location, String message, Throwable cause) {
        super(location + ": " + message, cause);
    }
}
