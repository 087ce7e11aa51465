package dev.tightrope.scan.mcp.probe;

import java.time.Duration;

/**
 * Bounds on one probe, so a server that never answers, floods its output or pages forever is
 * stopped with the reason.
 *
 * @param timeout        the whole probe, from start to the last list page
 * @param maxLineBytes   the longest message (one line on stdio, one body over HTTP)
 * @param maxOutputBytes everything the server may write to stdout (or send over HTTP) in one probe
 * @param maxPages       pages of one list followed through {@code nextCursor}
 * @param stopGrace      how long a stopped process may take to exit before it is killed forcibly
 */
public record ProbeLimits(Duration timeout, int maxLineBytes, long maxOutputBytes, int maxPages, Duration stopGrace) {

    public static final ProbeLimits STANDARD = new ProbeLimits(Duration.ofSeconds(10), 4 << 20, 32L << 20, 100, Duration.ofSeconds(2));

    public ProbeLimits {
        if (timeout.isNegative() || timeout.isZero() || maxLineBytes < 1 || maxOutputBytes < maxLineBytes || maxPages < 1
                || stopGrace.isNegative()) {
            throw new IllegalArgumentException("probe limits must be positive, and the output cap at least one message");
        }
    }

    public ProbeLimits withTimeout(Duration t) {
        return new ProbeLimits(t, maxLineBytes, maxOutputBytes, maxPages, stopGrace);
    }
}
