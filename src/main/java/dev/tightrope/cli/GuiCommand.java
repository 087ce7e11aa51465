package dev.tightrope.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Opens the desktop console (what running without arguments does). */
@Command(name = "gui", description = "Open the desktop console.")
final class GuiCommand implements Callable<Integer> {

    @ParentCommand
    Cli cli;

    @Option(names = "--demo", description = "Open the built-in demo workspace (Kestrel Lending), loading it on first start.")
    boolean demo;

    @Override
    public Integer call() {
        cli.guiLauncher.launch(cli.workspace == null ? null : cli.workspace.toAbsolutePath(), demo);
        return Cli.OK;
    }
}
