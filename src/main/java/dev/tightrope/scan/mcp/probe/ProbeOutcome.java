package dev.tightrope.scan.mcp.probe;

import java.util.List;

/**
 * How a probe ended: what it saw, or why it stopped, and the processes it started (all stopped by then).
 *
 * @param result    what the server listed, or null when the probe failed
 * @param failure   why the probe stopped early, or null
 * @param processes the process ids of the server and every descendant seen, for the record and for tests that check none remains
 * @param stderr    the last part of what the server wrote to stderr (its logs), for a failure's explanation
 * @param millis    from start to the last process gone
 */
public record ProbeOutcome(ProbeResult result, String failure, List<Long> processes, String stderr, long millis) {
    public ProbeOutcome {
        processes = List.copyOf(processes);
        stderr = stderr == null ? "" : stderr;
        if ((result == null) == (failure == null)) {
            throw new IllegalArgumentException("a probe either has a result or a failure");
        }
    }

    public boolean succeeded() {
        return result != null;
    }
}
