package dev.tightrope.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.oci.Descriptor;
import dev.tightrope.oci.OciDigests;
import dev.tightrope.oci.OciManifest;
import dev.tightrope.oci.OciReference;
import dev.tightrope.oci.RegistryClient;
import dev.tightrope.oci.RegistryException;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.AttestationReader;
import dev.tightrope.trust.dsse.SigstoreBundle;
import dev.tightrope.trust.dsse.Statement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attestations attached to an artifact in an OCI registry, both ways cosign does it:
 * <ul>
 *   <li>the <b>cosign tag scheme</b>: an image tagged {@code sha256-<hex>.att} in the artifact's
 *       repository with one {@code application/vnd.dsse.envelope.v1+json} layer per DSSE envelope
 *       (annotation {@code predicateType}); new envelopes are added to the layers already there;</li>
 *   <li><b>OCI 1.1 referrers</b>: per Sigstore bundle, a manifest with {@code artifactType}
 *       {@value #BUNDLE_TYPE}, the empty config, the bundle as its one layer and the artifact as its
 *       {@code subject}; when the registry does not index subjects (no {@code OCI-Subject} header,
 *       as Distribution 2.8 and 3.x), the referrers tag schema: an image index tagged
 *       {@code sha256-<hex>} listing them.</li>
 * </ul>
 * Reading asks the referrers API, falls back to the tag schema, fetches each referrer manifest
 * (never trusting what an index says about it) and checks that its subject is the artifact, then
 * reads the cosign tag; an envelope found both ways is read once.
 */
final class OciAttestations {

    static final String BUNDLE_TYPE = SigstoreBundle.MEDIA_TYPE_V03;
    static final String DSSE_LAYER = "application/vnd.dsse.envelope.v1+json";

    private final RegistryAccess access;

    OciAttestations(RegistryAccess access) {
        this.access = access;
    }

    /** One attestation to publish: its envelope, the bundle around it (null for a bare envelope), its predicate type. */
    private record Item(String location, byte[] envelope, byte[] bundle, String predicateType) {
    }

    PublishService.Published publish(String reference, List<Path> files, boolean cosign, boolean referrers) {
        List<Item> items = new ArrayList<>();
        for (Path file : files) {
            items.addAll(items(file));
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no attestations to publish");
        }
        OciReference ref = OciReference.parse(reference);
        RegistryClient client = access.client(ref);
        String repo = ref.repository();
        RegistryClient.Fetched subject = client.manifest(repo, ref.reference())
                .orElseThrow(() -> new RegistryException("no manifest " + ref.reference() + " in " + ref.registry() + "/" + repo, 404));
        String digest = subject.digest();
        String subjectType = subject.mediaType() != null ? subject.mediaType() : subject.parse(ref.toString()).mediaType();
        Descriptor subjectDescriptor = new Descriptor(subjectType, digest, subject.bytes().length, null, null);
        List<String> skipped = new ArrayList<>();

        String cosignTag = null;
        int added = 0;
        if (cosign) {
            cosignTag = OciDigests.tagOf(digest) + ".att";
            List<Descriptor> layers = new ArrayList<>();
            client.manifest(repo, cosignTag).ifPresent(m -> layers.addAll(m.parse(ref + ":" + OciDigests.tagOf(digest) + ".att").layers()));
            for (Item item : items) {
                Descriptor layer = Descriptor.of(DSSE_LAYER, item.envelope()).withAnnotations(Map.of("predicateType", item.predicateType()));
                if (layers.stream().noneMatch(l -> l.digest().equals(layer.digest()))) {
                    client.pushBlob(repo, item.envelope());
                    layers.add(layer);
                    added++;
                }
            }
            byte[] config = imageConfig(layers);
            client.pushBlob(repo, config);
            OciManifest manifest = OciManifest.imageManifest(null, Descriptor.of(OciManifest.IMAGE_CONFIG, config), layers, null, null);
            client.pushManifest(repo, cosignTag, OciManifest.IMAGE_MANIFEST, manifest.toBytes());
        }

        List<String> referrerDigests = new ArrayList<>();
        boolean fallback = false;
        if (referrers) {
            client.pushBlob(repo, OciManifest.EMPTY_JSON);
            Descriptor emptyConfig = Descriptor.of(OciManifest.EMPTY_CONFIG, OciManifest.EMPTY_JSON);
            List<Descriptor> unindexed = new ArrayList<>();
            for (Item item : items) {
                if (item.bundle() == null) {
                    skipped.add(item.location() + ": a bare DSSE envelope, not a Sigstore bundle: published under the cosign tag only");
                    continue;
                }
                client.pushBlob(repo, item.bundle());
                Map<String, String> annotations = Map.of("dev.sigstore.bundle.content", "dsse-envelope",
                        "dev.sigstore.bundle.predicateType", item.predicateType());
                OciManifest manifest = OciManifest.imageManifest(BUNDLE_TYPE, emptyConfig,
                        List.of(Descriptor.of(BUNDLE_TYPE, item.bundle())), subjectDescriptor, annotations);
                byte[] bytes = manifest.toBytes();
                RegistryClient.Pushed pushed = client.pushManifest(repo, OciDigests.sha256(bytes), OciManifest.IMAGE_MANIFEST, bytes);
                referrerDigests.add(pushed.digest());
                if (!pushed.subjectProcessed()) {
                    unindexed.add(new Descriptor(OciManifest.IMAGE_MANIFEST, pushed.digest(), bytes.length, BUNDLE_TYPE, annotations));
                }
            }
            if (!unindexed.isEmpty()) {
                fallback = true;
                String tag = OciDigests.tagOf(digest);
                List<Descriptor> listed = new ArrayList<>();
                client.manifest(repo, tag).map(m -> m.parse(ref + ":" + tag)).filter(OciManifest::isIndex)
                        .ifPresent(index -> listed.addAll(index.layers()));
                for (Descriptor d : unindexed) {
                    if (listed.stream().noneMatch(l -> l.digest().equals(d.digest()))) {
                        listed.add(d);
                    }
                }
                client.pushManifest(repo, tag, OciManifest.IMAGE_INDEX, OciManifest.index(listed).toBytes());
            }
        }
        return new PublishService.Published(ref.withDigest(digest).toString(), cosignTag, added, referrerDigests, fallback, skipped);
    }

    private static List<Item> items(Path file) {
        List<Attestation> read = AttestationReader.readFile(file);
        byte[] fileBytes;
        try {
            fileBytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Item> out = new ArrayList<>();
        for (Attestation a : read) {
            byte[] envelope = TrustJson.compact(a.envelope().toJson());
            byte[] bundle = a.bundle() == null ? null : read.size() == 1 ? fileBytes : a.bundle().toBytes();
            String type;
            try {
                type = Statement.parse(a.envelope().payload(), a.location()).predicateType();
            } catch (TrustFormatException e) {
                type = "unknown";
            }
            out.add(new Item(a.location(), envelope, bundle, type));
        }
        return out;
    }

    /** An image config like cosign's: no platform, one diff ID (and history entry) per layer. */
    private static byte[] imageConfig(List<Descriptor> layers) {
        ObjectNode config = TrustJson.object();
        config.put("architecture", "");
        config.put("created", "0001-01-01T00:00:00Z");
        ArrayNode history = config.putArray("history");
        config.put("os", "");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (Descriptor l : layers) {
            diffIds.add(l.digest());
            history.addObject().put("created", "0001-01-01T00:00:00Z");
        }
        config.putObject("config");
        return TrustJson.compact(config);
    }

    /** What a registry holds about an artifact. */
    record Fetched(String artifact, List<Attestation> attestations, List<String> skipped, List<String> errors) {
    }

    Fetched fetch(String reference) {
        OciReference ref = OciReference.parse(reference);
        RegistryClient client = access.client(ref);
        String repo = ref.repository();
        RegistryClient.Fetched subject = client.manifest(repo, ref.reference())
                .orElseThrow(() -> new RegistryException("no manifest " + ref.reference() + " in " + ref.registry() + "/" + repo, 404));
        String digest = subject.digest();
        String pinned = ref.withDigest(digest).toString();
        Map<String, Attestation> found = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> errors = new ArrayList<>();

        OciManifest index = null;
        try {
            index = client.referrers(repo, digest, BUNDLE_TYPE).orElse(null);
            if (index == null) {
                String tag = OciDigests.tagOf(digest);
                index = client.manifest(repo, tag).map(m -> m.parse(ref.registry() + "/" + repo + ":" + tag)).orElse(null);
            }
        } catch (RegistryException e) {
            errors.add(e.getMessage());
        }
        if (index != null) {
            for (Descriptor d : index.layers()) {
                String where = "oci://" + ref.registry() + "/" + repo + "@" + d.digest();
                try {
                    OciManifest m = client.manifest(repo, d.digest())
                            .orElseThrow(() -> new RegistryException("listed but not in the registry", 404)).parse(where);
                    if (m.subject() == null || !m.subject().digest().equals(digest)) {
                        skipped.add(where + ": its subject is " + (m.subject() == null ? "missing" : m.subject().digest())
                                + ", not " + digest);
                        continue;
                    }
                    if (!BUNDLE_TYPE.equals(m.effectiveArtifactType())) {
                        skipped.add(where + ": artifact type " + m.effectiveArtifactType() + " is not a Sigstore bundle");
                        continue;
                    }
                    for (Descriptor layer : m.layers()) {
                        if (SigstoreBundle.isSupportedMediaType(layer.mediaType())) {
                            byte[] bytes = client.blob(repo, layer.digest(), RegistryClient.MAX_BLOB_BYTES);
                            for (Attestation a : AttestationReader.read(bytes, where, false)) {
                                found.putIfAbsent(key(a), a);
                            }
                        }
                    }
                } catch (RegistryException | TrustFormatException e) {
                    errors.add(where + ": " + e.getMessage());
                }
            }
        }

        String cosignTag = OciDigests.tagOf(digest) + ".att";
        String tagWhere = "oci://" + ref.registry() + "/" + repo + ":" + cosignTag;
        try {
            var att = client.manifest(repo, cosignTag);
            if (att.isPresent()) {
                for (Descriptor layer : att.get().parse(tagWhere).layers()) {
                    String where = tagWhere + "#" + layer.digest();
                    if (!DSSE_LAYER.equals(layer.mediaType())) {
                        skipped.add(where + ": layer type " + layer.mediaType() + " is not a DSSE envelope");
                        continue;
                    }
                    try {
                        byte[] bytes = client.blob(repo, layer.digest(), RegistryClient.MAX_BLOB_BYTES);
                        for (Attestation a : AttestationReader.read(bytes, where, false)) {
                            Attestation earlier = found.putIfAbsent(key(a), a);
                            if (earlier != null) {
                                skipped.add(where + ": the same envelope as " + earlier.location());
                            }
                        }
                    } catch (RegistryException | TrustFormatException e) {
                        errors.add(where + ": " + e.getMessage());
                    }
                }
            }
        } catch (RegistryException e) {
            errors.add(tagWhere + ": " + e.getMessage());
        }
        return new Fetched(pinned, List.copyOf(found.values()), skipped, errors);
    }

    /** Envelopes are the same attestation when their signed payload and signatures are. */
    private static String key(Attestation a) {
        return OciDigests.sha256(TrustJson.compact(a.envelope().toJson()));
    }
}
