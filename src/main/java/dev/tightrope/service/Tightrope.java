package dev.tightrope.service;

import dev.tightrope.store.AssetRepository;
import dev.tightrope.store.LineageRepository;
import dev.tightrope.store.OverviewRepository;
import dev.tightrope.store.SourceRepository;
import dev.tightrope.store.SqliteIngestStore;
import dev.tightrope.store.UserRecords;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.SyncEngine;
import java.nio.file.Path;

/** The services over one open workspace; the GUI and the CLI both start here. */
public final class Tightrope implements AutoCloseable {
    private final Workspace workspace;
    private final InventoryService inventory;
    private final SourceService sources;
    private final LineageService lineage;
    private final LiveLineageService liveLineage;

    private Tightrope(Workspace workspace, ConnectorRegistry registry) {
        this.workspace = workspace;
        var db = workspace.database();
        SyncEngine engine = new SyncEngine(new SqliteIngestStore(db), registry, new Credentials(workspace.credentialsFile()));
        AssetRepository assets = new AssetRepository(db);
        this.inventory = new InventoryService(assets, new UserRecords(db), new OverviewRepository(db, assets));
        this.sources = new SourceService(new SourceRepository(db), registry, engine);
        this.lineage = new LineageService(new LineageRepository(db));
        this.liveLineage = new LiveLineageService(this);
    }

    public static Tightrope open(Path workspaceDir) {
        return open(workspaceDir, standardConnectors());
    }

    /** Every connector this build ships: the sync layer's, plus the model-file scanner. */
    public static ConnectorRegistry standardConnectors() {
        return ConnectorRegistry.defaults().with(ModelFilesConnector.factory());
    }

    public static Tightrope open(Path workspaceDir, ConnectorRegistry registry) {
        return new Tightrope(Workspace.open(workspaceDir), registry);
    }

    public Workspace workspace() {
        return workspace;
    }

    public InventoryService inventory() {
        return inventory;
    }

    public SourceService sources() {
        return sources;
    }

    public LineageService lineage() {
        return lineage;
    }

    /** The live OpenLineage endpoint, off until the user turns it on. */
    public LiveLineageService liveLineage() {
        return liveLineage;
    }

    @Override
    public void close() {
        liveLineage.stop();
        workspace.close();
    }
}
