package dev.tightrope.ui.inventory;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.Tightrope;
import dev.tightrope.service.compliance.ModelCompliance;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.shell.AppModel;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The compliance section of the asset detail: the selected model's controls, read in the background. */
public final class ComplianceViewModel {

    /** What the section shows for: models, their versions and files, and deployments (the model they run). */
    static final Set<AssetKind> KINDS = Set.of(AssetKind.MODEL, AssetKind.MODEL_VERSION, AssetKind.MODEL_ARTIFACT, AssetKind.DEPLOYMENT);

    private final Tightrope tightrope;
    private final Latest load;
    private final ObjectProperty<ModelCompliance> result = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty asked = new SimpleStringProperty();

    public ComplianceViewModel(AppModel app) {
        this.tightrope = app.tightrope();
        this.load = new Latest(app.executor());
    }

    // Properties

    /** The controls of the asset last shown; null while they are read, or when they cannot be. */
    public ReadOnlyObjectProperty<ModelCompliance> resultProperty() {
        return result;
    }

    /** Why the controls could not be assessed (a compliance.json that does not read, say); null when they could. */
    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** The URN last asked for. */
    public ReadOnlyStringProperty askedProperty() {
        return asked;
    }

    // Commands

    public static boolean shows(AssetKind kind) {
        return KINDS.contains(kind);
    }

    /**
     * Assesses {@code urn} (a model, version, file or deployment); null or another kind clears the
     * section. The same asset again keeps its controls on show until the new ones arrive.
     */
    public void show(String urn) {
        if (urn == null || !urn.equals(asked.get())) {
            result.set(null);
        }
        asked.set(urn);
        error.set(null);
        if (urn == null || !shows(Urn.parse(urn).kind())) {
            load.cancel();
            return;
        }
        load.submit(BackgroundTask.read("Checking the controls of " + urn, () -> tightrope.compliance().assess(Urn.parse(urn)))
                .onSuccess(result::set)
                .onFailure(e -> error.set(e.getMessage() == null ? e.toString() : e.getMessage())));
    }
}
