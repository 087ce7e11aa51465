package dev.tightrope.ui.overview;

import dev.tightrope.domain.EstateOverview;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Errors;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.shell.AppModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The estate at a glance: the overview's numbers, read in the background; the demo for an empty workspace. */
public final class OverviewViewModel {
    static final int ATTENTION = 12;

    private final AppModel app;
    private final Latest load;
    private final ObjectProperty<EstateOverview> overview = new SimpleObjectProperty<>();
    private final StringProperty loadError = new SimpleStringProperty();

    public OverviewViewModel(AppModel app) {
        this.app = app;
        this.load = new Latest(app.executor());
    }

    // Properties

    /** The last overview read; null until the first one arrives. */
    public ReadOnlyObjectProperty<EstateOverview> overviewProperty() {
        return overview;
    }

    /** Why the overview could not be read, or null. */
    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError;
    }

    /** True while a long job runs (the demo cannot be loaded meanwhile). */
    public ReadOnlyBooleanProperty busyProperty() {
        return app.busyProperty();
    }

    /** An overview of a workspace with nothing in it: the view offers the demo. */
    public static boolean isEmpty(EstateOverview o) {
        return o.sources() == 0 && o.assets() == 0 && o.gone() == 0;
    }

    // Commands

    public void refresh() {
        load.submit(BackgroundTask.read("Reading the overview", () -> app.tightrope().inventory().overview(ATTENTION)).onSuccess(o -> {
            loadError.set(null);
            overview.set(o);
        }).onFailure(e -> {
            loadError.set("The overview could not be read: " + Errors.describe(e));
            app.notifications().error("Reading the overview failed", e);
        }));
    }

    public void loadDemo() {
        app.loadDemo();
    }

    public void showSources() {
        app.show(AppModel.View.SOURCES);
    }

    public void reveal(String urn) {
        app.revealAsset(urn);
    }
}
