package dev.tightrope.service;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.port.SyncListener;
import java.nio.file.Path;

/** A workspace at {@code dir} with the whole demo loaded, for tests that read the Kestrel story. */
final class DemoWorkspaces {

    private DemoWorkspaces() {
    }

    static Tightrope loaded(Path dir) {
        Tightrope t = Tightrope.open(dir);
        new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
        return t;
    }
}
