package dev.tightrope.sync;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Urn;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the cloud ML connectors name what other sources also see, so that one real thing is one
 * asset: a container image by digest as the {@code oci} source names it, and a location in cloud
 * storage as OpenLineage names a dataset there. No IO.
 */
public final class CloudAssets {

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    /** {@code registry/repository[:tag][@sha256:…]}: an image reference whose first segment is a registry host. */
    private static final Pattern IMAGE = Pattern.compile("([^/\\s]+\\.[^/\\s]+)/([^:@\\s]+)(?::[^@\\s]+)?(?:@(sha256:[0-9a-f]{64}))?");
    /** {@code https://<account>.blob.core.windows.net/<container>/<path>} and the Data Lake Gen2 {@code dfs} host. */
    private static final Pattern AZURE_HTTPS = Pattern.compile("https://([a-z0-9]{3,24})\\.(blob|dfs)\\.(core\\.[a-z.]+)/([^/?#]+)(/[^?#]*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BUCKET_URI = Pattern.compile("(s3|gs|wasbs|abfss)://[^/\\s]+(/\\S*)?", Pattern.CASE_INSENSITIVE);

    private CloudAssets() {
    }

    /** The {@code sha256:…} digest an image reference pins ({@code …@sha256:…}), or null. */
    public static String pinnedDigest(String reference) {
        Matcher m = reference == null ? null : IMAGE.matcher(reference.strip());
        return m != null && m.matches() ? m.group(3) : null;
    }

    /**
     * The container image {@code reference} names, with {@code digest} (a {@code sha256:…}), named
     * as the {@code oci} source names an image by digest
     * ({@code tr:container_image:oci:<registry>/<repository>@sha256:…}) and carrying the digest;
     * null when the reference names no registry host or the digest is not a SHA-256.
     */
    public static Asset image(String reference, String digest) {
        Matcher m = reference == null ? null : IMAGE.matcher(reference.strip());
        String d = digest == null ? null : digest.strip().toLowerCase(Locale.ROOT);
        if (m == null || !m.matches() || d == null || !SHA256.matcher(d).matches()) {
            return null;
        }
        String repository = m.group(1) + "/" + m.group(2);
        Urn urn = Urn.of(AssetKind.CONTAINER_IMAGE, "oci", repository + "@" + d);
        return Asset.builder(urn, m.group(2) + "@" + d.substring(0, "sha256:".length() + 12))
                .digest(Digest.parse(d)).sourceRef("oci://" + repository + "@" + d).build();
    }

    /**
     * A location in cloud storage as OpenLineage names the dataset there (namespace
     * {@code scheme://authority}, name the path, no trailing slash): {@code s3://bucket/key},
     * {@code gs://bucket/path}, {@code wasbs://container@account.blob.core.windows.net/path},
     * {@code abfss://filesystem@account.dfs.core.windows.net/path}. An Azure storage https URL is
     * named by the scheme Hadoop-based producers (Spark) use for the same object: blob → wasbs, dfs
     * → abfss. Null for anything else.
     */
    public static Urn storageDataset(String uri) {
        if (uri == null) {
            return null;
        }
        String u = uri.strip();
        Matcher azure = AZURE_HTTPS.matcher(u);
        if (azure.matches()) {
            String account = azure.group(1).toLowerCase(Locale.ROOT);
            String kind = azure.group(2).toLowerCase(Locale.ROOT);
            String path = azure.group(5) == null ? "" : azure.group(5);
            u = (kind.equals("blob") ? "wasbs://" : "abfss://") + azure.group(4) + "@" + account + "." + kind + "."
                    + azure.group(3).toLowerCase(Locale.ROOT) + path;
        } else if (!BUCKET_URI.matcher(u).matches()) {
            return null;
        }
        int authority = u.indexOf("://") + 3;
        while (u.endsWith("/") && u.length() > authority + 2) {
            u = u.substring(0, u.length() - 1);
        }
        return Urn.of(AssetKind.DATASET, "openlineage", u.substring(0, authority).toLowerCase(Locale.ROOT) + u.substring(authority));
    }
}
