package dev.tightrope.domain;

import java.util.List;

/**
 * Everything the detail pane shows about one asset. Neighbour lists are capped; the totals say
 * how many there are in all.
 */
public record AssetDetail(
        AssetRecord record,
        String sourceType,
        List<Neighbour> upstream,
        long upstreamTotal,
        List<Neighbour> downstream,
        long downstreamTotal,
        List<StoredFinding> findings,
        List<Note> notes) {
}
