package dev.tightrope.scan.mcp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Whether a configured server's package is on the machine and whether it runs now: the facts
 * beside the config. "unknown" is said when Tightrope could not look (no container engine
 * answered, other users' command lines are hidden, the home is not this machine's), never "no".
 *
 * @param installed null when nothing is installed for the launch (a remote endpoint)
 * @param running   null when the launch starts no local process (a remote endpoint reached directly)
 */
public record LocalState(Installed installed, Running running) {

    /** Yes, no, or could not be told. */
    public enum Presence {
        YES, NO, UNKNOWN;

        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Presence of(String token) {
            for (Presence p : values()) {
                if (p.token().equals(token)) {
                    return p;
                }
            }
            return UNKNOWN;
        }
    }

    /**
     * The package found for a launch.
     *
     * @param versions       the versions found, each once, in the order of {@code where}
     * @param where          where each was found: a folder ({@code ~/…} under the home) or an image id at an engine's socket
     * @param versionMatches whether a found version is the configured one; null when the launch names no version or nothing was found
     * @param reason         why it is NO or UNKNOWN, or null
     */
    public record Installed(Presence presence, List<String> versions, List<String> where, Boolean versionMatches, String reason) {
        public Installed {
            Objects.requireNonNull(presence, "presence");
            versions = List.copyOf(versions);
            where = List.copyOf(where);
        }

        static Installed no(String reason) {
            return new Installed(Presence.NO, List.of(), List.of(), null, reason);
        }

        static Installed unknown(String reason) {
            return new Installed(Presence.UNKNOWN, List.of(), List.of(), null, reason);
        }
    }

    /**
     * The processes that run the launch now.
     *
     * @param reason why it is NO or UNKNOWN, or null
     */
    public record Running(Presence presence, List<RunningProcess> processes, String reason) {
        public Running {
            Objects.requireNonNull(presence, "presence");
            processes = List.copyOf(processes);
        }
    }

    /** One process: its id, the user it runs as and since when (null when the OS does not say). */
    public record RunningProcess(long pid, String user, Instant start) {
        public String describe() {
            return "pid " + pid + (user == null ? "" : " as " + user) + (start == null ? "" : " since " + start);
        }
    }

    /**
     * The asset properties of this state: {@code installed} (yes/no/unknown), {@code installed.version},
     * {@code installed.where}, {@code installed.matches} (yes/no), {@code installed.reason};
     * {@code running} (yes/no/unknown), {@code running.pids}, {@code running.processes}, {@code running.reason}.
     * Absent facts are absent keys.
     */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (installed != null) {
            p.put("installed", installed.presence().token());
            put(p, "installed.version", String.join(", ", installed.versions()));
            put(p, "installed.where", String.join("\n", installed.where()));
            put(p, "installed.matches", installed.versionMatches() == null ? null : installed.versionMatches() ? "yes" : "no");
            put(p, "installed.reason", installed.reason());
        }
        if (running != null) {
            p.put("running", running.presence().token());
            put(p, "running.pids", running.processes().stream().map(r -> Long.toString(r.pid())).collect(Collectors.joining(", ")));
            put(p, "running.processes", running.processes().stream().map(RunningProcess::describe).collect(Collectors.joining("\n")));
            put(p, "running.reason", running.reason());
        }
        return p;
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null && !value.isEmpty()) {
            p.put(key, value);
        }
    }
}
