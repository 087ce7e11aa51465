package dev.tightrope.app;

import dev.tightrope.cli.Cli;
import dev.tightrope.ui.TightropeApp;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point. No arguments opens the desktop console; arguments run the command line. Kept
 * separate from the JavaFX Application class so the runnable jar starts with JavaFX on the
 * class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            TightropeApp.launchConsole(null, false);
            return;
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(Cli.run(args, out, err, TightropeApp::launchConsole));
    }
}
