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

    /** A model scanner's verdict ({@code DANGEROUS}, {@code INVALID}, {@code SUSPICIOUS}, {@code SAFE}) coloured as the severity it carries, showing {@code text}. */
    public static Label verdict(String verdict, String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("severity-badge", switch (verdict) {
            case "DANGEROUS" -> "severity-critical";
            case "INVALID" -> "severity-high";
            case "SUSPICIOUS" -> "severity-medium";
            default -> "verdict-safe";
        });
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A status badge: {@code ok}, {@code warn}, {@code failed}, {@code running} or {@code muted}. */
    public static Label status(String text, String tone) {
        return badge(text, "status-badge", "status-" + tone);
    }

    /**
     * The width of the widest kind badge, for a column that must never cut one off. Measured
     * from the text at the console's font size plus the badge's padding (tightrope.css).
     */
    public static double widestKindBadge() {
        double widest = 0;
        for (AssetKind k : AssetKind.values()) {
            widest = Math.max(widest, textWidth(k.label(), 0.85, false));
        }
        return widest + BADGE_PADDING;
    }

    public static double widestSeverityBadge() {
        double widest = 0;
        for (Severity s : Severity.values()) {
            widest = Math.max(widest, textWidth(s.token(), 0.85, true));
        }
        return widest + BADGE_PADDING;
    }

    /** The widest sync status badge ("succeeded with problems"). */
    public static double widestStatusBadge() {
        return textWidth("succeeded with problems", 0.85, false) + BADGE_PADDING;
    }

    /** A badge's left and right padding (tightrope.css: 7 px each) plus a table cell's own padding. */
    private static final double BADGE_PADDING = 14 + 10;
    /** The theme's base font size (AtlantaFX Primer: 14 px); badges are 0.85 em of it. */
    private static final double BASE_FONT = 14;

    private static double textWidth(String text, double em, boolean bold) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                bold ? javafx.scene.text.FontWeight.BOLD : javafx.scene.text.FontWeight.NORMAL, BASE_FONT * em));
        return Math.ceil(t.getLayoutBounds().getWidth());
    }

    private static Label badge(String text, String... styles) {
        Label l = new Label(text);
        l.getStyleClass().addAll(styles);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
