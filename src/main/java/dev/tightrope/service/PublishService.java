package dev.tightrope.service;

import dev.tightrope.trust.dsse.AttestationReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Attaches attestations (approval bundles, DSSE envelopes, {@code .intoto.jsonl} files) to an
 * artifact in an OCI registry, under the cosign tag scheme and as OCI 1.1 referrers with the
 * tag-schema fallback (see {@link OciAttestations}). Needs no workspace, so CI can publish what
 * reviewers signed; {@code tightrope verify --attestations oci://…} reads them back.
 */
public final class PublishService {

    private final RegistryAccess access;

    public PublishService(RegistryAccess access) {
        this.access = access;
    }

    /**
     * What was published.
     *
     * @param artifact     the artifact, pinned by digest
     * @param cosignTag    the {@code sha256-<hex>.att} tag written, or null
     * @param envelopes    DSSE layers added under the cosign tag (those already there are not counted)
     * @param referrers    digests of the referrer manifests
     * @param tagFallback  whether the referrers tag-schema index was written (the registry has no referrers API)
     * @param skipped      attestations that could not go one way (a bare envelope has no bundle for a referrer)
     */
    public record Published(String artifact, String cosignTag, int envelopes, List<String> referrers, boolean tagFallback,
                            List<String> skipped) {
        public Published {
            referrers = List.copyOf(referrers);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Publishes every attestation in {@code files} (bundle or envelope files; a directory's
     * attestation files) to {@code reference}, {@code oci://registry/repo@sha256:…} or {@code :tag}.
     */
    public Published publish(String reference, List<Path> files, boolean cosignTag, boolean referrers) {
        if (!cosignTag && !referrers) {
            throw new IllegalArgumentException("nothing to do: publish under the cosign tag, as referrers, or both");
        }
        return new OciAttestations(access).publish(reference, expand(files), cosignTag, referrers);
    }

    static List<Path> expand(List<Path> files) {
        List<Path> out = new ArrayList<>();
        for (Path p : files) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> Files.isRegularFile(f)
                                    && AttestationReader.isAttestationFileName(f.getFileName().toString()))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException(p + ": no such file or directory");
            }
        }
        return out;
    }
}
