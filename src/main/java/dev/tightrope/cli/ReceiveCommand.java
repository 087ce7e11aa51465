package dev.tightrope.cli;

import dev.tightrope.service.LiveLineageService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
            description = "Require 'Authorization: Bearer <token>' with the token read from this environment variable.")
    String tokenEnv;

    @Override
    public Integer call() throws InterruptedException {
        String token = null;
        if (tokenEnv != null) {
            token = System.getenv(tokenEnv);
            if (token == null || token.isBlank()) {
                cli.err.println("error: the environment variable " + tokenEnv + " is not set");
                return Cli.ERROR;
            }
        }
        LiveLineageService live = cli.tightrope().liveLineage();
        CountDownLatch stopped = new CountDownLatch(1);
        live.start(port, token, run -> {
            cli.out.println(run.source() + ": " + run.status().name().toLowerCase().replace('_', ' ') + ", "
                    + run.assetsSeen() + " assets, " + run.problems() + " problems");
            cli.out.flush();
        }, problem -> {
            cli.err.println("problem: " + problem);
            cli.err.flush();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            live.stop();
            stopped.countDown();
        }, "receive-stop"));
        cli.err.println("Receiving OpenLineage events at " + live.endpoint() + " (OPENLINEAGE_URL=" + live.url() + ")"
                + "; events are kept in " + live.spoolDirectory() + ". Ctrl+C stops.");
        cli.err.flush();
        stopped.await();
        return Cli.OK;
    }
}
