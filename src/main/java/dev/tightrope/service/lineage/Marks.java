package dev.tightrope.service.lineage;

import java.util.Set;

/**
 * What the painter picks out: the selected box, the boxes and edges of a highlight (the path
 * between two assets, or an impact set) with everything else faded, the search matches, and what
 * the mouse is over.
 */
public record Marks(String selected, Set<String> emphasised, Set<Integer> emphasisedEdges, Set<String> matches, int hoveredEdge,
                    String hoveredNode) {
    public static final Marks NONE = new Marks(null, Set.of(), Set.of(), Set.of(), -1, null);

    public Marks {
        emphasised = Set.copyOf(emphasised);
        emphasisedEdges = Set.copyOf(emphasisedEdges);
        matches = Set.copyOf(matches);
    }

    public boolean highlighting() {
        return !emphasised.isEmpty();
    }
}
