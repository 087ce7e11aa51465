package dev.tightrope.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers a MockWebServer by request path, as a real API does, so that a connector may send its
 * requests in any order or several at once: each path has its own queue of answers, taken in
 * order; a path with none left gets a 404. (A plain enqueue answers in arrival order, which ties
 * a test to one interleaving of concurrent requests.)
 */
public final class PathAnswers extends Dispatcher {

    private final Map<String, Deque<MockResponse>> byPath = new ConcurrentHashMap<>();

    public PathAnswers on(String path, MockResponse... answers) {
        Deque<MockResponse> q = byPath.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (q) {
            for (MockResponse a : answers) {
                q.add(a);
            }
        }
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Deque<MockResponse> q = byPath.get(request.getUrl().encodedPath());
        MockResponse next = null;
        if (q != null) {
            synchronized (q) {
                next = q.poll();
            }
        }
        return next != null ? next : new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"the test has no answer for " + request.getUrl().encodedPath() + "\"}").build();
    }
}
