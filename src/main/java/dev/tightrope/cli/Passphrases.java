package dev.tightrope.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the command line gets a passphrase: {@code TIGHTROPE_PASSPHRASE}, else the terminal
 * (without echo) when there is one, else the first line of standard input. Never an argument,
 * so it stays out of shell history and process listings.
 */
final class Passphrases {

    static final String ENV = "TIGHTROPE_PASSPHRASE";
    private static final int MAX = 1024;

    private Passphrases() {
    }

    /** Thrown when no passphrase could be read; the message says how to give one. */
    static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message);
        }
    }

    /**
     * Reads a passphrase. {@code confirm} asks twice on a terminal (a new key's passphrase).
     * The caller wipes the array once used.
     */
    static char[] read(Cli cli, String prompt, boolean confirm) {
        String fromEnv = cli.env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console console = cli.in == System.in ? System.console() : null;
        if (console != null) {
            char[] first = console.readPassword("%s: ", prompt);
            if (first == null || first.length == 0) {
                throw new Missing("no passphrase given");
            }
            if (confirm) {
                char[] again = console.readPassword("Repeat the passphrase: ");
                boolean same = Arrays.equals(first, again);
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
                if (!same) {
                    Arrays.fill(first, '\0');
                    throw new Missing("the two passphrases differ");
                }
            }
            return first;
        }
        char[] line = firstLine(new InputStreamReader(cli.in, StandardCharsets.UTF_8));
        if (line.length == 0) {
            throw new Missing("no passphrase: set " + ENV + " or give it on standard input (never as an argument)");
        }
        return line;
    }

    /** The first line, without its line end, read character by character so no String copy is left behind. */
    private static char[] firstLine(Reader r) {
        char[] buf = new char[MAX];
        int n = 0;
        try {
            int c;
            while ((c = r.read()) >= 0 && c != '\n') {
                if (n == MAX) {
                    Arrays.fill(buf, '\0');
                    throw new Missing("the passphrase on standard input is longer than " + MAX + " characters");
                }
                buf[n++] = (char) c;
            }
        } catch (IOException e) {
            Arrays.fill(buf, '\0');
            throw new Missing("cannot read the passphrase from standard input: " + e.getMessage());
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        char[] out = Arrays.copyOf(buf, n);
        Arrays.fill(buf, '\0');
        return out;
    }
}
