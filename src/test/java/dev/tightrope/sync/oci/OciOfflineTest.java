package dev.tightrope.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline mode: a folder of OCI image layouts (the demo's registry export), checked like a registry's answers. */
class OciOfflineTest {

    static final String FRAUD_SCORING_3 = "sha256:d46c0b26a89e14f7273b8e39321b3d1fd239303574a1bdf35d29d83df6d9d03e";

    @TempDir
    Path dir;

    Tightrope tightrope;
    Path export;

    @BeforeEach
    void open() throws IOException {
        export = dir.resolve("oci");
        Path from = Path.of("sample-data/oci");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path to = export.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        tightrope = Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults());
        tightrope.sources().add(new SourceConfig("images", "oci", Map.of("path", export.toString())));
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    SyncRun sync() {
        return tightrope.sources().sync("images", true, SyncListener.NONE, new Cancellation()).get(0);
    }

    @Test
    void theDemoExportReadsCompletelyWithTheRegistryHostFromItsFolder() {
        SyncRun run = sync();
        assertThat(run.status()).as(run.message()).isEqualTo(SyncStatus.SUCCEEDED);
        assertThat(run.mode()).isEqualTo(SyncMode.FULL);
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.CONTAINER_IMAGE, "oci",
                "registry.kestrel.example/kestrel/fraud-scoring@" + FRAUD_SCORING_3))).isPresent();
        // images of eight tags (one an index of two), two model artifacts and their three files
        assertThat(run.assetsSeen()).isEqualTo(8 + 2 + 2 + 3);
        assertThat(tightrope.sources().check("images", new Cancellation()).message()).endsWith("; 8 OCI image layouts");
    }

    @Test
    void aCorruptBlobIsAProblemAndTheRestIsRead() throws IOException {
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        Path blob = export.resolve("registry.kestrel.example/kestrel/fraud-scoring/blobs/sha256/" + FRAUD_SCORING_3.substring(7));
        Files.writeString(blob, Files.readString(blob).replace("3.0.0", "3.0.1"));

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(run.mode()).as("nothing goes gone when something could not be read").isEqualTo(SyncMode.INCREMENTAL);
        assertThat(tightrope.sources().problems(run.id(), 5)).singleElement().satisfies(p ->
                assertThat(p.message()).contains("not " + FRAUD_SCORING_3 + " (tampered or corrupt)"));
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.CONTAINER_IMAGE, "oci",
                "registry.kestrel.example/kestrel/fraud-scoring@" + FRAUD_SCORING_3)).orElseThrow().gone()).isFalse();
    }

    @Test
    void aBrokenIndexFailsTheSourceAndKeepsTheCache() throws IOException {
        assertThat(sync().status()).isEqualTo(SyncStatus.SUCCEEDED);
        Files.writeString(export.resolve("registry.kestrel.example/kestrel/churn-scorer/index.json"), "{\"schemaVersion\":2,\"manifests\":{}");

        SyncRun run = sync();

        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("registry.kestrel.example/kestrel/churn-scorer/index.json");
        assertThat(tightrope.inventory().find(Urn.of(AssetKind.CONTAINER_IMAGE, "oci",
                "registry.kestrel.example/kestrel/fraud-scoring@" + FRAUD_SCORING_3)).orElseThrow().gone()).isFalse();
    }
}
