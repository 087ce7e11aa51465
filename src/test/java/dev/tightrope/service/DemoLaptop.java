package dev.tightrope.service;

import dev.tightrope.domain.SourceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Priya's demo laptop (sample-data/laptops) copied into a test's directory, and the
 * local-discovery source that reads it as the demo does: tests may write its allowlist.
 */
public final class DemoLaptop {
    private DemoLaptop() {
    }

    /** Copies sample-data/laptops to {@code dir}/laptops; returns that folder. */
    public static Path copyInto(Path dir) {
        Path from = Path.of("sample-data/laptops");
        Path to = dir.resolve("laptops");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** The allowlist file of a copied laptop folder. */
    public static Path allowlist(Path laptops) {
        return laptops.resolve("allowlist.json");
    }

    /** The local-discovery source {@code name} over a copied laptop folder, laid out as Linux. */
    public static SourceConfig source(String name, Path laptops) {
        Path home = laptops.resolve("priya-linux");
        return new SourceConfig(name, "local-discovery", Map.of("home", home.toString(),
                "roots", home.resolve("code/credit-risk").toString(), "os", "linux",
                "system", laptops.resolve("priya-linux-system").toString(), "allowlist", allowlist(laptops).toString(),
                "owner", "priya.natarajan@kestrel.example"));
    }
}
