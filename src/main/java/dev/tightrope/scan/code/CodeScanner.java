package dev.tightrope.scan.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Reads one repository root: every dependency manifest for AI SDKs, every text file and notebook
 * for AI service keys. Symbolic links are not followed; version-control folders, installed
 * dependencies ({@code node_modules}, virtual environments, {@code site-packages}), caches, binary
 * files (a NUL byte in the first 8 KB) and files over the size limit are not read. A manifest or
 * notebook that cannot be parsed is reported with its reason and the scan goes on (a notebook is
 * then still searched as plain text).
 */
public final class CodeScanner {

    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
            ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".gradle", ".idea", "site-packages", ".ipynb_checkpoints");
    private static final Set<String> BINARY_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "ico", "pdf", "zip", "gz", "tgz", "bz2", "xz",
            "7z", "tar", "jar", "war", "class", "so", "dylib", "dll", "exe", "o", "a", "whl", "pyc", "bin", "gguf", "safetensors", "pt",
            "pth", "ckpt", "onnx", "tflite", "h5", "keras", "npy", "npz", "parquet", "woff", "woff2", "ttf", "mp4", "mp3", "wav");
    private static final Set<String> DOCUMENTATION = Set.of("md", "markdown", "rst", "adoc", "asciidoc");
    private static final int BINARY_PROBE = 8192;

    private final CodeScanLimits limits;
    private final Manifests manifests;
    private final Notebooks notebooks;

    public CodeScanner(CodeScanLimits limits) {
        this.limits = limits;
        this.manifests = new Manifests(limits.tree());
        this.notebooks = new Notebooks(limits.tree());
    }

    /** Scans {@code root}; stops early (with what it has) when {@code cancelled} says so. */
    public RepositoryScan scan(Path root, BooleanSupplier cancelled) {
        Path base = root.toAbsolutePath().normalize();
        Run run = new Run(base, cancelled);
        if (!Files.isDirectory(base)) {
            run.skipped.add(new RepositoryScan.Skipped(base.toString(), "the repository root is not a directory"));
        } else {
            try {
                Files.walkFileTree(base, run);
            } catch (IOException e) {
                run.skipped.add(new RepositoryScan.Skipped(base.toString(), "cannot be listed: " + e.getMessage()));
            }
        }
        // folders list in no fixed order: sort, so the same tree gives the same records
        run.dependencies.sort(Comparator.comparing(RepositoryScan.AiDependency::manifest).thenComparingInt(RepositoryScan.AiDependency::line));
        run.secrets.sort(Comparator.comparing(RepositoryScan.CodeSecret::file).thenComparingInt(RepositoryScan.CodeSecret::cell)
                .thenComparing(RepositoryScan.CodeSecret::output).thenComparingInt(s -> s.hit().line()));
        run.skipped.sort(Comparator.comparing(RepositoryScan.Skipped::location));
        return new RepositoryScan(base, List.copyOf(run.dependencies), List.copyOf(run.secrets), List.copyOf(run.skipped),
                run.mcpName, run.read, run.binary, run.large);
    }

    private final class Run extends SimpleFileVisitor<Path> {
        final Path base;
        final BooleanSupplier cancelled;
        final List<RepositoryScan.AiDependency> dependencies = new ArrayList<>();
        final List<RepositoryScan.CodeSecret> secrets = new ArrayList<>();
        final List<RepositoryScan.Skipped> skipped = new ArrayList<>();
        boolean mcpName;
        int seen;
        int read;
        int binary;
        int large;

        Run(Path base, BooleanSupplier cancelled) {
            this.base = base;
            this.cancelled = cancelled;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (cancelled.getAsBoolean()) {
                return FileVisitResult.TERMINATE;
            }
            if (!dir.equals(base) && isSkippedFolder(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
            }
            if (++seen > limits.maxFiles()) {
                skipped.add(new RepositoryScan.Skipped(base.toString(), "more than " + limits.maxFiles() + " files: the rest were not scanned"));
                return FileVisitResult.TERMINATE;
            }
            String name = file.getFileName().toString();
            String ext = extension(name);
            if (BINARY_EXTENSIONS.contains(ext)) {
                binary++;
                return FileVisitResult.CONTINUE;
            }
            if (attrs.size() > limits.maxFileBytes()) {
                large++;
                return FileVisitResult.CONTINUE;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                skipped.add(new RepositoryScan.Skipped(relative(file), "cannot be read: " + e.getMessage()));
                return FileVisitResult.CONTINUE;
            }
            if (isBinary(bytes)) {
                binary++;
                return FileVisitResult.CONTINUE;
            }
            read++;
            String text = new String(bytes, StandardCharsets.UTF_8);
            String rel = relative(file);
            if (Manifests.isManifest(name)) {
                manifest(rel, name, text);
            }
            if (ext.equals("ipynb")) {
                notebook(rel, bytes, text);
            } else {
                for (KeyHit hit : CodeSecrets.find(text, DOCUMENTATION.contains(ext))) {
                    secrets.add(new RepositoryScan.CodeSecret(hit, rel, -1, false));
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            skipped.add(new RepositoryScan.Skipped(relative(file), "cannot be read: " + e.getMessage()));
            return FileVisitResult.CONTINUE;
        }

        private void manifest(String rel, String name, String text) {
            try {
                Manifests.Read r = manifests.read(name, text);
                mcpName |= r.declaresMcpName();
                r.warnings().forEach(w -> skipped.add(new RepositoryScan.Skipped(rel, w)));
                for (Declared d : r.dependencies()) {
                    if (AiPackages.isAiSdk(d.ecosystem(), d.name())) {
                        dependencies.add(new RepositoryScan.AiDependency(d.ecosystem(), AiPackages.normalised(d.ecosystem(), d.name()), d.version(),
                                rel, d.line(), AiPackages.isMcpSdk(d.ecosystem(), d.name())));
                    }
                }
            } catch (Manifests.Rejected e) {
                skipped.add(new RepositoryScan.Skipped(rel, e.getMessage()));
            }
        }

        private void notebook(String rel, byte[] bytes, String text) {
            List<Notebooks.Part> parts;
            try {
                parts = notebooks.parts(bytes);
            } catch (Manifests.Rejected e) {
                skipped.add(new RepositoryScan.Skipped(rel, "not read as a notebook (" + e.getMessage() + "); searched as plain text"));
                for (KeyHit hit : CodeSecrets.find(text, false)) {
                    secrets.add(new RepositoryScan.CodeSecret(hit, rel, -1, false));
                }
                return;
            }
            for (Notebooks.Part p : parts) {
                for (KeyHit hit : CodeSecrets.find(p.text(), false)) {
                    secrets.add(new RepositoryScan.CodeSecret(hit, rel, p.cell(), p.isOutput()));
                }
            }
        }

        private String relative(Path file) {
            return base.relativize(file).toString().replace('\\', '/');
        }
    }

    /** Version control, installed dependencies (node_modules, virtual environments, site-packages) and tool caches: not a repository's own files. */
    public static boolean isSkippedFolder(Path dir) {
        return SKIPPED_FOLDERS.contains(dir.getFileName().toString()) || Files.exists(dir.resolve("pyvenv.cfg"));
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0, n = Math.min(bytes.length, BINARY_PROBE); i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
