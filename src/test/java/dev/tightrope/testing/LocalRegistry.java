package dev.tightrope.testing;

import dev.tightrope.oci.Descriptor;
import dev.tightrope.oci.OciDigests;
import dev.tightrope.oci.OciManifest;
import dev.tightrope.oci.RegistryClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (Docker Distribution 2.8),
 * started on a free loopback port with its storage in a temporary directory and stopped by
 * {@link #close()}. Tests using it are skipped, saying why, where the binary is not installed.
 */
public final class LocalRegistry implements AutoCloseable {

    private final Process process;
    private final Path storage;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private LocalRegistry(Process process, Path storage, int port) {
        this.process = process;
        this.storage = storage;
        this.port = port;
    }

    /** Starts a registry with its config and storage under {@code dir}; skips the test when there is no registry binary. */
    public static LocalRegistry start(Path dir) throws IOException {
        Path binary = Executables.require("docker-registry", "the OCI registry tests need Debian's docker-registry:"
                + " apt-get install docker-registry");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path storage = dir.resolve("registry-data");
        Files.createDirectories(storage);
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: info
                  formatter: text
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:%d
                """.formatted(storage.toAbsolutePath(), port));
        Process p = new ProcessBuilder(binary.toString(), "serve", config.toString()).redirectErrorStream(true).start();
        LocalRegistry registry = new LocalRegistry(p, storage, port);
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (registry.output) {
                        registry.output.add(line);
                    }
                    if (line.contains("listening on")) {
                        listening.complete(true);
                    }
                }
                listening.complete(false);
            } catch (IOException e) {
                listening.complete(false);
            }
        }, "docker-registry-output");
        drain.setDaemon(true);
        drain.start();
        try {
            if (!listening.get(30, TimeUnit.SECONDS)) {
                registry.close();
                throw new IllegalStateException("docker-registry stopped before listening:\n" + registry.output());
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            registry.close();
            throw new IllegalStateException("docker-registry did not start listening:\n" + registry.output(), e);
        }
        return registry;
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    public RegistryClient client() {
        return new RegistryClient(HttpUrl.get("http://" + host() + "/"), RegistryClient.Credentials.NONE, new OkHttpClient());
    }

    /** Where the registry keeps a blob's bytes (filesystem driver layout). */
    public Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return storage.resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    /**
     * Pushes a minimal OCI image (an image config and one empty tar layer) tagged {@code tag};
     * returns its manifest digest.
     */
    public String pushImage(String repository, String tag, String label) {
        RegistryClient c = client();
        byte[] layer = new byte[1024];
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"model\":\"" + label
                + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + OciDigests.sha256(layer) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        c.pushBlob(repository, layer);
        c.pushBlob(repository, config);
        OciManifest manifest = OciManifest.imageManifest(null, Descriptor.of(OciManifest.IMAGE_CONFIG, config),
                List.of(Descriptor.of("application/vnd.oci.image.layer.v1.tar", layer)), null, null);
        return c.pushManifest(repository, tag, OciManifest.IMAGE_MANIFEST, manifest.toBytes()).digest();
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        LocalServers.stop(process);
    }
}
