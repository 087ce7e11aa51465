package dev.tightrope.domain;

/** Inventory order. RELEVANCE applies to text queries and falls back to NAME without one. */
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
