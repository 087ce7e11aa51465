package dev.tightrope.service;

import dev.tightrope.domain.RiskDashboard;
import dev.tightrope.domain.RiskScore;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.store.Database;
import dev.tightrope.store.RiskRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The risk model: every asset's score with its reasons (domain.RiskScore), kept at sync rather
 * than computed on every screen, the dashboard's figures, and their trend over the sync history.
 * The trend keeps a point per hour (the figures as a sync or a read of the dashboard last found
 * them) and shows a point per day. The cache marks what a change touches; {@link #refresh} first brings the promotion gate's
 * verdicts up to date (approvals come and go, and age out, outside any sync) and reopens the
 * findings whose acceptance ended, and then computes the marked assets.
 */
public final class RiskService {
    /** How far back the dashboard's trend reaches. */
    public static final Duration TREND = Duration.ofDays(90);
    /** Accepted findings whose acceptance ends within this window are counted on the dashboard. */
    public static final Duration EXPIRING_WITHIN = Duration.ofDays(14);
    public static final int TOP = 15;
    public static final int ROLLUPS = 10;

    private final RiskRepository repo;
    private final ApprovalService approvals;
    private final Clock clock;
    private final FindingsService findings;
    private Figures figures;
    private volatile Refresh lastRefresh = new Refresh(new RiskRepository.Refreshed(0, 0, 0), Duration.ZERO);

    /** What one refresh found and how long it took (the gate's verdicts and the marked assets). */
    public record Refresh(RiskRepository.Refreshed counts, Duration took) {
    }

    RiskService(RiskRepository repo, ApprovalService approvals, FindingsService findings, Clock clock) {
        this.repo = repo;
        this.approvals = approvals;
        this.clock = clock;
        this.findings = findings;
    }

    /** Brings the gate's verdicts up to date, then computes every asset whose risk may have changed. */
    public synchronized RiskRepository.Refreshed refresh() {
        long start = System.nanoTime();
        // acceptances that ended reopen their findings before anything is scored
        findings.reopenExpired();
        repo.replaceApprovalStates(verdicts());
        RiskRepository.Refreshed counts = repo.refresh();
        lastRefresh = new Refresh(counts, Duration.ofNanos(System.nanoTime() - start));
        return counts;
    }

    /** The last refresh: after a sync, what the sync's changes cost the risk model. */
    public Refresh lastRefresh() {
        return lastRefresh;
    }

    /** After syncs: marks what their lineage changed, refreshes, and records the headline figures for the trend. */
    public synchronized void afterSync(List<SyncRun> runs) {
        boolean any = false;
        for (SyncRun run : runs) {
            if (run.status() == SyncStatus.SUCCEEDED || run.status() == SyncStatus.SUCCEEDED_WITH_PROBLEMS) {
                repo.markLineageChanged(run.id(), run.startedAt().toEpochMilli());
                any = true;
            }
        }
        if (!any) {
            return;
        }
        refresh();
        // the figures are read here, once, so that the dashboard opened after the sync need not wait for them
        read(clock.instant(), repo.changeMark(), repo.staleSources(clock.millis()));
    }

    /** One asset's risk and its reasons; none for an asset without risk or not present. */
    public RiskScore risk(Urn urn) {
        refresh();
        return repo.risk(urn.toString(), clock.millis());
    }

    /**
     * The dashboard: headline figures, rollups, the riskiest assets and the trend. The figures are
     * read again only when the cache changed since they were read (or a source turned stale, or
     * the hour turned, for the trend's point): on a million assets reading them takes seconds,
     * and a dashboard open on the big screen asks every time the view refreshes.
     */
    public synchronized RiskDashboard dashboard() {
        refresh();
        Instant now = clock.instant();
        Optional<Database.ChangeMark> mark = repo.changeMark();
        Set<Long> stale = repo.staleSources(clock.millis());
        long hour = now.toEpochMilli() / Duration.ofHours(1).toMillis();
        Figures last = figures;
        RiskDashboard d = last != null && mark.isPresent() && mark.get().equals(last.mark()) && stale.equals(last.stale())
                && hour == last.hour() ? last.dashboard() : read(now, mark, stale);
        return d.withExpiringAcceptances(findings.countExpiring(EXPIRING_WITHIN)).withTrend(repo.trend(now.minus(TREND), clock.getZone()));
    }

    /**
     * Reads the figures, stores them as the hour's trend point, and keeps them while the cache's
     * mark stays where it was read ({@code mark}; nothing is kept when something else wrote meanwhile).
     */
    private RiskDashboard read(Instant now, Optional<Database.ChangeMark> mark, Set<Long> stale) {
        RiskDashboard d = figures(List.of());
        // the hour's point is the figures as last read: approvals and triage change them between syncs
        Optional<Database.ChangeMark> after = repo.snapshot(now, d, mark);
        long hour = now.toEpochMilli() / Duration.ofHours(1).toMillis();
        figures = after.map(m -> new Figures(m, stale, hour, d)).orElse(null);
        return d;
    }

    /** The dashboard's figures as last read, and what the cache was then. */
    private record Figures(Database.ChangeMark mark, Set<Long> stale, long hour, RiskDashboard dashboard) {
    }

    private RiskDashboard figures(List<RiskDashboard.Snapshot> trend) {
        return repo.dashboard(clock.millis(), TOP, ROLLUPS, findings.countExpiring(EXPIRING_WITHIN), trend);
    }

    /**
     * The gate's verdict on each digest an attestation is about: REJECTED when a counted
     * rejection stands, APPROVED when the gate passes; the rest are not approved and not stored.
     */
    private Map<String, RiskScore.Release> verdicts() {
        Map<String, RiskScore.Release> out = new HashMap<>();
        approvals.attestedGates().forEach((digest, gate) -> {
            if (gate.attestations().stream().anyMatch(a -> a.counted() && a.decision() == ReviewDecision.REJECTED)) {
                out.put(digest, RiskScore.Release.REJECTED);
            } else if (gate.outcome() == GateResult.Outcome.PASS) {
                out.put(digest, RiskScore.Release.APPROVED);
            }
        });
        return out;
    }
}
