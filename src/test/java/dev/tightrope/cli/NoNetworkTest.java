package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.testing.Executables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow scan} uses no network unless the allowlist is a registry URL.
 *
 * <p>How this is proven: the scan runs in a fresh JVM ({@link Guarded#main}) that, before any
 * Tightrope code runs, installs the JDK's own process-wide hooks for every way Java code opens a
 * socket: {@link Socket#setSocketImplFactory} (every {@code java.net.Socket}, hence OkHttp, TLS
 * sockets and {@code URLConnection}), {@link ServerSocket#setSocketFactory},
 * {@link DatagramSocket#setDatagramSocketImplFactory}, and, through the
 * {@code java.nio.channels.spi.SelectorProvider} property, every NIO socket, datagram channel and
 * selector (hence {@code java.net.http}). Each hook records the attempt and refuses it. The child
 * gets an empty environment (no {@code HTTPS_PROXY}: a SOCKS proxy is the one socket kind that
 * skips the factory) and a hosts file that names nothing ({@code jdk.net.hosts.file}), so a name
 * lookup cannot leave the machine either. A fresh JVM, because the hooks can be set once per JVM
 * and would break every other test's MockWebServer; no SecurityManager, deprecated for removal.
 * The control run with a registry URL shows the hooks do catch a real connection.
 */
class NoNetworkTest {

    static final String ATTEMPT = "NETWORK ATTEMPT: ";
    static final int USED_THE_NETWORK = 99;

    @TempDir
    Path dir;

    /** The CLI with every socket hook installed first. */
    public static final class Guarded {
        static final List<String> attempts = new ArrayList<>();

        static synchronized RuntimeException refuse(String what) {
            attempts.add(what);
            return new UnsupportedOperationException("network use refused by the test guard: " + what);
        }

        public static void main(String[] args) throws Exception {
            Socket.setSocketImplFactory(() -> {
                throw refuse("java.net.Socket");
            });
            ServerSocket.setSocketFactory(() -> {
                throw refuse("java.net.ServerSocket");
            });
            DatagramSocket.setDatagramSocketImplFactory(() -> {
                throw refuse("java.net.DatagramSocket");
            });
            if (!(SelectorProvider.provider() instanceof RefusingSelectorProvider)) {
                throw new AssertionError("the NIO guard is not installed");
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), (w, d) -> { }, w -> {
                throw new AssertionError("shadow scan must not open a workspace");
            });
            System.out.print(out);
            System.err.print(err);
            synchronized (Guarded.class) {
                attempts.forEach(a -> System.err.println(ATTEMPT + a));
            }
            System.exit(attempts.isEmpty() ? code : USED_THE_NETWORK);
        }
    }

    /** NIO's provider of sockets, datagrams, pipes and selectors: each one refused and recorded. */
    public static final class RefusingSelectorProvider extends SelectorProvider {
        @Override
        public DatagramChannel openDatagramChannel() {
            throw Guarded.refuse("java.nio DatagramChannel");
        }

        @Override
        public DatagramChannel openDatagramChannel(ProtocolFamily family) {
            throw Guarded.refuse("java.nio DatagramChannel");
        }

        @Override
        public Pipe openPipe() {
            throw Guarded.refuse("java.nio Pipe");
        }

        @Override
        public AbstractSelector openSelector() {
            throw Guarded.refuse("java.nio Selector");
        }

        @Override
        public ServerSocketChannel openServerSocketChannel() {
            throw Guarded.refuse("java.nio ServerSocketChannel");
        }

        @Override
        public SocketChannel openSocketChannel() {
            throw Guarded.refuse("java.nio SocketChannel");
        }
    }

    record Run(int code, String out, String err) {
    }

    private Run guarded(String... args) throws IOException, InterruptedException {
        Path hosts = Files.writeString(dir.resolve("hosts"), "");
        List<String> command = new ArrayList<>(List.of(Executables.currentJava().toString(), "-Xmx256m",
                "-Djava.nio.channels.spi.SelectorProvider=" + RefusingSelectorProvider.class.getName(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"), Guarded.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().clear();
        Process child = pb.start();
        if (!child.waitFor(2, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the guarded scan did not finish");
        }
        return new Run(child.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private Path laptop() throws IOException {
        Path home = dir.resolve("home");
        // remote servers, mcp-remote and a docker image: a scan that looked anything up would try here
        ShadowCommandTest.write(home.resolve(".cursor/mcp.json"), """
                {"mcpServers": {
                  "docs": {"url": "https://mcp.kestrel.example/credit/mcp"},
                  "bridge": {"command": "npx", "args": ["-y", "mcp-remote@0.1.10", "https://remote.example.com/sse"]},
                  "pg": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/example/pg-mcp:1.0"]},
                  "fs": {"command": "npx", "args": ["@modelcontextprotocol/server-filesystem@2025.8.21"]}
                }}
                """);
        return home;
    }

    @Test
    void aScanWithAFileAllowlistOpensNoSocket() throws Exception {
        Path home = laptop();
        Path allowlist = ShadowCommandTest.write(dir.resolve("allowlist.json"), ShadowCommandTest.APPROVED);

        Run run = guarded("shadow", "scan", "--home", home.toString(), "--os", "linux", "--allowlist", allowlist.toString(), "--json");

        assertThat(run.err()).doesNotContain(ATTEMPT);
        assertThat(run.code()).as(run.err()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).contains("\"classification\" : \"approved\"", "remote:https://mcp.kestrel.example/credit/mcp", "mcp.vulnerable-mcp-remote");
    }

    @Test
    void theGuardCatchesTheConnectionARegistryAllowlistMakes() throws Exception {
        try (ServerSocket registry = new ServerSocket()) {
            registry.bind(new InetSocketAddress("127.0.0.1", 0));
            Run run = guarded("shadow", "scan", "--home", laptop().toString(), "--os", "linux",
                    "--allowlist", "http://127.0.0.1:" + registry.getLocalPort() + "/");

            assertThat(run.code()).isEqualTo(USED_THE_NETWORK);
            assertThat(run.err()).contains(ATTEMPT + "java.net.Socket");
        }
    }
}
