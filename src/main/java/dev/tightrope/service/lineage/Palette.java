package dev.tightrope.service.lineage;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Severity;

/**
 * The lineage view's colours (ARGB) for one theme. The kind colours are the same hue in both
 * themes, a shade apart, so a dataset is the same colour on the big screen and in a PDF.
 */
public record Palette(boolean dark, int background, int card, int cardBorder, int text, int muted, int edge, int accent,
                      int accentSoft, int warn, int danger, int ok, int groupCard) {

    public static final Palette LIGHT = new Palette(false, 0xFFF6F8FA, 0xFFFFFFFF, 0xFFD0D7DE, 0xFF1F2328, 0xFF656D76,
            0xFF8C959F, 0xFF0969DA, 0x330969DA, 0xFFBF8700, 0xFFCF222E, 0xFF1A7F37, 0xFFF6F8FA);
    public static final Palette DARK = new Palette(true, 0xFF0D1117, 0xFF161B22, 0xFF30363D, 0xFFE6EDF3, 0xFF8D96A0,
            0xFF6E7681, 0xFF4493F8, 0x444493F8, 0xFFD29922, 0xFFF85149, 0xFF3FB950, 0xFF1C2128);

    public int kind(AssetKind kind) {
        int light = switch (kind) {
            case MODEL -> 0xFF8250DF;
            case MODEL_VERSION -> 0xFF6639BA;
            case MODEL_ARTIFACT -> 0xFF953800;
            case DATASET -> 0xFF0969DA;
            case NOTEBOOK -> 0xFFBF8700;
            case TRAINING_RUN -> 0xFF1A7F37;
            case PIPELINE -> 0xFF116329;
            case PIPELINE_RUN -> 0xFF2DA44E;
            case BUILD_ARTIFACT -> 0xFF57606A;
            case CONTAINER_IMAGE -> 0xFF0550AE;
            case DEPLOYMENT -> 0xFFBC4C00;
            case MCP_SERVER -> 0xFFBF3989;
            case MACHINE -> 0xFF424A53;
            case AGENT -> 0xFF8C2F91;
            case AGENT_SKILL -> 0xFFA0457E;
            case AI_SDK -> 0xFF6E7781;
        };
        return dark ? lighten(light) : light;
    }

    public int severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> dark ? 0xFFFF7B72 : 0xFFA40E26;
            case HIGH -> danger;
            case MEDIUM -> warn;
            case LOW -> dark ? 0xFF79C0FF : 0xFF0969DA;
            case INFO -> muted;
        };
    }

    /** {@code argb} with its alpha scaled by {@code factor}: dimmed boxes and edges outside a highlight. */
    public static int fade(int argb, double factor) {
        int a = (int) Math.round(((argb >>> 24) & 0xFF) * factor);
        return (a << 24) | (argb & 0x00FFFFFF);
    }

    private static int lighten(int argb) {
        int r = (argb >> 16) & 0xFF;
        int g = (argb >> 8) & 0xFF;
        int b = argb & 0xFF;
        r = r + (255 - r) * 2 / 5;
        g = g + (255 - g) * 2 / 5;
        b = b + (255 - b) * 2 / 5;
        return 0xFF000000 | (r << 16) | (g << 8) | b;
    }
}
