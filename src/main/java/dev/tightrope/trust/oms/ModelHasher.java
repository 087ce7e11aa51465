package dev.tightrope.trust.oms;

import dev.tightrope.base.Threads;
import dev.tightrope.domain.ManifestOrder;
import dev.tightrope.domain.ModelManifest;
import dev.tightrope.trust.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hashes a model directory into its OpenSSF model signing v1.0 manifest. Files (or shards) are
 * hashed in parallel on a fixed pool, each read sequentially through a 1 MiB buffer; SHA-256 of
 * one stream is inherently sequential, so the speed-up comes from many files or shards at once.
 * Resources are in {@link ManifestOrder} (as {@code model_signing} orders them), which the
 * scanner uses too, so that both compute the same root digest.
 */
public final class ModelHasher {

    static final int BUFFER_SIZE = 1 << 20;

    private final int threads;

    public ModelHasher() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public ModelHasher(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
    }

    /** A file or a byte range of one, to be hashed under {@code name}. */
    record Piece(String name, Path file, long start, long end) {
    }

    /**
     * Hashes {@code model}: a directory, or a single file whose one resource is named {@code .}
     * (as {@code model_signing} names it). A signature file inside the model must be among the
     * serialization's ignore paths ({@link OmsSerialization#files()} ignores {@code model.sig}).
     */
    public ModelManifest hash(Path model, OmsSerialization serialization) {
        List<Piece> pieces = plan(model, serialization);
        List<ModelManifest.Resource> resources = hashAll(pieces);
        return new ModelManifest(modelName(model), resources);
    }

    static String modelName(Path model) {
        Path name = model.toAbsolutePath().normalize().getFileName();
        return name == null ? "model" : name.toString();
    }

    /** The pieces to hash, in manifest order. */
    List<Piece> plan(Path model, OmsSerialization serialization) {
        List<Piece> files = new ArrayList<>();
        if (Files.isSymbolicLink(model) && !serialization.allowSymlinks()) {
            throw new ModelHashingException(model + " is a symbolic link; symbolic links are not allowed (allow_symlinks is false)");
        }
        if (Files.isRegularFile(model)) {
            files.add(new Piece(".", model, 0, size(model)));
        } else if (Files.isDirectory(model)) {
            walk(model, serialization, files);
        } else {
            throw new ModelHashingException(model + " is neither a file nor a directory");
        }
        if (files.isEmpty()) {
            throw new ModelHashingException(model + " has no files to sign");
        }
        List<Piece> pieces = new ArrayList<>();
        for (Piece f : files) {
            if (serialization.method() == OmsSerialization.Method.FILES) {
                pieces.add(f);
            } else {
                for (long start = 0; start < f.end(); start += serialization.shardSize()) {
                    long end = Math.min(f.end(), start + serialization.shardSize());
                    pieces.add(new Piece(f.name() + ":" + start + ":" + end, f.file(), start, end));
                }
            }
        }
        pieces.sort(Comparator.comparing(Piece::name, ManifestOrder.NAMES));
        return pieces;
    }

    private static void walk(Path root, OmsSerialization serialization, List<Piece> out) {
        List<String> ignored = serialization.effectiveIgnorePaths();
        try {
            Files.walkFileTree(root, new FileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && ignored.contains(relative(root, dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = relative(root, file);
                    if (ignored.contains(name)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        if (!serialization.allowSymlinks()) {
                            throw new ModelHashingException(name + " is a symbolic link; symbolic links are not allowed (allow_symlinks is false)");
                        }
                        if (!Files.isRegularFile(file)) {
                            throw new ModelHashingException(name + " is a symbolic link to something other than a regular file");
                        }
                        out.add(new Piece(name, file, 0, Files.size(file)));
                    } else if (attrs.isRegularFile()) {
                        out.add(new Piece(name, file, 0, attrs.size()));
                    } else {
                        throw new ModelHashingException(name + " is not a regular file (device, socket or pipe)");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    throw new ModelHashingException("cannot read " + file + ": " + e.getMessage(), e);
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        throw new ModelHashingException("cannot list " + dir + ": " + e.getMessage(), e);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ModelHashingException("cannot walk " + root + ": " + e.getMessage(), e);
        }
    }

    private static String relative(Path root, Path p) {
        String name = root.relativize(p).toString();
        return p.getFileSystem().getSeparator().equals("/") ? name : name.replace(p.getFileSystem().getSeparator(), "/");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ModelHashingException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private List<ModelManifest.Resource> hashAll(List<Piece> pieces) {
        int poolSize = Math.min(threads, pieces.size());
        if (poolSize <= 1) {
            List<ModelManifest.Resource> out = new ArrayList<>(pieces.size());
            for (Piece p : pieces) {
                out.add(new ModelManifest.Resource(p.name(), hashPiece(p)));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, Threads.daemon("model-hasher"));
        try {
            // Largest pieces first, so one big file started last does not leave a core idle.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingLong((Integer i) -> pieces.get(i).end() - pieces.get(i).start()).reversed());
            List<Future<String>> futures = new ArrayList<>(pieces.size());
            for (int i = 0; i < pieces.size(); i++) {
                futures.add(null);
            }
            for (int i : order) {
                Piece p = pieces.get(i);
                futures.set(i, pool.submit(() -> hashPiece(p)));
            }
            List<ModelManifest.Resource> out = new ArrayList<>(pieces.size());
            for (int i = 0; i < pieces.size(); i++) {
                out.add(new ModelManifest.Resource(pieces.get(i).name(), futures.get(i).get()));
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ModelHashingException m) {
                throw m;
            }
            throw new ModelHashingException("hashing failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelHashingException("hashing was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    static String hashPiece(Piece p) {
        MessageDigest md = Sha256.newDigest();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER_SIZE, Math.max(1, p.end() - p.start())));
        try (FileChannel ch = FileChannel.open(p.file(), StandardOpenOption.READ)) {
            long pos = p.start();
            while (pos < p.end()) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), p.end() - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new ModelHashingException(p.name() + " changed while it was hashed (shorter than " + p.end() + " bytes)");
                }
                md.update(buf.array(), 0, n);
                pos += n;
            }
        } catch (IOException e) {
            throw new ModelHashingException("cannot read " + p.name() + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
