package dev.tightrope.scan.testing;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes test content to a real file and scans it. */
public final class ScanHarness {

    private final Path dir;
    private final ModelScanner scanner;

    public ScanHarness(Path dir) {
        this(dir, ScanLimits.defaults());
    }

    public ScanHarness(Path dir, ScanLimits limits) {
        this.dir = dir;
        this.scanner = ModelScanner.builder().threads(1).limits(limits).build();
    }

    public FileScanResult scan(String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return scanner.scanFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> rules(FileScanResult r) {
        return r.findings().stream().map(ScanFinding::ruleId).toList();
    }

    public static List<String> evidence(FileScanResult r) {
        return r.findings().stream().map(ScanFinding::evidence).toList();
    }
}
