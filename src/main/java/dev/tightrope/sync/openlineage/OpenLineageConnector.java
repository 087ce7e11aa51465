package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import dev.tightrope.sync.openlineage.FileCursor.FileState;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Accepted;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Outcome;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Rejected;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Imports OpenLineage events from a file or a directory tree.
 *
 * <p>Files: {@code .ndjson} and {@code .jsonl} are read line by line (one event per line, so a bad
 * line is reported and the next one still read); {@code .json} files may hold one event, an array
 * of events, or NDJSON. A file given directly is read whatever its name. In a directory tree,
 * files are read in the order of their relative paths; hidden files and directories (name starting
 * with a dot) are left out, and symbolic links are reported and not followed.
 *
 * <p>Every malformed event is reported as a {@link Problem} at {@code <file>:<line>}; everything
 * else is imported. Sizes are bounded by {@link OpenLineageLimits}.
 *
 * <p>The first sync, or one the user asks to be full, reads everything and returns
 * {@link SyncResult#full}. Later syncs read only lines appended to NDJSON files and new files and
 * return {@link SyncResult#incremental}, merging the new events into the state the cursor carries.
 * A file that was removed, truncated or rewritten (its size shrank, it changed without growing, or
 * its first 4 KiB changed), a changed {@code .json} document, or a cursor without state forces a
 * full read again. A file that could not be read makes the run incremental, so nothing is marked
 * gone because of a transient error.
 */
public final class OpenLineageConnector implements Connector {

    private static final int HEAD_BYTES = 4096;
    private static final int CANCEL_CHECK_EVERY = 256;
    private static final long PROGRESS_EVERY_BYTES = 1 << 20;
    private static final int MAX_DIRECTORY_DEPTH = 32;

    private final Path path;
    private final OpenLineageLimits limits;

    public OpenLineageConnector(Path path) {
        this(path, OpenLineageLimits.DEFAULT);
    }

    public OpenLineageConnector(Path path, OpenLineageLimits limits) {
        this.path = Objects.requireNonNull(path, "path");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        Path root = path.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new ConnectorException(root.toString(), "no such file or directory");
        }
        if (!Files.isRegularFile(root) && !Files.isDirectory(root)) {
            throw new ConnectorException(root.toString(), "neither a regular file nor a directory");
        }
        return new Reading(root, context, sink).run();
    }

    /** A file to read, by absolute path and by its path relative to the root (its key in the cursor). */
    private record SourceFile(Path path, String relative) {
    }

    /** What to read of one file: from which byte and line, up to the size seen when planning. */
    private record Target(SourceFile file, long size, long mtime, long from, long linesBefore) {
    }

    /** One sync: plans, reads, emits and writes the new cursor. */
    private final class Reading {
        private final Path root;
        private final SyncContext context;
        private final RecordSink sink;
        private final OpenLineageJson lineJson = new OpenLineageJson(limits, limits.maxEventBytes());
        private final OpenLineageJson documentJson = new OpenLineageJson(limits, limits.maxDocumentBytes());
        private OpenLineageMapper mapper;
        private boolean full;
        private Consumer<Problem> problems;
        private boolean listedAll;
        private boolean complete = true;
        private long total;
        private long done;
        private long lastReported;
        private int sinceCancelCheck;

        Reading(Path root, SyncContext context, RecordSink sink) {
            this.root = root;
            this.context = context;
            this.sink = sink;
        }

        SyncResult run() throws ConnectorException, InterruptedException {
            problems = sink::problem;
            List<SourceFile> files = list();
            Map<String, Target> current = new HashMap<>();
            List<Target> all = new ArrayList<>();
            for (SourceFile file : files) {
                try {
                    Target t = new Target(file, Files.size(file.path()), Files.getLastModifiedTime(file.path()).toMillis(), 0, 0);
                    current.put(file.relative(), t);
                    all.add(t);
                } catch (IOException e) {
                    unreadable(file.path(), e);
                }
            }
            listedAll = complete;
            FileCursor previous = context.fullRequested() ? null : FileCursor.parse(context.cursor());
            List<Target> targets = new ArrayList<>();
            List<FileState> kept = new ArrayList<>();
            String fullReason = planIncremental(previous, current, all, targets, kept);
            OpenLineageMapper restored = null;
            if (fullReason == null) {
                try {
                    restored = OpenLineageMapper.restore(previous.carry());
                } catch (IllegalArgumentException e) {
                    fullReason = "the saved lineage state is unreadable";
                }
            }
            if (restored != null) {
                try {
                    return read(restored, false, targets, kept, "reading new OpenLineage events");
                } catch (FinishedRunContinued e) {
                    fullReason = e.getMessage();
                }
            }
            return read(new OpenLineageMapper(), true, all, List.of(), "reading all OpenLineage events: " + fullReason);
        }

        /**
         * Reads the targets into the mapper and emits. An incremental read holds its problems back
         * until it is sure it will not have to start again as a full read.
         */
        private SyncResult read(OpenLineageMapper into, boolean fullRead, List<Target> targets, List<FileState> kept, String message)
                throws InterruptedException {
            mapper = into;
            full = fullRead;
            List<Problem> held = new ArrayList<>();
            problems = full ? sink::problem : held::add;
            complete = listedAll;
            total = 0;
            done = 0;
            lastReported = 0;
            for (Target t : targets) {
                total += t.size() - t.from();
            }
            context.progress(0, total, message);
            List<FileState> states = new ArrayList<>(kept);
            for (Target t : targets) {
                context.checkCancelled();
                FileState state = read(t);
                if (state != null) {
                    states.add(state);
                }
            }
            held.forEach(sink::problem);
            context.progress(done, total, "mapping " + mapper.size() + " jobs, runs and datasets");
            context.checkCancelled();
            mapper.emit(sink, !full);
            states.sort(Comparator.comparing(FileState::path));
            String cursor = FileCursor.write(root.toString(), states, mapper.saveState(limits.maxCarryBytes()));
            return full && complete ? SyncResult.full(cursor) : SyncResult.incremental(cursor);
        }

        /**
         * Fills {@code targets} (what to read) and {@code kept} (unchanged files) for an incremental
         * read; returns why a full read is needed instead, or null.
         */
        private String planIncremental(FileCursor previous, Map<String, Target> current, List<Target> all,
                                       List<Target> targets, List<FileState> kept) {
            if (previous == null) {
                if (context.fullRequested()) {
                    return "a full read was requested";
                }
                return context.cursor() == null ? "first sync" : "the previous cursor is not one this version understands";
            }
            if (!previous.root().equals(root.toString())) {
                return "the source path changed";
            }
            if (previous.carry() == null) {
                return "the merged state was too large to keep in the cursor";
            }
            Map<String, FileState> before = new HashMap<>();
            for (FileState f : previous.files()) {
                before.put(f.path(), f);
                if (!current.containsKey(f.path())) {
                    return f.path() + " was removed";
                }
            }
            for (Target t : all) {
                FileState old = before.get(t.file().relative());
                if (old == null) {
                    targets.add(t);
                    continue;
                }
                if (t.size() < old.size()) {
                    return t.file().relative() + " was truncated";
                }
                if (t.size() == old.size() && t.mtime() == old.mtime()) {
                    kept.add(old);
                    continue;
                }
                if (old.document() || t.size() == old.size()) {
                    return t.file().relative() + " was rewritten";
                }
                try {
                    if (!headHash(t.file().path(), old.headLength()).equals(old.headHash())) {
                        return t.file().relative() + " was rewritten";
                    }
                } catch (IOException e) {
                    return t.file().relative() + " could not be checked (" + e.getMessage() + ")";
                }
                targets.add(new Target(t.file(), t.size(), t.mtime(), old.offset(), old.lines()));
            }
            return null;
        }

        private FileState read(Target t) throws InterruptedException {
            context.progress(done, total, "reading " + t.file().relative());
            try {
                boolean document = t.from() == 0 && isDocument(t);
                long limit = document ? limits.maxDocumentBytes() : limits.maxFileBytes();
                if (t.size() > limit) {
                    problems.accept(new Problem(t.file().path().toString(), "the file is " + t.size() + " bytes, over the limit of "
                            + limit + (document ? " for a .json document (NDJSON files may be larger)" : "") + "; it was not read"));
                    done += t.size() - t.from();
                    return null;
                }
                int headLength = (int) Math.min(HEAD_BYTES, t.size());
                String head = headHash(t.file().path(), headLength);
                return document ? readDocument(t, headLength, head) : readLines(t, headLength, head);
            } catch (IOException e) {
                unreadable(t.file().path(), e);
                return null;
            }
        }

        private FileState readLines(Target t, int headLength, String head) throws IOException, InterruptedException {
            try (FileChannel channel = FileChannel.open(t.file().path(), StandardOpenOption.READ)) {
                LineReader reader = new LineReader(channel, t.from(), t.size(), limits.maxEventBytes());
                long lines = t.linesBefore();
                long consumed = t.from();
                LineReader.Line line;
                while ((line = reader.next()) != null) {
                    String location = location(t.file(), lines + 1);
                    if (!line.terminated() && !line.blank() && !lastLineComplete(line, location)) {
                        break;
                    }
                    lines++;
                    consumed = line.end();
                    advance(line.end() - line.start());
                    if (line.tooLong()) {
                        problems.accept(new Problem(location, "the line is longer than " + limits.maxEventBytes() + " bytes; it was skipped"));
                    } else if (!line.blank()) {
                        handleLine(line, location);
                    }
                }
                return new FileState(t.file().relative(), t.size(), t.mtime(), consumed, lines, headLength, head, false);
            }
        }

        /**
         * A last line without a newline may still be being written. It is taken when it is complete
         * JSON; otherwise it is reported and left to be read again once the file grows.
         */
        private boolean lastLineComplete(LineReader.Line line, String location) {
            if (line.tooLong()) {
                problems.accept(new Problem(location, "the last line is longer than " + limits.maxEventBytes()
                        + " bytes and has no newline; it is read again when the file grows"));
                return false;
            }
            try {
                lineJson.parseOne(line.bytes(), line.offset(), line.length());
                return true;
            } catch (IOException e) {
                problems.accept(new Problem(location, "the last line has no newline and is not complete JSON; "
                        + "it is read again when the file grows"));
                return false;
            }
        }

        private void handleLine(LineReader.Line line, String location) throws InterruptedException {
            JsonNode node;
            try {
                node = lineJson.parseOne(line.bytes(), line.offset(), line.length());
            } catch (JsonProcessingException e) {
                problems.accept(new Problem(location, lineJson.describe(e)));
                return;
            } catch (IOException e) {
                problems.accept(new Problem(location, "unreadable line: " + e.getMessage()));
                return;
            }
            handle(node, location);
        }

        private FileState readDocument(Target t, int headLength, String head) throws IOException, InterruptedException {
            try (FileChannel channel = FileChannel.open(t.file().path(), StandardOpenOption.READ);
                 InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024)) {
                try {
                    documentJson.readDocument(in, (node, line) -> handle(node, location(t.file(), line)));
                } catch (JsonProcessingException e) {
                    int line = OpenLineageJson.line(e);
                    String where = line > 0 ? location(t.file(), line) : t.file().path().toString();
                    problems.accept(new Problem(where, documentJson.describe(e) + "; the rest of the file was not read"));
                }
            }
            advance(t.size());
            return new FileState(t.file().relative(), t.size(), t.mtime(), t.size(), 0, headLength, head, true);
        }

        private void handle(JsonNode node, String location) throws InterruptedException {
            Outcome outcome = OpenLineageEventParser.parse(node, location);
            if (outcome instanceof Rejected rejected) {
                problems.accept(new Problem(location, rejected.reason()));
            } else if (outcome instanceof Accepted accepted) {
                if (!full && mapper.continuesFinishedRun(accepted.event())) {
                    throw new FinishedRunContinued(location + " continues a run that had already finished");
                }
                for (String warning : accepted.warnings()) {
                    problems.accept(new Problem(location, warning));
                }
                mapper.accept(accepted.event(), problems);
            }
            if (++sinceCancelCheck >= CANCEL_CHECK_EVERY) {
                sinceCancelCheck = 0;
                context.checkCancelled();
            }
        }

        private void advance(long bytes) throws InterruptedException {
            done += bytes;
            if (done - lastReported >= PROGRESS_EVERY_BYTES) {
                lastReported = done;
                context.progress(done, total, "reading OpenLineage events");
                context.checkCancelled();
            }
        }

        /**
         * Whether a new file is one JSON document rather than NDJSON: {@code .ndjson}/{@code .jsonl}
         * never are; otherwise an array is, and so is an object that does not fit on its first line.
         */
        private boolean isDocument(Target t) throws IOException {
            String name = t.file().path().getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(t.file().path(), StandardOpenOption.READ)) {
                LineReader reader = new LineReader(channel, 0, t.size(), limits.maxEventBytes());
                LineReader.Line line;
                while ((line = reader.next()) != null) {
                    if (line.blank()) {
                        continue;
                    }
                    if (line.tooLong()) {
                        return true;
                    }
                    int i = line.offset();
                    while (Character.isWhitespace(line.bytes()[i])) {
                        i++;
                    }
                    byte first = line.bytes()[i];
                    if (first == '[') {
                        return true;
                    }
                    if (first != '{') {
                        return false;
                    }
                    try {
                        return !lineJson.parseOne(line.bytes(), line.offset(), line.length()).isObject();
                    } catch (IOException e) {
                        return true;
                    }
                }
                return false;
            }
        }

        private List<SourceFile> list() throws ConnectorException {
            if (Files.isRegularFile(root)) {
                return List.of(new SourceFile(root, root.getFileName().toString()));
            }
            List<SourceFile> files = new ArrayList<>();
            try {
                Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DIRECTORY_DEPTH,
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                                return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (hidden(file) || !accepted(file)) {
                                    return FileVisitResult.CONTINUE;
                                }
                                if (attrs.isSymbolicLink()) {
                                    problems.accept(new Problem(file.toString(), "a symbolic link; links are not followed, so it was not read"));
                                    return FileVisitResult.CONTINUE;
                                }
                                if (!attrs.isRegularFile()) {
                                    return FileVisitResult.CONTINUE;
                                }
                                if (files.size() >= limits.maxFiles()) {
                                    problems.accept(new Problem(root.toString(), "more than " + limits.maxFiles()
                                            + " event files; the rest were not read"));
                                    return FileVisitResult.TERMINATE;
                                }
                                String relative = root.relativize(file).toString().replace(File.separatorChar, '/');
                                files.add(new SourceFile(file, relative));
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                unreadable(file, e);
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                throw new ConnectorException(root.toString(), "cannot list the directory: " + e.getMessage(), e);
            }
            files.sort(Comparator.comparing(SourceFile::relative));
            return files;
        }

        private void unreadable(Path file, IOException e) {
            complete = false;
            problems.accept(new Problem(file.toString(), "cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }

        private String location(SourceFile file, long line) {
            return file.path() + ":" + line;
        }
    }

    /** An appended event needs what was forgotten about a finished run: the read starts again in full. */
    private static final class FinishedRunContinued extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FinishedRunContinued(String message) {
            super(message, null, false, false);
        }
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static boolean accepted(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json");
    }

    /** SHA-256 of the first {@code length} bytes: cheap evidence that a grown file was appended to, not rewritten. */
    private static String headHash(Path file, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) {
                    break;
                }
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(buffer.array(), 0, buffer.position());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
