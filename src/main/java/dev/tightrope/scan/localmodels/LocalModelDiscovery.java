package dev.tightrope.scan.localmodels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Problem;
import dev.tightrope.scan.code.CodeScanner;
import dev.tightrope.scan.mcp.OsLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Finds the model files on one machine without reading their content: the models in the model
 * caches under the home ({@link #cacheFolders}) and the loose model files (by extension) in the
 * repository roots. Symbolic links are never followed out of where they belong: a Hugging Face
 * snapshot's links must point at its own {@code blobs} folder, every other link is reported and
 * left alone. What cannot be read (a corrupt Ollama manifest, a missing blob, a link out of the
 * cache) is a problem with the file and the reason, and the rest is still found.
 */
public final class LocalModelDiscovery {

    /** Extensions of loose model files the scanner has a format for (pickles by their usual names too). */
    static final Set<String> MODEL_EXTENSIONS = Set.of("pt", "pth", "bin", "ckpt", "pkl", "pickle", "joblib", "dill", "safetensors", "gguf",
            "ggml", "onnx", "h5", "hdf5", "keras", "npy", "npz", "pb", "tflite", "llamafile", "mar", "nemo");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REVISION = Pattern.compile("[0-9a-f]{40}");
    private static final String OLLAMA_REGISTRY = "registry.ollama.ai";
    private static final String OLLAMA_LAYER = "application/vnd.ollama.image.";
    /** Ollama layers that hold weights (GGUF); templates, parameters, system prompts and licences are short text. */
    private static final Set<String> OLLAMA_WEIGHTS = Set.of("model", "projector", "adapter");
    private static final int MAX_REF_BYTES = 256;

    private final LocalModelLimits limits;
    private final UntrustedJson manifestJson;

    public LocalModelDiscovery(LocalModelLimits limits) {
        this.limits = limits;
        this.manifestJson = UntrustedJson.withLimits(new JsonLimits(16, 64 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, limits.maxManifestBytes()));
    }

    /** A loose model file in a repository root. */
    public record LooseFile(Path root, ModelFile file) {
    }

    /** What was found, sorted so the same machine gives the same result. */
    public record Found(List<LocalModel> models, List<LooseFile> loose, List<Problem> problems) {
        public Found {
            models = List.copyOf(models);
            loose = List.copyOf(loose);
            problems = List.copyOf(problems);
        }
    }

    /** One cache folder of a layout. */
    public record CacheFolder(ModelCache cache, Path dir) {
    }

    /**
     * The model caches' default folders under {@code home}. Hugging Face ({@code ~/.cache/huggingface/hub},
     * on Windows {@code %USERPROFILE%\.cache\huggingface\hub}), Ollama ({@code ~/.ollama/models}) and LM Studio
     * ({@code ~/.lmstudio/models}, before 0.3 {@code ~/.cache/lm-studio/models}) put them at the same place under
     * the home on all three systems; moved caches ({@code HF_HOME}, {@code OLLAMA_MODELS}) are not seen.
     */
    public static List<CacheFolder> cacheFolders(OsLayout os, Path home) {
        return List.of(new CacheFolder(ModelCache.HUGGING_FACE, home.resolve(".cache").resolve("huggingface").resolve("hub")),
                new CacheFolder(ModelCache.OLLAMA, home.resolve(".ollama").resolve("models")),
                new CacheFolder(ModelCache.LM_STUDIO, home.resolve(".lmstudio").resolve("models")),
                new CacheFolder(ModelCache.LM_STUDIO, home.resolve(".cache").resolve("lm-studio").resolve("models")));
    }

    /** Finds the cached models under {@code home} in layout {@code os} and the loose model files under {@code roots}. */
    public Found discover(Path home, List<Path> roots, OsLayout os, BooleanSupplier cancelled) {
        Run run = new Run(cancelled);
        for (CacheFolder folder : cacheFolders(os, home.toAbsolutePath().normalize())) {
            if (!Files.isDirectory(folder.dir(), LinkOption.NOFOLLOW_LINKS) || cancelled.getAsBoolean()) {
                continue;
            }
            switch (folder.cache()) {
                case HUGGING_FACE -> run.huggingFace(folder.dir());
                case OLLAMA -> run.ollama(folder.dir());
                case LM_STUDIO -> run.lmStudio(folder.dir());
            }
        }
        for (Path root : roots) {
            Path base = root.toAbsolutePath().normalize();
            if (Files.isDirectory(base) && !cancelled.getAsBoolean()) {
                run.loose(base);
            }
        }
        run.models.sort(Comparator.comparing(LocalModel::identity).thenComparing(m -> m.dir().toString()));
        run.problems.sort(Comparator.comparing(Problem::location));
        return new Found(run.models, run.loose, run.problems);
    }

    private final class Run {
        final BooleanSupplier cancelled;
        final List<LocalModel> models = new ArrayList<>();
        final List<LooseFile> loose = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        Run(BooleanSupplier cancelled) {
            this.cancelled = cancelled;
        }

        void problem(Path where, String why) {
            problems.add(new Problem(where.toString(), why));
        }

        // ---- Hugging Face: <hub>/models--org--name/{refs/<ref>, snapshots/<commit>/<file> -> ../../blobs/<digest>}

        void huggingFace(Path hub) {
            for (Path repo : children(hub)) {
                String folder = repo.getFileName().toString();
                boolean dataset = folder.startsWith("datasets--");
                if (!dataset && !folder.startsWith("models--")) {
                    continue; // spaces--…, .locks, version.txt
                }
                if (!isDirectory(repo)) {
                    continue;
                }
                String id = folder.substring(folder.indexOf("--") + 2).replace("--", "/");
                Map<String, List<String>> refs = refs(repo.resolve("refs"));
                Path snapshots = repo.resolve("snapshots");
                for (Path snapshot : children(snapshots)) {
                    if (cancelled.getAsBoolean()) {
                        return;
                    }
                    if (!isDirectory(snapshot)) {
                        problem(snapshot, "not a snapshot folder (a link or a file), not followed");
                        continue;
                    }
                    String revision = snapshot.getFileName().toString();
                    List<ModelFile> files = new ArrayList<>();
                    walk(snapshot, file -> snapshotFile(repo, snapshot, file, files));
                    models.add(new LocalModel(ModelCache.HUGGING_FACE, id, revision, refs.getOrDefault(revision, List.of()), dataset, snapshot,
                            files));
                }
            }
        }

        /** Branches and tags by the commit they point at; {@code refs/pr/1} is {@code pr/1}. */
        Map<String, List<String>> refs(Path dir) {
            Map<String, List<String>> out = new TreeMap<>();
            if (!isDirectory(dir)) {
                return out;
            }
            walk(dir, file -> {
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    String commit = new String(BoundedRead.readAtMost(in, MAX_REF_BYTES), StandardCharsets.US_ASCII).strip();
                    if (REVISION.matcher(commit).matches()) {
                        out.computeIfAbsent(commit, c -> new ArrayList<>()).add(name(dir, file));
                    } else {
                        problem(file, "not a Hugging Face ref (a 40-digit commit)");
                    }
                } catch (IOException e) {
                    problem(file, "cannot be read: " + e.getMessage());
                }
            });
            out.values().forEach(l -> l.sort(null));
            return out;
        }

        void snapshotFile(Path repo, Path snapshot, Path file, List<ModelFile> files) {
            String name = name(snapshot, file);
            if (!Files.isSymbolicLink(file)) {
                files.add(new ModelFile(name, file, file, null)); // a cache without links (Windows without developer mode) copies
                return;
            }
            Path blobs = repo.resolve("blobs");
            Path target;
            try {
                target = file.getParent().resolve(Files.readSymbolicLink(file)).normalize();
            } catch (IOException e) {
                problem(file, "the link cannot be read: " + e.getMessage());
                return;
            }
            if (!blobs.equals(target.getParent())) {
                problem(file, "a link out of its model's blobs folder (to " + target + "), not followed");
                return;
            }
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                problem(file, "its blob " + target.getFileName() + " is missing or not a regular file");
                return;
            }
            String blob = target.getFileName().toString();
            // LFS files are named by their SHA-256; small git files by their git blob SHA-1, which the scan does not compute
            files.add(new ModelFile(name, file, target, SHA256.matcher(blob).matches() ? blob : null));
        }

        // ---- Ollama: <models>/manifests/<host>/<namespace>/<model>/<tag> (JSON) -> <models>/blobs/sha256-<hex>

        void ollama(Path store) {
            Path manifests = store.resolve("manifests");
            if (!isDirectory(manifests)) {
                return;
            }
            walk(manifests, file -> {
                Path rel = manifests.relativize(file);
                if (rel.getNameCount() != 4) {
                    return;
                }
                ollamaManifest(store, file, rel);
            });
        }

        void ollamaManifest(Path store, Path file, Path rel) {
            String host = rel.getName(0).toString();
            String namespace = rel.getName(1).toString();
            String model = rel.getName(2).toString();
            String tag = rel.getName(3).toString();
            String id = (host.equals(OLLAMA_REGISTRY) ? namespace.equals("library") ? "" : namespace + "/" : host + "/" + namespace + "/")
                    + model + ":" + tag;
            JsonNode manifest;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                manifest = manifestJson.read(BoundedRead.readAtMost(in, limits.maxManifestBytes()));
            } catch (BoundedRead.TooLargeException e) {
                problem(file, "not an Ollama manifest: larger than " + limits.maxManifestBytes() + " bytes");
                return;
            } catch (IOException e) {
                problem(file, "not an Ollama manifest: " + firstLine(e.getMessage()));
                return;
            }
            JsonNode layers = manifest.path("layers");
            if (!layers.isArray()) {
                problem(file, "not an Ollama manifest: no layers array");
                return;
            }
            List<ModelFile> files = new ArrayList<>();
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (JsonNode layer : layers) {
                String type = layer.path("mediaType").asText("");
                String kind = type.startsWith(OLLAMA_LAYER) ? type.substring(OLLAMA_LAYER.length()) : "";
                if (!OLLAMA_WEIGHTS.contains(kind)) {
                    continue;
                }
                String digest = layer.path("digest").asText("");
                String hex = digest.startsWith("sha256:") ? digest.substring(7) : "";
                if (!SHA256.matcher(hex).matches()) {
                    problem(file, "layer " + kind + " has no sha256 digest ('" + truncate(digest) + "'), not read");
                    continue;
                }
                Path blob = store.resolve("blobs").resolve("sha256-" + hex);
                if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)) {
                    problem(file, "layer " + kind + " " + digest + ": its blob is missing or not a regular file");
                    continue;
                }
                int n = seen.merge(kind, 1, Integer::sum);
                files.add(new ModelFile(n == 1 ? kind : kind + "-" + n, blob, blob, hex));
            }
            models.add(new LocalModel(ModelCache.OLLAMA, id, null, List.of(), false, file, files));
        }

        // ---- LM Studio: <models>/<publisher>/<repo>/<files>

        void lmStudio(Path dir) {
            for (Path publisher : children(dir)) {
                if (!isDirectory(publisher)) {
                    continue;
                }
                for (Path repo : children(publisher)) {
                    if (cancelled.getAsBoolean()) {
                        return;
                    }
                    if (!isDirectory(repo)) {
                        continue;
                    }
                    List<ModelFile> files = new ArrayList<>();
                    walk(repo, file -> {
                        if (Files.isSymbolicLink(file)) {
                            problem(file, "a symbolic link, not followed");
                        } else {
                            files.add(new ModelFile(name(repo, file), file, file, null));
                        }
                    });
                    models.add(new LocalModel(ModelCache.LM_STUDIO, publisher.getFileName() + "/" + repo.getFileName(), null, List.of(), false,
                            repo, files));
                }
            }
        }

        // ---- loose model files in a repository root

        void loose(Path root) {
            walk(root, file -> {
                if (!Files.isSymbolicLink(file) && MODEL_EXTENSIONS.contains(extension(file.getFileName().toString()))) {
                    loose.add(new LooseFile(root, new ModelFile(name(root, file), file, file, null)));
                }
            });
        }

        /** The entries of {@code dir} by name; a folder that cannot be listed is a problem. */
        List<Path> children(Path dir) {
            if (!isDirectory(dir)) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                entries.forEach(out::add);
            } catch (IOException e) {
                problem(dir, "cannot be listed: " + e.getMessage());
            }
            out.sort(Comparator.comparing(Path::toString));
            return out;
        }

        /**
         * Visits every file and link under {@code dir} in name order, not following links, skipping the folders a
         * repository scan skips, at most {@link LocalModelLimits#maxDepth} deep and {@link LocalModelLimits#maxFiles} in all.
         */
        void walk(Path dir, java.util.function.Consumer<Path> visit) {
            List<Path> found = new ArrayList<>();
            try {
                Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), limits.maxDepth(), new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        if (cancelled.getAsBoolean()) {
                            return FileVisitResult.TERMINATE;
                        }
                        return !d.equals(dir) && CodeScanner.isSkippedFolder(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isDirectory()) {
                            problem(file, "more than " + limits.maxDepth() + " folders deep, not read");
                            return FileVisitResult.CONTINUE;
                        }
                        if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (found.size() >= limits.maxFiles()) {
                            problem(dir, "more than " + limits.maxFiles() + " files: the rest were not read");
                            return FileVisitResult.TERMINATE;
                        }
                        found.add(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        problem(file, "cannot be read: " + e.getMessage());
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                problem(dir, "cannot be listed: " + e.getMessage());
            }
            found.sort(Comparator.comparing(Path::toString));
            found.forEach(visit);
        }

        boolean isDirectory(Path p) {
            return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static String name(Path base, Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String truncate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
