package dev.tightrope.domain;

/**
 * One reason an asset carries risk, with its weight. The weights are the documented risk model
 * (README, "Risk model"): an asset's score is the sum of its reasons' points, capped at
 * {@link RiskScore#MAX}. The findings reasons count per open finding; the rest count once.
 */
public enum RiskReason {
    CRITICAL_FINDING(40, "open critical finding"),
    HIGH_FINDING(20, "open high finding"),
    MEDIUM_FINDING(5, "open medium finding"),
    LOW_FINDING(1, "open low finding"),
    /** A deployment running a release whose newest counted decision is a rejection. */
    DEPLOYED_REJECTED(50, "deployed with a rejection"),
    /** A deployment none of whose releases passes the promotion gate. */
    DEPLOYED_UNAPPROVED(35, "deployed without a valid approval"),
    /** What runs or ships (deployments, models, model versions, images, MCP servers, agents) with nobody accountable. */
    NO_OWNER(15, "no owner"),
    /** A model version whose lineage names no training data (no dataset it, or the run that produced it, was trained on). */
    UNKNOWN_TRAINING_DATA(10, "training data unknown"),
    /** A release (a model version, a model file) no scan of the same bytes has looked at. */
    NEVER_SCANNED(10, "model files never scanned"),
    UNREGISTERED_MCP_SERVER(35, "MCP server not in the allowlist"),
    NAME_ONLY_MCP_SERVER(25, "MCP server matches the allowlist by name only"),
    UNPINNED_MCP_SERVER(10, "approved MCP server, unpinned or another version"),
    /** The asset's source has not synced successfully for {@link RiskScore#STALE_AFTER_DAYS} days, or its last sync failed. */
    STALE_SYNC(5, "source not synced recently");

    private final int points;
    private final String label;

    RiskReason(int points, String label) {
        this.points = points;
        this.label = label;
    }

    public int points() {
        return points;
    }

    public String label() {
        return label;
    }

    public String token() {
        return Labels.token(this);
    }

    /** The findings reason for an open finding of this severity; null for info (which carries no risk). */
    public static RiskReason forSeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> CRITICAL_FINDING;
            case HIGH -> HIGH_FINDING;
            case MEDIUM -> MEDIUM_FINDING;
            case LOW -> LOW_FINDING;
            case INFO -> null;
        };
    }
}
