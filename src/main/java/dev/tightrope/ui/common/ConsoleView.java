package dev.tightrope.ui.common;

import javafx.scene.Node;

/** A view of the console: built once, activated when shown (bind, refresh), deactivated when hidden (unbind). */
public interface ConsoleView {
    Node node();

    void activate();

    void deactivate();
}
