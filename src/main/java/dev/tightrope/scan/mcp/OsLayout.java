package dev.tightrope.scan.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where an operating system puts per-user application data, relative to a home directory, and
 * machine-wide (managed) settings, relative to a system root. A parameter rather than the running
 * OS, so a macOS home copied to a Linux build machine is read as macOS, and every layout is tested
 * everywhere.
 */
public enum OsLayout {
    LINUX,
    MACOS,
    WINDOWS;

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OsLayout fromToken(String token) {
        return switch (token.strip().toLowerCase(Locale.ROOT)) {
            case "linux" -> LINUX;
            case "macos", "mac", "darwin", "osx" -> MACOS;
            case "windows", "win" -> WINDOWS;
            default -> throw new IllegalArgumentException("os must be linux, macos or windows: '" + token + "'");
        };
    }

    /** The layout of the machine Tightrope runs on. */
    public static OsLayout current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("windows") ? WINDOWS : os.startsWith("mac") ? MACOS : LINUX;
    }

    /** Per-user application data: {@code ~/.config}, {@code ~/Library/Application Support}, {@code %APPDATA%}. */
    public Path appData(Path home) {
        return switch (this) {
            case LINUX -> home.resolve(".config");
            case MACOS -> home.resolve("Library").resolve("Application Support");
            case WINDOWS -> home.resolve("AppData").resolve("Roaming");
        };
    }

    /** VS Code's user data directories: stable and Insiders. */
    public List<Path> vsCodeUserData(Path home) {
        Path base = appData(home);
        return List.of(base.resolve("Code"), base.resolve("Code - Insiders"));
    }

    /** Zed's settings file (on macOS both the XDG and the Application Support place). */
    public List<Path> zedSettings(Path home) {
        return switch (this) {
            case LINUX -> List.of(home.resolve(".config/zed/settings.json"));
            case MACOS -> List.of(home.resolve(".config/zed/settings.json"), appData(home).resolve("Zed/settings.json"));
            case WINDOWS -> List.of(appData(home).resolve("Zed/settings.json"));
        };
    }

    /** Goose's config file. */
    public Path gooseConfig(Path home) {
        return this == WINDOWS ? appData(home).resolve("Block/goose/config/config.yaml") : home.resolve(".config/goose/config.yaml");
    }

    /** Claude Code's managed directory under the system root (managed-mcp.json, managed-settings.json). */
    public Path claudeCodeManaged(Path systemRoot) {
        return switch (this) {
            case LINUX -> systemRoot.resolve("etc/claude-code");
            case MACOS -> systemRoot.resolve("Library/Application Support/ClaudeCode");
            case WINDOWS -> systemRoot.resolve("Program Files/ClaudeCode");
        };
    }

    /** Gemini CLI's system settings file. */
    public Path geminiSystemSettings(Path systemRoot) {
        return switch (this) {
            case LINUX -> systemRoot.resolve("etc/gemini-cli/settings.json");
            case MACOS -> systemRoot.resolve("Library/Application Support/GeminiCli/settings.json");
            case WINDOWS -> systemRoot.resolve("ProgramData/gemini-cli/settings.json");
        };
    }

    /** Codex CLI's system config file. */
    public Path codexSystemConfig(Path systemRoot) {
        return this == WINDOWS ? systemRoot.resolve("ProgramData/OpenAI/Codex/config.toml") : systemRoot.resolve("etc/codex/config.toml");
    }
}
