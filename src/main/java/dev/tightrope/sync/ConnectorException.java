package dev.tightrope.sync;

/** A source could not be read: unreachable, refused, or answered with something unusable. */
public class ConnectorException extends Exception {
    private final String location;

    public ConnectorException(String location, String message) {
        super(message);
        this.location = location;
    }

    public ConnectorException(String location, String message, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    /** Where it went wrong: a URL, a file, a file:line. */
    public String location() {
        return location;
    }

    @Override
    public String toString() {
        return location == null ? getMessage() : location + ": " + getMessage();
    }
}
