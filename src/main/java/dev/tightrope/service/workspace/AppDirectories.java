package dev.tightrope.service.workspace;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Tightrope keeps its data on each OS (XDG on Linux, %LOCALAPPDATA% on Windows,
 * ~/Library/Application Support on macOS), and the overrides: --workspace DIR, then
 * TIGHTROPE_HOME.
 */
public final class AppDirectories {
    private final String os;
    private final Map<String, String> env;
    private final Path home;

    public AppDirectories(String osName, Map<String, String> env, Path home) {
        this.os = osName.toLowerCase(Locale.ROOT);
        this.env = env;
        this.home = home;
    }

    public static AppDirectories system() {
        return new AppDirectories(System.getProperty("os.name", "linux"), System.getenv(),
                Path.of(System.getProperty("user.home")));
    }

    /** The default workspace: TIGHTROPE_HOME when set, else the OS data directory. */
    public Path defaultWorkspace() {
        String override = env.get("TIGHTROPE_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        return dataHome().resolve("workspace");
    }

    /** The workspace `mvn javafx:run` and `gui --demo` open: separate from the user's own. */
    public Path demoWorkspace() {
        String override = env.get("TIGHTROPE_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().resolve("demo");
        }
        return dataHome().resolve("demo");
    }

    /**
     * Where the log files go: {@code $XDG_STATE_HOME/tightrope/log} (default
     * {@code ~/.local/state/tightrope/log}) on Linux, {@code ~/Library/Logs/Tightrope} on macOS,
     * {@code %LOCALAPPDATA%\Tightrope\Logs} on Windows; {@code TIGHTROPE_HOME/log} when that is set.
     */
    public Path logDirectory() {
        String override = env.get("TIGHTROPE_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath().resolve("log");
        }
        if (os.contains("win")) {
            return dataHome().resolve("Logs");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Logs").resolve("Tightrope");
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "tightrope", "log");
        }
        return home.resolve(".local").resolve("state").resolve("tightrope").resolve("log");
    }

    Path dataHome() {
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return local != null && !local.isBlank() ? Path.of(local, "Tightrope")
                    : home.resolve("AppData").resolve("Local").resolve("Tightrope");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Tightrope");
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "tightrope");
        }
        return home.resolve(".local").resolve("share").resolve("tightrope");
    }
}
