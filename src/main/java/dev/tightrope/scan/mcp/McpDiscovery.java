package dev.tightrope.scan.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

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

    public DiscoveryLimits limits() {
        return limits;
    }

    /** Reads every config location of {@code request}; stops early (with what it has) when {@code cancelled} says so. */
    public DiscoveryReport discover(Request request, BooleanSupplier cancelled) {
        Run run = new Run(request);
        List<ConfigLocation> locations = new ArrayList<>();
        if (request.systemRoot() != null) {
            locations.addAll(ConfigLocations.system(request.systemRoot(), request.os()));
        }
        locations.addAll(ConfigLocations.user(request.home(), request.os(), run.places));
        for (Path root : request.roots()) {
            if (!Files.isDirectory(root)) {
                run.places.skip(root, "the repository root is not a directory");
                continue;
            }
            locations.addAll(ConfigLocations.project(root, run.places));
        }
        for (ConfigLocation location : locations) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            run.read(location);
        }
        return new DiscoveryReport(run.entries, run.policies, run.files, run.places.skipped());
    }

    /** The places a discovery of {@code request} reads: the home, then the roots, then the system root. */
    public static List<Path> places(Request request) {
        List<Path> out = new ArrayList<>();
        out.add(request.home());
        out.addAll(request.roots());
        if (request.systemRoot() != null) {
            out.add(request.systemRoot());
        }
        return out;
    }

    /** The state of one discovery. */
    private final class Run {
        private final ScannedPlaces places;
        private final List<McpServerEntry> entries = new ArrayList<>();
        private final List<PolicyFile> policies = new ArrayList<>();
        private final List<DiscoveryReport.ConfigFile> files = new ArrayList<>();
        private final Set<String> readAlready = new HashSet<>();

        Run(Request request) {
            places = new ScannedPlaces(places(request), limits);
        }

        void read(ConfigLocation location) {
            Path file = location.file();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Optional<Path> real = places.inside(file);
            if (real.isEmpty()) {
                return;
            }
            if (!readAlready.add(real.get() + "|" + location.client() + "|" + location.shape())) {
                return;
            }
            Optional<byte[]> bytes = places.read(file, real.get(), "config");
            if (bytes.isEmpty()) {
                return;
            }
            String text = new String(bytes.get(), StandardCharsets.UTF_8);
            ConfigShape.Syntax syntax = location.shape().syntax();
            com.fasterxml.jackson.databind.JsonNode tree;
            try {
                tree = trees.read(text, syntax);
            } catch (ConfigTrees.Rejected e) {
                places.skip(file, e.getMessage());
                return;
            }
            if (!tree.isObject()) {
                places.skip(file, "the top level is not an object");
                return;
            }
            ConfigReader.Read read = new ConfigReader(new LaunchParser(script -> digest(script, file))).read(location, text, tree);
            entries.addAll(read.entries());
            if (read.policy() != null) {
                policies.add(read.policy());
            }
            read.problems().forEach(p -> places.skip(file, p));
            files.add(new DiscoveryReport.ConfigFile(location, read.entries().size()));
        }

        /** The SHA-256 of a local script or executable a launch names, when it is a file inside the scanned places. */
        private Optional<String> digest(String script, Path config) {
            try {
                String s = script.strip();
                Path p;
                if (s.startsWith("~/") || s.startsWith("~\\")) {
                    p = places.home().resolve(s.substring(2));
                } else {
                    Path given = Path.of(s);
                    p = given.isAbsolute() ? given : config.toAbsolutePath().getParent().resolve(given);
                }
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
                    return Optional.empty();
                }
                return places.sha256(p.toRealPath());
            } catch (IOException | RuntimeException e) {
                // an unreadable or odd path gives no digest: the server is then identified by its path alone
                return Optional.empty();
            }
        }
    }
}
