package dev.tightrope.domain;

import java.util.List;
import java.util.Map;

/**
 * The numbers a CISO reads first: size of the estate, who owns it, what is at risk, which
 * sources are healthy, and the assets that need attention now.
 *
 * @param sourcesWithProblems sources with records that could not be imported and were not read since
 */
public record EstateOverview(
        long assets,
        long gone,
        long unowned,
        Map<AssetKind, Long> byKind,
        Map<AssetKind, Long> unownedByKind,
        Map<Severity, Long> openFindingsBySeverity,
        long sources,
        long failingSources,
        long sourcesWithProblems,
        List<AssetSummary> attention) {

    public EstateOverview {
        byKind = Map.copyOf(byKind);
        unownedByKind = Map.copyOf(unownedByKind);
        openFindingsBySeverity = Map.copyOf(openFindingsBySeverity);
        attention = List.copyOf(attention);
    }
}
