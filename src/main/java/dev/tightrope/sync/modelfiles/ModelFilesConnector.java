package dev.tightrope.sync.modelfiles;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.ScanCancelledException;
import dev.tightrope.scan.ScanReport;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of model files on this machine (a hub mirror, a model store, a checkout), scanned
 * without executing anything. Each immediate subdirectory is one model: it becomes a model
 * artifact whose digest is its OpenSSF model-signing root digest, so a model version that
 * records the same digest (and any approval of it) lines up with the scan. Each file becomes an
 * artifact with its SHA-256; findings land on the file and on its model. Loose files beside the
 * model directories become artifacts when they are a model format or the scan flags them (notes
 * such as a README are skipped).
 */
public final class ModelFilesConnector implements Connector {

    static final String TYPE = "model-files";
    static final String DETECTOR = ModelFileRecords.DETECTOR;

    private final Path root;
    private final ModelScanner scanner;

    ModelFilesConnector(Path root, ModelScanner scanner) {
        this.root = root.toAbsolutePath().normalize();
        this.scanner = scanner;
    }

    public static ConnectorFactory factory() {
        return new ConnectorFactory() {
            @Override
            public String type() {
                return TYPE;
            }

            @Override
            public String description() {
                return "model files in a local directory, scanned for malicious content without executing them";
            }

            @Override
            public List<SettingSpec> settings() {
                return List.of(new SettingSpec("path", "directory (or single file) of model files", true, false));
            }

            @Override
            public Connector create(SourceConfig config) {
                return new ModelFilesConnector(Path.of(config.requireSetting("path")), ModelScanner.standard());
            }
        };
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        if (!Files.exists(root)) {
            throw new ConnectorException(root.toString(), "the directory does not exist (moved or unmounted?)");
        }
        List<Path> models = new ArrayList<>();
        List<Path> loose = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> children = Files.list(root)) {
                for (Path p : children.sorted().toList()) {
                    if (ModelScanner.IGNORED_ROOT_NAMES.contains(p.getFileName().toString())) {
                        continue;
                    }
                    (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? models : loose).add(p);
                }
            } catch (IOException e) {
                throw new ConnectorException(root.toString(), "cannot list the directory: " + e.getMessage(), e);
            }
        } else {
            loose.add(root);
        }
        int total = models.size() + (loose.isEmpty() ? 0 : 1);
        int done = 0;
        for (Path model : models) {
            context.checkCancelled();
            context.progress(done++, total, "scanning " + model.getFileName());
            ScanReport report = scan(List.of(model), context);
            emitModel(model, report, sink);
        }
        if (!loose.isEmpty()) {
            context.progress(done, total, "scanning files in " + root.getFileName());
            ScanReport report = scan(loose, context);
            for (FileScanResult f : report.files()) {
                // loose notes beside the models (a README) are not artifacts; anything that is a model
                // format, or that the scan has something to say about, is
                if (f.isModelOrFlagged()) {
                    emitFile(f, relative(f.path()), null, sink);
                }
            }
        }
        context.progress(total, total, "scanned " + total + (total == 1 ? " model" : " models"));
        return SyncResult.full(null);
    }

    private ScanReport scan(List<Path> paths, SyncContext context) throws ConnectorException, InterruptedException {
        try {
            return scanner.scan(paths, p -> { }, () -> {
                try {
                    context.checkCancelled();
                    return false;
                } catch (InterruptedException e) {
                    return true;
                }
            });
        } catch (ScanCancelledException e) {
            throw new InterruptedException("cancelled");
        } catch (IOException e) {
            throw new ConnectorException(paths.get(0).toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    private void emitModel(Path dir, ScanReport report, RecordSink sink) {
        Urn urn = Urn.of(AssetKind.MODEL_ARTIFACT, TYPE, dir.toString());
        Asset.Builder model = Asset.builder(urn, dir.getFileName().toString())
                .description("Model directory scanned by Tightrope: " + report.files().size() + " files, verdict "
                        + Labels.of(report.verdict()))
                .property("path", dir.toString())
                .property("verdict", report.verdict().name())
                .property("files", report.files().size())
                .property("size", report.files().stream().mapToLong(FileScanResult::size).sum())
                .property("scanner", DETECTOR)
                .sourceRef(dir.toString());
        report.modelManifest().ifPresent(m -> {
            Digest root = m.rootDigest();
            model.digest(root).property("oms.rootDigest", root.toString());
        });
        sink.asset(model.build());
        for (FileScanResult f : report.files()) {
            Urn file = emitFile(f, relative(f.path()), urn, sink);
            sink.edge(new Edge(urn, file, EdgeType.PART_OF));
        }
    }

    private Urn emitFile(FileScanResult f, String name, Urn model, RecordSink sink) {
        Urn urn = Urn.of(AssetKind.MODEL_ARTIFACT, TYPE, f.path().toAbsolutePath().normalize().toString());
        sink.asset(ModelFileRecords.asset(urn, name, f).build());
        ModelFileRecords.findings(f, urn, null, sink);
        if (model != null) {
            ModelFileRecords.findings(f, model, name, sink);
        }
        return urn;
    }

    private String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) && !abs.equals(root) ? root.relativize(abs).toString().replace('\\', '/') : abs.getFileName().toString();
    }
}
