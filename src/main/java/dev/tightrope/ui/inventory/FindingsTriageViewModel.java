package dev.tightrope.ui.inventory;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.FindingDecision;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.FindingSuppression;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.service.FindingsService;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.shell.AppModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The findings of the asset on show with their triage status, and the user's triage of them:
 * accept a risk with a justification until a day, resolve, reopen, suppress the rule for this
 * asset or a pattern of assets. Each decision is a user record kept across syncs and logged in
 * the audit log; an acceptance reopens by itself on its day.
 */
public final class FindingsTriageViewModel {

    /** An acceptance ending this soon is shown as about to expire. */
    static final Duration ABOUT_TO_EXPIRE = Duration.ofDays(14);

    /**
     * One finding as the section shows it.
     *
     * @param details    rule, location, evidence, and the same-content asset it was observed on
     * @param statusText "accepted until … by …: why", "suppressed by … (rule on assets): why", "open", …
     * @param expiresSoon an acceptance that ends within {@link #ABOUT_TO_EXPIRE}
     */
    public record Row(long id, Severity severity, String title, String ruleId, String assetUrn, String details,
                      FindingStatus status, String statusText, boolean expiresSoon) {

        /** Accepting outranks a suppression, so a suppressed finding can be accepted too. */
        public boolean canAccept() {
            return status == FindingStatus.OPEN || status == FindingStatus.SUPPRESSED;
        }

        public boolean canResolve() {
            return status == FindingStatus.OPEN || status == FindingStatus.ACCEPTED;
        }

        public boolean canReopen() {
            return status == FindingStatus.ACCEPTED || status == FindingStatus.RESOLVED;
        }

        public boolean canSuppress() {
            return status == FindingStatus.OPEN;
        }
    }

    private final AppModel app;
    private final Tightrope tightrope;
    private final NotificationCenter notifications;
    private final Clock clock;
    private final Latest load;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private String shownUrn;

    FindingsTriageViewModel(AppModel app, Clock clock) {
        this.app = app;
        this.tightrope = app.tightrope();
        this.notifications = app.notifications();
        this.clock = clock;
        this.load = new Latest(app.executor());
    }

    // Properties

    public ObservableList<Row> rows() {
        return rows;
    }

    // Commands

    /** Shows the findings of {@code d} (null: none), reading who suppressed the suppressed ones. */
    void show(AssetDetail d) {
        String urn = d == null ? null : d.record().urn().toString();
        if (!java.util.Objects.equals(urn, shownUrn)) {
            // another asset: never show the previous one's findings while this one's are read
            rows.clear();
            shownUrn = urn;
        }
        if (d == null) {
            load.cancel();
            return;
        }
        Instant now = clock.instant();
        load.submit(BackgroundTask.read("Reading the triage of " + d.record().asset().name(), () -> {
            List<Row> out = new ArrayList<>();
            for (StoredFinding f : d.findings()) {
                List<FindingSuppression> by = f.finding().status() == FindingStatus.SUPPRESSED
                        ? tightrope.findings().suppressionsCovering(f.finding().asset(), f.finding().ruleId()) : List.of();
                out.add(row(d, f, by, now));
            }
            return out;
        }).onSuccess(rows::setAll));
    }

    /** Accepts the risk until the start of {@code until} (local time), when it reopens by itself. */
    public void accept(Row row, String justification, LocalDate until) {
        String problem = acceptProblem(justification, until, LocalDate.now(clock));
        if (problem != null) {
            notifications.warning("The finding was not accepted", problem, "Give a justification and a day within a year.");
            return;
        }
        Instant expires = until.atStartOfDay(clock.getZone()).toInstant();
        write("Accepting " + row.ruleId(), () -> tightrope.findings().accept(row.id(), justification.strip(), expires),
                e -> "Accepted " + row.title() + " until " + Formats.time(e) + "; it reopens by itself then");
    }

    public void resolve(Row row) {
        write("Resolving " + row.ruleId(), () -> {
            tightrope.findings().resolve(row.id());
            return row;
        }, r -> "Resolved " + r.title() + "; it reopens if a sync reports it again");
    }

    public void reopen(Row row) {
        write("Reopening " + row.ruleId(), () -> {
            tightrope.findings().reopen(row.id());
            return row;
        }, r -> "Reopened " + r.title());
    }

    /**
     * Suppresses {@code rulePattern} (the row's rule, or a glob of rules) on {@code assetPattern}
     * (the row's asset, or a glob of URNs), until removed.
     */
    public void suppress(String rulePattern, String assetPattern, String justification) {
        String problem = suppressProblem(rulePattern, assetPattern, justification);
        if (problem != null) {
            notifications.warning("Nothing was suppressed", problem, "Give a rule, the assets and a justification.");
            return;
        }
        write("Suppressing " + rulePattern.strip(), () -> tightrope.findings().suppress(rulePattern.strip(), assetPattern.strip(),
                justification.strip(), null), s -> "Suppressed " + s.suppression().rulePattern() + " on " + s.suppression().urnPattern()
                + " (" + s.findingsSuppressed() + " open finding" + (s.findingsSuppressed() == 1 ? "" : "s") + " now, and later ones)");
    }

    /** What is wrong with an acceptance, or null: a justification, and a day after today within a year. */
    static String acceptProblem(String justification, LocalDate until, LocalDate today) {
        String why = justificationProblem(justification, "Say why the risk is acceptable (a compensating control, a deadline, a ticket).");
        return why != null ? why : untilProblem(until, today);
    }

    static String justificationProblem(String justification, String ask) {
        return justification == null || justification.isBlank() ? ask : null;
    }

    static String untilProblem(LocalDate until, LocalDate today) {
        if (until == null) {
            return "Pick the day the acceptance ends.";
        }
        if (!until.isAfter(today)) {
            return "The acceptance must end after today.";
        }
        if (until.isAfter(today.plusDays(FindingsService.MAX_ACCEPTANCE.toDays()))) {
            return "An acceptance lasts at most " + FindingsService.MAX_ACCEPTANCE.toDays() + " days; accept it again when it ends.";
        }
        return null;
    }

    /** What is wrong with a suppression, or null. */
    static String suppressProblem(String rulePattern, String assetPattern, String justification) {
        String rule = rulePattern == null || rulePattern.isBlank() ? "Name the rule (or a pattern of rules, such as secret.*)." : null;
        String assets = assetsProblem(assetPattern);
        String why = justificationProblem(justification, "Say why these findings need no attention.");
        return rule != null ? rule : assets != null ? assets : why;
    }

    static String assetsProblem(String assetPattern) {
        String p = assetPattern == null ? "" : assetPattern.strip();
        return p.startsWith("tr:") || p.startsWith("*") ? null : "Name the assets: a URN, or a pattern such as tr:notebook:jupyter:*.";
    }

    /** The pattern of every asset of the same kind from the same type of source: {@code tr:notebook:jupyter:*}. */
    static String siblingsPattern(String assetUrn) {
        int third = assetUrn.indexOf(':', assetUrn.indexOf(':', 3) + 1);
        return third < 0 ? assetUrn : assetUrn.substring(0, third + 1) + "*";
    }

    static Row row(AssetDetail d, StoredFinding f, List<FindingSuppression> suppressedBy, Instant now) {
        String self = d.record().urn().toString();
        String on = f.finding().asset().toString();
        String via = on.equals(self) ? "" : " · on " + d.sameContent().stream().filter(a -> a.urn().equals(on))
                .map(a -> a.name()).findFirst().orElse(on);
        String details = f.finding().ruleId()
                + (f.finding().location() == null || f.finding().location().isEmpty() ? "" : " · " + f.finding().location())
                + (f.finding().evidence() == null ? "" : " · " + f.finding().evidence()) + via;
        FindingDecision decision = f.decision();
        boolean soon = false;
        String status;
        switch (f.finding().status()) {
            case ACCEPTED -> {
                Instant expires = decision == null ? null : decision.expiresAt();
                soon = expires != null && !expires.isAfter(now.plus(ABOUT_TO_EXPIRE));
                status = "Accepted" + (expires == null ? "" : " until " + Formats.time(expires)
                        + (soon ? " (about to expire: in " + daysLeft(now, expires) + ")" : ""))
                        + (decision == null ? "" : " by " + decision.decidedBy()) + ": " + f.justification();
            }
            case SUPPRESSED -> {
                if (suppressedBy.isEmpty()) {
                    status = "Suppressed: " + f.justification();
                } else {
                    FindingSuppression s = suppressedBy.get(0);
                    status = "Suppressed by " + s.createdBy() + " (" + s.rulePattern() + " on " + s.urnPattern()
                            + (s.expiresAt() == null ? "" : ", until " + Formats.time(s.expiresAt())) + "): " + s.justification();
                }
            }
            case RESOLVED -> status = decision != null && decision.state() == FindingDecision.State.RESOLVED
                    ? "Resolved by " + decision.decidedBy() + " on " + Formats.time(decision.decidedAt())
                    : "Resolved: no longer reported";
            default -> status = decision != null && decision.reopenReason() != null
                    ? "Open again: " + ("expired".equals(decision.reopenReason()) ? "its acceptance expired" : decision.reopenReason())
                    : "Open";
        }
        return new Row(f.id(), f.finding().severity(), f.finding().title(), f.finding().ruleId(), on, details,
                f.finding().status(), status, soon);
    }

    private static String daysLeft(Instant now, Instant expires) {
        long days = Duration.between(now, expires).toDays();
        return days == 0 ? "less than a day" : days == 1 ? "1 day" : days + " days";
    }

    /** A user write on the write lane; the detail (and so these rows) is read again when it is saved. */
    private <T> void write(String title, java.util.function.Supplier<T> work, java.util.function.Function<T, String> done) {
        app.submitWrite(BackgroundTask.write(title, work).onSuccess(result -> {
            notifications.success(done.apply(result));
            app.dataChanged();
        }));
    }
}
