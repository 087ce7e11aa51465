package dev.tightrope.ui.common;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

/**
 * A view that reloads when it is shown and whenever the cache changes while it is showing; it
 * stops listening when hidden, so hidden views cost nothing.
 */
public abstract class RefreshingView implements ConsoleView {
    private final ObservableValue<Number> dataVersion;
    private final ChangeListener<Number> listener = (obs, old, v) -> refresh();

    protected RefreshingView(ObservableValue<Number> dataVersion) {
        this.dataVersion = dataVersion;
    }

    /** Reads what the view shows (in the background) and renders it. */
    protected abstract void refresh();

    @Override
    public void activate() {
        dataVersion.addListener(listener);
        refresh();
    }

    @Override
    public void deactivate() {
        dataVersion.removeListener(listener);
    }
}
