package dev.tightrope.service.lineage;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Severity;
import java.util.Set;

/**
 * How much of the loaded lineage to show.
 *
 * @param depth          hops from the root shown on each side; nodes in {@code expanded} show one
 *                       hop further away from the root whatever their depth
 * @param groupOver      siblings of one kind under one parent beyond this many become one group box, and a layer
 *                       shows at most four times as many of one kind before the rest become one
 * @param kinds          the kinds shown (empty: all); the root is always shown
 * @param sources        the sources shown (empty: all)
 * @param owner          only assets whose owners contain this text (empty: all)
 * @param minSeverity    only assets with an open finding this bad or worse (null: all)
 * @param expanded       nodes opened one hop beyond the depth
 * @param collapsed      nodes whose further side is hidden
 * @param openGroups     groups the user opened (their ids)
 * @param pinned         assets shown whatever the walk reaches (a highlighted path), with the edges between them
 */
public record ViewOptions(int depth, int groupOver, Set<AssetKind> kinds, Set<String> sources, String owner, Severity minSeverity,
                          Set<String> expanded, Set<String> collapsed, Set<String> openGroups, Set<String> pinned) {

    public static final int DEFAULT_GROUP_OVER = 8;

    public ViewOptions {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more");
        }
        if (groupOver < 1) {
            throw new IllegalArgumentException("groupOver must be 1 or more");
        }
        kinds = Set.copyOf(kinds);
        sources = Set.copyOf(sources);
        owner = owner == null ? "" : owner.trim();
        expanded = Set.copyOf(expanded);
        collapsed = Set.copyOf(collapsed);
        openGroups = Set.copyOf(openGroups);
        pinned = Set.copyOf(pinned);
    }

    /** Everything within {@code depth}, grouped at the default size. */
    public static ViewOptions depth(int depth) {
        return new ViewOptions(depth, DEFAULT_GROUP_OVER, Set.of(), Set.of(), "", null, Set.of(), Set.of(), Set.of(), Set.of());
    }

    public boolean filters() {
        return !kinds.isEmpty() || !sources.isEmpty() || !owner.isEmpty() || minSeverity != null;
    }
}
