package dev.tightrope.service;

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
}
