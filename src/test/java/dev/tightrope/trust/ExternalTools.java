package dev.tightrope.trust;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tightrope.testing.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs openssl and Python (found on the PATH) for interop tests; a missing tool skips the test
 * with a clear message.
 */
public final class ExternalTools {

    /** How long one tool run may take before it is killed. */
    private static final long TIMEOUT_SECONDS = 60;

    private ExternalTools() {
    }

    public record Result(int exitCode, String output) {
    }

    /** openssl from the PATH; skips the test where there is none that works. */
    public static String openssl() {
        String openssl = Executables.require("openssl", "apt-get install openssl").toString();
        assumeTrue(works(List.of(openssl, "version")), "openssl on the PATH does not run: skipping the openssl interop check");
        return openssl;
    }

    /** python3 from the PATH with the cryptography package; skips the test otherwise. */
    public static String pythonWithCryptography() {
        String python = Executables.require("python3", "apt-get install python3 python3-cryptography").toString();
        assumeTrue(works(List.of(python, "-c", "import cryptography")),
                "python3 on the PATH (" + python + ") has no cryptography package: skipping the Python interop check"
                        + " (apt-get install python3-cryptography; CI's .ci/run installs it)");
        return python;
    }

    private static boolean works(List<String> command) {
        try {
            return run(command, null).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs {@code command} in {@code dir} (null: the current directory), killing it after a minute. */
    public static Result run(List<String> command, Path dir) {
        Path output = null;
        try {
            // output to a file, so a tool that hangs without closing its output cannot block the wait
            output = Files.createTempFile("tightrope-tool", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
