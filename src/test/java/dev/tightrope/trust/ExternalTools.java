package dev.tightrope.trust;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs openssl and Python for interop tests; a missing tool skips the test with a clear message. */
public final class ExternalTools {

    public static final String PYTHON = "/usr/bin/python3";

    private ExternalTools() {
    }

    public record Result(int exitCode, String output) {
    }

    public static void assumeOpenssl() {
        assumeTrue(works(List.of("openssl", "version")),
                "openssl is not installed: skipping the openssl interop check (CI installs it)");
    }

    public static void assumePythonCryptography() {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && works(List.of(PYTHON, "-c", "import cryptography")),
                "python3-cryptography is not installed at " + PYTHON + ": skipping the Python interop check (CI installs it)");
    }

    private static boolean works(List<String> command) {
        try {
            return run(command, null).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static Result run(List<String> command, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
