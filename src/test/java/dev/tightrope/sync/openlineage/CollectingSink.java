package dev.tightrope.sync.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a connector emits, with lookups for assertions. */
final class CollectingSink implements RecordSink {
    final List<Asset> assets = new ArrayList<>();
    final List<Edge> edges = new ArrayList<>();
    final List<OwnerClaim> owners = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();

    @Override
    public synchronized void asset(Asset asset) {
        assets.add(asset);
    }

    @Override
    public synchronized void edge(Edge edge) {
        edges.add(edge);
    }

    @Override
    public synchronized void owner(OwnerClaim claim) {
        owners.add(claim);
    }

    @Override
    public synchronized void finding(Finding finding) {
        findings.add(finding);
    }

    @Override
    public synchronized void problem(Problem problem) {
        problems.add(problem);
    }

    Asset asset(String urn) {
        Urn u = Urn.parse(urn);
        List<Asset> found = assets.stream().filter(a -> a.urn().equals(u)).toList();
        assertThat(found).as("assets with URN %s", urn).hasSize(1);
        return found.get(0);
    }

    boolean has(String urn) {
        Urn u = Urn.parse(urn);
        return assets.stream().anyMatch(a -> a.urn().equals(u));
    }

    List<Asset> ofKind(AssetKind kind) {
        return assets.stream().filter(a -> a.kind() == kind).toList();
    }

    boolean hasEdge(String upstream, EdgeType type, String downstream) {
        return edges.contains(new Edge(Urn.parse(upstream), Urn.parse(downstream), type));
    }

    List<Edge> edges(EdgeType type) {
        return edges.stream().filter(e -> e.type() == type).toList();
    }

    List<String> ownersOf(String urn) {
        Urn u = Urn.parse(urn);
        return owners.stream().filter(o -> o.asset().equals(u)).map(OwnerClaim::owner).toList();
    }
}
