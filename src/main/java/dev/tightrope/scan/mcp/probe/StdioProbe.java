package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.Threads;
import dev.tightrope.base.UntrustedJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Probes a server over stdio: newline-delimited JSON-RPC on its stdin and stdout, stderr kept as
 * logs. The server is started without a shell, in a fresh temporary directory that is also its
 * {@code HOME}, with an environment of {@code PATH}, {@code HOME} and the variables its config names
 * only, so it sees none of the console's own secrets. Whatever happens, the server and every
 * process it started are stopped (asked, then killed) and the temporary home is removed before
 * {@link #probe} returns.
 */
public final class StdioProbe {
    private static final int STDERR_TAIL = 4096;
    private static final ThreadFactory THREADS = Threads.daemon("mcp-probe");

    private final ProbeLimits limits;
    private final Clock clock;
    private final UntrustedJson json;

    public StdioProbe(ProbeLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.json = UntrustedJson.withLimits(new JsonLimits(200, limits.maxLineBytes(), JsonLimits.LONGEST_PLAIN_NUMBER, limits.maxLineBytes()));
    }

    public ProbeOutcome probe(ProbeTarget target) throws InterruptedException {
        if (!target.stdio()) {
            throw new IllegalArgumentException("not a stdio server: " + target.url());
        }
        long start = System.nanoTime();
        Path home;
        try {
            home = Files.createTempDirectory("tightrope-probe-");
        } catch (IOException e) {
            return new ProbeOutcome(null, "cannot create the temporary home: " + e.getMessage(), List.of(), "", 0);
        }
        Process process;
        try {
            process = start(target, home);
        } catch (IOException e) {
            removeQuietly(home);
            return new ProbeOutcome(null, "cannot start " + target.argv().get(0) + ": " + e.getMessage(), List.of(), "", millisSince(start));
        }
        Set<Long> seen = new LinkedHashSet<>();
        seen.add(process.pid());
        StderrTail stderr = new StderrTail(process.getErrorStream());
        Thread stderrReader = THREADS.newThread(stderr);
        stderrReader.start();
        StdioChannel channel = new StdioChannel(process, start);
        Thread stdoutReader = THREADS.newThread(channel::readLoop);
        stdoutReader.start();
        ProbeResult result = null;
        String failure = null;
        try {
            result = new Handshake(limits, clock).run(channel, channel.notifications, start);
        } catch (ProbeFailure e) {
            failure = e.getMessage();
        } finally {
            channel.stopping = true;
            stopTree(process, seen);
            stdoutReader.join(limits.stopGrace().toMillis() + 1000);
            stderrReader.join(limits.stopGrace().toMillis() + 1000);
            removeQuietly(home);
        }
        if (failure != null && channel.exitReason != null && !failure.contains(channel.exitReason)) {
            failure = failure + " (" + channel.exitReason + ")";
        }
        return new ProbeOutcome(result, failure, List.copyOf(seen), stderr.text(), millisSince(start));
    }

    private static Process start(ProbeTarget target, Path home) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(target.argv()).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        String path = System.getenv("PATH");
        if (path != null) {
            env.put("PATH", path);
        }
        env.putAll(target.environment());
        env.put("HOME", home.toString());
        env.put("USERPROFILE", home.toString());
        return builder.start();
    }

    /**
     * Stops the server and everything it started. The descendants are listed before anyone is
     * stopped (an orphan is no longer a descendant), asked to end, listed again for anything started
     * meanwhile, and whatever is left after the grace period is killed.
     */
    private void stopTree(Process process, Set<Long> seen) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // a server that already exited has no stdin to close
        }
        List<ProcessHandle> tree = tree(process.toHandle());
        tree.forEach(h -> seen.add(h.pid()));
        tree.forEach(ProcessHandle::destroy);
        awaitExit(tree, limits.stopGrace().toMillis());
        List<ProcessHandle> left = new ArrayList<>();
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                tree(h).stream().filter(d -> !left.contains(d)).forEach(left::add);
            }
        }
        left.forEach(h -> seen.add(h.pid()));
        left.forEach(ProcessHandle::destroyForcibly);
        awaitExit(left, 5000);
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> out = new ArrayList<>();
        out.add(root);
        root.descendants().forEach(out::add);
        return out;
    }

    private static void awaitExit(List<ProcessHandle> handles, long millis) throws InterruptedException {
        try {
            CompletableFuture.allOf(handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException stillRunning) {
            // the caller kills what is left
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void removeQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory holds only what the server wrote there
        }
    }

    /** Something read from the server's stdout: a message, or the end of it with the reason. */
    private sealed interface Incoming {
        record Message(JsonNode node) implements Incoming {
        }

        record Ended(String reason) implements Incoming {
        }
    }

    private final class StdioChannel implements McpChannel {
        private final Process process;
        private final OutputStream stdin;
        private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
        private final long deadline;
        final List<String> notifications = new ArrayList<>();
        /** Set when the probe stops the server, so its exit is not reported as the server's own. */
        volatile boolean stopping;
        volatile String exitReason;
        private int nextId = 1;

        StdioChannel(Process process, long start) {
            this.process = process;
            this.stdin = process.getOutputStream();
            this.deadline = start + limits.timeout().toNanos();
        }

        /** Splits stdout into lines, each one JSON-RPC message; stops at the caps with the reason. */
        void readLoop() {
            InputStream out = process.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            try {
                int n;
                while ((n = out.read(buffer)) > 0) {
                    total += n;
                    if (total > limits.maxOutputBytes()) {
                        incoming.add(new Incoming.Ended("the server wrote more than " + limits.maxOutputBytes() + " bytes to stdout; stopped"));
                        return;
                    }
                    int from = 0;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            line.write(buffer, from, i - from);
                            message(line.toByteArray());
                            line.reset();
                            from = i + 1;
                        }
                    }
                    line.write(buffer, from, n - from);
                    if (line.size() > limits.maxLineBytes()) {
                        incoming.add(new Incoming.Ended("the server wrote a line of more than " + limits.maxLineBytes() + " bytes; stopped"));
                        return;
                    }
                }
                incoming.add(new Incoming.Ended(exited()));
            } catch (IOException e) {
                incoming.add(new Incoming.Ended(exited()));
            }
        }

        private String exited() {
            try {
                if (!stopping && process.waitFor(200, TimeUnit.MILLISECONDS) && !stopping) {
                    exitReason = "the server exited with status " + process.exitValue();
                    return exitReason;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "the server closed its stdout";
        }

        /** Lines that are not JSON objects are a misbehaving server's logs on the wrong stream: skipped. */
        private void message(byte[] bytes) {
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                JsonNode node = json.read(bytes, 0, length);
                if (node.isObject()) {
                    incoming.add(new Incoming.Message(node));
                }
            } catch (IOException notJson) {
                // not a message
            }
        }

        @Override
        public JsonNode request(String method, ObjectNode params) throws ProbeFailure, InterruptedException {
            int id = nextId++;
            ObjectNode message = envelope();
            message.put("id", id);
            message.put("method", method);
            message.set("params", params);
            send(message, method);
            while (true) {
                long left = deadline - System.nanoTime();
                Incoming in = left <= 0 ? null : incoming.poll(left, TimeUnit.NANOSECONDS);
                if (in == null) {
                    throw new ProbeFailure("no answer to " + method + " within " + limits.timeout().toSeconds() + " s; stopped");
                }
                if (in instanceof Incoming.Ended ended) {
                    incoming.add(ended);
                    throw new ProbeFailure(ended.reason() + " before answering " + method);
                }
                JsonNode m = ((Incoming.Message) in).node();
                if (m.has("method")) {
                    if (m.has("id")) {
                        refuse(m.get("id"));
                    } else {
                        notifications.add(m.get("method").asText());
                    }
                } else if (m.path("id").asInt(-1) == id && m.path("id").isIntegralNumber()) {
                    if (m.has("error")) {
                        JsonNode error = m.get("error");
                        throw new ProbeFailure(method + " failed: " + error.path("message").asText("error " + error.path("code").asInt()),
                                error.path("code").isInt() ? error.path("code").asInt() : null);
                    }
                    return m.path("result");
                }
            }
        }

        @Override
        public void notify(String method) throws ProbeFailure {
            ObjectNode message = envelope();
            message.put("method", method);
            send(message, method);
        }

        /** The probe grants the server nothing: every request it makes (sampling, roots, elicitation) is a method the probe does not have. */
        private void refuse(JsonNode id) throws ProbeFailure {
            ObjectNode reply = envelope();
            reply.set("id", id);
            ObjectNode error = reply.putObject("error");
            error.put("code", ProbeFailure.METHOD_NOT_FOUND);
            error.put("message", "method not available to a probe");
            send(reply, "a refusal");
        }

        private ObjectNode envelope() {
            ObjectNode m = JsonNodeFactory.instance.objectNode();
            m.put("jsonrpc", "2.0");
            return m;
        }

        private void send(ObjectNode message, String what) throws ProbeFailure {
            try {
                stdin.write((Canonical.json(message) + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                String reason = exitReason != null ? exitReason : "the server closed its stdin";
                throw new ProbeFailure(reason + " before " + what + " could be sent");
            }
        }
    }

    /** Keeps the last few KB of stderr, reading the rest away so the server never blocks on a full pipe. */
    private static final class StderrTail implements Runnable {
        private final InputStream in;
        private final byte[] tail = new byte[STDERR_TAIL];
        private long written;

        StderrTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            tail[(int) (written++ % STDERR_TAIL)] = buffer[i];
                        }
                    }
                }
            } catch (IOException ignored) {
                // the server is gone; what was read is kept
            }
        }

        synchronized String text() {
            int size = (int) Math.min(written, STDERR_TAIL);
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = tail[(int) ((written - size + i) % STDERR_TAIL)];
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        }
    }
}
