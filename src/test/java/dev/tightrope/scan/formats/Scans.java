package dev.tightrope.scan.formats;

import dev.tightrope.scan.FormatAnalyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs analyzers the way the engine does: recognise by content, then analyze. */
final class Scans {
    private Scans() {
    }

    static RecordingContext bytes(FormatAnalyzer analyzer, String name, byte[] bytes) {
        RecordingContext context = new RecordingContext(null);
        try {
            analyzer.analyze(new BytesInput(name, bytes), context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return context;
    }

    static RecordingContext file(FormatAnalyzer analyzer, Path file) {
        RecordingContext context = new RecordingContext(file.toAbsolutePath().getParent());
        try (FileInput input = new FileInput(file)) {
            analyzer.analyze(input, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return context;
    }

    static boolean recognizes(FormatAnalyzer analyzer, String name, byte[] bytes) {
        int n = Math.min(bytes.length, 64 * 1024);
        byte[] head = java.util.Arrays.copyOf(bytes, 64 * 1024);
        return analyzer.recognizes(head, n, bytes.length, name);
    }

    static byte[] fixture(String name) {
        try (InputStream in = Scans.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a classpath fixture into {@code dir} so file-based code paths (paths, siblings) run. */
    static Path copyFixture(String name, Path dir) {
        try {
            Path target = dir.resolve(name);
            Files.createDirectories(target.getParent());
            Files.write(target, fixture(name));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
