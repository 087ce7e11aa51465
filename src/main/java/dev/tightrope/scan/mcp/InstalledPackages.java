package dev.tightrope.scan.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.scan.mcp.LaunchIdentity.PackageType;
import dev.tightrope.scan.mcp.LocalState.Installed;
import dev.tightrope.scan.mcp.LocalState.Presence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether the package a launch runs is installed on the machine, from the files under the home
 * only (in the {@link OsLayout} given): the npx cache ({@code ~/.npm/_npx/<hash>/node_modules/<pkg>},
 * Windows {@code %LocalAppData%\npm-cache\_npx}), global npm folders under the home (npm's
 * {@code prefix} in {@code ~/.npmrc}, {@code ~/.npm-global}, nvm's, Windows {@code %AppData%\npm});
 * {@code uv tool} environments, uvx's cached environments and unpacked wheels in uv's cache, pipx
 * venvs (and {@code pipx run}'s cache); the NuGet package folder for dnx; container images as the
 * local engine lists them; and, for a local file, whether it exists. Folders are listed with a
 * bound and links leading out of the home are not followed.
 */
public final class InstalledPackages {

    /** The most entries read from one cache folder (npx hashes, uv archives). */
    public static final int MAX_FOLDER_ENTRIES = 5_000;
    private static final long MAX_MANIFEST_BYTES = 1024 * 1024;
    private static final UntrustedJson JSON = UntrustedJson.withLimits(new JsonLimits(64, 64 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_MANIFEST_BYTES));

    private final Path home;
    private final Path realHome;
    private final OsLayout os;
    private final ContainerImages images;
    private ContainerImages.Listing listing;

    public InstalledPackages(Path home, OsLayout os, ContainerImages images) {
        this.home = home.toAbsolutePath().normalize();
        Path real;
        try {
            real = this.home.toRealPath();
        } catch (IOException e) {
            real = this.home;
        }
        this.realHome = real;
        this.os = os;
        this.images = images;
    }

    /** What is installed for {@code identity}; null for a remote endpoint, which installs nothing here. */
    public Installed check(LaunchIdentity identity) {
        if (identity.identifier().startsWith("(")) {
            return Installed.unknown("the launch names no package");
        }
        try {
            return lookUp(identity);
        } catch (java.nio.file.InvalidPathException e) {
            return Installed.unknown("'" + identity.identifier() + "' cannot be a file name here");
        }
    }

    private Installed lookUp(LaunchIdentity identity) {
        return switch (identity.type()) {
            case NPM -> found(identity, npm(identity.identifier()), "no " + identity.identifier() + " in the npx cache or a global npm folder under the home");
            case PYPI -> found(identity, pypi(identity.identifier()), "no " + identity.identifier() + " in a uv tool, uv cache or pipx environment under the home");
            case NUGET -> found(identity, nuget(identity.identifier()), "no " + identity.identifier() + " in ~/.nuget/packages");
            case OCI -> oci(identity);
            case LOCAL -> local(identity);
            case REMOTE -> null;
        };
    }

    /** A version found and the folder it was found in. */
    private record Found(String version, Path where) {
    }

    private Installed found(LaunchIdentity identity, List<Found> found, String none) {
        if (found.isEmpty()) {
            return Installed.no(none);
        }
        Set<String> versions = new LinkedHashSet<>();
        List<String> where = new ArrayList<>();
        for (Found f : found) {
            versions.add(f.version());
            where.add(shown(f.where()) + " (" + f.version() + ")");
        }
        Boolean matches = identity.pinned() ? versions.contains(identity.version()) : null;
        return new Installed(Presence.YES, List.copyOf(versions), where, matches, null);
    }

    // npm

    private List<Found> npm(String pkg) {
        List<Found> out = new ArrayList<>();
        for (Path hash : list(npxCache())) {
            packageJson(hash.resolve("node_modules").resolve(pkg), pkg).ifPresent(out::add);
        }
        for (Path modules : globalNodeModules()) {
            packageJson(modules.resolve(pkg), pkg).ifPresent(out::add);
        }
        return out;
    }

    private Path npxCache() {
        return os == OsLayout.WINDOWS ? home.resolve("AppData/Local/npm-cache/_npx") : home.resolve(".npm/_npx");
    }

    /** Global node_modules folders under the home: npm's prefix from {@code ~/.npmrc}, the usual user prefixes, nvm's node versions. */
    private List<Path> globalNodeModules() {
        List<Path> prefixes = new ArrayList<>();
        npmrcPrefix().ifPresent(prefixes::add);
        List<Path> out = new ArrayList<>();
        if (os == OsLayout.WINDOWS) {
            prefixes.add(home.resolve("AppData/Roaming/npm"));
            prefixes.forEach(p -> out.add(p.resolve("node_modules")));
        } else {
            prefixes.add(home.resolve(".npm-global"));
            prefixes.add(home.resolve(".local"));
            prefixes.forEach(p -> out.add(p.resolve("lib/node_modules")));
            for (Path node : list(home.resolve(".nvm/versions/node"))) {
                out.add(node.resolve("lib/node_modules"));
            }
        }
        return out.stream().distinct().toList();
    }

    private java.util.Optional<Path> npmrcPrefix() {
        byte[] bytes = read(home.resolve(".npmrc"));
        if (bytes == null) {
            return java.util.Optional.empty();
        }
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
            String l = line.strip();
            if (l.startsWith("prefix") && l.contains("=")) {
                String value = l.substring(l.indexOf('=') + 1).strip().replace("${HOME}", "~").replace("$HOME", "~");
                try {
                    Path p = value.startsWith("~") ? home.resolve(value.substring(1).replaceFirst("^[/\\\\]", "")) : Path.of(value);
                    // only a prefix inside the home is read: the rest of the machine is not the scan's
                    return p.toAbsolutePath().normalize().startsWith(home) ? java.util.Optional.of(p) : java.util.Optional.empty();
                } catch (java.nio.file.InvalidPathException e) {
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.empty();
    }

    private java.util.Optional<Found> packageJson(Path dir, String pkg) {
        byte[] bytes = read(dir.resolve("package.json"));
        if (bytes == null) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode manifest = JSON.read(bytes);
            if (!pkg.equals(manifest.path("name").asText(null)) || !manifest.path("version").isTextual()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Found(manifest.path("version").asText(), dir));
        } catch (IOException e) {
            // a manifest that does not parse is not an installed package of that name
            return java.util.Optional.empty();
        }
    }

    // PyPI

    private List<Found> pypi(String name) {
        List<Found> out = new ArrayList<>();
        for (EnvironmentFolder folder : pythonEnvironmentFolders()) {
            for (Path env : list(folder.dir())) {
                if (folder.namedByPackage() && !LaunchParser.normalisePypi(env.getFileName().toString()).equals(name)) {
                    continue;
                }
                for (Path sitePackages : sitePackages(env)) {
                    distInfo(sitePackages, name).ifPresent(v -> out.add(new Found(v, env)));
                }
            }
        }
        for (Path wheel : list(uvCache().resolve("archive-v0"))) {
            distInfo(wheel, name).ifPresent(v -> out.add(new Found(v, wheel)));
        }
        return out;
    }

    /**
     * A folder whose children are Python environments.
     *
     * @param namedByPackage each environment is named after the package it was made for (uv tools, pipx venvs);
     *                       otherwise by a hash, so each is looked into (uvx's and pipx run's caches)
     */
    private record EnvironmentFolder(Path dir, boolean namedByPackage) {
    }

    private List<EnvironmentFolder> pythonEnvironmentFolders() {
        List<EnvironmentFolder> out = new ArrayList<>();
        out.add(new EnvironmentFolder(os == OsLayout.WINDOWS ? home.resolve("AppData/Roaming/uv/data/tools") : home.resolve(".local/share/uv/tools"), true));
        for (Path cached : list(uvCache())) {
            if (cached.getFileName().toString().startsWith("environments-v")) {
                out.add(new EnvironmentFolder(cached, false));
            }
        }
        List<Path> pipxHomes = switch (os) {
            case LINUX -> List.of(home.resolve(".local/share/pipx"), home.resolve(".local/pipx"));
            case MACOS -> List.of(home.resolve("Library/Application Support/pipx"), home.resolve(".local/pipx"));
            case WINDOWS -> List.of(home.resolve("pipx"), home.resolve(".local/pipx"));
        };
        for (Path pipx : pipxHomes) {
            out.add(new EnvironmentFolder(pipx.resolve("venvs"), true));
            out.add(new EnvironmentFolder(pipx.resolve(".cache"), false));
        }
        return out;
    }

    private Path uvCache() {
        return os == OsLayout.WINDOWS ? home.resolve("AppData/Local/uv/cache") : home.resolve(".cache/uv");
    }

    /** {@code lib/python3.x/site-packages} (Unix venvs) and {@code Lib/site-packages} (Windows venvs). */
    private List<Path> sitePackages(Path env) {
        List<Path> out = new ArrayList<>();
        for (Path lib : list(env.resolve("lib"))) {
            if (lib.getFileName().toString().startsWith("python")) {
                out.add(lib.resolve("site-packages"));
            }
        }
        out.add(env.resolve("Lib/site-packages"));
        return out;
    }

    /** The version of {@code name}'s {@code <name>-<version>.dist-info} folder in {@code dir} (wheel names escape {@code -} as {@code _}). */
    private java.util.Optional<String> distInfo(Path dir, String name) {
        for (Path info : list(dir)) {
            String f = info.getFileName().toString();
            if (!f.endsWith(".dist-info")) {
                continue;
            }
            String stem = f.substring(0, f.length() - ".dist-info".length());
            int dash = stem.indexOf('-');
            if (dash > 0 && LaunchParser.normalisePypi(stem.substring(0, dash)).equals(name)) {
                return java.util.Optional.of(stem.substring(dash + 1));
            }
        }
        return java.util.Optional.empty();
    }

    // NuGet

    private List<Found> nuget(String id) {
        List<Found> out = new ArrayList<>();
        for (Path version : list(home.resolve(".nuget/packages").resolve(id.toLowerCase(Locale.ROOT)))) {
            out.add(new Found(version.getFileName().toString(), version));
        }
        return out;
    }

    // OCI

    private Installed oci(LaunchIdentity identity) {
        if (listing == null) {
            listing = images.list();
        }
        if (!listing.available()) {
            return Installed.unknown(listing.unavailable());
        }
        String wanted = identity.version();
        Set<String> versions = new LinkedHashSet<>();
        List<String> where = new ArrayList<>();
        for (ContainerImages.Image image : listing.images()) {
            List<String> names = new ArrayList<>();
            for (String tag : image.repoTags()) {
                LaunchIdentity t = LaunchParser.image(tag);
                if (t.identifier().equals(identity.identifier())) {
                    names.add(t.version() == null ? "latest" : t.version());
                }
            }
            for (String digest : image.repoDigests()) {
                LaunchIdentity d = LaunchParser.image(digest);
                if (d.identifier().equals(identity.identifier()) && d.version() != null && d.version().equals(identity.version())) {
                    names.add(d.version());
                }
            }
            if (!names.isEmpty()) {
                versions.addAll(names);
                String id = image.id().startsWith("sha256:") ? image.id().substring(0, Math.min(image.id().length(), 19)) : image.id();
                where.add("image " + id + " (" + String.join(", ", names) + ") at " + listing.engine());
            }
        }
        if (versions.isEmpty()) {
            return Installed.no("the engine at " + listing.engine() + " has no image of " + identity.identifier());
        }
        return new Installed(Presence.YES, List.copyOf(versions), where, identity.pinned() ? versions.contains(wanted) : null, null);
    }

    // local files

    private Installed local(LaunchIdentity identity) {
        if (identity.sha256() != null) {
            return new Installed(Presence.YES, List.of(), List.of(shownPath(identity.identifier()) + " (sha256 " + identity.sha256() + ")"), null, null);
        }
        String file = identity.identifier().strip();
        Path p;
        try {
            p = file.startsWith("~/") || file.startsWith("~\\") ? home.resolve(file.substring(2)) : Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            return Installed.unknown("'" + file + "' is not a path");
        }
        if (!p.isAbsolute() || !p.normalize().startsWith(home)) {
            return Installed.unknown(file + " is found on the PATH or outside the home, which the scan does not read");
        }
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? Installed.unknown(shown(p) + " exists but could not be read")
                : Installed.no(shown(p) + " does not exist");
    }

    private String shownPath(String file) {
        try {
            Path p = Path.of(file);
            return p.isAbsolute() ? shown(p) : file;
        } catch (java.nio.file.InvalidPathException e) {
            return file;
        }
    }

    // files

    /** The entries of {@code dir}, sorted, at most {@link #MAX_FOLDER_ENTRIES}; none when it is missing, a link or leads out of the home. */
    private List<Path> list(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !insideHome(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.limit(MAX_FOLDER_ENTRIES).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** A small file's bytes, or null when it is missing, too large, or leads out of the home. */
    private byte[] read(Path file) {
        if (!Files.isRegularFile(file) || !insideHome(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedRead.readAtMost(in, MAX_MANIFEST_BYTES);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private boolean insideHome(Path p) {
        try {
            return p.toRealPath().startsWith(realHome);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code ~/…} for a path under the home. */
    private String shown(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(home) ? "~/" + home.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }
}
