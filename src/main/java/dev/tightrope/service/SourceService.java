package dev.tightrope.service;

import dev.tightrope.domain.ConnectionCheck;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SourceType;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.store.SourceRepository;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.SyncEngine;
import dev.tightrope.domain.port.SyncListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Configured sources and syncing them. */
public final class SourceService {
    private final SourceRepository sources;
    private final ConnectorRegistry registry;
    private final SyncEngine engine;
    /** What follows every sync, after its audit record: the owner rules, inherited owners, then the risk model's refresh. */
    private final java.util.function.Consumer<List<SyncRun>> afterSync;
    private final AuditService audit;

    SourceService(SourceRepository sources, ConnectorRegistry registry, SyncEngine engine, AuditService audit,
                  java.util.function.Consumer<List<SyncRun>> afterSync) {
        this.sources = sources;
        this.registry = registry;
        this.engine = engine;
        this.audit = audit;
        this.afterSync = afterSync;
    }

    public List<SourceType> types() {
        return registry.all().stream()
                .map(f -> new SourceType(f.type(), f.description(), f.settings().stream()
                        .map(s -> new SourceType.Setting(s.key(), s.description(), s.required(), s.secret())).toList()))
                .toList();
    }

    /** Adds a source after its connector accepts the settings. */
    public void add(SourceConfig source) {
        requireAccepted(source);
        sources.add(source);
        Map<String, String> details = new TreeMap<>();
        details.put("type", source.type());
        source.settings().forEach((k, v) -> details.put("setting." + k, v));
        audit.record("source.add", source.name(), details);
    }

    /**
     * Changes the settings of a saved source, checked as {@link #add} checks them; its name and
     * type stay, and so do its history and assets until the next sync reads with the new settings.
     * Returns the keys that changed (none: nothing is written or recorded).
     */
    public List<String> update(SourceConfig source) {
        SourceConfig before = sources.find(source.name()).orElseThrow(
                () -> new IllegalArgumentException("there is no source named '" + source.name() + "'"));
        if (!before.type().equals(source.type())) {
            throw new IllegalArgumentException("the source '" + source.name() + "' is of type " + before.type()
                    + "; its type cannot change to " + source.type() + " (add a new source instead)");
        }
        requireAccepted(source);
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(before.settings().keySet());
        keys.addAll(source.settings().keySet());
        List<String> changed = keys.stream()
                .filter(k -> !java.util.Objects.equals(before.setting(k), source.setting(k))).toList();
        if (changed.isEmpty()) {
            return changed;
        }
        sources.update(source);
        Map<String, String> details = new TreeMap<>();
        details.put("type", source.type());
        details.put("changed", String.join(",", changed));
        // settings are never secrets (a secret setting names its environment variable), so their values may be recorded
        for (String k : changed) {
            details.put("setting." + k, source.setting(k) == null ? "" : source.setting(k));
        }
        audit.record("source.update", source.name(), details);
        return changed;
    }

    /** Throws IllegalArgumentException saying what is wrong unless {@code source}'s connector accepts its settings. */
    private void requireAccepted(SourceConfig source) {
        ConnectorFactory factory = registry.factory(source.type());
        for (ConnectorFactory.SettingSpec spec : factory.settings()) {
            if (spec.required() && (source.setting(spec.key()) == null || source.setting(spec.key()).isBlank())) {
                throw new IllegalArgumentException("a " + source.type() + " source needs --" + spec.key()
                        + " (" + spec.description() + ")");
            }
        }
        for (String key : source.settings().keySet()) {
            if (factory.settings().stream().noneMatch(s -> s.key().equals(key))) {
                throw new IllegalArgumentException("a " + source.type() + " source has no setting '" + key + "'");
            }
        }
        factory.create(source);
    }

    public boolean remove(String name) {
        Optional<SourceConfig> config = sources.find(name);
        boolean removed = sources.remove(name);
        if (removed) {
            audit.record("source.remove", name, Map.of("type", config.map(SourceConfig::type).orElse("")));
        }
        return removed;
    }

    public List<SourceStatus> list() {
        return sources.list();
    }

    public Optional<SourceConfig> find(String name) {
        return sources.find(name);
    }

    public List<SyncRun> runs(String source, int limit) {
        return sources.runs(source, limit);
    }

    public List<Problem> problems(long runId, int limit) {
        return sources.problems(runId, limit);
    }

    /**
     * The model-files sources whose folder is {@code path}, contains it or lies inside it: adding
     * another would have two sources report the same files.
     */
    public List<String> modelFilesSourcesOverlapping(java.nio.file.Path path) {
        java.nio.file.Path wanted = path.toAbsolutePath().normalize();
        List<String> out = new ArrayList<>();
        for (SourceStatus s : sources.list()) {
            String p = s.config().setting("path");
            if (s.config().type().equals("model-files") && p != null) {
                java.nio.file.Path theirs = java.nio.file.Path.of(p).toAbsolutePath().normalize();
                if (wanted.startsWith(theirs) || theirs.startsWith(wanted)) {
                    out.add(s.config().name());
                }
            }
        }
        return out;
    }

    /**
     * The model-files source that scans {@code path}: an existing one, or a new one named after
     * the folder. Returns its name; sync it to scan.
     */
    public String ensureModelFilesSource(java.nio.file.Path path) {
        String wanted = path.toAbsolutePath().normalize().toString();
        for (SourceStatus s : sources.list()) {
            if (s.config().type().equals("model-files") && wanted.equals(s.config().setting("path"))) {
                return s.config().name();
            }
        }
        String base = "scan-" + path.toAbsolutePath().normalize().getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "-");
        if (base.length() > 56) {
            base = base.substring(0, 56);
        }
        String name = base;
        for (int i = 2; sources.find(name).isPresent(); i++) {
            name = base + "-" + i;
        }
        add(new SourceConfig(name, "model-files", java.util.Map.of("path", wanted)));
        return name;
    }

    /**
     * Test connection for a source as configured, saved or not (the Add dialog tests before it
     * saves): one cheap call to it, nothing imported, nothing written.
     */
    public ConnectionCheck check(SourceConfig source, Cancellation cancel) {
        return engine.check(source, cancel);
    }

    /** Test connection for the saved source {@code name}. */
    public ConnectionCheck check(String name, Cancellation cancel) {
        return engine.check(sources.find(name).orElseThrow(
                () -> new IllegalArgumentException("there is no source named '" + name + "'")), cancel);
    }

    /** Syncs one source by name, or all sources when {@code name} is null. */
    public List<SyncRun> sync(String name, boolean full, SyncListener listener, Cancellation cancel) {
        List<SourceConfig> targets = new ArrayList<>();
        if (name == null) {
            for (SourceStatus s : sources.list()) {
                targets.add(s.config());
            }
        } else {
            targets.add(sources.find(name).orElseThrow(
                    () -> new IllegalArgumentException("there is no source named '" + name + "'")));
        }
        List<SyncRun> runs = engine.syncAll(targets, full, listener, cancel);
        for (SyncRun run : runs) {
            Map<String, String> details = new TreeMap<>();
            details.put("run", String.valueOf(run.id()));
            details.put("mode", Labels.token(run.mode()));
            details.put("status", Labels.token(run.status()));
            details.put("assetsSeen", String.valueOf(run.assetsSeen()));
            details.put("assetsAdded", String.valueOf(run.assetsAdded()));
            details.put("assetsGone", String.valueOf(run.assetsGone()));
            details.put("edgesSeen", String.valueOf(run.edgesSeen()));
            details.put("problems", String.valueOf(run.problems()));
            if (run.message() != null) {
                details.put("message", run.message());
            }
            audit.record("sync.run", run.source(), details);
        }
        // last, so that the dashboard's figures it reads are not outdated by the audit entries
        afterSync.accept(runs);
        return runs;
    }
}
