package dev.tightrope.sync.oci;

import dev.tightrope.base.BoundedRead;
import dev.tightrope.oci.Descriptor;
import dev.tightrope.oci.OciDigests;
import dev.tightrope.oci.OciManifest;
import dev.tightrope.oci.RegistryClient;
import dev.tightrope.oci.RegistryException;
import dev.tightrope.sync.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A registry saved as OCI image layouts (what {@code skopeo copy … oci:DIR:TAG}, {@code oras
 * copy --to-oci-layout} and {@code crane} write): {@code <path>/<registry host>/<repository>/}
 * holds {@code oci-layout}, {@code index.json} (tags are the
 * {@code org.opencontainers.image.ref.name} annotations of its manifests) and
 * {@code blobs/sha256/<hex>}. Only manifests and configs are read, so layer blobs may be left
 * out of an export. Every blob is checked against its digest, as a registry's would be.
 */
final class ImageLayouts implements Registry {

    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_DEPTH = 12;

    private final Path hostDir;
    private final String host;
    private final Map<String, Path> layouts;
    private final Map<String, Map<String, String>> tagCache = new LinkedHashMap<>();

    private ImageLayouts(Path hostDir, String host, Map<String, Path> layouts) {
        this.hostDir = hostDir;
        this.host = host;
        this.layouts = layouts;
    }

    /** One {@link ImageLayouts} per registry host directory under {@code root}. */
    static List<ImageLayouts> under(Path root) throws ConnectorException {
        if (!Files.isDirectory(root)) {
            throw new ConnectorException(root.toString(), "not a directory (an oci source's --path holds <registry host>/<repository>/ OCI image layouts)");
        }
        List<ImageLayouts> registries = new ArrayList<>();
        try (Stream<Path> hosts = Files.list(root)) {
            for (Path dir : hosts.sorted().toList()) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Map<String, Path> layouts = new TreeMap<>();
                try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
                    for (Path marker : walk.filter(p -> p.getFileName().toString().equals("oci-layout")).sorted().toList()) {
                        Path layout = marker.getParent();
                        if (!layout.equals(dir)) {
                            layouts.put(dir.relativize(layout).toString().replace('\\', '/'), layout);
                        }
                    }
                }
                if (!layouts.isEmpty()) {
                    registries.add(new ImageLayouts(dir, dir.getFileName().toString(), layouts));
                }
            }
        } catch (IOException e) {
            throw new ConnectorException(root.toString(), "cannot be read: " + e.getMessage(), e);
        }
        if (registries.isEmpty()) {
            throw new ConnectorException(root.toString(), "holds no OCI image layouts (expected <registry host>/<repository>/oci-layout)");
        }
        return registries;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public List<String> repositories() {
        return List.copyOf(layouts.keySet());
    }

    @Override
    public List<String> tags(String repository) throws ConnectorException {
        return List.copyOf(index(repository).keySet());
    }

    /** Tag → manifest digest, from the layout's index.json. */
    private Map<String, String> index(String repository) throws ConnectorException {
        Map<String, String> cached = tagCache.get(repository);
        if (cached != null) {
            return cached;
        }
        Path layout = layout(repository);
        Path file = layout.resolve("index.json");
        String where = where(file);
        OciManifest index;
        try {
            index = OciManifest.parse(read(file, where), OciManifest.IMAGE_INDEX, where);
        } catch (RegistryException e) {
            throw new ConnectorException(where, e.getMessage());
        }
        if (!index.isIndex()) {
            throw new ConnectorException(where, "index.json is a " + index.mediaType() + ", not an image index");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Descriptor d : index.layers()) {
            String name = d.annotations().get(REF_NAME);
            if (name != null && !name.isBlank()) {
                tags.putIfAbsent(name.strip(), d.digest());
            }
        }
        tagCache.put(repository, tags);
        return tags;
    }

    @Override
    public Optional<RegistryClient.Fetched> manifest(String repository, String reference) throws ConnectorException {
        String digest = reference.startsWith("sha256:") ? reference : index(repository).get(reference);
        if (digest == null) {
            return Optional.empty();
        }
        Path file = blobFile(repository, digest);
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] bytes = checked(file, digest, 4L * 1024 * 1024);
        String type;
        try {
            type = OciManifest.parse(bytes, null, where(file)).mediaType();
        } catch (RegistryException e) {
            throw new ConnectorException(where(file), e.getMessage());
        }
        return Optional.of(new RegistryClient.Fetched(bytes, type, digest));
    }

    @Override
    public byte[] blob(String repository, String digest, long maxBytes) throws ConnectorException {
        Path file = blobFile(repository, digest);
        if (file == null || !Files.isRegularFile(file)) {
            throw new ConnectorException(where(layout(repository)), "blob " + digest + " is not in the layout");
        }
        return checked(file, digest, maxBytes);
    }

    /** A layout has no referrers API: the {@code sha256-<hex>} tag fallback applies. */
    @Override
    public Optional<OciManifest> referrers(String repository, String digest) {
        return Optional.empty();
    }

    private Path layout(String repository) throws ConnectorException {
        Path layout = layouts.get(repository);
        if (layout == null) {
            throw new ConnectorException(hostDir.toString(), "no OCI image layout for repository " + repository);
        }
        return layout;
    }

    private Path blobFile(String repository, String digest) throws ConnectorException {
        if (!digest.startsWith("sha256:") || !HEX.matcher(digest.substring(7)).matches()) {
            return null;
        }
        return layout(repository).resolve("blobs").resolve("sha256").resolve(digest.substring(7));
    }

    private byte[] checked(Path file, String digest, long max) throws ConnectorException {
        byte[] bytes = read(file, where(file), max);
        String actual = OciDigests.sha256(bytes);
        if (!actual.equals(digest)) {
            throw new ConnectorException(where(file), "the blob's content has digest " + actual + ", not " + digest + " (tampered or corrupt)");
        }
        return bytes;
    }

    private static byte[] read(Path file, String where) throws ConnectorException {
        return read(file, where, 4L * 1024 * 1024);
    }

    private static byte[] read(Path file, String where, long max) throws ConnectorException {
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedRead.readAtMost(in, max);
        } catch (BoundedRead.TooLargeException e) {
            throw new ConnectorException(where, e.getMessage());
        } catch (IOException e) {
            throw new ConnectorException(where, "cannot be read: " + e.getMessage(), e);
        }
    }

    private String where(Path file) {
        return hostDir.getParent().relativize(file).toString().replace('\\', '/');
    }
}
