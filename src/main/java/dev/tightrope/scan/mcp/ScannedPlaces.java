package dev.tightrope.scan.mcp;

import dev.tightrope.base.BoundedRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The places one discovery may read (a home, repository roots, a system root) and how it reads
 * them: a file is read through its real path only when that stays inside one of the places, within
 * the size bound; folders are listed without following links and within the entry bound. What
 * cannot be read is recorded with its reason ({@link #skipped()}) and the discovery goes on.
 */
public final class ScannedPlaces implements ConfigLocations.Folders {
    private final DiscoveryLimits limits;
    private final List<Path> bases = new ArrayList<>();
    private final List<DiscoveryReport.Skipped> skipped = new ArrayList<>();

    /** @param places the home first (a {@code ~/} path resolves against it), then the roots and the system root */
    public ScannedPlaces(List<Path> places, DiscoveryLimits limits) {
        this.limits = limits;
        for (Path p : places) {
            try {
                bases.add(p.toRealPath());
            } catch (IOException e) {
                bases.add(p.toAbsolutePath().normalize());
            }
        }
    }

    public DiscoveryLimits limits() {
        return limits;
    }

    /** The home's real path. */
    public Path home() {
        return bases.get(0);
    }

    /** Every file or folder not read so far, with why. */
    public List<DiscoveryReport.Skipped> skipped() {
        return List.copyOf(skipped);
    }

    public void skip(Path file, String reason) {
        skipped.add(new DiscoveryReport.Skipped(file.toString(), reason));
    }

    /** Whether {@code real} (a real path) lies inside one of the places. */
    public boolean contains(Path real) {
        return bases.stream().anyMatch(real::startsWith);
    }

    /** The file's real path when it stays inside the scanned places; otherwise reported and empty. */
    public Optional<Path> inside(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "" : e.getReason();
            skip(file, reason.toLowerCase(Locale.ROOT).contains("levels of symbolic links")
                    ? "a symbolic link loop" : "cannot be resolved: " + (reason.isEmpty() ? e.getClass().getSimpleName() : reason));
            return Optional.empty();
        } catch (IOException e) {
            skip(file, "cannot be resolved: " + e.getMessage());
            return Optional.empty();
        }
        if (contains(real)) {
            return Optional.of(real);
        }
        skip(file, "resolves to " + real + ", outside the home, the repository roots and the system root");
        return Optional.empty();
    }

    /**
     * The bytes of {@code real} (the real path of {@code file}, from {@link #inside}), or empty with
     * the reason recorded against {@code file}: not a regular file, larger than the bound, unreadable.
     *
     * @param what what the file is, for the reason: "config", "skill file"
     */
    public Optional<byte[]> read(Path file, Path real, String what) {
        if (!Files.isRegularFile(real)) {
            skip(file, "not a regular file");
            return Optional.empty();
        }
        String tooLarge = "larger than the " + limits.maxConfigBytes() + " bytes a " + what + " may have";
        try {
            if (Files.size(real) > limits.maxConfigBytes()) {
                skip(file, tooLarge);
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(real)) {
                return Optional.of(BoundedRead.readAtMost(in, limits.maxConfigBytes()));
            }
        } catch (BoundedRead.TooLargeException e) {
            skip(file, tooLarge);
        } catch (IOException e) {
            skip(file, "cannot be read: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The SHA-256 of a regular file inside the places, up to the executable bound; empty otherwise (never reported). */
    public Optional<String> sha256(Path real) {
        try {
            if (!contains(real) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) || Files.size(real) > limits.maxExecutableBytes()) {
                return Optional.empty();
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(real)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    md.update(buf, 0, n);
                }
            }
            return Optional.of(HexFormat.of().formatHex(md.digest()));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Path> subdirectories(Path dir) {
        return list(dir, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public List<Path> files(Path dir, String suffix) {
        return list(dir, p -> p.getFileName().toString().endsWith(suffix) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** Every entry directly inside {@code dir}, symbolic links included (not resolved), sorted. */
    public List<Path> entries(Path dir) {
        return list(dir, p -> true);
    }

    private List<Path> list(Path dir, Predicate<Path> keep) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> all = children.limit(limits.maxFolderEntries() + 1L).toList();
            if (all.size() > limits.maxFolderEntries()) {
                skip(dir, "more than " + limits.maxFolderEntries() + " entries; only the first were read");
                all = all.subList(0, limits.maxFolderEntries());
            }
            return all.stream().filter(keep).sorted().toList();
        } catch (IOException e) {
            skip(dir, "cannot be listed: " + e.getMessage());
            return List.of();
        }
    }

    @Override
    public List<Path> filesNamed(Path dir, String name, int maxDepth) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        int[] seen = {0};
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), maxDepth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (++seen[0] > limits.maxFolderEntries() * 10) {
                        skip(dir, "more than " + limits.maxFolderEntries() * 10 + " files; the rest were not looked at");
                        return FileVisitResult.TERMINATE;
                    }
                    if (file.getFileName().toString().equals(name)) {
                        out.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            skip(dir, "cannot be walked: " + e.getMessage());
        }
        out.sort(null);
        return out;
    }
}
