package dev.tightrope.cli;

import dev.tightrope.domain.SyncRun;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.domain.Cancellation;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Loads the Kestrel Lending demo estate into the workspace. */
@Command(name = "demo", description = "Load the built-in demo workspace (Kestrel Lending, a fictional lender) into the workspace.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Override
    public Integer call() {
        List<SyncRun> runs = new DemoWorkspace(cli.tightrope()).load(new SyncProgress(cli.err), new Cancellation());
        SyncCommand.printSummary(cli.out, runs);
        cli.out.println("Demo workspace loaded into " + cli.tightrope().workspace().root());
        return SyncCommand.exitCode(runs);
    }
}
