package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.service.Tightrope;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code receive} runs until stopped; these run it on a thread and stop it once it says it listens. */
@Timeout(60)
class ReceiveCommandTest {

    @TempDir
    Path dir;

    /** Standard error that tells when the command has printed its "Ctrl+C stops" line. */
    static final class WatchedErr extends StringWriter {
        final CountDownLatch listening = new CountDownLatch(1);

        @Override
        public void flush() {
            if (toString().contains("Ctrl+C stops.")) {
                listening.countDown();
            }
        }
    }

    record Run(int code, String err) {
    }

    Run receive(Map<String, String> env, String... args) throws Exception {
        WatchedErr err = new WatchedErr();
        AtomicInteger code = new AtomicInteger(-1);
        String[] all = new String[args.length + 3];
        all[0] = "--workspace";
        all[1] = dir.toString();
        all[2] = "receive";
        System.arraycopy(args, 0, all, 3, args.length);
        Thread command = new Thread(() -> {
            try {
                code.set(Cli.run(all, new ByteArrayInputStream(new byte[0]), env, new PrintWriter(new StringWriter()),
                        new PrintWriter(err, true), (ws, demo) -> { }, Tightrope::open));
            } finally {
                err.listening.countDown();
            }
        }, "receive-under-test");
        command.start();
        assertThat(err.listening.await(30, TimeUnit.SECONDS)).isTrue();
        command.interrupt();
        command.join();
        return new Run(code.get(), err.toString());
    }

    @Test
    void withoutATokenItWarnsThatAnyoneCanWriteRecords() throws Exception {
        Run r = receive(Map.of(), "--port", "0");

        assertThat(r.code()).isEqualTo(Cli.OK);
        assertThat(r.err()).contains("warning: receiving without a token")
                .contains("any web page that gets past the browser checks")
                .contains("--token-env");
    }

    @Test
    void withATokenItNamesTheVariableAndNeverPrintsTheToken() throws Exception {
        Run r = receive(Map.of("LINEAGE_TOKEN", "s3cret-receiver-token"), "--port", "0", "--token-env", "LINEAGE_TOKEN");

        assertThat(r.code()).isEqualTo(Cli.OK);
        assertThat(r.err()).doesNotContain("warning").contains("OPENLINEAGE_API_KEY=$LINEAGE_TOKEN").doesNotContain("s3cret");
    }

    @Test
    void anUnsetTokenVariableIsAnError() throws Exception {
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"--workspace", dir.toString(), "receive", "--port", "0", "--token-env", "NOT_SET"},
                new ByteArrayInputStream(new byte[0]), Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err),
                (ws, demo) -> { }, Tightrope::open);

        assertThat(code).isEqualTo(Cli.ERROR);
        assertThat(err.toString()).contains("the environment variable NOT_SET is not set");
    }
}
