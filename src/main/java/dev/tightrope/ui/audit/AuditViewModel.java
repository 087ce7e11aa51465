package dev.tightrope.ui.audit;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.service.AuditService;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.shell.AppModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The audit log, newest first, a page at a time, filtered by action (exact, or a prefix such as
 * {@code approval.}), actor, subject and day range; and the log's verification on demand.
 */
public final class AuditViewModel {

    static final int PAGE = 200;

    private final AppModel app;
    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final StringProperty action = new SimpleStringProperty();
    private final StringProperty actor = new SimpleStringProperty();
    private final StringProperty subject = new SimpleStringProperty();
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final LongProperty offset = new SimpleLongProperty();
    private final BooleanProperty hasOlder = new SimpleBooleanProperty();
    private final LongProperty size = new SimpleLongProperty();
    private final ObjectProperty<AuditService.LogStatus> status = new SimpleObjectProperty<>();
    private final BooleanProperty verifying = new SimpleBooleanProperty();
    private final Latest pageLoad;

    public AuditViewModel(AppModel app) {
        this.app = app;
        this.pageLoad = new Latest(app.executor());
    }

    // Properties

    public ObservableList<AuditEntry> entries() {
        return entries;
    }

    public StringProperty actionProperty() {
        return action;
    }

    public StringProperty actorProperty() {
        return actor;
    }

    public StringProperty subjectProperty() {
        return subject;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    /** Entries skipped (newer than the page shown). */
    public ReadOnlyLongProperty offsetProperty() {
        return offset;
    }

    public ReadOnlyBooleanProperty hasOlderProperty() {
        return hasOlder;
    }

    /** Entries in the whole log. */
    public ReadOnlyLongProperty sizeProperty() {
        return size;
    }

    public ReadOnlyObjectProperty<AuditService.LogStatus> statusProperty() {
        return status;
    }

    public ReadOnlyBooleanProperty verifyingProperty() {
        return verifying;
    }

    /** What an action means, in words ({@code approval.sign}: "signed an approval or rejection"). */
    public static String describeAction(String action) {
        return AuditService.ACTIONS.getOrDefault(action, action);
    }

    /** Action filter choices: every action this build records, and their families ({@code approval.}). */
    public static List<String> actionChoices() {
        TreeSet<String> out = new TreeSet<>(AuditService.ACTIONS.keySet());
        for (String a : AuditService.ACTIONS.keySet()) {
            out.add(a.substring(0, a.indexOf('.') + 1));
        }
        List<String> list = new ArrayList<>();
        list.add("");
        list.addAll(out);
        return list;
    }

    // Commands

    /** Applies the filters from the first (newest) page. */
    public void search() {
        offset.set(0);
        refresh();
    }

    public void older() {
        offset.set(offset.get() + PAGE);
        refresh();
    }

    public void newer() {
        offset.set(Math.max(0, offset.get() - PAGE));
        refresh();
    }

    public void refresh() {
        AuditQuery query;
        try {
            query = query();
        } catch (IllegalArgumentException e) {
            app.notifications().error("The audit filter is not valid", e.getMessage(), "Correct the filter and search again.");
            return;
        }
        pageLoad.submit(BackgroundTask.read("Reading the audit log", () -> {
            List<AuditEntry> page = app.tightrope().audit().entries(query);
            return new Page(page, app.tightrope().audit().size());
        }).onSuccess(p -> {
            hasOlder.set(p.entries().size() > PAGE);
            entries.setAll(p.entries().size() > PAGE ? p.entries().subList(0, PAGE) : p.entries());
            size.set(p.size());
        }));
    }

    private record Page(List<AuditEntry> entries, long size) {
    }

    AuditQuery query() {
        ZoneId zone = ZoneId.systemDefault();
        Instant start = from.get() == null ? null : from.get().atStartOfDay(zone).toInstant();
        Instant end = to.get() == null ? null : to.get().plusDays(1).atStartOfDay(zone).toInstant();
        return new AuditQuery(blankToNull(actor.get()), blankToNull(action.get()), blankToNull(subject.get()), start, end,
                (int) Math.min(Integer.MAX_VALUE, offset.get()), PAGE + 1);
    }

    /** Checks the whole log (every leaf, subtree and checkpoint) in the background. */
    public void verify() {
        verifying.set(true);
        app.setStatus("Verifying the audit log…");
        app.executor().submit(BackgroundTask.read("Verifying the audit log", () -> app.tightrope().audit().verify()).onSuccess(s -> {
            status.set(s);
            report(s, "Audit log intact: " + entries(s.size()));
        }).onFinished(() -> verifying.set(false)));
    }

    /** Signs a checkpoint of the log as it is now, then verifies against it. */
    public void signCheckpoint() {
        verifying.set(true);
        app.submitWrite(BackgroundTask.write("Signing a checkpoint of the audit log", () -> {
            AuditService.LogCheckpoint cp = app.tightrope().audit().checkpoint();
            return app.tightrope().audit().verify(cp.signedNote());
        }).onSuccess(s -> {
            status.set(s);
            report(s, "Signed a checkpoint at " + entries(s.size()));
        }).onFinished(() -> verifying.set(false)));
    }

    private void report(AuditService.LogStatus s, String ok) {
        if (s.intact()) {
            app.notifications().success(ok);
        } else {
            app.notifications().error("The audit log has been tampered with", s.problems().stream().map(Object::toString).collect(java.util.stream.Collectors.joining("; ")),
                    "Do not trust entries after the first problem; restore the workspace from a backup and compare.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String entries(long n) {
        return Formats.count(n) + (n == 1 ? " entry" : " entries");
    }
}
