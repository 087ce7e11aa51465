package dev.tightrope.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.testing.Executables;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A sync whose process is killed (kill -9) mid-run leaves a sound cache with the previous state. */
@Tag("slow")
class KilledSyncTest {

    @TempDir
    Path dir;

    /** The child JVM, killed after the test whatever happened, so a timed-out test leaves no process behind. */
    Process child;

    @AfterEach
    void killTheChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static ConnectorRegistry registry() {
        return new ConnectorRegistry(List.of(SyntheticEstate.factory()));
    }

    /** The child process: re-syncs a much larger estate over the same URNs, reporting when it is deep inside. */
    public static void main(String[] args) {
        try (Tightrope t = Tightrope.open(Path.of(args[0]), registry())) {
            SyncListener listener = new SyncListener() {
                @Override
                public void progress(String source, long done, long total, String message) {
                    if (done >= 150_000) {
                        System.out.println("DEEP " + done);
                        System.out.flush();
                    }
                }
            };
            t.sources().sync("big", false, listener, new Cancellation());
            System.out.println("FINISHED");
        }
    }

    @Test
    // a separate thread: reading the child's output does not answer an interrupt, so only this way does the timeout end the test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killingTheProcessDuringALargeSyncLeavesTheLastCommittedState() throws Exception {
        try (Tightrope t = Tightrope.open(dir, registry())) {
            t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE, Map.of("assets", "2000", "variant", "committed")));
            t.sources().sync("estate", false, SyncListener.NONE, new Cancellation());
            t.sources().add(new SourceConfig("big", SyntheticEstate.TYPE, Map.of("assets", "600000", "variant", "uncommitted")));
        }

        child = new ProcessBuilder(Executables.currentJava().toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), KilledSyncTest.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        boolean deep = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("DEEP")) {
                    deep = true;
                    break;
                }
                if (line.startsWith("FINISHED")) {
                    break;
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(deep).as("the child was killed in the middle of its sync").isTrue();

        try (Tightrope t = Tightrope.open(dir, registry())) {
            assertThat(t.workspace().database().integrityCheck()).isEqualTo("ok");
            assertThat(t.inventory().count(AssetFilter.all())).isEqualTo(2000);
            AssetRecord first = t.inventory().find(SyntheticEstate.urn(0)).orElseThrow();
            assertThat(first.source()).isEqualTo("estate");
            assertThat(first.asset().description()).contains("(committed)");
            assertThat(t.inventory().search("uncommitted", 5).hits()).isEmpty();
            var lastBig = t.sources().runs("big", 1).get(0);
            assertThat(lastBig.status()).isEqualTo(SyncStatus.INTERRUPTED);
            assertThat(lastBig.message()).contains("previous state is intact");
        }
    }
}
