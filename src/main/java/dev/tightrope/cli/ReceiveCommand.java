package dev.tightrope.cli;

import dev.tightrope.domain.Labels;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.service.LiveLineageService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the live OpenLineage endpoint headless until interrupted. */
@Command(name = "receive", description = "Receive OpenLineage events live at POST http://127.0.0.1:PORT/api/v1/lineage "
        + "(point OPENLINEAGE_URL at it) and import them into the workspace until interrupted (Ctrl+C).")
final class ReceiveCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Option(names = "--port", defaultValue = "5000", description = "Loopback port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--token-env", paramLabel = "VAR",
            description = "Require 'Authorization: Bearer <token>' with the token read from this environment variable "
                    + "(emitters send it as their API key: OPENLINEAGE_API_KEY). Without it, anyone on this machine can write records.")
    String tokenEnv;

    @Override
    public Integer call() throws InterruptedException {
        String token = null;
        if (tokenEnv != null) {
            token = cli.env.get(tokenEnv);
            if (token == null || token.isBlank()) {
                cli.err.println("error: the environment variable " + tokenEnv + " is not set");
                return Cli.ERROR;
            }
        }
        LiveLineageService live = cli.tightrope().liveLineage();
        Consumer<SyncRun> synced = run -> {
            cli.out.println(run.source() + ": " + Labels.of(run.status()) + ", "
                    + run.assetsSeen() + " assets, " + run.problems() + " problems");
            cli.out.flush();
        };
        Consumer<Problem> problems = problem -> {
            cli.err.println("problem: " + problem);
            cli.err.flush();
        };
        if (token == null) {
            live.startWithoutToken(port, synced, problems);
            cli.err.println("warning: receiving without a token. Any program on this machine, and any web page that gets past "
                    + "the browser checks (Origin, Content-Type, Host), can write lineage and owners into this workspace. "
                    + "Use --token-env VAR to require 'Authorization: Bearer <token>'.");
        } else {
            live.startWithToken(port, token, synced, problems);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            live.stop();
            stopped.countDown();
        }, "receive-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // The token itself is never printed: the emitter is told where to find it.
        cli.err.println("Receiving OpenLineage events at " + live.endpoint() + " (OPENLINEAGE_URL=" + live.url()
                + (token == null ? "" : ", OPENLINEAGE_API_KEY=$" + tokenEnv) + "); events are kept in "
                + live.spoolDirectory() + ". Ctrl+C stops.");
        cli.err.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped from inside the process (tests, an embedding caller) rather than by a signal.
            Runtime.getRuntime().removeShutdownHook(hook);
            live.stop();
            Thread.currentThread().interrupt();
        }
        return Cli.OK;
    }
}
