package dev.tightrope.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A real Jupyter Server for tests: Debian's {@code python3-jupyter-server}, started as
 * {@code /usr/bin/python3 -m jupyter_server} on a free loopback port with a random token, its
 * notebook root, config, data and runtime directories all under a temporary directory, and
 * polled until {@code /api/contents} answers. No kernel is ever started: the tests only read
 * files through the Contents API. Use it through {@link LocalServers}.
 */
public final class LocalJupyter implements AutoCloseable {

    /** Debian's interpreter, where the package installs the module (a pyenv or venv python would not have it). */
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String INSTALL = "apt-get install python3-jupyter-server";

    private final Process process;
    private final Path root;
    private final int port;
    private final String token;
    private final List<String> output = new ArrayList<>();

    private LocalJupyter(Process process, Path root, int port, String token) {
        this.process = process;
        this.root = root;
        this.port = port;
        this.token = token;
    }

    static LocalJupyter start(Path dir) throws IOException {
        requireJupyterServer();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path root = Files.createDirectories(dir.resolve("notebooks"));
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-m", "jupyter_server",
                "--ServerApp.ip=127.0.0.1", "--ServerApp.port=" + port, "--ServerApp.port_retries=0",
                "--ServerApp.token=" + token, "--ServerApp.root_dir=" + root, "--no-browser", "--allow-root")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(dir.resolve("config")).toString());
        env.put("JUPYTER_DATA_DIR", Files.createDirectories(dir.resolve("data")).toString());
        env.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(dir.resolve("runtime")).toString());
        env.put("HOME", dir.toString());
        LocalJupyter server = new LocalJupyter(pb.start(), root, port, token);
        server.drainOutput();
        server.awaitContentsApi(Duration.ofSeconds(60));
        return server;
    }

    private static void requireJupyterServer() {
        boolean present = false;
        if (Files.isExecutable(PYTHON)) {
            try {
                Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import jupyter_server")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                present = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
            } catch (IOException e) {
                present = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!present && Executables.onCi()) {
            throw new AssertionError("Jupyter Server is not installed for " + PYTHON + ", and CI is set: " + INSTALL
                    + " (.ci/run should have installed it)");
        }
        assumeTrue(present, () -> "Jupyter Server is not installed for " + PYTHON + ": skipping (" + INSTALL
                + "; CI's .ci/run installs it)");
    }

    private void drainOutput() {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "jupyter-server-output");
        drain.setDaemon(true);
        drain.start();
    }

    private void awaitContentsApi(Duration limit) {
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        Request request = new Request.Builder().url(url() + "api/contents?content=0").header("Authorization", "token " + token).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("jupyter_server stopped before answering:\n" + output());
            }
            try (Response r = http.newCall(request).execute()) {
                if (r.code() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("jupyter_server did not answer /api/contents within " + limit.toSeconds() + " s:\n" + output());
    }

    /** The server's base URL, ending in {@code /}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** The token the server accepts ({@code Authorization: token <token>}). */
    public String token() {
        return token;
    }

    /** The directory the server serves: write notebooks here. */
    public Path root() {
        return root;
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
