package dev.tightrope.domain;

/**
 * A risk the inventory can filter by: what each dashboard figure counts, so a click on the
 * figure lists exactly those assets.
 */
public enum RiskConcern {
    /** Any score above zero. */
    ANY("Any risk"),
    /** An open critical or high finding (on the asset or the same bytes elsewhere). */
    CRITICAL_OR_HIGH("Critical or high findings"),
    /** Deployments none of whose releases passes the promotion gate, or with a rejection. */
    UNAPPROVED_DEPLOYMENT("Deployed without a valid approval"),
    /** MCP servers classified unregistered against the allowlist. */
    UNREGISTERED_MCP_SERVER("MCP servers not in the allowlist"),
    /** Open findings of the {@code secret.} rule family. */
    LEAKED_KEY("Leaked keys"),
    UNKNOWN_TRAINING_DATA("Training data unknown"),
    NEVER_SCANNED("Model files never scanned");

    private final String label;

    RiskConcern(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String token() {
        return Labels.token(this).replace('_', '-');
    }

    public static RiskConcern fromToken(String token) {
        for (RiskConcern c : values()) {
            if (c.token().equalsIgnoreCase(token.strip().replace('_', '-'))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown risk '" + token + "' (one of: "
                + java.util.Arrays.stream(values()).map(RiskConcern::token).collect(java.util.stream.Collectors.joining(", ")) + ")");
    }
}
