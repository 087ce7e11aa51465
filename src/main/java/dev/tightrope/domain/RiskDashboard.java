package dev.tightrope.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the CISO reads on the dashboard: the headline figures, how they moved over time, where
 * the risk sits (by team, source and kind) and the riskiest assets, each with its reasons.
 *
 * @param accountable           present assets of the kinds that run or ship (deployments, models, model
 *                              versions, images, MCP servers, agents)
 * @param accountableUnowned    of those, the ones nobody owns
 * @param deploymentsUnapproved deployments none of whose releases passes the promotion gate, or with a rejection
 * @param leakedKeys            open findings of the {@code secret.} rule family (keys found in configs and code)
 * @param staleSources          sources whose last sync failed or that have not synced successfully for
 *                              {@link RiskScore#STALE_AFTER_DAYS} days
 * @param expiringAcceptances   accepted findings whose acceptance ends within the dashboard's window
 */
public record RiskDashboard(
        long assets,
        long unowned,
        long accountable,
        long accountableUnowned,
        long deployments,
        long deploymentsUnapproved,
        long deploymentsRejected,
        Map<Severity, Long> openFindings,
        long mcpServers,
        long unregisteredMcpServers,
        long leakedKeys,
        long sources,
        long staleSources,
        long expiringAcceptances,
        Map<Severity, Long> assetsByRisk,
        List<Rollup> byTeam,
        List<Rollup> bySource,
        List<Rollup> byKind,
        List<RankedAsset> top,
        List<Snapshot> trend) {

    public RiskDashboard {
        openFindings = Map.copyOf(openFindings);
        assetsByRisk = Map.copyOf(assetsByRisk);
        byTeam = List.copyOf(byTeam);
        bySource = List.copyOf(bySource);
        byKind = List.copyOf(byKind);
        top = List.copyOf(top);
        trend = List.copyOf(trend);
    }

    public RiskDashboard withExpiringAcceptances(long n) {
        return new RiskDashboard(assets, unowned, accountable, accountableUnowned, deployments, deploymentsUnapproved,
                deploymentsRejected, openFindings, mcpServers, unregisteredMcpServers, leakedKeys, sources, staleSources,
                n, assetsByRisk, byTeam, bySource, byKind, top, trend);
    }

    public RiskDashboard withTrend(List<Snapshot> t) {
        return new RiskDashboard(assets, unowned, accountable, accountableUnowned, deployments, deploymentsUnapproved,
                deploymentsRejected, openFindings, mcpServers, unregisteredMcpServers, leakedKeys, sources, staleSources,
                expiringAcceptances, assetsByRisk, byTeam, bySource, byKind, top, t);
    }

    /**
     * Risk summed over a group of assets: a team (an owner; {@code key} null for the assets
     * nobody owns), a source or a kind.
     *
     * @param risky assets in the group with a score above zero
     * @param score the sum of their scores
     * @param worst the highest score in the group
     */
    public record Rollup(String key, String label, long risky, long score, int worst) {
    }

    /** One of the riskiest assets, with the reasons its score is made of. */
    public record RankedAsset(AssetSummary asset, int score, List<RiskScore.Item> reasons) {
        public RankedAsset {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * The headline figures as one sync left them, for the trends.
     *
     * @param deploymentsApproved deployments whose releases pass the promotion gate
     */
    public record Snapshot(Instant at, Map<Severity, Long> openFindings, long accountable, long accountableOwned,
                           long deployments, long deploymentsApproved, long unregisteredMcpServers, long leakedKeys) {
        public Snapshot {
            openFindings = Map.copyOf(openFindings);
        }

        /** Share of what runs or ships that has an owner, 0–1 (1 when there is nothing). */
        public double ownershipCoverage() {
            return accountable == 0 ? 1 : (double) accountableOwned / accountable;
        }

        /** Share of deployments whose releases pass the promotion gate, 0–1 (1 when there are none). */
        public double approvalCoverage() {
            return deployments == 0 ? 1 : (double) deploymentsApproved / deployments;
        }
    }
}
