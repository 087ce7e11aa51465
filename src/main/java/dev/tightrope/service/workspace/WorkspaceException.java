package dev.tightrope.service.workspace;

/** The workspace cannot be used; the message tells the user why and what to do. */
public class WorkspaceException extends RuntimeException {
    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
