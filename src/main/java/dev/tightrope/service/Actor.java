package dev.tightrope.service;

/**
 * Who acts: the one answer the audit log, manual owner assignments and notes record, whether
 * the action came from the console or the CLI.
 */
public final class Actor {
    private Actor() {
    }

    /** The operating-system user running Tightrope, or {@code unknown} when the JVM has no name for them. */
    public static String current() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }
}
