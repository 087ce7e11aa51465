package dev.tightrope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one JUnit extension that starts and stops the real local servers tests talk to: declare a
 * parameter of type {@link LocalRegistry} (Debian's {@code docker-registry}) or
 * {@link LocalJupyter} (Debian's Jupyter Server) on a test, a {@code @BeforeEach} or a
 * {@code @BeforeAll} method. The server starts on a free loopback port with its state in a
 * temporary directory, lives as long as the context that asked for it (one test, or the whole
 * class for {@code @BeforeAll}) and is stopped, and its directory deleted, when that ends.
 *
 * <p>A server whose program is not installed skips the test with the install command in the
 * message, or fails it when {@code CI} is set (see {@link Executables#require}).
 */
public final class LocalServers implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalServers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalRegistry.class || type == LocalJupyter.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Running running = context.getStore(NAMESPACE).getOrComputeIfAbsent(type, t -> start(type), Running.class);
        return running.server();
    }

    private static Running start(Class<?> type) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tightrope-" + type.getSimpleName().toLowerCase());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            AutoCloseable server = type == LocalRegistry.class ? LocalRegistry.start(dir) : LocalJupyter.start(dir);
            return new Running(server, dir);
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** A started server and its directory; JUnit closes it when the owning context ends. */
    private record Running(AutoCloseable server, Path dir) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                server.close();
            } finally {
                deleteTree(dir);
            }
        }
    }

    /** Stops a server process: politely, then forcibly after 10 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing a test over
        }
    }
}
