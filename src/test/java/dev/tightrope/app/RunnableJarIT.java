package dev.tightrope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tightrope.testing.Executables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/tightrope.jar started as a user starts it ({@code java -jar}; failsafe runs this in
 * {@code verify}, after the package phase): the command line without loading JavaFX, the
 * console with JavaFX as named modules from the {@code lib} directory beside the jar.
 */
class RunnableJarIT {

    @TempDir
    Path dir;

    Path jar;
    Path lib;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void theBuiltJar() {
        String file = System.getProperty("tightrope.jar");
        assumeTrue(file != null, "the runnable jar is checked by failsafe in mvn verify, which passes -Dtightrope.jar");
        jar = Path.of(file);
        lib = Path.of(System.getProperty("tightrope.lib"));
        assertThat(jar).isRegularFile();
    }

    /** Whatever a test started is killed after it, also when the test timed out. */
    @AfterEach
    void stopEverything() throws InterruptedException {
        // asked to stop first: a killed Xvfb leaves its /tmp/.X<n>-lock behind, and those pile up run after run
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // drives a JVM
    void theCommandLineRunsWithoutLoadingJavaFx() throws Exception {
        // -verbose:class names every class the JVM loads
        Process cli = start(List.of(Executables.currentJava().toString(), "-verbose:class", "-jar", jar.toString(), "--help"), Map.of());
        List<String> output = new ArrayList<>();
        try (BufferedReader out = reader(cli)) {
            out.lines().forEach(output::add);
        }
        assertThat(cli.waitFor()).isZero();
        assertThat(output).anyMatch(line -> line.startsWith("Usage: tightrope"));
        assertThat(output).filteredOn(line -> line.startsWith("[")).isNotEmpty()
                .noneMatch(line -> line.contains(" javafx.") || line.contains("dev.tightrope.ui."));
    }

    @Test
    // a separate thread: reading the console's output does not answer an interrupt
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // drives Xvfb and a JVM
    void theConsoleStartsWithJavaFxAsNamedModules() throws Exception {
        Path xvfb = Executables.require("Xvfb", "apt-get install xvfb libgtk-3-0");
        String display = startDisplay(xvfb);
        Path home = Files.createDirectories(dir.resolve("home"));
        Process console = start(List.of(Executables.currentJava().toString(),
                "-Duser.home=" + home,
                // JavaFX says where it loads its native libraries from, and logs every pulse that paints a scene
                "-Djavafx.verbose=true", "-Djavafx.pulseLogger=true",
                "-jar", jar.toString(), "--workspace", dir.resolve("workspace").toString(), "gui"),
                Map.of("DISPLAY", display,
                        "XDG_DATA_HOME", home.resolve("data").toString(),
                        "XDG_CONFIG_HOME", home.resolve("config").toString(),
                        "XDG_CACHE_HOME", home.resolve("cache").toString(),
                        "XDG_STATE_HOME", home.resolve("state").toString()));
        List<String> output = new ArrayList<>();
        boolean painted = false;
        try (BufferedReader out = reader(console)) {
            String line;
            while (!painted && (line = out.readLine()) != null) {
                output.add(line);
                painted = line.contains("Nodes rendered");
            }
        }
        String log = String.join("\n", output);
        assertThat(painted).as("the console's window painted; its output:\n" + log).isTrue();
        assertThat(log).doesNotContain("Unsupported JavaFX configuration");
        assertThat(log).contains("Loaded " + lib.resolve(".").resolve("libglass.so") + " from relative path");
    }

    private Process start(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        p.getOutputStream().close();
        return p;
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts Xvfb on the first display number nobody uses and returns that display. Xvfb says
     * nothing when it is ready; its socket appearing is the sign, so this polls for it.
     */
    private String startDisplay(Path xvfb) throws IOException, InterruptedException {
        Path sockets = Path.of("/tmp/.X11-unix");
        for (int n = 140; n < 200; n++) {
            Path lock = Path.of("/tmp/.X" + n + "-lock");
            Path socket = sockets.resolve("X" + n);
            if (inUse(lock) || Files.exists(socket) && !Files.exists(lock)) {
                continue;
            }
            // what a killed Xvfb left: its socket would look like the new server being ready
            Files.deleteIfExists(socket);
            Files.deleteIfExists(lock);
            Process server = new ProcessBuilder(xvfb.toString(), ":" + n, "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            started.add(server);
            for (int wait = 0; wait < 200 && server.isAlive(); wait++) {
                if (Files.exists(socket)) {
                    return ":" + n;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        throw new IllegalStateException("Xvfb did not start on any display from :140 to :199");
    }

    /** A display's lock file held by a live process; one left by a killed Xvfb is not (Xvfb itself replaces it). */
    private static boolean inUse(Path lock) {
        try {
            long pid = Long.parseLong(Files.readString(lock).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException | NumberFormatException e) {
            return true; // not readable or not a pid: leave that display alone
        }
    }
}
