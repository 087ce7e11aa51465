package dev.tightrope.ui;

import dev.tightrope.ui.common.UiPreferences;
import dev.tightrope.ui.shell.AppModel;
import javafx.animation.PauseTransition;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Saves window size, theme and view as they change (half a second after a resize settles), so
 * they survive however the app ends, SIGTERM and a crash included: nothing waits for a clean exit.
 */
final class WindowPreferences {
    static final Duration SETTLE = Duration.millis(500);

    private final UiPreferences preferences;
    private final Stage stage;
    private final AppModel model;

    private WindowPreferences(UiPreferences preferences, Stage stage, AppModel model) {
        this.preferences = preferences;
        this.stage = stage;
        this.model = model;
    }

    /** Starts saving {@code stage}'s size and {@code model}'s theme and view into {@code preferences} as they change. */
    static WindowPreferences keep(UiPreferences preferences, Stage stage, AppModel model) {
        WindowPreferences kept = new WindowPreferences(preferences, stage, model);
        PauseTransition settle = new PauseTransition(SETTLE);
        settle.setOnFinished(e -> kept.save());
        stage.widthProperty().addListener((obs, old, w) -> settle.playFromStart());
        stage.heightProperty().addListener((obs, old, h) -> settle.playFromStart());
        model.darkThemeProperty().addListener((obs, old, dark) -> kept.save());
        model.viewProperty().addListener((obs, old, v) -> kept.save());
        return kept;
    }

    void save() {
        if (stage.getWidth() > 0 && stage.getHeight() > 0 && !stage.isMaximized() && !stage.isFullScreen()) {
            preferences.put("window.width", stage.getWidth());
            preferences.put("window.height", stage.getHeight());
        }
        preferences.put("view.last", model.viewProperty().get().name());
        preferences.put("theme.dark", model.darkThemeProperty().get());
        preferences.save();
    }
}
