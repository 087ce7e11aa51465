package dev.tightrope.service;

import dev.tightrope.domain.AcceptedFinding;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.FindingSuppression;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import dev.tightrope.store.AssetRepository;
import dev.tightrope.store.FindingTriage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Triage of findings: accept a risk with a justification until a date, mark a finding resolved,
 * reopen it, suppress a rule for an asset or a pattern of assets. Decisions and suppressions are
 * user records kept across syncs; every action is in the audit log. An acceptance past its
 * expiry reopens by itself: {@link #reopenExpired()} runs when the workspace opens and before
 * the inventory reads findings or their counts, and logs each reopening once
 * ({@code finding.reopened}, reason {@code expired}).
 */
public final class FindingsService {

    /** The longest an acceptance may last: a risk is looked at again at least once a year. */
    public static final Duration MAX_ACCEPTANCE = Duration.ofDays(365);
    static final String SYSTEM_ACTOR = "tightrope";

    /** A suppression as stored, and how many open findings it suppressed when it was made. */
    public record Suppressed(FindingSuppression suppression, long findingsSuppressed) {
    }

    private final FindingTriage triage;
    private final AssetRepository assets;
    private final AuditService audit;
    private final Clock clock;

    FindingsService(FindingTriage triage, AssetRepository assets, AuditService audit, Clock clock) {
        this.triage = triage;
        this.assets = assets;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Findings on {@code asset} (and on the assets that are the same bytes), or on every asset when
     * it is null, with {@code status} only when it is not null; worst first, at most {@code limit}.
     */
    public List<StoredFinding> list(Urn asset, FindingStatus status, int limit) {
        reopenExpired();
        List<StoredFinding> out = new ArrayList<>();
        if (asset != null) {
            for (StoredFinding f : assets.detail(asset)
                    .orElseThrow(() -> new IllegalArgumentException("no asset " + asset + " in this workspace")).findings()) {
                if ((status == null || f.finding().status() == status) && out.size() < limit) {
                    out.add(f);
                }
            }
            return out;
        }
        assets.eachFinding(status == FindingStatus.OPEN, f -> {
            if ((status == null || f.finding().status() == status) && out.size() < limit) {
                out.add(f);
            }
        });
        return out;
    }

    /**
     * Accepts the risk of an open finding until {@code expiresAt}, at most {@link #MAX_ACCEPTANCE}
     * from now; the justification says why it is acceptable (a compensating control, a deadline).
     * Returns the expiry.
     */
    public Instant accept(long findingId, String justification, Instant expiresAt) {
        return accept(findingId, justification, expiresAt, Actor.current());
    }

    private Instant accept(long findingId, String justification, Instant expiresAt, String by) {
        String why = required(justification, "accepting a finding needs a justification");
        Instant now = clock.instant();
        if (expiresAt == null) {
            throw new IllegalArgumentException("accepting a finding needs an expiry date");
        }
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the expiry " + expiresAt + " is not in the future");
        }
        if (expiresAt.isAfter(now.plus(MAX_ACCEPTANCE))) {
            throw new IllegalArgumentException("an acceptance lasts at most " + MAX_ACCEPTANCE.toDays()
                    + " days; accept it again when it expires");
        }
        FindingTriage.FindingRef f = triage.accept(findingId, why, by, now, expiresAt);
        Map<String, String> details = details(f);
        details.put("justification", why);
        details.put("expires", expiresAt.toString());
        audit.record(by, "finding.accept", f.assetUrn(), details);
        return expiresAt;
    }

    /** Accepts the risk of a finding for {@code lasting} from now (at most {@link #MAX_ACCEPTANCE}); returns the expiry. */
    public Instant acceptFor(long findingId, String justification, Duration lasting) {
        return acceptFor(findingId, justification, lasting, Actor.current());
    }

    /** As above, decided by {@code by}: the demo's acceptance is its CISO's. */
    Instant acceptFor(long findingId, String justification, Duration lasting, String by) {
        if (lasting == null || lasting.isNegative() || lasting.isZero()) {
            throw new IllegalArgumentException("an acceptance must last a positive number of days");
        }
        return accept(findingId, justification, clock.instant().plus(lasting), by);
    }

    /** Marks a finding resolved (fixed); when a later sync reports it again it reopens, and says so. */
    public void resolve(long findingId) {
        String by = Actor.current();
        FindingTriage.FindingRef f = triage.resolve(findingId, by, clock.instant());
        audit.record(by, "finding.resolve", f.assetUrn(), details(f));
    }

    /** Ends an acceptance or a resolution: the finding is open again (or suppressed, when a suppression covers it). */
    public void reopen(long findingId) {
        String by = Actor.current();
        FindingTriage.FindingRef f = triage.reopen(findingId, by, clock.instant());
        Map<String, String> details = details(f);
        details.put("status", Labels.token(f.status()));
        audit.record(by, "finding.reopen", f.assetUrn(), details);
    }

    /**
     * Suppresses the rules matching {@code rulePattern} (a rule id or a glob: {@code secret.*}) on
     * the assets matching {@code urnPattern} (a URN or a glob: {@code tr:notebook:jupyter:*}),
     * until {@code expiresAt} or, when it is null, until removed.
     */
    public Suppressed suppress(String rulePattern, String urnPattern, String justification, Instant expiresAt) {
        String rule = required(rulePattern, "a suppression needs a rule id or pattern");
        String urn = required(urnPattern, "a suppression needs an asset URN or pattern");
        String why = required(justification, "suppressing a rule needs a justification");
        if (!urn.startsWith("tr:") && !urn.startsWith("*")) {
            throw new IllegalArgumentException("'" + urn + "' is neither a URN nor a URN pattern (tr:<kind>:<source-type>:<id>, "
                    + "globs * ? [...] allowed)");
        }
        if (!hasGlob(urn)) {
            Urn.parse(urn);
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the expiry " + expiresAt + " is not in the future");
        }
        String by = Actor.current();
        FindingTriage.Suppressed s = triage.suppress(rule, urn, why, by, now, expiresAt);
        Map<String, String> details = new TreeMap<>(Map.of("suppression", String.valueOf(s.suppression().id()),
                "rule", rule, "assets", urn, "justification", why, "suppressed", String.valueOf(s.findingsSuppressed())));
        if (expiresAt != null) {
            details.put("expires", expiresAt.toString());
        }
        audit.record(by, "finding.suppress", hasGlob(urn) ? "" : urn, details);
        return new Suppressed(s.suppression(), s.findingsSuppressed());
    }

    /** Removes a suppression; the findings only it covered are open again. False when there is no such suppression. */
    public boolean unsuppress(long suppressionId) {
        Optional<FindingTriage.Suppressed> removed = triage.unsuppress(suppressionId, clock.instant());
        removed.ifPresent(s -> audit.record("finding.unsuppress", hasGlob(s.suppression().urnPattern()) ? ""
                : s.suppression().urnPattern(), suppressionDetails(s.suppression(), s.findingsSuppressed(), "removed")));
        return removed.isPresent();
    }

    public List<FindingSuppression> suppressions() {
        reopenExpired();
        return triage.suppressions();
    }

    /** The suppressions in force that cover rule {@code ruleId} on {@code asset}: who suppressed it, and why. */
    public List<FindingSuppression> suppressionsCovering(Urn asset, String ruleId) {
        reopenExpired();
        return triage.suppressionsCovering(asset.toString(), ruleId);
    }

    /** Acceptances in force that end within {@code within} from now, soonest first (at most {@code limit}). */
    public List<AcceptedFinding> expiring(Duration within, int limit) {
        reopenExpired();
        Instant now = clock.instant();
        return triage.expiring(now, now.plus(within), limit);
    }

    /** How many acceptances in force end within {@code within} from now: the dashboard's "about to expire". */
    public long countExpiring(Duration within) {
        reopenExpired();
        Instant now = clock.instant();
        return triage.countExpiring(now, now.plus(within));
    }

    /**
     * Reopens the acceptances whose expiry has passed, ends the suppressions whose expiry has, and
     * logs each reopening once (also those a sync made by reporting a resolved finding again).
     * Nothing is written, and the writer not waited for, when nothing is due.
     */
    public synchronized void reopenExpired() {
        Instant now = clock.instant();
        if (!triage.anythingDue(now)) {
            return;
        }
        FindingTriage.DueChanges due = triage.reopenDue(now);
        for (FindingTriage.Reopening r : due.reopened()) {
            Map<String, String> details = new TreeMap<>(Map.of("finding", String.valueOf(r.findingId()),
                    "rule", r.ruleId(), "reason", r.reason()));
            if (!r.location().isEmpty()) {
                details.put("location", r.location());
            }
            if (r.expiredAt() != null) {
                details.put("expired", r.expiredAt().toString());
            }
            if (r.justification() != null) {
                details.put("justification", r.justification());
            }
            audit.record(SYSTEM_ACTOR, "finding.reopened", r.assetUrn(), details);
        }
        for (FindingSuppression s : due.expiredSuppressions()) {
            audit.record(SYSTEM_ACTOR, "finding.unsuppress", hasGlob(s.urnPattern()) ? "" : s.urnPattern(),
                    suppressionDetails(s, -1, "expired"));
        }
    }

    private static Map<String, String> suppressionDetails(FindingSuppression s, long reopened, String reason) {
        Map<String, String> details = new TreeMap<>(Map.of("suppression", String.valueOf(s.id()), "rule", s.rulePattern(),
                "assets", s.urnPattern(), "justification", s.justification(), "reason", reason));
        if (reopened >= 0) {
            details.put("reopened", String.valueOf(reopened));
        }
        return details;
    }

    private static Map<String, String> details(FindingTriage.FindingRef f) {
        Map<String, String> details = new TreeMap<>(Map.of("finding", String.valueOf(f.id()), "rule", f.ruleId(),
                "detector", f.detector()));
        if (!f.location().isEmpty()) {
            details.put("location", f.location());
        }
        return details;
    }

    private static String required(String text, String message) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        return text.strip();
    }

    static boolean hasGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }
}
