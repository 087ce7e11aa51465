package dev.tightrope.domain;

/**
 * A lineage relation. Every edge is stored in the direction data flows (upstream to downstream);
 * the phrase reads from the downstream side unless {@link #upstreamPhrase()} says otherwise.
 */
public enum EdgeType {
    TRAINED_ON(1, "trained on", "used to train"),
    READS(2, "reads", "read by"),
    PRODUCED_BY(3, "produced by", "produced"),
    DERIVED_FROM(4, "derived from", "source of"),
    PACKAGED_AS(5, "packaged from", "packaged as"),
    DEPLOYED_AS(6, "deployment of", "deployed as"),
    USES(7, "uses", "used by"),
    CONFIGURED_IN(8, "configured in", "configures"),
    INSTANCE_OF(9, "run of", "has run"),
    PART_OF(10, "part of", "parent of"),
    VERSION_OF(11, "version of", "has version");

    private final int code;
    private final String downstreamPhrase;
    private final String upstreamPhrase;

    EdgeType(int code, String downstreamPhrase, String upstreamPhrase) {
        this.code = code;
        this.downstreamPhrase = downstreamPhrase;
        this.upstreamPhrase = upstreamPhrase;
    }

    /** The stored code: stable across releases (never the ordinal), small so millions of edges stay compact. */
    public int code() {
        return code;
    }

    public static EdgeType fromCode(int code) {
        for (EdgeType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown edge type code " + code);
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
        return Labels.token(this);
    }
}
