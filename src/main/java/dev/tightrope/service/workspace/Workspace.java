package dev.tightrope.service.workspace;

import dev.tightrope.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One workspace: the SQLite cache plus its configuration (keys, trust store, policies, UI
 * preferences, credentials) in one directory.
 */
public final class Workspace implements AutoCloseable {

    private final Path root;
    private final Database db;

    private Workspace(Path root, Database db) {
        this.root = root;
        this.db = db;
    }

    /** The cache's file name in a workspace directory. */
    public static final String CACHE_FILE = "cache.db";

    /** Opens (creating if needed) the workspace at {@code root}. */
    public static Workspace open(Path root) {
        Path dir = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot create the workspace directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new WorkspaceException("The workspace " + dir + " is not a writable directory.");
        }
        return new Workspace(dir, Database.open(dir.resolve(CACHE_FILE)));
    }

    public Path root() {
        return root;
    }

    public Database database() {
        return db;
    }

    public Path keysDirectory() {
        return root.resolve("keys");
    }

    public Path trustStoreFile() {
        return root.resolve("trust").resolve("reviewers.json");
    }

    public Path policiesDirectory() {
        return root.resolve("policies");
    }

    public Path credentialsFile() {
        return root.resolve("credentials.properties");
    }

    public Path uiPreferencesFile() {
        return root.resolve("ui.properties");
    }

    /** Where the results of MCP server probes are kept, one JSON file per server. */
    public Path probesDirectory() {
        return root.resolve("probes");
    }

    /** Where the demo's sample files are unpacked. */
    public Path demoDataDirectory() {
        return root.resolve("demo-data");
    }

    @Override
    public void close() {
        db.close();
    }
}
