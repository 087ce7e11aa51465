package dev.tightrope.cli;

import java.nio.file.Path;

/** Opens the desktop console; supplied by the entry point so the CLI does not depend on the UI. */
@FunctionalInterface
public interface GuiLauncher {
    /** Blocks until the console closes. {@code workspace} null means the default (or demo) workspace. */
    void launch(Path workspace, boolean demo);
}
