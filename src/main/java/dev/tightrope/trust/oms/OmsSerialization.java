package dev.tightrope.trust.oms;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a model directory is turned into a manifest (the OMS v1.0 {@code serialization} object).
 *
 * @param method         {@link Method#FILES} (one digest per file) or {@link Method#SHARDS}
 *                       (one per {@code shardSize}-byte range of each file)
 * @param shardSize      bytes per shard; only meaningful for shards
 * @param allowSymlinks  false: a symbolic link is an error; true: a link to a file is hashed under the link's name
 * @param ignorePaths    exact relative paths (files or directories) left out, besides {@link #ALWAYS_IGNORED}
 */
public record OmsSerialization(Method method, long shardSize, boolean allowSymlinks, List<String> ignorePaths) {

    /** Left out of every model at its top level, whatever the signature records. */
    public static final List<String> ALWAYS_IGNORED = List.of(".git", ".gitattributes", ".gitignore", ".github");
    public static final String HASH_TYPE = "sha256";
    public static final long DEFAULT_SHARD_SIZE = 1_000_000_000L;
    public static final String SIGNATURE_FILE = "model.sig";

    public enum Method {
        FILES("files"),
        SHARDS("shards");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public OmsSerialization {
        Objects.requireNonNull(method, "method");
        if (method == Method.SHARDS && shardSize <= 0) {
            throw new IllegalArgumentException("shard size must be positive");
        }
        ignorePaths = List.copyOf(ignorePaths == null ? List.of() : ignorePaths);
        for (String p : ignorePaths) {
            if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || List.of(p.split("/")).contains("..")) {
                throw new IllegalArgumentException("ignore path '" + p + "' must be relative to the model, '/'-separated, without '..'");
            }
        }
    }

    /** The files method, no symlinks, the signature file ignored: what {@code model_signing sign} does by default. */
    public static OmsSerialization files() {
        return new OmsSerialization(Method.FILES, 0, false, List.of(SIGNATURE_FILE));
    }

    public static OmsSerialization shards(long shardSize) {
        return new OmsSerialization(Method.SHARDS, shardSize, false, List.of(SIGNATURE_FILE));
    }

    public OmsSerialization withIgnored(List<String> more) {
        Set<String> all = new LinkedHashSet<>(ignorePaths);
        all.addAll(more);
        return new OmsSerialization(method, shardSize, allowSymlinks, new ArrayList<>(all));
    }

    public OmsSerialization withSymlinks(boolean allow) {
        return new OmsSerialization(method, shardSize, allow, ignorePaths);
    }

    /** Recorded ignore paths followed by the ones always ignored, without duplicates. */
    public List<String> effectiveIgnorePaths() {
        Set<String> all = new LinkedHashSet<>(ignorePaths);
        all.addAll(ALWAYS_IGNORED);
        return List.copyOf(all);
    }
}
