package dev.tightrope.ui.lineage;

import dev.tightrope.service.lineage.Surface;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/** The painter's surface on a JavaFX canvas: the same drawing as the SVG and PNG exports. */
final class FxSurface implements Surface {
    private final GraphicsContext g;
    private final Map<Integer, Color> colours = new HashMap<>();
    private final Map<Long, Font> fonts = new HashMap<>();

    FxSurface(GraphicsContext g) {
        this.g = g;
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
    }

    @Override
    public void rect(double x, double y, double w, double h, double arc, int fill, int stroke, double strokeWidth, boolean dashed) {
        if (fill != 0) {
            g.setFill(colour(fill));
            if (arc > 0) {
                g.fillRoundRect(x, y, w, h, arc * 2, arc * 2);
            } else {
                g.fillRect(x, y, w, h);
            }
        }
        if (stroke != 0 && strokeWidth > 0) {
            stroke(stroke, strokeWidth, dashed);
            if (arc > 0) {
                g.strokeRoundRect(x, y, w, h, arc * 2, arc * 2);
            } else {
                g.strokeRect(x, y, w, h);
            }
            g.setLineDashes();
        }
    }

    @Override
    public void ellipse(double cx, double cy, double rx, double ry, int fill, int stroke, double strokeWidth) {
        if (fill != 0) {
            g.setFill(colour(fill));
            g.fillOval(cx - rx, cy - ry, 2 * rx, 2 * ry);
        }
        if (stroke != 0 && strokeWidth > 0) {
            stroke(stroke, strokeWidth, false);
            g.strokeOval(cx - rx, cy - ry, 2 * rx, 2 * ry);
        }
    }

    @Override
    public void polyline(double[] points, int stroke, double strokeWidth, boolean dashed) {
        if (points.length < 4) {
            return;
        }
        stroke(stroke, strokeWidth, dashed);
        g.beginPath();
        g.moveTo(points[0], points[1]);
        for (int i = 2; i + 1 < points.length; i += 2) {
            g.lineTo(points[i], points[i + 1]);
        }
        g.stroke();
        if (dashed) {
            g.setLineDashes();
        }
    }

    @Override
    public void polygon(double[] points, int fill) {
        g.setFill(colour(fill));
        g.beginPath();
        g.moveTo(points[0], points[1]);
        for (int i = 2; i + 1 < points.length; i += 2) {
            g.lineTo(points[i], points[i + 1]);
        }
        g.closePath();
        g.fill();
    }

    @Override
    public void text(String text, double x, double y, double size, boolean bold, int fill) {
        long key = Double.doubleToLongBits(size) ^ (bold ? 1 : 0);
        g.setFont(fonts.computeIfAbsent(key, k -> Font.font("System", bold ? FontWeight.BOLD : FontWeight.NORMAL, size)));
        g.setFill(colour(fill));
        g.fillText(text, x, y);
    }

    private void stroke(int argb, double width, boolean dashed) {
        g.setStroke(colour(argb));
        g.setLineWidth(width);
        if (dashed) {
            g.setLineDashes(width * 4, width * 3);
        }
    }

    private Color colour(int argb) {
        return colours.computeIfAbsent(argb, c -> Color.rgb((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, ((c >>> 24) & 0xFF) / 255.0));
    }
}
