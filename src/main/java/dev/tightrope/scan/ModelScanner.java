package dev.tightrope.scan;

import dev.tightrope.base.Threads;
import dev.tightrope.domain.ManifestOrder;
import dev.tightrope.domain.ModelManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;

/**
 * Scans model files and model directories without executing anything: detects each file's
 * format by content, walks its structure with the registered {@link FormatAnalyzer}s, and in the
 * same pass computes the file's SHA-256 (one sequential read with a large buffer; structure
 * checks use positioned reads of the metadata only). Files are scanned in parallel, each file on
 * one thread.
 *
 * <pre>{@code
 * ModelScanner scanner = ModelScanner.builder().threads(2).build();
 * ScanReport report = scanner.scan(List.of(modelDir), progress -> ..., task::isCancelled);
 * if (report.reaches(Verdict.DANGEROUS)) ...
 * }</pre>
 */
public final class ModelScanner {

    /** Root-level names the OpenSSF model signing manifest leaves out; the scan skips them too. */
    public static final Set<String> IGNORED_ROOT_NAMES = Set.of(".git", ".gitignore", ".gitattributes", ".github", "model.sig");

    private static final int HASH_BUFFER = 4 << 20;
    private static final ThreadLocal<byte[]> HASH_BUFFERS = ThreadLocal.withInitial(() -> new byte[HASH_BUFFER]);

    private final FormatRegistry registry;
    private final ScanLimits limits;
    private final int threads;

    private ModelScanner(Builder b) {
        this.registry = FormatRegistry.defaults();
        this.limits = b.limits;
        this.threads = b.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A scanner with the default registry, limits and one thread per core. */
    public static ModelScanner standard() {
        return builder().build();
    }


    /** Scans one regular file; a symlink is reported, not followed. */
    public FileScanResult scanFile(Path file) throws IOException {
        Path name = file.getFileName();
        return scanOne(file, name == null ? file.toString() : name.toString(), () -> false, bytes -> { });
    }

    /**
     * Scans one regular file under another name: the name its formats are judged by and its
     * findings are given under, e.g. a Hugging Face cache blob (named by its digest) as the
     * {@code model.safetensors} a snapshot links to. A symlink is reported, not followed.
     *
     * @throws ScanCancelledException when {@code cancelled} turns true
     */
    public FileScanResult scanFile(Path file, String name, BooleanSupplier cancelled) throws IOException {
        return scanOne(file, name, cancelled, bytes -> { });
    }

    /** Scans files and directories with no progress reporting and no cancellation. */
    public ScanReport scan(Path... paths) throws IOException {
        return scan(List.of(paths), ScanProgress.Listener.NONE, () -> false);
    }

    /**
     * Scans files and whole directories (model repositories). Directories are walked without
     * following symlinks, skipping {@link #IGNORED_ROOT_NAMES} at their root. The report has one
     * result per file, the roll-up verdict, and the model manifest when exactly one path was given.
     *
     * @throws ScanCancelledException when {@code cancelled} turns true
     * @throws IOException            when a given path cannot be listed (per-file read errors become findings)
     */
    public ScanReport scan(List<Path> paths, ScanProgress.Listener listener, BooleanSupplier cancelled) throws IOException {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancelled, "cancelled");
        List<Target> targets = new ArrayList<>();
        for (Path p : paths) {
            collect(p, targets);
        }
        long totalBytes = 0;
        for (Target t : targets) {
            totalBytes += t.size;
        }
        List<FileScanResult> results = runAll(targets, listener, cancelled, totalBytes);
        ModelManifest manifest = paths.size() == 1 ? manifestOf(paths.get(0), results) : null;
        return ScanReport.of(results, manifest);
    }

    private record Target(Path path, String name, long size) {
    }

    private void collect(Path root, List<Target> out) throws IOException {
        BasicFileAttributes rootAttrs = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!rootAttrs.isDirectory()) {
            Path fn = root.getFileName();
            out.add(new Target(root, fn == null ? root.toString() : fn.toString(), rootAttrs.isRegularFile() ? rootAttrs.size() : 0));
            return;
        }
        List<Target> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && dir.getParent().equals(root) && IGNORED_ROOT_NAMES.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getParent().equals(root) && IGNORED_ROOT_NAMES.contains(file.getFileName().toString())) {
                    return FileVisitResult.CONTINUE;
                }
                found.add(new Target(file, relativeName(root, file), attrs.isRegularFile() ? attrs.size() : 0));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                found.add(new Target(file, relativeName(root, file), 0));
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(Target::name, ManifestOrder.NAMES));
        out.addAll(found);
    }

    private static String relativeName(Path root, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private List<FileScanResult> runAll(List<Target> targets, ScanProgress.Listener listener, BooleanSupplier cancelled, long totalBytes)
            throws IOException {
        AtomicLong bytesDone = new AtomicLong();
        AtomicInteger filesDone = new AtomicInteger();
        int total = targets.size();
        listener.onProgress(new ScanProgress(0, total, 0, totalBytes, null));
        int workers = Math.max(1, Math.min(threads, total));
        if (workers == 1) {
            List<FileScanResult> results = new ArrayList<>(total);
            for (Target t : targets) {
                results.add(scanTracked(t, listener, cancelled, bytesDone, filesDone, total, totalBytes));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, Threads.daemon("tightrope-scan"));
        try {
            List<Future<FileScanResult>> futures = new ArrayList<>(total);
            for (Target t : targets) {
                futures.add(pool.submit(() -> scanTracked(t, listener, cancelled, bytesDone, filesDone, total, totalBytes)));
            }
            List<FileScanResult> results = new ArrayList<>(total);
            for (Future<FileScanResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScanCancelledException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private FileScanResult scanTracked(Target t, ScanProgress.Listener listener, BooleanSupplier cancelled,
            AtomicLong bytesDone, AtomicInteger filesDone, int total, long totalBytes) throws IOException {
        if (cancelled.getAsBoolean()) {
            throw new ScanCancelledException();
        }
        FileScanResult r = scanOne(t.path, t.name, cancelled, n -> {
            long done = bytesDone.addAndGet(n);
            listener.onProgress(new ScanProgress(filesDone.get(), total, done, totalBytes, t.path));
        });
        listener.onProgress(new ScanProgress(filesDone.incrementAndGet(), total, bytesDone.get(), totalBytes, t.path));
        return r;
    }

    private interface ByteProgress {
        void advanced(long bytes);
    }

    private FileScanResult scanOne(Path file, String name, BooleanSupplier cancelled, ByteProgress progress) throws IOException {
        long t0 = System.nanoTime();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return unreadable(file, name, 0, t0, "scan.read-error", "cannot read file attributes: " + e.getMessage());
        }
        if (attrs.isSymbolicLink()) {
            return unreadable(file, name, 0, t0, "file.symlink", "symbolic link not followed; its target is outside what was scanned");
        }
        if (!attrs.isRegularFile()) {
            return unreadable(file, name, 0, t0, "file.not-regular", "not a regular file; not scanned");
        }
        FileAnalysis analysis = new FileAnalysis(registry, limits, file.toAbsolutePath().getParent(), t0, cancelled);
        String sha256;
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            size = ch.size();
            analysis.analyzeFile(new FileInput(ch, file, name, size));
            sha256 = digest(ch, size, cancelled, progress, analysis);
        } catch (ScanCancelledException e) {
            throw e;
        } catch (IOException e) {
            return unreadable(file, name, attrs.size(), t0, "scan.read-error", "read failed: " + e.getMessage());
        }
        List<ScanFinding> findings = analysis.findings();
        return new FileScanResult(file, name, analysis.format(), FileScanResult.worstOf(findings), sha256, size, findings,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private static FileScanResult unreadable(Path file, String name, long size, long t0, String rule, String message) {
        List<ScanFinding> findings = List.of(new ScanFinding(rule, Verdict.SUSPICIOUS, message, file.toString(), "", -1));
        return new FileScanResult(file, name, ModelFormat.UNKNOWN, Verdict.SUSPICIOUS, null, size, findings,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** One sequential pass: SHA-256 of the whole file, plus the CRC-32s the analyzers deferred to it. */
    private static String digest(FileChannel ch, long size, BooleanSupplier cancelled, ByteProgress progress, FileAnalysis analysis)
            throws IOException {
        MessageDigest md = sha256();
        byte[] array = HASH_BUFFERS.get();
        ByteBuffer buf = ByteBuffer.wrap(array);
        List<FileAnalysis.CrcRange> ranges = new ArrayList<>(analysis.crcRanges());
        ranges.sort(Comparator.comparingLong(FileAnalysis.CrcRange::offset));
        List<FileAnalysis.CrcRange> active = new ArrayList<>();
        List<CRC32> activeCrcs = new ArrayList<>();
        int nextRange = 0;
        long pos = 0;
        while (pos < size) {
            if (cancelled.getAsBoolean()) {
                throw new ScanCancelledException();
            }
            buf.clear();
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("file shrank while scanning: ended at " + pos + " of " + size);
            }
            md.update(array, 0, n);
            long chunkEnd = pos + n;
            while (nextRange < ranges.size() && ranges.get(nextRange).offset() < chunkEnd) {
                active.add(ranges.get(nextRange++));
                activeCrcs.add(new CRC32());
            }
            for (int i = active.size() - 1; i >= 0; i--) {
                FileAnalysis.CrcRange r = active.get(i);
                long from = Math.max(pos, r.offset());
                long to = Math.min(chunkEnd, r.offset() + r.length());
                if (to > from) {
                    activeCrcs.get(i).update(array, (int) (from - pos), (int) (to - from));
                }
                if (r.offset() + r.length() <= chunkEnd) {
                    analysis.crcChecked(r, activeCrcs.get(i).getValue());
                    active.remove(i);
                    activeCrcs.remove(i);
                }
            }
            pos = chunkEnd;
            progress.advanced(n);
        }
        for (; nextRange < ranges.size(); nextRange++) {
            FileAnalysis.CrcRange r = ranges.get(nextRange);
            if (r.length() == 0) {
                analysis.crcChecked(r, 0);
            }
        }
        if (ch.size() != size) {
            throw new IOException("file changed size while scanning (" + size + " -> " + ch.size() + ")");
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static ModelManifest manifestOf(Path root, List<FileScanResult> results) {
        Path fn = root.toAbsolutePath().normalize().getFileName();
        String modelName = fn == null ? root.toString() : fn.toString();
        List<ModelManifest.Resource> resources = new ArrayList<>(results.size());
        for (FileScanResult r : results) {
            if (r.sha256() != null) {
                resources.add(new ModelManifest.Resource(r.name(), r.sha256()));
            }
        }
        return new ModelManifest(modelName, resources);
    }

    /** Configures a {@link ModelScanner}. */
    public static final class Builder {
        private ScanLimits limits = ScanLimits.defaults();
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        public Builder limits(ScanLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Files scanned in parallel; each file is read and hashed sequentially by one thread. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        public ModelScanner build() {
            return new ModelScanner(this);
        }
    }
}
