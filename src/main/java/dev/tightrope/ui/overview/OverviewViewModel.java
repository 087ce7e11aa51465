package dev.tightrope.ui.overview;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.EstateOverview;
import dev.tightrope.domain.RiskConcern;
import dev.tightrope.domain.RiskDashboard;
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

/**
 * The dashboard's model: the estate's numbers and the risk model's figures, read together in
 * the background (the risk refresh runs first, so the figures are current); every figure opens
 * the inventory filtered to exactly what it counts; the demo for an empty workspace.
 */
public final class OverviewViewModel {
    static final int ATTENTION = 12;

    private final AppModel app;
    private final Latest load;
    private final ObjectProperty<EstateOverview> overview = new SimpleObjectProperty<>();
    private final ObjectProperty<RiskDashboard> dashboard = new SimpleObjectProperty<>();
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

    /** The risk figures read with the last overview; set just before it. */
    public ReadOnlyObjectProperty<RiskDashboard> dashboardProperty() {
        return dashboard;
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
        record Both(EstateOverview overview, RiskDashboard risk) {
        }
        load.submit(BackgroundTask.read("Reading the dashboard",
                () -> {
                    // the risk figures first: their refresh brings the running totals the overview counts from up to date
                    RiskDashboard risk = app.tightrope().risk().dashboard();
                    return new Both(app.tightrope().inventory().overview(ATTENTION), risk);
                }).onSuccess(b -> {
            loadError.set(null);
            dashboard.set(b.risk());
            overview.set(b.overview());
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

    /** Opens the inventory on the present assets matching {@code filter}. */
    public void showInInventory(AssetFilter filter) {
        app.showInInventory(filter);
    }

    /** Opens the inventory on the present assets with this risk. */
    public void showConcern(RiskConcern concern) {
        app.showInInventory(AssetFilter.all().withConcern(concern));
    }

    /** Opens the inventory on a team's assets with risk; {@code owner} null for the ones nobody owns. */
    public void showTeam(String owner) {
        AssetFilter f = AssetFilter.all().withConcern(RiskConcern.ANY);
        app.showInInventory(owner == null ? f.withUnowned(true) : f.withOwner(owner));
    }

    /** Opens the inventory on a source's assets with risk. */
    public void showSource(String source) {
        app.showInInventory(AssetFilter.all().withConcern(RiskConcern.ANY).withSource(source));
    }
}
