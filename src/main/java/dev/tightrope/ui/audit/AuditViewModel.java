package dev.tightrope.ui.audit;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.AuditService;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.shell.AppModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import javafx.collections.ObservableMap;

/**
 * The audit log, newest first, a page at a time, filtered by action (exact, or a prefix such as
 * {@code approval.}), actor, subject and day range; the selected entry in full; subjects named
 * (URNs and digests resolved to the assets they stand for, in the background); and the log's
 * verification on demand, with its verdict in plain words.
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
    private final ObjectProperty<AuditEntry> selected = new SimpleObjectProperty<>();
    private final ObservableMap<String, Subject> subjects = FXCollections.observableHashMap();
    private final ObjectProperty<Verdict> verdict = new SimpleObjectProperty<>();
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

    /** The entry shown in full; the view sets it from the table's selection. */
    public ObjectProperty<AuditEntry> selectedProperty() {
        return selected;
    }

    /** Subjects of the entries shown that name an asset, by their raw value (a URN or {@code sha256:…}). */
    public ObservableMap<String, Subject> subjects() {
        return subjects;
    }

    /** What the last verification found, in words; null before the first. */
    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict;
    }

    /**
     * The asset a subject stands for.
     *
     * @param raw    the subject as recorded
     * @param urn    the asset's URN (the first of several with the same digest)
     * @param others how many other assets carry the same digest
     */
    public record Subject(String raw, String name, String urn, AssetKind kind, String digest, int others) {
        /** "credit-risk-model", "weights.safetensors and 2 more". */
        public String label() {
            return others == 0 ? name : name + " and " + others + " more";
        }
    }

    /**
     * A verification in words.
     *
     * @param headline "The log is intact: …" or "The log has been tampered with: …"
     * @param problems each problem in words, first one first
     * @param notes    what is not a problem but worth knowing (entries not yet in a checkpoint)
     */
    public record Verdict(boolean intact, String headline, List<String> problems, List<String> notes) {
        public Verdict {
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }
    }

    /** The subject in the table: the asset's name when it names one, else as recorded. */
    public String subjectText(String raw) {
        Subject s = subjects.get(raw);
        return s == null ? raw : s.label();
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
        return new ArrayList<>(out);
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
            AuditEntry was = selected.get();
            entries.setAll(p.entries().size() > PAGE ? p.entries().subList(0, PAGE) : p.entries());
            size.set(p.size());
            if (was != null && entries.stream().noneMatch(e -> e.index() == was.index())) {
                selected.set(null);
            }
            nameSubjects();
        }));
    }

    /** Resolves the page's URN and digest subjects to asset names in the background; the table shows the raw value meanwhile. */
    private void nameSubjects() {
        Set<String> wanted = new LinkedHashSet<>();
        for (AuditEntry e : entries) {
            String subject = e.event().subject();
            if ((subject.startsWith("tr:") || subject.startsWith("sha256:")) && !subjects.containsKey(subject)) {
                wanted.add(subject);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        app.executor().submit(BackgroundTask.read("Naming the subjects of the audit log", () -> {
            Map<String, Subject> named = new HashMap<>();
            for (String raw : wanted) {
                resolve(raw).ifPresent(s -> named.put(raw, s));
            }
            return named;
        }).onSuccess(subjects::putAll));
    }

    private Optional<Subject> resolve(String raw) {
        try {
            if (raw.startsWith("tr:")) {
                return app.tightrope().inventory().find(Urn.parse(raw)).map(r -> new Subject(raw, r.asset().name(), raw, r.urn().kind(),
                        r.asset().digest() == null ? null : r.asset().digest().toString(), 0));
            }
            List<AssetSummary> same = app.tightrope().inventory().byDigest(Digest.parse(raw));
            if (same.isEmpty()) {
                return Optional.empty();
            }
            AssetSummary first = same.get(0);
            return Optional.of(new Subject(raw, first.name(), first.urn(), first.kind(), raw, same.size() - 1));
        } catch (IllegalArgumentException notAnAsset) {
            // a subject that only looks like a URN or a digest: shown as recorded
            return Optional.empty();
        }
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
            verdict.set(verdict(s));
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
            verdict.set(verdict(s));
            report(s, "Signed a checkpoint at " + entries(s.size()));
        }).onFinished(() -> verifying.set(false)));
    }

    private void report(AuditService.LogStatus s, String ok) {
        if (s.intact()) {
            app.notifications().success(ok);
        } else {
            app.notifications().error("The audit log has been tampered with", s.problems().stream().map(AuditViewModel::inWords)
                    .collect(java.util.stream.Collectors.joining("; ")),
                    "Do not trust entries after the first problem; restore the workspace from a backup and compare.");
        }
    }

    /**
     * A verification in plain words: "The log is intact: 13 entries, every entry matches its
     * signed leaf, the tree root matches checkpoint #3 signed 2026-12-03 10:22:33 CET by the
     * workspace's log key." or "The log has been tampered with: entry 4 was edited".
     */
    static Verdict verdict(AuditService.LogStatus s) {
        List<String> notes = new ArrayList<>();
        if (!s.intact()) {
            List<String> problems = s.problems().stream().map(AuditViewModel::inWords).toList();
            String first = problems.isEmpty() ? "a problem was found" : problems.get(0);
            String more = problems.size() <= 1 ? "" : " (and " + (problems.size() - 1) + " more " + (problems.size() == 2 ? "problem" : "problems")
                    + ", below)";
            return new Verdict(false, "The log has been tampered with: " + first + more + ".", problems, s.notes());
        }
        StringBuilder h = new StringBuilder("The log is intact: ").append(entries(s.size()));
        if (s.size() > 0) {
            h.append(s.size() == 1 ? ", the entry matches its signed leaf" : ", every entry matches its signed leaf");
        }
        if (s.latestCheckpointSize() < 0) {
            h.append("; no checkpoint has been signed yet");
            notes.add("Without a signed checkpoint the log is only checked against itself: Sign checkpoint, and keep the "
                    + "checkpoint outside the workspace to detect a log rewritten from scratch.");
        } else {
            h.append(", the tree root matches checkpoint #").append(s.checkpointsVerified())
                    .append(" (").append(entries(s.latestCheckpointSize())).append(')');
            if (s.latestCheckpointTime() != null) {
                h.append(" signed ").append(fullTime(s.latestCheckpointTime()));
            }
            h.append(" by the workspace's log key");
            long unsigned = s.size() - s.latestCheckpointSize();
            if (unsigned > 0) {
                notes.add(Formats.count(unsigned) + (unsigned == 1 ? " newer entry is" : " newer entries are")
                        + " not in a signed checkpoint yet; Sign checkpoint to seal "
                        + (unsigned == 1 ? "it." : "them."));
            }
        }
        return new Verdict(true, h.append('.').toString(), List.of(), notes);
    }

    /** One problem the verifier found, in words ("entry 4 was edited: …"). */
    static String inWords(Problem p) {
        String where = p.location();
        String m = p.message();
        if (where.startsWith("entry ")) {
            if (m.contains("leaf hash does not match")) {
                return where + " was edited: its stored hash no longer matches what was recorded";
            }
            if (m.contains("row edited")) {
                return where + " was edited: what it says now differs from what was signed";
            }
            if (m.contains("reordered")) {
                return where + " was moved: it was recorded at another position";
            }
            if (m.startsWith("missing")) {
                return where + " is missing: entries were deleted";
            }
            if (m.contains("out of order")) {
                return where + " is stored out of order";
            }
        }
        if (where.startsWith("checkpoint ") && m.contains("truncated")) {
            return "entries were deleted: " + where.replace("checkpoint ", "the checkpoint at ") + " entries signed more than the log holds now";
        }
        if (where.startsWith("checkpoint ") && m.contains("changed after it was signed")) {
            return "the log was changed after " + where.replace("checkpoint ", "the checkpoint at ") + " entries was signed";
        }
        if (where.startsWith("checkpoints ")) {
            return "the log was rewritten between " + where.replace("checkpoints ", "the checkpoints at ").replace(" -> ", " and ") + " entries";
        }
        if (where.startsWith("node ")) {
            return "a stored hash of the tree (" + where + ") does not match the entries: entries were changed";
        }
        return where + ": " + m;
    }

    private static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter FULL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS zzz '(UTC'xxx')'",
            Locale.ROOT);

    /** The time of an entry in the table: date and time to the second, in this machine's time zone. */
    public static String tableTime(Instant t) {
        return TABLE_TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    /** The time in full: to the millisecond, with the time zone and its offset. */
    public static String fullTime(Instant t) {
        return FULL_TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    /** The entry's leaf hash, as the Merkle tree holds it. */
    public static String leafHash(AuditEntry e) {
        return HexFormat.of().formatHex(e.leafHash());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String entries(long n) {
        return Formats.count(n) + (n == 1 ? " entry" : " entries");
    }

    /** Writes the whole table to {@code file} (CSV or JSON by its extension) in the background. */
    public void export(java.nio.file.Path file) {
        dev.tightrope.ui.common.TableExportViewModel.export(app, dev.tightrope.service.TableService.Table.AUDIT, null, file, "entry", "entries");
    }
}
