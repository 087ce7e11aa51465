package dev.tightrope.sync.localdiscovery;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ScanCancelledException;
import dev.tightrope.scan.localmodels.LocalModel;
import dev.tightrope.scan.localmodels.LocalModelReport;
import dev.tightrope.scan.localmodels.LocalModelScan;
import dev.tightrope.scan.mcp.OsLayout;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.modelfiles.ModelFileRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A machine's local models as records. Each cached model is a {@code model} asset (a Hugging Face
 * dataset a {@code dataset}), {@code tr:model:local-discovery:<its cache folder>} (a Hugging Face
 * snapshot folder, an Ollama manifest, an LM Studio repo folder), part of the machine, with the
 * name its hub knows it by in properties ({@code huggingface.repo} and {@code huggingface.revision},
 * {@code ollama.name}, {@code lmstudio.model}; {@code hub.urn} is the URN the Hugging Face source
 * gives the same model), so lineage can join it to a registry's model. Each distinct file (by its
 * SHA-256: a blob two snapshots share is one asset) is a model file,
 * {@code tr:model_artifact:local-discovery:<home>#sha256:<hex>}, part of each model holding it
 * (a loose file part of its repository), with the same properties and findings as any scanned
 * model file ({@link ModelFileRecords}); a file's findings are also on its model.
 */
final class LocalModelRecords {

    /** Paths listed per file asset; a blob in more places than this says how many more. */
    private static final int MAX_PATHS = 50;

    private LocalModelRecords() {
    }

    static Urn model(LocalModel m) {
        return Urn.of(m.dataset() ? AssetKind.DATASET : AssetKind.MODEL, LocalDiscoveryConnector.TYPE, m.dir().toString());
    }

    static Urn file(Path home, FileScanResult f) {
        return Urn.of(AssetKind.MODEL_ARTIFACT, LocalDiscoveryConnector.TYPE,
                f.sha256() == null ? f.path().toAbsolutePath().normalize().toString() : home + "#sha256:" + f.sha256());
    }

    /**
     * Scans the model caches under {@code home} and the model files in {@code roots}, and emits them under {@code machine}.
     *
     * @throws InterruptedException when the sync is cancelled
     */
    static void scanAndEmit(LocalModelScan scan, Path home, List<Path> roots, OsLayout os, Urn machine, SyncContext context, RecordSink sink,
            Consumer<Urn> owned) throws InterruptedException {
        context.progress(0, -1, "scanning the model caches under " + home + " and the model files in the repositories");
        LocalModelReport report;
        try {
            report = scan.scan(home, roots, os, () -> LocalDiscoveryConnector.cancelled(context));
        } catch (ScanCancelledException e) {
            throw new InterruptedException("cancelled");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled");
        }
        emit(report, home, machine, sink, owned);
    }

    /** Emits {@code report} under {@code machine}; {@code owned} claims the machine's owner for each asset. */
    static void emit(LocalModelReport report, Path home, Urn machine, RecordSink sink, Consumer<Urn> owned) {
        report.problems().forEach(sink::problem);
        Map<Urn, List<FileScanResult>> files = new LinkedHashMap<>();
        Map<Urn, List<Urn>> holders = new LinkedHashMap<>();
        for (LocalModelReport.ScannedModel m : report.models()) {
            Urn model = model(m.model());
            sink.asset(modelAsset(model, m).build());
            sink.edge(new Edge(machine, model, EdgeType.PART_OF));
            owned.accept(model);
            for (FileScanResult f : m.files()) {
                Urn file = file(home, f);
                files.computeIfAbsent(file, k -> new ArrayList<>()).add(f);
                holders.computeIfAbsent(file, k -> new ArrayList<>()).add(model);
                ModelFileRecords.findings(f, model, f.name(), sink);
            }
        }
        for (LocalModelReport.LooseModelFile l : report.loose()) {
            Urn file = file(home, l.file());
            files.computeIfAbsent(file, k -> new ArrayList<>()).add(l.file());
            holders.computeIfAbsent(file, k -> new ArrayList<>()).add(RepositoryRecords.repository(l.root()));
        }
        for (Map.Entry<Urn, List<FileScanResult>> e : files.entrySet()) {
            Urn file = e.getKey();
            List<FileScanResult> seen = e.getValue();
            FileScanResult first = seen.get(0);
            List<String> paths = seen.stream().map(f -> f.path().toString()).distinct().toList();
            sink.asset(ModelFileRecords.asset(file, Path.of(first.name()).getFileName().toString(), first)
                    .description(first.format().label() + " file on " + home.getFileName() + ", verdict " + Labels.of(first.verdict())
                            + (paths.size() == 1 ? "" : ", in " + paths.size() + " places"))
                    .property("paths", paths.size() == 1 ? null : String.join("\n", paths.subList(0, Math.min(MAX_PATHS, paths.size())))
                            + (paths.size() > MAX_PATHS ? "\n… " + (paths.size() - MAX_PATHS) + " more" : ""))
                    .build());
            owned.accept(file);
            holders.get(file).stream().distinct().forEach(holder -> sink.edge(new Edge(holder, file, EdgeType.PART_OF)));
            ModelFileRecords.findings(first, file, null, sink);
        }
    }

    private static Asset.Builder modelAsset(Urn urn, LocalModelReport.ScannedModel scanned) {
        LocalModel m = scanned.model();
        long size = scanned.files().stream().mapToLong(FileScanResult::size).sum();
        Asset.Builder a = Asset.builder(urn, m.id())
                .description((m.dataset() ? "Dataset " : "Model ") + m.id() + (m.revision() == null ? "" : " at " + m.revision())
                        + " in the " + m.cache().label() + " on this machine: " + scanned.files().size() + " files, verdict "
                        + Labels.of(scanned.verdict()))
                .property("cache", m.cache().token())
                .property("identity", m.identity())
                .property("path", m.dir())
                .property("verdict", scanned.verdict().name())
                .property("files", scanned.files().size())
                .property("size", size)
                .property("scanner", ModelFileRecords.DETECTOR)
                .sourceRef(m.dir().toString());
        switch (m.cache()) {
            case HUGGING_FACE -> a.property("huggingface.repo", m.id())
                    .property("huggingface.revision", m.revision())
                    .property("huggingface.refs", m.refs().isEmpty() ? null : String.join(", ", m.refs()))
                    .property("hub.urn", m.dataset() ? "tr:dataset:huggingface:huggingface.co/datasets/" + m.id()
                            : "tr:model:huggingface:huggingface.co/" + m.id())
                    .property("hub.version.urn", m.dataset() ? null : "tr:model_version:huggingface:huggingface.co/" + m.id() + "@" + m.revision());
            case OLLAMA -> a.property("ollama.name", m.id());
            case LM_STUDIO -> a.property("lmstudio.model", m.id());
        }
        return a;
    }
}
