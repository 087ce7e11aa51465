package dev.tightrope.scan.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The images of a container engine, asked over a real unix socket served here the way the Docker Engine API answers. */
class DockerEngineImagesTest {

    /** {@code GET /images/json} as Docker Engine 27 (API 1.47) answers it: a tagged image, one by digest only, a dangling one. */
    static final String IMAGES = """
            [{"Containers":-1,"Created":1733155021,"Id":"sha256:4b0c8d2e1f3a5b7c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e",\
            "Labels":{"io.modelcontextprotocol.server.name":"io.github.github/github-mcp-server","org.opencontainers.image.source":"https://github.com/github/github-mcp-server"},\
            "ParentId":"","RepoDigests":["ghcr.io/github/github-mcp-server@sha256:9a1f0c7e5d3b2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d"],\
            "RepoTags":["ghcr.io/github/github-mcp-server:v0.24.1","ghcr.io/github/github-mcp-server:latest"],"SharedSize":-1,"Size":44960211},\
            {"Containers":-1,"Created":1730000000,"Id":"sha256:1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c",\
            "Labels":null,"ParentId":"","RepoDigests":["mcp/fetch@sha256:77aa88bb99cc00dd11ee22ff33aa44bb55cc66dd77ee88ff99aa00bb11cc22dd"],\
            "RepoTags":[],"SharedSize":-1,"Size":170123456},\
            {"Containers":-1,"Created":1720000000,"Id":"sha256:0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a09080706050403020100",\
            "Labels":{},"ParentId":"","RepoDigests":["<none>@<none>"],"RepoTags":["<none>:<none>"],"SharedSize":-1,"Size":1024}]
            """;

    @TempDir
    Path dir;

    private final ExecutorService engine = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        engine.shutdownNow();
    }

    /** Serves one connection: reads the request, answers {@code response}, returns the request it read. */
    private Future<String> serveOnce(Path socket, byte[] response) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return engine.submit(() -> {
            try (server; SocketChannel client = server.accept()) {
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (!request.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n") && client.read(buf) >= 0) {
                    request.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                if (response.length > 0) {
                    client.write(ByteBuffer.wrap(response));
                } else {
                    // an engine that never answers: hold the connection until the client gives up
                    client.read(ByteBuffer.allocate(1));
                }
                return request.toString(StandardCharsets.US_ASCII);
            }
        });
    }

    private static byte[] chunked(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        int half = b.length / 2;
        String head = "HTTP/1.1 200 OK\r\nApi-Version: 1.47\r\nContent-Type: application/json\r\nDocker-Experimental: false\r\n"
                + "Ostype: linux\r\nServer: Docker/27.3.1 (linux)\r\nDate: Mon, 02 Dec 2024 16:00:00 GMT\r\nTransfer-Encoding: chunked\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, 0, half);
        out.writeBytes(("\r\n" + Integer.toHexString(b.length - half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, half, b.length - half);
        out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void theImagesOfAnEngineAnsweringChunkedAreListedWithTheirTagsAndDigests() throws Exception {
        Path socket = dir.resolve("docker.sock");
        Future<String> request = serveOnce(socket, chunked(IMAGES));
        ContainerImages.Listing listing = new DockerEngineImages(List.of(dir.resolve("absent.sock"), socket), Duration.ofSeconds(5), 1 << 20).list();

        assertThat(listing.available()).isTrue();
        assertThat(listing.engine()).isEqualTo(socket.toString());
        assertThat(listing.images()).extracting(ContainerImages.Image::repoTags).containsExactly(
                List.of("ghcr.io/github/github-mcp-server:v0.24.1", "ghcr.io/github/github-mcp-server:latest"), List.of(), List.of());
        assertThat(listing.images().get(1).repoDigests()).containsExactly(
                "mcp/fetch@sha256:77aa88bb99cc00dd11ee22ff33aa44bb55cc66dd77ee88ff99aa00bb11cc22dd");
        assertThat(request.get(5, TimeUnit.SECONDS)).startsWith("GET /images/json HTTP/1.1\r\n").contains("Connection: close\r\n");

        InstalledPackages installed = new InstalledPackages(dir, OsLayout.LINUX, () -> listing);
        LocalState.Installed github = installed.check(LaunchParser.image("ghcr.io/github/github-mcp-server:v0.24.1"));
        assertThat(github.presence()).isEqualTo(LocalState.Presence.YES);
        assertThat(github.versionMatches()).isTrue();
    }

    @Test
    void anAnswerWithAContentLengthIsReadToItsLength() throws Exception {
        Path socket = dir.resolve("podman.sock");
        byte[] body = IMAGES.getBytes(StandardCharsets.UTF_8);
        serveOnce(socket, ("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nLibpod-Api-Version: 5.2.2\r\n"
                + "Server: Libpod/5.2.2 (linux)\r\nContent-Length: " + body.length + "\r\n\r\n" + IMAGES).getBytes(StandardCharsets.UTF_8));
        ContainerImages.Listing listing = new DockerEngineImages(List.of(socket), Duration.ofSeconds(5), 1 << 20).list();
        assertThat(listing.images()).hasSize(3);
    }

    @Test
    void withoutASocketTheImagesAreUnknownAndAnEngineThatFailsOrStallsSaysWhy() throws Exception {
        ContainerImages.Listing none = new DockerEngineImages(List.of(dir.resolve("docker.sock")), Duration.ofSeconds(1), 1 << 20).list();
        assertThat(none.available()).isFalse();
        assertThat(none.unavailable()).isEqualTo("no Docker or Podman socket found");
        LocalState.Installed unknown = new InstalledPackages(dir, OsLayout.LINUX, () -> none).check(LaunchParser.image("mcp/fetch"));
        assertThat(unknown.presence()).isEqualTo(LocalState.Presence.UNKNOWN);

        Path denied = dir.resolve("denied.sock");
        serveOnce(denied, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        ContainerImages.Listing refused = new DockerEngineImages(List.of(denied), Duration.ofSeconds(5), 1 << 20).list();
        assertThat(refused.unavailable()).contains(denied.toString()).contains("HTTP/1.1 403 Forbidden");

        Path stalled = dir.resolve("stalled.sock");
        serveOnce(stalled, new byte[0]);
        ContainerImages.Listing late = new DockerEngineImages(List.of(stalled), Duration.ofMillis(300), 1 << 20).list();
        assertThat(late.unavailable()).contains("no answer within 300 ms");

        Path huge = dir.resolve("huge.sock");
        serveOnce(huge, chunked(IMAGES));
        assertThat(new DockerEngineImages(List.of(huge), Duration.ofSeconds(5), 512).list().unavailable()).contains("larger than 512 bytes");
    }

    @Test
    void theStandardSocketsAreDockerHostTheRootlessOnesTheHomesAndTheSystemsInThatOrder() {
        Path home = Path.of("/home/alice");
        assertThat(DockerEngineImages.standardSockets(Map.of("DOCKER_HOST", "unix:///custom/docker.sock", "XDG_RUNTIME_DIR", "/run/user/1000"), home))
                .containsExactly(Path.of("/custom/docker.sock"), Path.of("/run/user/1000/docker.sock"), Path.of("/run/user/1000/podman/podman.sock"),
                        home.resolve(".docker/run/docker.sock"), home.resolve(".colima/default/docker.sock"),
                        Path.of("/var/run/docker.sock"), Path.of("/run/podman/podman.sock"));
        assertThat(DockerEngineImages.standardSockets(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2376"), home)).doesNotContain(Path.of("10.0.0.5:2376"))
                .startsWith(home.resolve(".docker/run/docker.sock"));
    }
}
