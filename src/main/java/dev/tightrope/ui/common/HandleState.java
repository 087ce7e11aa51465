package dev.tightrope.ui.common;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;

/** What every {@link TaskHandle} shows: its title, lane, progress, message and state. */
abstract class HandleState implements TaskHandle {
    private final String title;
    private final Lane lane;
    final SimpleDoubleProperty progress = new SimpleDoubleProperty(-1);
    final SimpleStringProperty message = new SimpleStringProperty("");
    final SimpleObjectProperty<State> state;

    HandleState(String title, Lane lane, State initial) {
        this.title = title;
        this.lane = lane;
        this.state = new SimpleObjectProperty<>(initial);
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Lane lane() {
        return lane;
    }

    @Override
    public final ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    @Override
    public final ReadOnlyStringProperty messageProperty() {
        return message;
    }

    @Override
    public final ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    @Override
    public String toString() {
        return title + " (" + state.get() + ")";
    }
}
