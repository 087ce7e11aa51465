package dev.tightrope.domain;

import java.util.Objects;

/** A lineage relation asserted by a source, stored upstream to downstream. */
public record Edge(Urn upstream, Urn downstream, EdgeType type) {
    public Edge {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(downstream, "downstream");
        Objects.requireNonNull(type, "type");
        if (upstream.equals(downstream)) {
            throw new IllegalArgumentException("an edge cannot connect " + upstream + " to itself");
        }
    }
}
