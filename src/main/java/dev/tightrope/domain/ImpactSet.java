package dev.tightrope.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything downstream of an asset, however many hops: what is affected if the asset is bad (a
 * poisoned dataset, a backdoored model). Each item carries its distance from the root and its
 * owners; the deployments reached are listed apart. {@code cycleEdges} are the edges that lead
 * back into the walk's own ancestry — shown, never followed round. {@code truncated} is true
 * when the node cap stopped the walk.
 */
public record ImpactSet(String root, List<Item> items, List<LineageGraph.Link> cycleEdges, boolean truncated) {

    /** An affected asset. {@code owners} is comma-separated, empty when nobody owns it. */
    public record Item(String urn, AssetKind kind, String name, String owners, int depth, boolean gone) {
    }

    public ImpactSet {
        items = List.copyOf(items);
        cycleEdges = List.copyOf(cycleEdges);
    }

    /** The items by kind, in the kinds' order, each list nearest first. */
    public Map<AssetKind, List<Item>> byKind() {
        Map<AssetKind, List<Item>> out = new TreeMap<>();
        for (Item i : items) {
            out.computeIfAbsent(i.kind(), k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    /** The deployments the impact reaches: what runs in production on the affected asset. */
    public List<Item> deployments() {
        return items.stream().filter(i -> i.kind() == AssetKind.DEPLOYMENT).toList();
    }

    /** The affected assets nobody owns. */
    public List<Item> unowned() {
        return items.stream().filter(i -> i.owners().isEmpty()).toList();
    }
}
