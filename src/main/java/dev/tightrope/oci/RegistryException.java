package dev.tightrope.oci;

/** A registry request failed; the message names the request, the status and the registry's error code. */
public final class RegistryException extends RuntimeException {
    private final int status;

    public RegistryException(String message, int status) {
        super(message);
        this.status = status;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** The HTTP status, or -1 when the registry could not be reached or answered nonsense. */
    public int status() {
        return status;
    }
}
