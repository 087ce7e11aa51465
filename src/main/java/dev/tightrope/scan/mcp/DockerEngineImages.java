package dev.tightrope.scan.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The images of a local Docker Engine (or Podman, which serves the same API) asked read-only over
 * its unix socket: one {@code GET /images/json} in plain HTTP/1.1, the answer bounded in size and
 * time. No docker command is run. The first socket that exists and answers is used; when none
 * does, the images are unknown (not absent). Windows' named pipe is not spoken, so there they are unknown.
 */
public final class DockerEngineImages implements ContainerImages {

    /** How long one engine may take to answer, connect to last byte. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** The largest answer read: tens of thousands of images. */
    public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    private static final UntrustedJson JSON = UntrustedJson.withLimits(new JsonLimits(16, 64 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_RESPONSE_BYTES));

    private final List<Path> sockets;
    private final Duration timeout;
    private final int maxBytes;

    public DockerEngineImages(List<Path> sockets, Duration timeout, int maxBytes) {
        this.sockets = List.copyOf(sockets);
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /**
     * The sockets engines listen on for this user: {@code DOCKER_HOST} when it is a {@code unix://}
     * address, Docker's and Podman's rootless sockets under {@code XDG_RUNTIME_DIR}, Docker
     * Desktop's and Colima's under the home, then the system-wide ones.
     */
    public static List<Path> standardSockets(Map<String, String> env, Path home) {
        Set<Path> out = new LinkedHashSet<>();
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && dockerHost.startsWith("unix://")) {
            out.add(Path.of(dockerHost.substring("unix://".length())));
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            out.add(Path.of(runtime, "docker.sock"));
            out.add(Path.of(runtime, "podman", "podman.sock"));
        }
        out.add(home.resolve(".docker/run/docker.sock"));
        out.add(home.resolve(".colima/default/docker.sock"));
        out.add(Path.of("/var/run/docker.sock"));
        out.add(Path.of("/run/podman/podman.sock"));
        return List.copyOf(out);
    }

    @Override
    public Listing list() {
        List<String> failures = new ArrayList<>();
        for (Path socket : sockets) {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && !Files.exists(socket)) {
                continue;
            }
            try {
                return new Listing(socket.toString(), images(get(socket, "/images/json")), null);
            } catch (IOException | RuntimeException e) {
                failures.add(socket + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        return Listing.unavailable(failures.isEmpty() ? "no Docker or Podman socket found" : "no container engine answered ("
                + String.join("; ", failures) + ")");
    }

    /** The body of a 200 answer to {@code GET path} at {@code socket}. */
    private byte[] get(Path socket, String path) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                await(selector, deadline, "connecting");
                channel.finishConnect();
                selector.selectedKeys().clear();
            }
            ByteBuffer request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: tightrope\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            while (request.hasRemaining()) {
                await(selector, deadline, "sending the request");
                selector.selectedKeys().clear();
                channel.write(request);
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            // Connection: close, so the engine ends the answer by closing
            while (true) {
                await(selector, deadline, "reading the answer");
                selector.selectedKeys().clear();
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                if (raw.size() + n > maxBytes) {
                    throw new IOException("the answer is larger than " + maxBytes + " bytes");
                }
                raw.write(buf.array(), 0, n);
                buf.clear();
            }
            return Http.body(raw.toByteArray());
        }
    }

    private void await(Selector selector, long deadline, String what) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && deadline - System.nanoTime() <= 0) {
            throw new IOException("no answer within " + timeout.toMillis() + " ms while " + what);
        }
    }

    /** The images of a {@code /images/json} answer: {@code [{"Id":…,"RepoTags":[…]|null,"RepoDigests":[…]|null,…}]}. */
    static List<Image> images(byte[] body) throws IOException {
        JsonNode root = JSON.read(body);
        if (!root.isArray()) {
            throw new IOException("the engine's image list is not a JSON array");
        }
        List<Image> out = new ArrayList<>();
        for (JsonNode image : root) {
            out.add(new Image(image.path("Id").asText(""), strings(image.path("RepoTags")), strings(image.path("RepoDigests"))));
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> {
            if (n.isTextual() && !n.asText().startsWith("<none>")) {
                out.add(n.asText());
            }
        });
        return out;
    }

    /** Just enough HTTP/1.1 to read one answer: status 200, then a Content-Length, chunked or read-to-close body. */
    static final class Http {
        private Http() {
        }

        static byte[] body(byte[] raw) throws IOException {
            int end = headerEnd(raw);
            if (end < 0) {
                throw new IOException("the engine's answer has no complete HTTP header");
            }
            String headers = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
            String status = headers.lines().findFirst().orElse("");
            if (!status.matches("HTTP/1\\.[01] 200( .*)?")) {
                throw new IOException("the engine answered '" + status + "'");
            }
            String lower = headers.toLowerCase(Locale.ROOT);
            Long length = contentLength(lower);
            int from = end + 4;
            if (length != null) {
                if (raw.length - from < length) {
                    throw new IOException("the answer ended after " + (raw.length - from) + " of " + length + " bytes");
                }
                return java.util.Arrays.copyOfRange(raw, from, from + length.intValue());
            }
            if (chunked(lower)) {
                byte[] body = dechunk(raw, from);
                if (body == null) {
                    throw new IOException("the chunked answer ended early");
                }
                return body;
            }
            return java.util.Arrays.copyOfRange(raw, from, raw.length);
        }

        private static int headerEnd(byte[] raw) {
            for (int i = 0; i + 3 < raw.length; i++) {
                if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private static Long contentLength(String lowerHeaders) throws IOException {
            for (String line : lowerHeaders.split("\r\n")) {
                if (line.startsWith("content-length:")) {
                    try {
                        return Long.parseLong(line.substring("content-length:".length()).strip());
                    } catch (NumberFormatException e) {
                        throw new IOException("a bad Content-Length: " + line);
                    }
                }
            }
            return null;
        }

        private static boolean chunked(String lowerHeaders) {
            return lowerHeaders.lines().anyMatch(l -> l.startsWith("transfer-encoding:") && l.contains("chunked"));
        }

        /** The joined chunks from {@code from}, or null while the last (empty) chunk has not arrived. */
        private static byte[] dechunk(byte[] raw, int from) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int i = from;
            while (true) {
                int eol = -1;
                for (int j = i; j + 1 < raw.length; j++) {
                    if (raw[j] == '\r' && raw[j + 1] == '\n') {
                        eol = j;
                        break;
                    }
                }
                if (eol < 0) {
                    return null;
                }
                String size = new String(raw, i, eol - i, StandardCharsets.US_ASCII);
                int semicolon = size.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("a bad chunk size '" + size + "'");
                }
                if (n == 0) {
                    return out.toByteArray();
                }
                int start = eol + 2;
                if (n > raw.length - start - 2L) {
                    return null;
                }
                out.write(raw, start, (int) n);
                i = start + (int) n + 2;
            }
        }
    }
}
