package dev.tightrope.domain;

import java.time.Instant;
import java.util.List;

/** An asset as the cache holds it: what the source said plus what Tightrope knows about it. */
public record AssetRecord(
        long id,
        Asset asset,
        String source,
        Instant firstSeen,
        Instant lastSeen,
        Instant goneAt,
        List<OwnerAssignment> owners) {

    public Urn urn() {
        return asset.urn();
    }

    public boolean gone() {
        return goneAt != null;
    }
}
