package dev.tightrope.service;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditEvent;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Problem;
import dev.tightrope.service.workspace.Workspace;
import dev.tightrope.store.AuditLogStore;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.log.AuditLog;
import dev.tightrope.trust.log.Checkpoint;
import dev.tightrope.trust.log.LogKey;
import dev.tightrope.trust.log.LogVerification;
import dev.tightrope.trust.log.LogVerifier;
import dev.tightrope.trust.log.SignedCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace's tamper-evident audit log: every action of the console and the command line is
 * appended here (one entry per action; a sync is one entry per source run, never one per
 * record). An RFC 9162 Merkle log in the cache, checkpoints signed by the workspace's log key
 * ({@value #LOG_KEY_FILE} in the key directory, unencrypted like a host key since it signs
 * without a person present), origin {@code tightrope.dev/audit/<workspace id>}.
 */
public final class AuditService {

    static final String LOG_KEY_FILE = "audit-log.ed25519.pem";
    static final String ORIGIN_PREFIX = "tightrope.dev/audit/";

    /** What the console and the CLI record, by action name, with what each means. */
    public static final Map<String, String> ACTIONS = actions();

    private final AuditLogStore storage;
    private final Clock clock;
    private final Workspace workspace;
    /** The log and its key, made on first use: loading the key is the slowest part of opening a workspace. */
    private AuditLog log;
    private LogKey key;

    AuditService(Workspace workspace, Clock clock) {
        this.clock = clock;
        this.storage = new AuditLogStore(workspace.database());
        this.workspace = workspace;
    }

    synchronized AuditLog log() {
        if (log == null) {
            key = LogKey.loadOrCreate(workspace.keysDirectory().resolve(LOG_KEY_FILE),
                    ORIGIN_PREFIX + workspace.database().workspaceId());
            log = new AuditLog(storage, key, clock);
        }
        return log;
    }

    private static Map<String, String> actions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sync.run", "a source was synced (one entry per source run: status and counts)");
        m.put("source.add", "a source was configured");
        m.put("source.update", "a source's settings changed (which keys, and their new values: settings name secrets, never hold them)");
        m.put("source.remove", "a source was removed");
        m.put("owner.assign", "an owner was assigned by hand");
        m.put("owner.remove", "a manual owner assignment was removed");
        m.put("finding.accept", "a finding's risk was accepted, with a justification and an expiry");
        m.put("finding.resolve", "a finding was marked resolved by hand");
        m.put("finding.reopen", "an acceptance or resolution of a finding was ended by hand");
        m.put("finding.reopened", "a finding reopened by itself: its acceptance expired, or a sync reported a resolved finding again");
        m.put("finding.suppress", "a rule was suppressed for an asset or a pattern of assets, with a justification");
        m.put("finding.unsuppress", "a suppression was removed, or ended at its expiry");
        m.put("note.add", "a note was added to an asset");
        m.put("mcp.probe", "an MCP server was started (or its endpoint called) to list its tools, on the user's request: the command, and how it ended");
        m.put("key.create", "a reviewer key was generated");
        m.put("trust.add", "a reviewer was trusted locally (unreviewed: not in the organisation's reviewed trust store)");
        m.put("trust.update", "a reviewer's email or roles changed locally in the trust store");
        m.put("trust.remove", "a local trust-store entry (a reviewer or a local role change) was removed");
        m.put("trust.self-trust", "a reviewer trusted their own key or raised their own roles (local, unreviewed)");
        m.put("trust.reviewed", "the organisation's reviewed trust store was taken into the workspace");
        m.put("policy.change", "the workspace's approval policy changed");
        m.put("approval.sign", "an approval or rejection was signed");
        m.put("approval.import", "a signed approval was added to the workspace");
        m.put("approval.publish", "approvals were attached to an OCI artifact");
        m.put("model.sign", "a model directory was signed (OpenSSF model signing model.sig)");
        m.put("export.evidence", "an evidence bundle was exported");
        m.put("export.lineage", "a lineage view was exported (format, file, its SHA-256, counts and the cache's data version)");
        m.put("export.shadow-scan", "a machine's shadow-AI scan was written and signed as an in-toto statement (file, SHA-256, key)");
        m.put("mcp.approve", "an MCP server's launch identity was approved into a local-discovery source's allowlist file");
        m.put("demo.load", "the demo workspace was loaded");
        return Map.copyOf(m);
    }

    /** Appends one action by the current user. */
    public AuditEntry record(String action, String subject, Map<String, String> details) {
        return record(Actor.current(), action, subject, details);
    }

    public AuditEntry record(String actor, String action, String subject, Map<String, String> details) {
        return log().append(AuditEvent.of(clock.instant(), actor, action, subject == null ? "" : subject, details));
    }

    /** Entries matching the query, newest first. */
    public List<AuditEntry> entries(AuditQuery query) {
        return log().entries(query);
    }

    public long size() {
        return log().size();
    }

    /** The log's origin, {@code tightrope.dev/audit/<workspace id>}. */
    public String origin() {
        log();
        return key.name();
    }

    /** The C2SP verifier key of the log key, to publish so others can check checkpoints. */
    public String verifierKey() {
        return log().verifier().toString();
    }

    /** Signs and stores a checkpoint of the current tree (the latest one when nothing was appended since). */
    public LogCheckpoint checkpoint() {
        return view(log().checkpoint());
    }

    public Optional<LogCheckpoint> latestCheckpoint() {
        return log().latestCheckpoint().map(this::view);
    }

    /** Signs a checkpoint when entries were appended since the latest one (on close, after approvals). */
    void checkpointIfBehind() {
        long size = log().size();
        if (size > 0 && log().latestCheckpoint().map(c -> c.checkpoint().size() < size).orElse(true)) {
            log().checkpoint();
        }
    }

    private LogCheckpoint view(SignedCheckpoint c) {
        Checkpoint cp = c.checkpoint();
        return new LogCheckpoint(cp.origin(), cp.size(), HexFormat.of().formatHex(cp.rootHash()), c.signedNote(), verifierKey());
    }

    /** Checks the whole log from its stored bytes (see {@link LogVerifier}). */
    public LogStatus verify() {
        return verify((String) null);
    }

    /**
     * As {@link #verify()}, and that the log still extends {@code trustedNote}, a
     * signed checkpoint kept outside the cache, may be null.
     */
    public LogStatus verify(String trustedNote) {
        LogVerification v = new LogVerifier(storage, log().verifier()).verify(trustedNote);
        String root;
        try {
            root = HexFormat.of().formatHex(log.rootAt(v.size()));
        } catch (RuntimeException e) {
            root = null;
        }
        Checkpoint latest = v.latest();
        String note = latest == null ? null : log().latestCheckpoint().map(SignedCheckpoint::signedNote).orElse(null);
        java.time.Instant signed = latest == null ? null : storage.latestCheckpoint().filter(c -> c.size() == latest.size())
                .map(dev.tightrope.domain.AuditCheckpoint::created).orElse(null);
        return new LogStatus(v.intact(), v.size(), v.checkpointsVerified(), latest == null ? -1 : latest.size(), signed, root, note,
                origin(), verifierKey(), v.problems(), v.notes(), v.toText());
    }

    /** A signed checkpoint: what the log committed to, and the note that proves it. */
    public record LogCheckpoint(String origin, long size, String rootHex, String signedNote, String verifierKey) {
    }

    /**
     * What {@code log verify} found.
     *
     * @param latestCheckpointSize size of the newest valid checkpoint, -1 when there is none
     * @param latestCheckpointTime when the newest valid checkpoint was signed, null when there is none or it is not known
     * @param rootHex              the root of the stored tree, null when it cannot be computed
     * @param checkpointNote       the newest checkpoint's signed note, null when there is none
     */
    public record LogStatus(boolean intact, long size, int checkpointsVerified, long latestCheckpointSize,
                            java.time.Instant latestCheckpointTime, String rootHex,
                            String checkpointNote, String origin, String verifierKey, List<Problem> problems, List<String> notes,
                            String text) {
        public LogStatus {
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }
    }

    /** As {@link #verify(String)} against a signed checkpoint kept in {@code trustedCheckpoint}. */
    public LogStatus verify(Path trustedCheckpoint) {
        String note;
        try {
            note = Files.readString(trustedCheckpoint, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrustFormatException(trustedCheckpoint.toString(), "cannot read the checkpoint: " + e.getMessage(), e);
        }
        return verify(note);
    }
}
