package dev.tightrope.sync.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The {@link RetryPolicy} for clients that make their own requests rather than going through
 * {@link JsonApi} (the OCI registry client): retries 429, 5xx and an exhausted rate limit with
 * the policy's waits. A wait longer than the policy allows is not slept: the last answer is
 * returned, and the client reports its status. Only for idempotent reads.
 */
public final class RetryInterceptor implements Interceptor {

    private final RetryPolicy policy;
    private final Clock clock;

    public RetryInterceptor(RetryPolicy policy) {
        this(policy, Clock.systemUTC());
    }

    RetryInterceptor(RetryPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        boolean idempotent = chain.request().method().equals("GET") || chain.request().method().equals("HEAD");
        for (int attempt = 0; ; attempt++) {
            boolean last = !idempotent || attempt + 1 >= policy.attempts();
            Response r;
            try {
                r = chain.proceed(chain.request());
            } catch (IOException e) {
                if (last || e instanceof InterruptedIOException) {
                    throw e;
                }
                sleep(policy.backoff(attempt, null, clock.instant()));
                continue;
            }
            if (last || !RetryPolicy.retryable(r.code(), r.headers())) {
                return r;
            }
            Duration wait = policy.backoff(attempt, r.headers(), clock.instant());
            if (wait.compareTo(policy.maxWait()) > 0) {
                return r;
            }
            r.close();
            sleep(wait);
        }
    }

    private void sleep(Duration d) throws InterruptedIOException {
        try {
            policy.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled while waiting to retry");
        }
    }
}
