package dev.tightrope.base;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The one logging backend: java.util.logging, which {@link System.Logger} and (through
 * slf4j-jdk14) the libraries write to. A rolling file in the OS's log directory keeps the last
 * {@value #FILES} × {@value #FILE_BYTES} bytes; the console (stderr) gets warnings only. Nothing
 * Tightrope logs contains a secret: credentials, tokens and passphrases are never passed to a logger.
 */
public final class LogFiles {
    static final int FILE_BYTES = 5 * 1024 * 1024;
    static final int FILES = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static volatile Path current;

    private LogFiles() {
    }

    /**
     * Sends every log record of this JVM to {@code directory}/tightrope-0.log (rolled over to
     * -1 … -4) and warnings to stderr. Returns the file, or null when the directory cannot be
     * written (then only stderr logs; the app still runs).
     */
    public static synchronized Path install(Path directory) {
        Logger root = consoleWarningsOnly();
        try {
            Files.createDirectories(directory);
            FileHandler file = new FileHandler(directory.resolve("tightrope-%g.log").toString(), FILE_BYTES, FILES, true);
            file.setFormatter(new OneLine());
            file.setLevel(Level.INFO);
            file.setEncoding("UTF-8");
            root.addHandler(file);
            current = directory.resolve("tightrope-0.log");
        } catch (IOException | SecurityException e) {
            System.err.println("warning: cannot write the log in " + directory + ": " + e.getMessage());
            current = null;
        }
        return current;
    }

    /**
     * For the command line: warnings and errors on stderr in one line each, nothing else, so
     * library chatter never mixes with a command's output. Returns nothing to report.
     */
    public static synchronized void consoleOnly() {
        consoleWarningsOnly();
        current = null;
    }

    private static Logger consoleWarningsOnly() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
            h.close();
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.WARNING);
        console.setFormatter(new OneLine());
        root.addHandler(console);
        root.setLevel(Level.INFO);
        return root;
    }

    /** The log file this process writes, or null when there is none. */
    public static Path current() {
        return current;
    }

    /** {@code 2026-12-03 05:16:19.123Z WARNING dev.tightrope.store.Database: message}, then the stack trace. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160)
                    .append(STAMP.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                    .append(r.getLevel().getName()).append(' ')
                    .append(r.getLoggerName() == null ? "" : r.getLoggerName()).append(": ")
                    .append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                sb.append(trace);
            }
            return sb.toString();
        }
    }
}
