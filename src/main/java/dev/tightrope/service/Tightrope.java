package dev.tightrope.service;

import dev.tightrope.scan.mcp.probe.ProbeRecords;
import dev.tightrope.service.workspace.Credentials;
import dev.tightrope.service.workspace.Workspace;
import dev.tightrope.store.AssetRepository;
import dev.tightrope.store.FindingTriage;
import dev.tightrope.store.LineageRepository;
import dev.tightrope.store.OverviewRepository;
import dev.tightrope.store.OwnershipStore;
import dev.tightrope.store.ProbeFindingStore;
import dev.tightrope.store.RiskRepository;
import dev.tightrope.store.SourceRepository;
import dev.tightrope.store.SqliteIngestStore;
import dev.tightrope.store.UserRecords;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.SyncEngine;
import java.nio.file.Path;
import java.time.Clock;

/** The services over one open workspace; the GUI and the CLI both start here. */
public final class Tightrope implements AutoCloseable {
    private final Workspace workspace;
    private final InventoryService inventory;
    private final FindingsService findings;
    private final SourceService sources;
    private final LineageService lineage;
    private final LiveLineageService liveLineage;
    private final AuditService audit;
    private final TrustService trust;
    private final ApprovalService approvals;
    private final PolicyService policy;
    private final EvidenceService evidence;
    private final LineageViewService lineageView;
    private final BomService bom;
    private final ReportService reports;
    private final TableService tables;
    private final OwnershipService ownership;
    private final ComplianceService compliance;
    private final RiskService risk;
    private final ShadowService shadow;
    private final McpProbeService probes;
    private final Credentials credentials;
    private boolean closed;

    private Tightrope(Workspace workspace, ConnectorRegistry registry, Clock clock) {
        this.workspace = workspace;
        var db = workspace.database();
        this.audit = new AuditService(workspace, clock);
        this.credentials = new Credentials(workspace.credentialsFile());
        SyncEngine engine = new SyncEngine(new SqliteIngestStore(db), registry, credentials);
        AssetRepository assets = new AssetRepository(db);
        this.ownership = new OwnershipService(workspace, new OwnershipStore(db), assets, audit);
        this.findings = new FindingsService(new FindingTriage(db), assets, audit, clock);
        this.inventory = new InventoryService(assets, new UserRecords(db), new OverviewRepository(db, assets), audit, findings,
                ownership::ownersChanged);
        this.sources = new SourceService(new SourceRepository(db), registry, engine, audit, this::afterSync);
        this.lineage = new LineageService(new LineageRepository(db));
        this.trust = new TrustService(workspace, audit, clock);
        this.approvals = new ApprovalService(workspace, assets, inventory, lineage, trust, audit, clock);
        this.policy = new PolicyService(approvals, inventory, trust);
        this.evidence = new EvidenceService(inventory, approvals, audit, clock);
        this.lineageView = new LineageViewService(assets, approvals, audit, clock);
        this.bom = new BomService(workspace, assets, inventory, lineage, approvals, trust, audit, clock);
        this.tables = new TableService(assets, inventory, approvals, audit);
        this.compliance = new ComplianceService(workspace, inventory, lineage, approvals, audit, clock);
        this.risk = new RiskService(new RiskRepository(db, assets), approvals, findings, clock);
        this.reports = new ReportService(inventory, sources, lineage, lineageView, approvals, bom, compliance, risk, audit, clock);
        this.shadow = new ShadowService(inventory, sources, audit, clock);
        this.probes = new McpProbeService(inventory, new ProbeFindingStore(db),
                new ProbeRecords(workspace.probesDirectory()), audit, clock);
        this.liveLineage = new LiveLineageService(this);
        findings.reopenExpired();
    }

    public static Tightrope open(Path workspaceDir) {
        return open(workspaceDir, ConnectorRegistry.defaults());
    }

    public static Tightrope open(Path workspaceDir, ConnectorRegistry registry) {
        return open(workspaceDir, registry, Clock.systemUTC());
    }

    /** As above with a clock for every time the services record (tests fix it). */
    public static Tightrope open(Path workspaceDir, ConnectorRegistry registry, Clock clock) {
        Workspace ws = Workspace.open(workspaceDir);
        try {
            return new Tightrope(ws, registry, clock);
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    public Workspace workspace() {
        return workspace;
    }

    /** What opening the workspace had to repair, in words for the user (empty when nothing). */
    public java.util.List<String> notices() {
        return workspace.database().notices();
    }

    public InventoryService inventory() {
        return inventory;
    }

    /** Owner rules, inheritance along lineage, conflicts, bulk assignment and coverage. */
    public OwnershipService ownership() {
        return ownership;
    }

    /** Triage of findings: acceptances with an expiry, resolutions, suppressions. */
    public FindingsService findings() {
        return findings;
    }

    /** Probing one MCP server on the user's request (never automatically). */
    public McpProbeService probes() {
        return probes;
    }

    public SourceService sources() {
        return sources;
    }

    /** The MCP servers local discovery found, and approving one into its allowlist file. */
    public ShadowService shadow() {
        return shadow;
    }

    public LineageService lineage() {
        return lineage;
    }

    /** The workspace's credentials file (source secrets, the live receiver's token). */
    Credentials credentials() {
        return credentials;
    }

    /** The live OpenLineage endpoint, off until the user turns it on. */
    public LiveLineageService liveLineage() {
        return liveLineage;
    }

    /** Reviewer keys, the trust store and the approval policy. */
    /** The lineage explorer's facts, layouts and exports. */
    public LineageViewService lineageView() {
        return lineageView;
    }

    public TrustService trust() {
        return trust;
    }

    /** Signing, verifying and reviewing approvals. */
    public ApprovalService approvals() {
        return approvals;
    }

    /** The inventory, findings, approvals and audit log as CSV or JSON files. */
    public PolicyService policy() {
        return policy;
    }

    /** After every sync: the owner rules and inherited owners first, so that the risk model reads the owners they leave. */
    private void afterSync(java.util.List<dev.tightrope.domain.SyncRun> runs) {
        ownership.afterSync(runs);
        risk.afterSync(runs);
    }

    /** The risk model: scores with their reasons, and the dashboard. */
    public RiskService risk() {
        return risk;
    }

    public TableService tables() {
        return tables;
    }

    /** PDF reports of the estate and of models. */
    public ReportService reports() {
        return reports;
    }

    /** The compliance mapping applied to models: controls evidenced and gaps, per model and across the estate. */
    public ComplianceService compliance() {
        return compliance;
    }

    /** CycloneDX ML-BOMs of models. */
    public BomService bom() {
        return bom;
    }

    /** Evidence bundles of releases. */
    public EvidenceService evidence() {
        return evidence;
    }

    /**
     * Scans model files without keeping anything: for looking before deciding to add a folder as
     * a source. Nothing is loaded or executed.
     */
    public ScanService scanner() {
        return new ScanService(Runtime.getRuntime().availableProcessors());
    }

    /** The tamper-evident log of every action in this workspace. */
    public AuditService audit() {
        return audit;
    }

    /** Closes the workspace; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        liveLineage.stop();
        lineageView.close();
        try {
            audit.checkpointIfBehind();
        } finally {
            workspace.close();
        }
    }
}
