package dev.tightrope.domain;

import java.util.Locale;

/**
 * A lineage relation. Every edge is stored in the direction data flows (upstream to downstream);
 * the phrase reads from the downstream side unless {@link #upstreamPhrase()} says otherwise.
 */
public enum EdgeType {
    TRAINED_ON("trained on", "used to train"),
    READS("reads", "read by"),
    PRODUCED_BY("produced by", "produced"),
    DERIVED_FROM("derived from", "source of"),
    PACKAGED_AS("packaged from", "packaged as"),
    DEPLOYED_AS("deployment of", "deployed as"),
    USES("uses", "used by"),
    CONFIGURED_IN("configured in", "configures"),
    INSTANCE_OF("run of", "has run"),
    PART_OF("part of", "parent of"),
    VERSION_OF("version of", "has version");

    private final String downstreamPhrase;
    private final String upstreamPhrase;

    EdgeType(String downstreamPhrase, String upstreamPhrase) {
        this.downstreamPhrase = downstreamPhrase;
        this.upstreamPhrase = upstreamPhrase;
    }

    /** How the downstream asset relates to the upstream one: "model trained on dataset". */
    public String downstreamPhrase() {
        return downstreamPhrase;
    }

    /** How the upstream asset relates to the downstream one: "dataset used to train model". */
    public String upstreamPhrase() {
        return upstreamPhrase;
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EdgeType fromToken(String token) {
        return valueOf(token.trim().toUpperCase(Locale.ROOT));
    }
}
