package dev.tightrope.ui.common;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Severity;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The small coloured labels the console uses for kinds, severities and outcomes (styled in tightrope.css). */
public final class Badges {
    private Badges() {
    }

    public static Label kind(AssetKind kind) {
        return badge(kind.label(), "kind-badge", "kind-" + kind.token());
    }

    public static Label severity(Severity s) {
        return badge(s.token(), "severity-badge", "severity-" + s.token());
    }

    /** A status badge: {@code ok}, {@code warn}, {@code failed}, {@code running} or {@code muted}. */
    public static Label status(String text, String tone) {
        return badge(text, "status-badge", "status-" + tone);
    }

    private static Label badge(String text, String... styles) {
        Label l = new Label(text);
        l.getStyleClass().addAll(styles);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
