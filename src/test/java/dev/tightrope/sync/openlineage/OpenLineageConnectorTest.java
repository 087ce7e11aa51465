package dev.tightrope.sync.openlineage;

import static dev.tightrope.sync.openlineage.OpenLineageMapperTest.datasetEvent;
import static dev.tightrope.sync.openlineage.OpenLineageMapperTest.runEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.SyncResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageConnectorTest {

    private static final String RUN_A = "0195c000-0000-7000-8000-00000000a0a1";
    private static final String RUN_B = "0195c000-0000-7000-8000-00000000b0b2";

    @TempDir
    Path dir;

    private static String start(String runId, String time) {
        return runEvent(runId, "START", time, "[{\"namespace\":\"s3://lake\",\"name\":\"raw/tx\"}]", "[]",
                "{\"processing_engine\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"name\":\"spark\",\"version\":\"3.5.1\"}}");
    }

    private static String complete(String runId, String time) {
        return runEvent(runId, "COMPLETE", time, "[]", "[{\"namespace\":\"s3://lake\",\"name\":\"cur/tx\"}]", "{}");
    }

    private static String lines(String... events) {
        return String.join("\n", events) + "\n";
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static void append(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static SyncResult sync(Path path, TestSyncContext context, CollectingSink sink) throws Exception {
        return new OpenLineageConnector(path).sync(context, sink);
    }

    private static String runUrn(String id) {
        return "tr:pipeline_run:openlineage:" + id;
    }

    @Test
    void ndjsonFileIsImportedAndEveryMalformedLineReportedWithFileAndLine() throws Exception {
        Path file = write("events.ndjson", lines(
                start(RUN_A, "2026-03-01T10:00:00Z"),
                "",
                "{\"eventType\":\"START\",",
                start(RUN_B, "2026-03-01T10:00:00").replace("\"eventTime\":\"2026-03-01T10:00:00\"", "\"eventTime\":\"10am\""),
                start("not-a-uuid", "2026-03-01T10:00:00Z"),
                "[1,2,3]",
                "{\"a\":1,\"a\":2}",
                complete(RUN_A, "2026-03-01T10:30:00Z") + "\r"));
        CollectingSink sink = new CollectingSink();

        SyncResult result = sync(file, TestSyncContext.first(), sink);

        assertThat(result.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "COMPLETE").containsEntry("processingEngine", "spark 3.5.1");
        assertThat(sink.has("tr:dataset:openlineage:s3://lake/raw/tx")).isTrue();
        assertThat(sink.asset("tr:dataset:openlineage:s3://lake/cur/tx").sourceRef()).isEqualTo(file + ":8");
        assertThat(sink.problems).extracting(Problem::location).containsExactly(file + ":3", file + ":4", file + ":5", file + ":6", file + ":7");
        assertThat(sink.problems.get(0).message()).startsWith("invalid JSON: Unexpected end-of-input");
        assertThat(sink.problems.get(1).message()).isEqualTo("'eventTime' '10am' is not an RFC 3339 date-time (expected e.g. 2026-03-01T09:00:00.000Z)");
        assertThat(sink.problems.get(2).message()).isEqualTo("'run.runId' 'not-a-uuid' is not a UUID");
        assertThat(sink.problems.get(3).message()).isEqualTo("not a JSON object but an array");
        assertThat(sink.problems.get(4).message()).startsWith("invalid JSON: duplicate key 'a'");
    }

    @Test
    void jsonFileMayHoldAnArrayOfEvents() throws Exception {
        Path file = write("export.json", "[\n" + start(RUN_A, "2026-03-01T10:00:00Z") + ",\n  " + complete(RUN_A, "2026-03-01T10:30:00Z") + "\n]\n");
        CollectingSink sink = new CollectingSink();

        sync(file, TestSyncContext.first(), sink);

        assertThat(sink.problems).isEmpty();
        assertThat(sink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "COMPLETE");
        assertThat(sink.asset("tr:dataset:openlineage:s3://lake/cur/tx").sourceRef()).isEqualTo(file + ":3");
    }

    @Test
    void jsonFileMayHoldOnePrettyPrintedEvent() throws Exception {
        String pretty = """

                {
                  "eventType": "START",
                  "eventTime": "2026-03-01T10:00:00Z",
                  "producer": "https://example.com/p",
                  "run": {"runId": "%s"},
                  "job": {"namespace": "ns", "name": "job"}
                }
                """.formatted(RUN_A);
        Path file = write("one.json", pretty);
        CollectingSink sink = new CollectingSink();

        sync(file, TestSyncContext.first(), sink);

        assertThat(sink.problems).isEmpty();
        assertThat(sink.asset(runUrn(RUN_A)).sourceRef()).isEqualTo(file + ":2");
    }

    @Test
    void jsonFileMayHoldNdjsonAndKeepsPerLineErrors() throws Exception {
        Path file = write("lines.json", lines(start(RUN_A, "2026-03-01T10:00:00Z"), "{oops", complete(RUN_A, "2026-03-01T10:30:00Z")));
        CollectingSink sink = new CollectingSink();

        sync(file, TestSyncContext.first(), sink);

        assertThat(sink.problems).extracting(Problem::location).containsExactly(file + ":2");
        assertThat(sink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "COMPLETE");
    }

    @Test
    void brokenJsonDocumentIsReportedWhereItBreaksAndWhatCameBeforeIsKept() throws Exception {
        Path file = write("broken.json", "[\n" + start(RUN_A, "2026-03-01T10:00:00Z") + ",\n{\"eventTime\": }\n]\n");
        CollectingSink sink = new CollectingSink();

        sync(file, TestSyncContext.first(), sink);

        assertThat(sink.has(runUrn(RUN_A))).isTrue();
        assertThat(sink.problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(file + ":3");
            assertThat(p.message()).startsWith("invalid JSON: Unexpected character ('}'").endsWith("; the rest of the file was not read");
        });
    }

    @Test
    void directoryTreeIsReadInPathOrderSkippingHiddenAndOtherFiles() throws Exception {
        String describe = datasetEvent("2026-03-01T10:00:00Z", "{}");
        write("b.ndjson", lines(describe));
        write("a/z.jsonl", lines(describe));
        write("a/y.json", describe);
        write(".staging/x.ndjson", lines("{broken"));
        write(".hidden.ndjson", lines("{broken"));
        write("README.md", "# not events");
        CollectingSink sink = new CollectingSink();

        SyncResult result = sync(dir, TestSyncContext.first(), sink);

        assertThat(result.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.problems).isEmpty();
        assertThat(sink.asset("tr:dataset:openlineage:s3://l/t").sourceRef()).isEqualTo(dir.resolve("b.ndjson") + ":1");
        assertThat(FileCursor.parse(result.cursor()).files()).extracting(FileCursor.FileState::path)
                .containsExactly("a/y.json", "a/z.jsonl", "b.ndjson");
    }

    @Test
    void symbolicLinkInTheTreeIsReportedAndNotFollowed() throws Exception {
        Path target = write("outside/real.ndjson", lines(datasetEvent("2026-03-01T10:00:00Z", "{}")));
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree);
        Files.createSymbolicLink(tree.resolve("link.ndjson"), target);
        CollectingSink sink = new CollectingSink();

        sync(tree, TestSyncContext.first(), sink);

        assertThat(sink.assets).isEmpty();
        assertThat(sink.problems).containsExactly(new Problem(tree.resolve("link.ndjson").toString(),
                "a symbolic link; links are not followed, so it was not read"));
    }

    @Test
    void lineOverTheLengthLimitIsSkippedAndTheNextLineRead() throws Exception {
        OpenLineageLimits limits = new OpenLineageLimits(1024, 1 << 20, 1 << 20, 100, 1 << 20, 100);
        String huge = datasetEvent("2026-03-01T10:00:00Z", "{\"documentation\":{\"description\":\"" + "x".repeat(2000) + "\"}}");
        Path file = write("big.ndjson", lines(huge, start(RUN_A, "2026-03-01T10:00:00Z")));
        CollectingSink sink = new CollectingSink();

        new OpenLineageConnector(file, limits).sync(TestSyncContext.first(), sink);

        assertThat(sink.problems).containsExactly(new Problem(file + ":1", "the line is longer than 1024 bytes; it was skipped"));
        assertThat(sink.has(runUrn(RUN_A))).isTrue();
    }

    @Test
    void nestingDeeperThanTheLimitIsReported() throws Exception {
        OpenLineageLimits limits = new OpenLineageLimits(1024, 1 << 20, 1 << 20, 8, 1 << 20, 100);
        String deep = "{\"custom\":" + "{\"a\":".repeat(10) + "1" + "}".repeat(10) + "}";
        Path file = write("deep.ndjson", lines(datasetEvent("2026-03-01T10:00:00Z", deep)));
        CollectingSink sink = new CollectingSink();

        new OpenLineageConnector(file, limits).sync(TestSyncContext.first(), sink);

        assertThat(sink.problems).containsExactly(new Problem(file + ":1", "JSON is nested deeper than 8 levels"));
    }

    @Test
    void fileOverTheSizeLimitIsReportedAndNotRead() throws Exception {
        OpenLineageLimits limits = new OpenLineageLimits(1024, 2048, 2048, 100, 1 << 20, 100);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            many.append(datasetEvent("2026-03-01T10:00:00Z", "{}")).append('\n');
        }
        Path file = write("many.ndjson", many.toString());
        CollectingSink sink = new CollectingSink();

        SyncResult result = new OpenLineageConnector(file, limits).sync(TestSyncContext.first(), sink);

        assertThat(sink.assets).isEmpty();
        assertThat(sink.problems).containsExactly(new Problem(file.toString(),
                "the file is " + Files.size(file) + " bytes, over the limit of 2048; it was not read"));
        assertThat(result.mode()).isEqualTo(SyncMode.FULL);
    }

    @Test
    void missingPathIsAConnectorError() {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> sync(missing, TestSyncContext.first(), new CollectingSink()))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("no such file or directory")
                .satisfies(e -> assertThat(((ConnectorException) e).location()).isEqualTo(missing.toString()));
    }

    @Test
    void appendedLinesAreReadIncrementallyAndMergedIntoWhatEarlierSyncsLearned() throws Exception {
        Path file = write("live.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z"), datasetEvent("2026-03-01T09:00:00Z", "{}")));
        SyncResult first = sync(file, TestSyncContext.first(), new CollectingSink());
        append(file, lines(complete(RUN_A, "2026-03-01T10:30:00Z"), "{bad"));
        CollectingSink sink = new CollectingSink();

        SyncResult second = sync(file, TestSyncContext.after(first.cursor()), sink);

        assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
        Asset run = sink.asset(runUrn(RUN_A));
        assertThat(run.properties()).containsEntry("state", "COMPLETE")
                .containsEntry("startTime", "2026-03-01T10:00:00Z")
                .containsEntry("processingEngine", "spark 3.5.1");
        assertThat(sink.has("tr:dataset:openlineage:s3://l/t")).as("untouched dataset is not re-emitted").isFalse();
        assertThat(sink.problems).extracting(Problem::location).containsExactly(file + ":4");
    }

    @Test
    void appendedEventOfAFinishedRunForcesAFullReadWithoutRepeatingProblems() throws Exception {
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z"), complete(RUN_A, "2026-03-01T10:30:00Z")));
        SyncResult first = sync(file, TestSyncContext.first(), new CollectingSink());
        append(file, lines("{broken", runEvent(RUN_A, "OTHER", "2026-03-01T11:00:00Z", "[]", "[]",
                "{\"errorMessage\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"message\":\"late warning\",\"programmingLanguage\":\"java\"}}")));
        CollectingSink sink = new CollectingSink();
        TestSyncContext context = TestSyncContext.after(first.cursor());

        SyncResult second = sync(file, context, sink);

        assertThat(second.mode()).isEqualTo(SyncMode.FULL);
        assertThat(context.messages).contains("reading all OpenLineage events: " + file + ":4 continues a run that had already finished");
        assertThat(sink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "COMPLETE")
                .containsEntry("startTime", "2026-03-01T10:00:00Z").containsEntry("errorMessage", "late warning");
        assertThat(sink.problems).extracting(Problem::location).containsExactly(file + ":3");
    }

    @Test
    void unchangedSourceGivesAnEmptyIncrementalRun() throws Exception {
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        SyncResult first = sync(dir, TestSyncContext.first(), new CollectingSink());
        CollectingSink sink = new CollectingSink();

        SyncResult second = sync(dir, TestSyncContext.after(first.cursor()), sink);

        assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(sink.assets).isEmpty();
        assertThat(sink.edges).isEmpty();
        assertThat(FileCursor.parse(second.cursor()).files()).isEqualTo(FileCursor.parse(first.cursor()).files());
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void newFileInTheDirectoryIsReadIncrementally() throws Exception {
        write("a.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        SyncResult first = sync(dir, TestSyncContext.first(), new CollectingSink());
        write("b.ndjson", lines(complete(RUN_B, "2026-03-01T11:00:00Z")));
        CollectingSink sink = new CollectingSink();

        SyncResult second = sync(dir, TestSyncContext.after(first.cursor()), sink);

        assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(sink.has(runUrn(RUN_B))).isTrue();
        assertThat(sink.has(runUrn(RUN_A))).isFalse();
    }

    @Test
    void rewrittenFileOfTheSameSizeForcesAFullRead() throws Exception {
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        SyncResult first = sync(file, TestSyncContext.first(), new CollectingSink());
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, lines(start(RUN_B, "2026-03-01T10:00:00Z")));
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 5_000));
        CollectingSink sink = new CollectingSink();
        TestSyncContext context = TestSyncContext.after(first.cursor());

        SyncResult second = sync(file, context, sink);

        assertThat(second.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.has(runUrn(RUN_B))).isTrue();
        assertThat(sink.has(runUrn(RUN_A))).isFalse();
        assertThat(context.messages.get(0)).isEqualTo("reading all OpenLineage events: events.ndjson was rewritten");
    }

    @Test
    void grownFileWithADifferentHeadIsARewriteNotAnAppend() throws Exception {
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        SyncResult first = sync(file, TestSyncContext.first(), new CollectingSink());
        Files.writeString(file, lines(start(RUN_B, "2026-03-01T10:00:00Z"), complete(RUN_B, "2026-03-01T10:30:00Z")));
        CollectingSink sink = new CollectingSink();

        SyncResult second = sync(file, TestSyncContext.after(first.cursor()), sink);

        assertThat(second.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.asset(runUrn(RUN_B)).properties()).containsEntry("state", "COMPLETE");
    }

    @Test
    void truncatedFileForcesAFullRead() throws Exception {
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z"), complete(RUN_A, "2026-03-01T10:30:00Z")));
        SyncResult first = sync(file, TestSyncContext.first(), new CollectingSink());
        Files.writeString(file, lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        CollectingSink sink = new CollectingSink();

        SyncResult second = sync(file, TestSyncContext.after(first.cursor()), sink);

        assertThat(second.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "START");
    }

    @Test
    void removedFileForcesAFullReadSoItsAssetsCanBeMarkedGone() throws Exception {
        write("a.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        Path b = write("b.ndjson", lines(start(RUN_B, "2026-03-01T10:00:00Z")));
        SyncResult first = sync(dir, TestSyncContext.first(), new CollectingSink());
        Files.delete(b);
        CollectingSink sink = new CollectingSink();
        TestSyncContext context = TestSyncContext.after(first.cursor());

        SyncResult second = sync(dir, context, sink);

        assertThat(second.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.has(runUrn(RUN_A))).isTrue();
        assertThat(sink.has(runUrn(RUN_B))).isFalse();
        assertThat(context.messages.get(0)).endsWith("b.ndjson was removed");
    }

    @Test
    void changedJsonDocumentForcesAFullRead() throws Exception {
        Path file = write("export.json", "[" + start(RUN_A, "2026-03-01T10:00:00Z") + "]");
        SyncResult first = sync(file, TestSyncContext.first(), new CollectingSink());
        Files.writeString(file, "[" + start(RUN_A, "2026-03-01T10:00:00Z") + ",\n" + complete(RUN_A, "2026-03-01T10:30:00Z") + "]");
        CollectingSink sink = new CollectingSink();

        SyncResult second = sync(file, TestSyncContext.after(first.cursor()), sink);

        assertThat(second.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "COMPLETE");
    }

    @Test
    void unfinishedLastLineIsReportedAndReadOnceItIsComplete() throws Exception {
        String event = complete(RUN_A, "2026-03-01T10:30:00Z");
        Path file = write("live.ndjson", start(RUN_A, "2026-03-01T10:00:00Z") + "\n" + event.substring(0, 40));
        CollectingSink firstSink = new CollectingSink();
        SyncResult first = sync(file, TestSyncContext.first(), firstSink);
        assertThat(firstSink.problems).containsExactly(new Problem(file + ":2",
                "the last line has no newline and is not complete JSON; it is read again when the file grows"));
        assertThat(firstSink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "START");

        append(file, event.substring(40) + "\n");
        CollectingSink sink = new CollectingSink();
        SyncResult second = sync(file, TestSyncContext.after(first.cursor()), sink);

        assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(sink.problems).isEmpty();
        assertThat(sink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "COMPLETE");
        assertThat(sink.asset("tr:dataset:openlineage:s3://lake/cur/tx").sourceRef()).isEqualTo(file + ":2");
    }

    @Test
    void completeLastLineWithoutNewlineIsTaken() throws Exception {
        Path file = write("events.ndjson", start(RUN_A, "2026-03-01T10:00:00Z"));
        CollectingSink sink = new CollectingSink();

        SyncResult result = sync(file, TestSyncContext.first(), sink);

        assertThat(sink.problems).isEmpty();
        assertThat(sink.has(runUrn(RUN_A))).isTrue();
        assertThat(FileCursor.parse(result.cursor()).files().get(0).offset()).isEqualTo(Files.size(file));
    }

    @Test
    void fullRequestReadsEverythingEvenWithACursor() throws Exception {
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        SyncResult first = sync(file, TestSyncContext.first(), new CollectingSink());
        CollectingSink sink = new CollectingSink();

        SyncResult second = sync(file, TestSyncContext.fullAfter(first.cursor()), sink);

        assertThat(second.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.has(runUrn(RUN_A))).isTrue();
    }

    @Test
    void cursorItCannotUseLeadsToAFullRead() throws Exception {
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        for (String cursor : List.of("not json", "{\"v\":99}", FileCursor.write("/somewhere/else", List.of(), "{}"))) {
            CollectingSink sink = new CollectingSink();
            SyncResult result = sync(file, TestSyncContext.after(cursor), sink);
            assertThat(result.mode()).as("cursor %s", cursor).isEqualTo(SyncMode.FULL);
            assertThat(sink.has(runUrn(RUN_A))).isTrue();
        }
    }

    @Test
    void stateTooLargeForTheCursorMakesTheNextSyncFull() throws Exception {
        OpenLineageLimits noCarry = new OpenLineageLimits(1024, 1 << 20, 1 << 20, 100, 0, 100);
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z")));
        SyncResult first = new OpenLineageConnector(file, noCarry).sync(TestSyncContext.first(), new CollectingSink());
        append(file, lines(complete(RUN_A, "2026-03-01T10:30:00Z")));
        CollectingSink sink = new CollectingSink();

        SyncResult second = new OpenLineageConnector(file, noCarry).sync(TestSyncContext.after(first.cursor()), sink);

        assertThat(FileCursor.parse(first.cursor()).carry()).isNull();
        assertThat(second.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.asset(runUrn(RUN_A)).properties()).containsEntry("state", "COMPLETE").containsEntry("startTime", "2026-03-01T10:00:00Z");
    }

    @Test
    void cancellationStopsTheSyncBetweenEvents() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            many.append(runEvent(String.format("0195c000-0000-4000-8000-%012d", i), "START", "2026-03-01T10:00:00Z", "[]", "[]", "{}"))
                    .append('\n');
        }
        Path file = write("many.ndjson", many.toString());
        TestSyncContext context = TestSyncContext.cancelledAfter(3);
        CollectingSink sink = new CollectingSink();

        assertThatThrownBy(() -> sync(file, context, sink)).isInstanceOf(InterruptedException.class);
        assertThat(sink.assets).as("nothing is emitted before the whole source was read").isEmpty();
    }

    @Test
    void progressCountsBytesUpToTheTotal() throws Exception {
        Path file = write("events.ndjson", lines(start(RUN_A, "2026-03-01T10:00:00Z"), complete(RUN_A, "2026-03-01T10:30:00Z")));
        TestSyncContext context = TestSyncContext.first();

        sync(file, context, new CollectingSink());

        long size = Files.size(file);
        assertThat(context.progress).allSatisfy(p -> assertThat(p[1]).isEqualTo(size));
        assertThat(context.progress.get(context.progress.size() - 1)[0]).isEqualTo(size);
        assertThat(context.cancelChecks()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void sampleKindsAreCountedOnceAcrossFiles() throws Exception {
        write("one.ndjson", String.join("\n", Fixtures.lines("mlflow.ndjson")) + "\n");
        write("two.ndjson", String.join("\n", Fixtures.lines("airflow.ndjson")) + "\n");
        CollectingSink sink = new CollectingSink();

        sync(dir, TestSyncContext.first(), sink);

        assertThat(sink.problems).isEmpty();
        assertThat(sink.ofKind(AssetKind.MODEL_VERSION)).hasSize(2);
        assertThat(sink.assets).extracting(Asset::urn).doesNotHaveDuplicates();
    }
}
