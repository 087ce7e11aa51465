package dev.tightrope.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * An asset's risk: the facts the risk model reads and the score they add up to, with every
 * reason that produced it. Computed at sync from the cache (findings, owners, lineage,
 * approvals, scans, the shadow-AI classification); {@code stale} is the one fact read when the
 * score is shown, since time alone makes a source stale.
 *
 * @param critical  open critical findings on the asset or on the same bytes elsewhere
 * @param release   for a deployment, the promotion gate's verdict on what it runs
 * @param shadow    for an MCP server, its classification against the allowlist
 */
public record RiskScore(int critical, int high, int medium, int low, boolean unowned, Release release,
                        boolean untracedTraining, boolean neverScanned, Shadow shadow, boolean stale) {

    public static final int MAX = 100;
    /** The findings reasons together add at most this much, so one reason of another kind still shows in the score. */
    public static final int MAX_FROM_FINDINGS = 70;
    public static final int STALE_AFTER_DAYS = 7;
    /** Where the score's bands start (see {@link #level}). */
    public static final int CRITICAL_FROM = 70;
    public static final int HIGH_FROM = 40;
    public static final int MEDIUM_FROM = 15;

    /** What the promotion gate says about a deployment's releases; NONE for anything that is not a deployment. */
    public enum Release {
        NONE,
        APPROVED,
        UNAPPROVED,
        REJECTED
    }

    /** An MCP server's classification (asset property {@code classification}); NONE for anything else. */
    public enum Shadow {
        NONE,
        APPROVED,
        APPROVED_UNPINNED,
        NAME_ONLY,
        UNREGISTERED;

        /** The classification property's value ({@code approved-unpinned}), or NONE for anything else. */
        public static Shadow fromProperty(String value) {
            if (value == null) {
                return NONE;
            }
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "approved" -> APPROVED;
                case "approved-unpinned" -> APPROVED_UNPINNED;
                case "name-only" -> NAME_ONLY;
                case "unregistered" -> UNREGISTERED;
                default -> NONE;
            };
        }
    }

    /** One reason in an explanation: how many times it applies and the points it adds. */
    public record Item(RiskReason reason, int count, int points) {
        public String text() {
            return count > 1 ? count + " × " + reason.label() : reason.label();
        }
    }

    public RiskScore {
        release = release == null ? Release.NONE : release;
        shadow = shadow == null ? Shadow.NONE : shadow;
    }

    public static RiskScore none() {
        return new RiskScore(0, 0, 0, 0, false, Release.NONE, false, false, Shadow.NONE, false);
    }

    /** The same facts with the source's staleness as it is now. */
    public RiskScore withStale(boolean s) {
        return new RiskScore(critical, high, medium, low, unowned, release, untracedTraining, neverScanned, shadow, s);
    }

    /** Every reason that applies, worst first, each with the points it adds (the findings ones scaled to their cap). */
    public List<Item> reasons() {
        List<Item> out = new ArrayList<>();
        int[] counts = {critical, high, medium, low};
        RiskReason[] findings = {RiskReason.CRITICAL_FINDING, RiskReason.HIGH_FINDING, RiskReason.MEDIUM_FINDING, RiskReason.LOW_FINDING};
        int budget = MAX_FROM_FINDINGS;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                int points = (int) Math.min((long) counts[i] * findings[i].points(), budget);
                budget -= points;
                out.add(new Item(findings[i], counts[i], points));
            }
        }
        if (release == Release.REJECTED) {
            out.add(once(RiskReason.DEPLOYED_REJECTED));
        } else if (release == Release.UNAPPROVED) {
            out.add(once(RiskReason.DEPLOYED_UNAPPROVED));
        }
        switch (shadow) {
            case UNREGISTERED -> out.add(once(RiskReason.UNREGISTERED_MCP_SERVER));
            case NAME_ONLY -> out.add(once(RiskReason.NAME_ONLY_MCP_SERVER));
            case APPROVED_UNPINNED -> out.add(once(RiskReason.UNPINNED_MCP_SERVER));
            default -> {
            }
        }
        if (unowned) {
            out.add(once(RiskReason.NO_OWNER));
        }
        if (untracedTraining) {
            out.add(once(RiskReason.UNKNOWN_TRAINING_DATA));
        }
        if (neverScanned) {
            out.add(once(RiskReason.NEVER_SCANNED));
        }
        if (stale) {
            out.add(once(RiskReason.STALE_SYNC));
        }
        return out;
    }

    /** The sum of the reasons' points, at most {@link #MAX}. */
    public int score() {
        int sum = 0;
        for (Item i : reasons()) {
            sum += i.points();
        }
        return Math.min(MAX, sum);
    }

    /** The score as a severity band: 70 and up critical, 40 high, 15 medium, any other risk low; null for none. */
    public static Severity level(int score) {
        if (score >= CRITICAL_FROM) {
            return Severity.CRITICAL;
        }
        if (score >= HIGH_FROM) {
            return Severity.HIGH;
        }
        if (score >= MEDIUM_FROM) {
            return Severity.MEDIUM;
        }
        return score > 0 ? Severity.LOW : null;
    }

    private static Item once(RiskReason r) {
        return new Item(r, 1, r.points());
    }
}
