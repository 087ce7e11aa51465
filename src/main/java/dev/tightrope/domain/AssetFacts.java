package dev.tightrope.domain;

/**
 * What a lineage box shows about an asset: its owners (comma-separated, empty when nobody owns
 * it), its worst open finding (null when none) and how many are open, counting findings on any
 * asset with the same content digest, as the inventory does, and the digest itself (null when
 * the source gave none), by which a release's approvals are found.
 */
public record AssetFacts(String urn, String owners, Severity worst, int openFindings, String digest) {
    public AssetFacts {
        owners = owners == null ? "" : owners;
    }
}
