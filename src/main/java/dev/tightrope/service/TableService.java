package dev.tightrope.service;

import dev.tightrope.base.AtomicFiles;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.service.export.TableWriter;
import dev.tightrope.store.AssetRepository;
import dev.tightrope.trust.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's tables as files: the inventory (under a filter), the findings, the approvals and
 * the audit log, as CSV or JSON ({@link TableWriter}), written atomically and streamed row by row,
 * so a million-row inventory never sits in memory. Each export is in the audit log.
 */
public final class TableService {

    /** What can be exported, with its columns (the CSV header and the JSON field names). */
    public enum Table {
        INVENTORY(List.of("urn", "kind", "name", "source", "owners", "worst_finding", "last_seen", "gone_at")),
        FINDINGS(List.of("id", "asset", "severity", "rule", "title", "evidence", "location", "detector", "status", "justification",
                "source", "first_seen", "last_seen")),
        APPROVALS(List.of("subject_digest", "subject_name", "decision", "scope", "reviewer", "key_fingerprint", "time", "status",
                "verified", "reason", "location")),
        AUDIT(List.of("index", "time", "actor", "action", "subject", "details"));

        private final List<String> columns;

        Table(List<String> columns) {
            this.columns = columns;
        }

        public List<String> columns() {
            return columns;
        }

        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an export wrote. */
    public record Exported(Path file, Table table, TableWriter.Format format, long rows, String sha256) {
    }

    static final int CHUNK = 1_000;

    private final AssetRepository assets;
    private final InventoryService inventory;
    private final ApprovalService approvals;
    private final AuditService audit;

    TableService(AssetRepository assets, InventoryService inventory, ApprovalService approvals, AuditService audit) {
        this.assets = assets;
        this.inventory = inventory;
        this.approvals = approvals;
        this.audit = audit;
    }

    /**
     * Writes {@code table} to {@code out} in {@code format}; {@code filter} narrows the inventory
     * (null: every present asset) and is ignored by the other tables.
     */
    public Exported export(Table table, TableWriter.Format format, AssetFilter filter, Path out) {
        long[] rows = {0};
        try {
            AtomicFiles.replace(out, stream -> {
                try (TableWriter w = new TableWriter(format, table.columns(), stream)) {
                    switch (table) {
                        case INVENTORY -> inventory(w, filter == null ? AssetFilter.all() : filter);
                        case FINDINGS -> findings(w);
                        case APPROVALS -> approvals(w);
                        case AUDIT -> audit(w);
                    }
                    rows[0] = w.rows();
                }
            });
            String sha256 = Sha256.hex(Files.readAllBytes(out));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("table", table.token());
            details.put("format", format.name().toLowerCase(Locale.ROOT));
            details.put("file", out.getFileName().toString());
            details.put("rows", String.valueOf(rows[0]));
            details.put("sha256", sha256);
            audit.record("export.table", table.token(), details);
            return new Exported(out, table, format, rows[0], sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private void inventory(TableWriter w, AssetFilter filter) throws IOException {
        long[] ids = inventory.ids(filter, AssetSort.byName());
        for (int from = 0; from < ids.length; from += CHUNK) {
            for (AssetSummary a : inventory.summaries(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + CHUNK)))) {
                w.row(Arrays.asList(a.urn(), a.kind().token(), a.name(), a.source(), a.owners() == null || a.owners().isBlank() ? null : a.owners(),
                        a.worstFinding() == null ? null : a.worstFinding().token(), time(a.lastSeen()), time(a.goneAt())));
            }
        }
    }

    private void findings(TableWriter w) throws IOException {
        try {
            assets.eachFinding(false, f -> row(w, f));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void row(TableWriter w, StoredFinding s) {
        var f = s.finding();
        try {
            w.row(Arrays.asList(String.valueOf(s.id()), f.asset().toString(), f.severity().token(), f.ruleId(), f.title(), f.evidence(),
                    f.location(), f.detector(), f.status().name().toLowerCase(Locale.ROOT), s.justification(), s.source(),
                    time(s.firstSeen()), time(s.lastSeen())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void approvals(TableWriter w) throws IOException {
        for (ApprovalRecord r : approvals.all()) {
            w.row(Arrays.asList(r.subjectDigest(), r.subjectName(), r.decision() == null ? null : r.decision().label(), r.scope(),
                    r.reviewer(), r.keyFingerprint(), time(r.time()), r.status(), String.valueOf(r.verified()), r.reason(), r.location()));
        }
    }

    private void audit(TableWriter w) throws IOException {
        for (int offset = 0; ; offset += 10_000) {
            List<AuditEntry> page = audit.entries(new AuditQuery(null, null, null, null, null, offset, 10_000));
            for (AuditEntry e : page) {
                var ev = e.event();
                w.row(Arrays.asList(String.valueOf(e.index()), time(ev.time()), ev.actor(), ev.action(), ev.subject(), ev.details()));
            }
            if (page.size() < 10_000) {
                return;
            }
        }
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
