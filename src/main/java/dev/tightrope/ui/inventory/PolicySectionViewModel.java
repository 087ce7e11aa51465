package dev.tightrope.ui.inventory;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.GateResult;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.shell.AppModel;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The asset detail's "Promotion policy" section: the verdict of the workspace policy about the
 * release an asset is (its sha256 digest) at every stage, the default first, each rule with
 * why, from the same engine as the Approvals queue, {@code policy check} and {@code verify}.
 * Assets without a sha256 digest are no release: the section is empty for them.
 */
public final class PolicySectionViewModel {

    /** One stage's verdict. */
    public record StageVerdict(String stage, GateResult gate) {
    }

    /** The verdicts about one asset, the default stage first. */
    public record Verdicts(String urn, List<StageVerdict> stages) {
        public Verdicts {
            stages = List.copyOf(stages);
        }
    }

    private final Tightrope tightrope;
    private final Latest load;
    private final ObjectProperty<Verdicts> verdicts = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty();

    public PolicySectionViewModel(AppModel app) {
        this.tightrope = app.tightrope();
        this.load = new Latest(app.executor());
    }

    // Properties

    /** The verdicts about the asset shown, or null (none shown, no release, or still reading). */
    public ReadOnlyObjectProperty<Verdicts> verdictsProperty() {
        return verdicts;
    }

    /** Why the policy could not be evaluated (an unreadable policy file), or null. */
    public StringProperty errorProperty() {
        return error;
    }

    // Commands

    /** Evaluates the policy about {@code urn} (null: nothing shown) in the background. */
    public void show(String urn) {
        verdicts.set(null);
        error.set(null);
        if (urn == null) {
            load.cancel();
            return;
        }
        load.submit(BackgroundTask.read("Evaluating the promotion policy for " + urn, () -> {
            if (!tightrope.policy().judges(Urn.parse(urn))) {
                return (Verdicts) null;
            }
            return new Verdicts(urn, tightrope.policy().stages().stream()
                    .map(stage -> new StageVerdict(stage, tightrope.policy().check(urn, stage))).toList());
        }).onSuccess(verdicts::set).onFailure(e -> error.set(e.getMessage())));
    }
}
