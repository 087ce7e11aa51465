package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.port.SyncListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record that could not be imported stays a problem of its source until a full re-read reads it. */
class SourceProblemsTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            {"eventType":"COMPLETE","eventTime":"2026-06-16T09:14:03.511Z","run":{"runId":"019c642d-0d00-79af-bf80-f039c08f532c"},\
            "job":{"namespace":"airflow","name":"card_features"},"inputs":[],"outputs":[],\
            "producer":"https://example.test","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
            """;

    private static SourceStatus lake(Tightrope t) {
        return t.sources().list().stream().filter(s -> s.config().name().equals("lake")).findFirst().orElseThrow();
    }

    @Test
    void anIncrementalRunThatReadsNothingDoesNotClearTheProblemsAndAFullReReadDoes() throws IOException {
        Path events = dir.resolve("events");
        Files.createDirectories(events);
        Path file = events.resolve("a.ndjson");
        Files.writeString(file, GOOD + "{not json\n");
        try (Tightrope t = Tightrope.open(dir.resolve("ws"))) {
            t.sources().add(new SourceConfig("lake", "openlineage", Map.of("path", events.toString())));
            t.sources().sync("lake", true, SyncListener.NONE, new Cancellation());
            assertThat(lake(t).openProblems()).isEqualTo(1);

            var again = t.sources().sync("lake", false, SyncListener.NONE, new Cancellation());
            assertThat(again).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(SyncStatus.SUCCEEDED);
                assertThat(r.problems()).isZero();
            });
            assertThat(lake(t).lastRun().problems()).isZero();
            assertThat(lake(t).openProblems()).as("the bad line was never imported").isEqualTo(1);
            assertThat(t.inventory().overview(1).sourcesWithProblems()).isEqualTo(1);

            Files.writeString(file, GOOD);
            t.sources().sync("lake", true, SyncListener.NONE, new Cancellation());
            assertThat(lake(t).openProblems()).isZero();
            assertThat(t.inventory().overview(1).sourcesWithProblems()).isZero();
        }
    }
}
