package dev.tightrope.domain;

/**
 * Inventory order. RELEVANCE applies to text queries and falls back to NAME without one. RISK
 * orders by the worst open finding's severity: ascending is least risk first (no finding, info,
 * low, medium, high, critical), so descending puts critical first.
 */
public record AssetSort(Column column, boolean ascending) {

    public enum Column {
        NAME,
        KIND,
        SOURCE,
        OWNERS,
        LAST_SEEN,
        RISK,
        RELEVANCE
    }

    public AssetSort {
        column = column == null ? Column.NAME : column;
    }

    public static AssetSort byName() {
        return new AssetSort(Column.NAME, true);
    }
}
