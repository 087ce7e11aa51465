package dev.tightrope.scan.mcp;

import dev.tightrope.base.BoundedRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Finds the MCP servers configured on one machine: every client's config files under a home
 * directory, in repository roots and (managed files) under a system root, for one
 * {@link OsLayout}. Reads files only, never starts anything and never touches the network.
 *
 * <p>Hostile input is reported and skipped, and the discovery goes on: a file that does not parse,
 * is larger than the limit or nested too deeply; a symbolic link that loops or leads outside the
 * home, the roots and the system root; a folder of plugins with too many entries.
 */
public final class McpDiscovery {

    /**
     * What to look at.
     *
     * @param systemRoot where machine-wide managed files are looked for ({@code /}, {@code C:\}), or null for none
     */
    public record Request(Path home, List<Path> roots, OsLayout os, Path systemRoot) {
        public Request {
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(os, "os");
            roots = List.copyOf(roots);
        }
    }

    private final DiscoveryLimits limits;
    private final ConfigTrees trees;

    public McpDiscovery(DiscoveryLimits limits) {
        this.limits = limits;
        this.trees = new ConfigTrees(limits.tree());
    }

    /** Reads every config location of {@code request}; stops early (with what it has) when {@code cancelled} says so. */
    public DiscoveryReport discover(Request request, BooleanSupplier cancelled) {
        Run run = new Run(request);
        List<ConfigLocation> locations = new ArrayList<>();
        if (request.systemRoot() != null) {
            locations.addAll(ConfigLocations.system(request.systemRoot(), request.os()));
        }
        locations.addAll(ConfigLocations.user(request.home(), request.os(), run));
        for (Path root : request.roots()) {
            if (!Files.isDirectory(root)) {
                run.skipped.add(new DiscoveryReport.Skipped(root.toString(), "the repository root is not a directory"));
                continue;
            }
            locations.addAll(ConfigLocations.project(root, run));
        }
        for (ConfigLocation location : locations) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            run.read(location);
        }
        return new DiscoveryReport(run.entries, run.policies, run.files, run.skipped);
    }

    /** The state of one discovery. */
    private final class Run implements ConfigLocations.Folders {
        private final List<Path> bases = new ArrayList<>();
        private final List<McpServerEntry> entries = new ArrayList<>();
        private final List<PolicyFile> policies = new ArrayList<>();
        private final List<DiscoveryReport.ConfigFile> files = new ArrayList<>();
        private final List<DiscoveryReport.Skipped> skipped = new ArrayList<>();
        private final Set<String> readAlready = new HashSet<>();

        Run(Request request) {
            addBase(request.home());
            request.roots().forEach(this::addBase);
            if (request.systemRoot() != null) {
                addBase(request.systemRoot());
            }
        }

        private void addBase(Path p) {
            try {
                bases.add(p.toRealPath());
            } catch (IOException e) {
                bases.add(p.toAbsolutePath().normalize());
            }
        }

        void read(ConfigLocation location) {
            Path file = location.file();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Optional<Path> real = inside(file);
            if (real.isEmpty()) {
                return;
            }
            if (!readAlready.add(real.get() + "|" + location.client() + "|" + location.shape())) {
                return;
            }
            if (!Files.isRegularFile(real.get())) {
                skip(file, "not a regular file");
                return;
            }
            byte[] bytes;
            try {
                if (Files.size(real.get()) > limits.maxConfigBytes()) {
                    skip(file, "larger than the " + limits.maxConfigBytes() + " bytes a config may have");
                    return;
                }
                try (InputStream in = Files.newInputStream(real.get())) {
                    bytes = BoundedRead.readAtMost(in, limits.maxConfigBytes());
                }
            } catch (BoundedRead.TooLargeException e) {
                skip(file, "larger than the " + limits.maxConfigBytes() + " bytes a config may have");
                return;
            } catch (IOException e) {
                skip(file, "cannot be read: " + e.getMessage());
                return;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            ConfigShape.Syntax syntax = location.shape().syntax();
            com.fasterxml.jackson.databind.JsonNode tree;
            try {
                tree = trees.read(text, syntax);
            } catch (ConfigTrees.Rejected e) {
                skip(file, e.getMessage());
                return;
            }
            if (!tree.isObject()) {
                skip(file, "the top level is not an object");
                return;
            }
            ConfigReader.Read read = new ConfigReader(new LaunchParser(script -> digest(script, file))).read(location, text, tree);
            entries.addAll(read.entries());
            if (read.policy() != null) {
                policies.add(read.policy());
            }
            read.problems().forEach(p -> skip(file, p));
            files.add(new DiscoveryReport.ConfigFile(location, read.entries().size()));
        }

        /** The file's real path when it stays inside the scanned places; otherwise reported and empty. */
        private Optional<Path> inside(Path file) {
            Path real;
            try {
                real = file.toRealPath();
            } catch (FileSystemException e) {
                String reason = e.getReason() == null ? "" : e.getReason();
                skip(file, reason.toLowerCase(java.util.Locale.ROOT).contains("levels of symbolic links")
                        ? "a symbolic link loop" : "cannot be resolved: " + (reason.isEmpty() ? e.getClass().getSimpleName() : reason));
                return Optional.empty();
            } catch (IOException e) {
                skip(file, "cannot be resolved: " + e.getMessage());
                return Optional.empty();
            }
            for (Path base : bases) {
                if (real.startsWith(base)) {
                    return Optional.of(real);
                }
            }
            skip(file, "resolves to " + real + ", outside the home, the repository roots and the system root");
            return Optional.empty();
        }

        /** The SHA-256 of a local script or executable a launch names, when it is a file inside the scanned places. */
        private Optional<String> digest(String script, Path config) {
            Path p;
            try {
                String s = script.strip();
                if (s.startsWith("~/") || s.startsWith("~\\")) {
                    p = bases.get(0).resolve(s.substring(2));
                } else {
                    Path given = Path.of(s);
                    p = given.isAbsolute() ? given : config.toAbsolutePath().getParent().resolve(given);
                }
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                    return Optional.empty();
                }
                Path real = p.toRealPath();
                if (bases.stream().noneMatch(real::startsWith) || !Files.isRegularFile(real) || Files.size(real) > limits.maxExecutableBytes()) {
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
            } catch (IOException | RuntimeException | NoSuchAlgorithmException e) {
                // an unreadable or odd path gives no digest: the server is then identified by its path alone
                return Optional.empty();
            }
        }

        private void skip(Path file, String reason) {
            skipped.add(new DiscoveryReport.Skipped(file.toString(), reason));
        }

        @Override
        public List<Path> subdirectories(Path dir) {
            return list(dir, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
        }

        @Override
        public List<Path> files(Path dir, String suffix) {
            return list(dir, p -> p.getFileName().toString().endsWith(suffix) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
        }

        private List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
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
}
