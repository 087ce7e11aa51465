package dev.tightrope.domain;

import java.util.List;
import java.util.Map;

/**
 * The numbers a CISO reads first: size of the estate, who owns it, what is at risk, which
 * sources are healthy, and the assets that need attention now.
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
        List<AssetSummary> attention) {

    public EstateOverview {
        byKind = Map.copyOf(byKind);
        unownedByKind = Map.copyOf(unownedByKind);
        openFindingsBySeverity = Map.copyOf(openFindingsBySeverity);
        attention = List.copyOf(attention);
    }
}
