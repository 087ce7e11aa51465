package dev.tightrope.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What global search found for a text: the best matches grouped by kind, the best group first,
 * and how many assets match in all (the inventory lists every one of them with
 * {@link #inventoryFilter()}).
 *
 * @param text       what was searched for
 * @param groups     matches by kind, best first; each holds its best few
 * @param total      how many assets match; at least this many when {@code totalExact} is false
 * @param totalExact whether {@code total} is the exact count (false: "more than total")
 * @param gone       how many of the matches a full sync no longer reported
 */
public record SearchResults(String text, List<KindGroup> groups, long total, boolean totalExact, long gone) {

    /**
     * The matches of one kind.
     *
     * @param count      how many assets of this kind match; at least this many when {@code countExact} is false
     * @param countExact whether {@code count} is exact
     * @param hits       the best of them, best first
     */
    public record KindGroup(AssetKind kind, long count, boolean countExact, List<AssetSummary> hits) {
        public KindGroup {
            Objects.requireNonNull(kind, "kind");
            hits = List.copyOf(hits);
        }
    }

    public SearchResults {
        text = text == null ? "" : text.strip();
        groups = List.copyOf(groups);
    }

    public static SearchResults none(String text) {
        return new SearchResults(text, List.of(), 0, true, 0);
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** Every hit, in the order shown: group by group. */
    public List<AssetSummary> hits() {
        List<AssetSummary> out = new ArrayList<>();
        groups.forEach(g -> out.addAll(g.hits()));
        return out;
    }

    /** The inventory filter that lists all the matches: the same text, gone assets too when some match. */
    public AssetFilter inventoryFilter() {
        return AssetFilter.all().withText(text).withPresence(gone > 0 ? AssetFilter.Presence.ALL : AssetFilter.Presence.PRESENT);
    }
}
