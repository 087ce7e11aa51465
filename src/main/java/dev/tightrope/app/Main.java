package dev.tightrope.app;

import dev.tightrope.cli.Cli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point. No arguments opens the desktop console (as {@code gui} does); arguments run the
 * command line. It names no JavaFX class: {@link ConsoleLauncher} sets JavaFX up as named modules
 * when the console opens, and the command line never loads it.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        String[] command = args.length == 0 ? new String[] {"gui"} : args;
        System.exit(Cli.run(command, out, err, new ConsoleLauncher()));
    }
}
