package dev.tightrope.ui.shell;

import dev.tightrope.domain.SourceStatus;
import dev.tightrope.ui.common.Notice;
import dev.tightrope.ui.common.TaskHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Help → Copy diagnostics puts on the clipboard, for a bug report: versions, paths, the
 * sources' states, what runs, the last problems. Never a secret: source settings whose name
 * suggests one are masked, and credentials, keys and tokens are never read for it.
 */
final class Diagnostics {
    private static final Pattern SECRET_SETTING = Pattern.compile("(?i).*(token|secret|password|passwd|credential|apikey|api_key|key).*");

    private Diagnostics() {
    }

    /** The facts to report, read in the background. */
    record Facts(String version, Path workspace, Path logFile, List<SourceStatus> sources, boolean liveRunning, String liveEndpoint,
                 List<TaskHandle> tasks, List<Notice> lastProblems, Instant now) {
    }

    static String text(Facts f) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("Tightrope diagnostics, ").append(f.now()).append('\n');
        sb.append("version: ").append(f.version() == null ? "development build" : f.version()).append('\n');
        sb.append("java: ").append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vendor")).append(")\n");
        sb.append("javafx: ").append(System.getProperty("javafx.runtime.version", "?")).append('\n');
        sb.append("os: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append('\n');
        Runtime rt = Runtime.getRuntime();
        sb.append("memory: ").append(mb(rt.totalMemory() - rt.freeMemory())).append(" used of ").append(mb(rt.maxMemory())).append(" max, ")
                .append(rt.availableProcessors()).append(" cores\n");
        sb.append("workspace: ").append(f.workspace()).append('\n');
        for (String file : List.of("cache.db", "cache-lineage.db")) {
            Path p = f.workspace().resolve(file);
            sb.append("  ").append(file).append(": ").append(size(p)).append('\n');
        }
        sb.append("log: ").append(f.logFile() == null ? "none (stderr only)" : f.logFile()).append('\n');
        sb.append("live OpenLineage: ").append(f.liveRunning() ? "receiving at " + f.liveEndpoint() : "off").append('\n');
        sb.append("sources (").append(f.sources().size()).append("):\n");
        for (SourceStatus s : f.sources()) {
            sb.append("  ").append(s.config().name()).append(" [").append(s.config().type()).append("] ")
                    .append(s.assets()).append(" assets, ").append(s.gone()).append(" gone; last run: ");
            if (s.lastRun() == null) {
                sb.append("never");
            } else {
                sb.append(s.lastRun().status().name().toLowerCase(Locale.ROOT)).append(" at ").append(s.lastRun().startedAt())
                        .append(", ").append(s.lastRun().problems()).append(" problems");
                if (s.lastRun().message() != null) {
                    sb.append(" — ").append(s.lastRun().message());
                }
            }
            sb.append('\n');
            for (Map.Entry<String, String> e : s.config().settings().entrySet()) {
                sb.append("    ").append(e.getKey()).append(" = ")
                        .append(SECRET_SETTING.matcher(e.getKey()).matches() ? "(hidden)" : e.getValue()).append('\n');
            }
        }
        sb.append("running tasks (").append(f.tasks().size()).append("):\n");
        for (TaskHandle t : f.tasks()) {
            sb.append("  ").append(t.title()).append(" — ").append(t.stateProperty().get().name().toLowerCase(Locale.ROOT)).append('\n');
        }
        sb.append("last problems (").append(f.lastProblems().size()).append("):\n");
        for (Notice n : f.lastProblems()) {
            sb.append("  ").append(n.at()).append(' ').append(n.level().name().toLowerCase(Locale.ROOT)).append(": ").append(n.text()).append('\n');
        }
        return sb.toString();
    }

    private static String size(Path p) {
        try {
            return Files.isRegularFile(p) ? mb(Files.size(p)) : "missing";
        } catch (java.io.IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
