package dev.tightrope.sync.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import okhttp3.Headers;

/**
 * When to try a request again and how long to wait first. Retried: 429, 500, 502, 503, 504, a
 * 403 that says the rate limit is exhausted ({@code x-ratelimit-remaining: 0}), and a connection
 * that broke. The wait is the server's {@code Retry-After} (seconds or an HTTP date) when it
 * gives one, else the rate limit's reset time ({@code x-ratelimit-reset} / {@code RateLimit-Reset},
 * epoch seconds) when none remain, else exponential backoff with full jitter. A wait longer than
 * {@link #maxWait} is not slept: the sync fails saying when to try again.
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff, Duration maxWait, Sleeper sleeper, Random random) {

    /** Sleeps; tests pass one that records instead of waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
    }

    /** Four attempts, backoff from 1 s up to 20 s, waits the server asks for up to 60 s. */
    public static RetryPolicy standard() {
        return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60), Sleeper.REAL, new Random());
    }

    /** One attempt: for tests that want the first answer, and for Test connection. */
    public static RetryPolicy once() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Sleeper.REAL, new Random());
    }

    public RetryPolicy withSleeper(Sleeper s) {
        return new RetryPolicy(attempts, firstBackoff, maxBackoff, maxWait, s, random);
    }

    static boolean retryable(int code, Headers headers) {
        return code == 429 || code == 500 || code == 502 || code == 503 || code == 504
                || (code == 403 && "0".equals(remaining(headers)));
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 0), from the answer's headers when it has any. */
    Duration backoff(int attempt, Headers headers, Instant now) {
        if (headers != null) {
            Duration asked = retryAfter(headers.get("Retry-After"), now);
            if (asked == null && "0".equals(remaining(headers))) {
                asked = resetAt(headers, now);
            }
            if (asked != null) {
                return asked;
            }
        }
        long cap = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(cap <= 0 ? 0 : (long) (random.nextDouble() * cap));
    }

    private static String remaining(Headers headers) {
        if (headers == null) {
            return null;
        }
        String r = headers.get("x-ratelimit-remaining");
        return r != null ? r.strip() : headers.get("RateLimit-Remaining") == null ? null : headers.get("RateLimit-Remaining").strip();
    }

    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration resetAt(Headers headers, Instant now) {
        String reset = headers.get("x-ratelimit-reset") != null ? headers.get("x-ratelimit-reset") : headers.get("RateLimit-Reset");
        if (reset == null || !reset.strip().matches("\\d{1,12}")) {
            return null;
        }
        long epoch = Long.parseLong(reset.strip());
        Instant at = Instant.ofEpochSecond(epoch);
        return at.isAfter(now) ? Duration.between(now, at).plusSeconds(1) : Duration.ZERO;
    }
}
