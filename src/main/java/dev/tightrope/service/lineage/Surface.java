package dev.tightrope.service.lineage;

/**
 * What {@link LineagePainter} draws on, in graph coordinates: the console's canvas, an SVG file
 * and a PNG image all implement it, so an export is drawn by the same code as the screen.
 * Colours are ARGB; a fill or stroke of 0 (fully transparent) is not drawn.
 */
public interface Surface {

    void rect(double x, double y, double w, double h, double arc, int fill, int stroke, double strokeWidth, boolean dashed);

    void ellipse(double cx, double cy, double rx, double ry, int fill, int stroke, double strokeWidth);

    /** An open polyline through {@code points} (x0, y0, x1, y1, …). */
    void polyline(double[] points, int stroke, double strokeWidth, boolean dashed);

    /** A filled closed polygon through {@code points}. */
    void polygon(double[] points, int fill);

    /** Text with its baseline's left end at (x, y). */
    void text(String text, double x, double y, double size, boolean bold, int fill);
}
