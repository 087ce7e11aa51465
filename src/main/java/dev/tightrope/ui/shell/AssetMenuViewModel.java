package dev.tightrope.ui.shell;

import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Urn;
import dev.tightrope.ui.common.AssetActions;
import dev.tightrope.ui.common.AssetRef;
import dev.tightrope.ui.common.BackgroundTask;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What an asset's context menu does: completes the asset from the cache (name, digest) in the
 * background, opens it in the inventory, and says on the status line what was copied.
 */
public final class AssetMenuViewModel implements AssetActions {
    private final AppModel app;

    public AssetMenuViewModel(AppModel app) {
        this.app = app;
    }

    @Override
    public void open(String urn) {
        app.revealAsset(urn);
    }

    @Override
    public boolean showsLineage() {
        return true;
    }

    @Override
    public void showLineage(String urn) {
        app.showLineage(urn);
    }

    @Override
    public void complete(AssetRef ref, Consumer<AssetRef> done) {
        app.executor().submit(BackgroundTask.read("Reading the asset " + ref.urn(), () -> find(ref.urn()))
                .onSuccess(found -> done.accept(found.map(r -> new AssetRef(ref.urn(), r.asset().name(),
                        r.asset().digest() == null ? ref.digest() : r.asset().digest().toString())).orElse(ref)))
                // the menu still offers what the row knows; the status line says the rest could not be read
                .onFailure(e -> {
                    app.notifications().info("Could not read " + ref.urn() + " from the cache: " + dev.tightrope.ui.common.Errors.describe(e));
                    done.accept(ref);
                }));
    }

    private Optional<AssetRecord> find(String urn) {
        Urn parsed;
        try {
            parsed = Urn.parse(urn);
        } catch (IllegalArgumentException notAUrn) {
            return Optional.empty();
        }
        return app.tightrope().inventory().find(parsed);
    }

    @Override
    public void copied(String what, AssetRef ref) {
        app.notifications().info("Copied the " + what + " of " + (ref.name() != null ? ref.name() : ref.urn()));
    }
}
