package dev.tightrope.domain;

/** An asset one edge away, with how it relates. */
public record Neighbour(String urn, AssetKind kind, String name, EdgeType type, boolean gone, String source) {
}
