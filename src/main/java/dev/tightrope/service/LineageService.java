package dev.tightrope.service;

import dev.tightrope.domain.ImpactSet;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.LineageGraph.Direction;
import dev.tightrope.domain.Urn;
import dev.tightrope.store.LineageRepository;
import java.util.Optional;

/** Lineage neighbourhoods of assets. */
public final class LineageService {
    private final LineageRepository lineage;

    LineageService(LineageRepository lineage) {
        this.lineage = lineage;
    }

    public Optional<LineageGraph> walk(Urn root, Direction direction, int depth) {
        return lineage.walk(root, direction, depth, LineageRepository.DEFAULT_NODE_CAP);
    }

    /** How many assets the lineage explorer loads at most: it groups what would not fit on a screen. */
    public static final int EXPLORER_CAP = 100_000;

    /** As {@link #walk} with the explorer's larger cap. */
    public Optional<LineageGraph> explore(Urn root, Direction direction, int depth) {
        return lineage.walk(root, direction, depth, EXPLORER_CAP);
    }

    /** How many assets an impact set lists at most: more than any real estate puts downstream of one asset. */
    public static final int IMPACT_CAP = 250_000;

    /** Everything downstream of {@code root}, grouped and owned: what is affected if it is bad. */
    public Optional<ImpactSet> impact(Urn root) {
        return lineage.impact(root, IMPACT_CAP);
    }

    /** The shortest chain of lineage between two assets, in whichever direction connects them. */
    public Optional<LineageGraph> path(Urn from, Urn to) {
        return lineage.path(from, to, LineageRepository.MAX_HOPS);
    }
}
