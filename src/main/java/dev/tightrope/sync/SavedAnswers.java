package dev.tightrope.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.RecordSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The offline modes' shared reading of one saved API answer: bounded, strict, a bad file one problem. */
public final class SavedAnswers {

    private SavedAnswers() {
    }

    /**
     * The JSON in {@code file}, or null after reporting, as a problem with the file, that it is too
     * large or not valid JSON. A file that cannot be read at all fails the source.
     */
    public static JsonNode read(UntrustedJson json, long maxBytes, Path file, RecordSink sink) throws ConnectorException {
        try {
            if (Files.size(file) > maxBytes) {
                sink.problem(new Problem(file.toString(), "larger than the " + maxBytes + " bytes allowed"));
                return null;
            }
            return json.read(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            sink.problem(new Problem(file.toString(), "not valid JSON: " + json.describe(e)));
            return null;
        } catch (IOException e) {
            throw new ConnectorException(file.toString(), "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code *.json} files of an export directory, in name order. A path that is not a
     * directory, cannot be listed or holds no such file fails the source: {@code notADirectory}
     * says what the directory should be, {@code expected} what files it should hold.
     */
    public static List<Path> jsonFiles(Path dir, String notADirectory, String expected) throws ConnectorException {
        if (!Files.isDirectory(dir)) {
            throw new ConnectorException(dir.toString(), Files.exists(dir) ? "not a directory: " + notADirectory
                    : "the directory does not exist (moved or unmounted?)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new ConnectorException(dir.toString(), "cannot list the directory: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new ConnectorException(dir.toString(), expected);
        }
        return files;
    }

    /** Maps one saved record; a record the mapper cannot read ({@link IllegalArgumentException}) is a problem and the rest go on. */
    public static boolean emit(Runnable mapping, String location, RecordSink sink) {
        try {
            mapping.run();
            return true;
        } catch (IllegalArgumentException bad) {
            sink.problem(new Problem(location, bad.getMessage()));
            return false;
        }
    }

    /** Takes one saved answer into an export; false when the file could not be used (it said why as a problem). */
    @FunctionalInterface
    public interface Taker {
        boolean take(Path file, JsonNode answer, RecordSink sink) throws ConnectorException;
    }

    /**
     * Reads every file with progress and cancelling, handing each answer to {@code taker}; true
     * when every file was read and taken (only then may the sync take what is missing as deleted).
     */
    public static boolean readAll(SyncContext context, List<Path> files, UntrustedJson json, long maxBytes, RecordSink sink, Taker taker)
            throws ConnectorException, InterruptedException {
        boolean complete = true;
        int read = 0;
        for (Path file : files) {
            context.checkCancelled();
            context.progress(read++, files.size(), "reading " + file.getFileName());
            JsonNode doc = read(json, maxBytes, file, sink);
            complete &= doc != null && taker.take(file, doc, sink);
        }
        return complete;
    }
}
