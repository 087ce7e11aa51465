package dev.tightrope.domain;

import java.util.List;

/**
 * Everything the detail pane shows about one asset. Neighbour lists are capped; the totals say
 * how many there are in all. {@code sameContent} lists other assets with the same content digest
 * (the scanned copy of a registry model, the approval subject of a model version).
 */
public record AssetDetail(
        AssetRecord record,
        String sourceType,
        List<Neighbour> upstream,
        long upstreamTotal,
        List<Neighbour> downstream,
        long downstreamTotal,
        List<StoredFinding> findings,
        List<Note> notes,
        List<AssetSummary> sameContent) {
}
