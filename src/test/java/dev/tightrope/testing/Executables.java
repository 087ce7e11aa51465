package dev.tightrope.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The programs tests drive, found on {@code PATH} as a shell would find them, never at a fixed
 * location. A test whose program is missing is skipped, naming the program and how to get it.
 */
public final class Executables {

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private Executables() {
    }

    /** The first executable called {@code name} on {@code PATH}. */
    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String candidate : WINDOWS ? new String[] {name + ".exe", name} : new String[] {name}) {
                Path file = Path.of(dir, candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return Optional.of(file.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The executable {@code name} on {@code PATH}; when there is none, skips the test with a
     * message naming it and {@code howToInstall} (e.g. "apt-get install openssl") — or, when the
     * environment variable {@code CI} is set, fails it with that message: on CI a missing tool
     * is a broken {@code .ci/run}, not a reason to pass quietly.
     */
    public static Path require(String name, String howToInstall) {
        Optional<Path> found = find(name);
        if (found.isEmpty() && onCi()) {
            throw new AssertionError(name + " is not on the PATH, and CI is set: " + howToInstall
                    + " (.ci/run should have installed it)");
        }
        assumeTrue(found.isPresent(), () -> name + " is not on the PATH: skipping (" + howToInstall
                + "; CI's .ci/run installs it)");
        return found.orElseThrow();
    }

    /** True when the environment says this is a CI run ({@code CI} set to anything but "false"). */
    public static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** The {@code java} of the JVM running the tests, for forked JVMs: the same runtime, not whatever PATH finds. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", WINDOWS ? "java.exe" : "java");
    }
}
