package dev.tightrope.ui.common;

import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns a failure into words for the user: never empty, the cause included when it adds something. */
public final class Errors {
    private static final int MAX_CHAIN = 4;

    private Errors() {
    }

    /**
     * The failure's message, followed by its causes' where they say more; a failure without a
     * message is named by its type and where it happened ("NullPointerException in
     * InventoryService.detail:42"), so the user always has something to read and report.
     */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e == null) {
            return "Unknown error";
        }
        Set<String> parts = new LinkedHashSet<>();
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_CHAIN; depth++, t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank() || wrapsCause(t)) {
                if (parts.isEmpty() && (t.getCause() == null || depth == MAX_CHAIN - 1)) {
                    parts.add(nameOf(t) + where(t));
                }
                continue;
            }
            String text = m.strip();
            if (parts.stream().noneMatch(p -> p.contains(text))) {
                parts.add(text);
            }
        }
        return parts.isEmpty() ? nameOf(e) + where(e) : String.join(": ", parts);
    }

    /**
     * What the user can do about it, for failures that are not one of ours: report it with the
     * diagnostics. Ours (with a message) carry their own advice.
     */
    public static String hint(Throwable error) {
        Throwable e = unwrap(error);
        if (e == null || e.getMessage() == null || e.getMessage().isBlank()
                || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof VirtualMachineError) {
            return "This looks like a bug in Tightrope: Help → Copy diagnostics copies the details to report it.";
        }
        return null;
    }

    /** Wrappers that add nothing (an async boundary, a checked exception made unchecked) are skipped. */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof UncheckedIOException && wrapsCause(t))
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A message that is only the cause's {@code toString()}, as {@code new RuntimeException(cause)} makes. */
    private static boolean wrapsCause(Throwable t) {
        return t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()));
    }

    private static String nameOf(Throwable t) {
        return t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
    }

    private static String where(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        for (StackTraceElement frame : trace) {
            if (frame.getClassName().startsWith("dev.tightrope.")) {
                String cls = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
                return " in " + cls + "." + frame.getMethodName() + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "");
            }
        }
        return trace.length == 0 ? "" : " in " + trace[0].getClassName() + "." + trace[0].getMethodName();
    }
}
