package dev.tightrope.ui.common;

import java.util.function.Consumer;

/** What an asset's context menu does beyond the clipboard: a view model answers these. */
public interface AssetActions {

    /** Shows the asset in the inventory. */
    void open(String urn);

    /**
     * Completes {@code ref} with what the cache knows (its name, its digest) and hands the result
     * to {@code done} on the UI thread; {@code ref} itself when the cache knows nothing more.
     */
    void complete(AssetRef ref, Consumer<AssetRef> done);

    /** {@code what} ("URN", "digest", "name") of {@code ref} was put on the clipboard. */
    void copied(String what, AssetRef ref);

    /** Whether these actions can open the lineage explorer (the menu offers it only then). */
    default boolean showsLineage() {
        return false;
    }

    /** Opens the lineage explorer on the asset; only called when {@link #showsLineage()}. */
    default void showLineage(String urn) {
        throw new UnsupportedOperationException("these asset actions do not open the lineage explorer");
    }

    /** These actions, running {@code first} before opening an asset (to close a popup, say). */
    default AssetActions beforeOpening(Runnable first) {
        AssetActions self = this;
        return new AssetActions() {
            @Override
            public void open(String urn) {
                first.run();
                self.open(urn);
            }

            @Override
            public void complete(AssetRef ref, Consumer<AssetRef> done) {
                self.complete(ref, done);
            }

            @Override
            public void copied(String what, AssetRef ref) {
                self.copied(what, ref);
            }

            @Override
            public boolean showsLineage() {
                return self.showsLineage();
            }

            @Override
            public void showLineage(String urn) {
                first.run();
                self.showLineage(urn);
            }
        };
    }

    /** Actions that only open the asset, for places that have no view model of their own for the rest. */
    static AssetActions opening(Consumer<String> open) {
        return new AssetActions() {
            @Override
            public void open(String urn) {
                open.accept(urn);
            }

            @Override
            public void complete(AssetRef ref, Consumer<AssetRef> done) {
                done.accept(ref);
            }

            @Override
            public void copied(String what, AssetRef ref) {
            }
        };
    }
}
