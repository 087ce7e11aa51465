package dev.tightrope.service.lineage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Draws a laid-out lineage graph on a {@link Surface}: the console's canvas each frame, and the
 * PNG and SVG exports once. Only what meets the visible rectangle is drawn, and detail follows
 * the zoom (level of detail): below {@link #OUTLINE_ZOOM} boxes are coloured tiles and edges bare
 * lines; up to {@link #DETAIL_ZOOM} boxes carry their name; above it the kind's icon, owner,
 * findings badge, approval state and arrowheads.
 */
public final class LineagePainter {
    /** Below this zoom boxes are tiles without text. */
    public static final double OUTLINE_ZOOM = 0.3;
    /** From this zoom on, everything is drawn. */
    public static final double DETAIL_ZOOM = 0.55;

    private static final double W = Layout.NODE_WIDTH;
    private static final double H = Layout.NODE_HEIGHT;
    private static final double DIM = 0.22;
    /** How many edges may cross the window without either end on it before only the boxes' own edges are drawn. */
    static final int MAX_PASSING_EDGES = 150;
    /** Average advance of a character in ems, on the wide side (DejaVu Sans), so cut text fits in every backend's font. */
    private static final double BOLD_EM = 0.63;
    private static final double REGULAR_EM = 0.56;

    private LineagePainter() {
    }

    /**
     * Paints what meets the world rectangle ({@code minX}, {@code minY})–({@code maxX}, {@code maxY})
     * at {@code zoom} screen pixels per graph unit. Returns how many boxes were drawn.
     */
    public static int paint(Surface s, SceneIndex scene, Palette p, Marks marks, double minX, double minY, double maxX, double maxY,
                            double zoom) {
        return paint(s, scene, p, marks, minX, minY, maxX, maxY, zoom, false);
    }

    /** As above; {@code tilesOnly} draws every box as a tile whatever the zoom (the minimap). */
    public static int paint(Surface s, SceneIndex scene, Palette p, Marks marks, double minX, double minY, double maxX, double maxY,
                            double zoom, boolean tilesOnly) {
        Layout layout = scene.layout();
        GraphView view = layout.view();
        double px = 1 / zoom;
        boolean arrows = zoom >= OUTLINE_ZOOM && !tilesOnly;
        // Edges that only pass through the window (neither end on screen) are drawn while they are
        // few; in a dense part of a big graph hundreds of them cross it, and they say nothing a
        // reader can follow: then only the edges of the boxes on screen are drawn.
        int passing = 0;
        for (int j = 0; j < view.edges().size() && passing <= MAX_PASSING_EDGES; j++) {
            if (scene.edgeMeets(j, minX, minY, maxX, maxY) && !scene.edgeEndMeets(j, minX, minY, maxX, maxY)) {
                passing++;
            }
        }
        boolean ownEdgesOnly = passing > MAX_PASSING_EDGES && !tilesOnly;
        // edges by style (colour, width, dash), so that highlighted ones are drawn over the rest
        Map<Long, List<double[]>> lines = new HashMap<>();
        Map<Integer, List<double[]>> heads = new HashMap<>();
        Map<Long, double[]> styles = new HashMap<>();
        for (int j = 0; j < view.edges().size(); j++) {
            if (!scene.edgeMeets(j, minX, minY, maxX, maxY)
                    || ownEdgesOnly && !scene.edgeEndMeets(j, minX, minY, maxX, maxY) && !marks.emphasisedEdges().contains(j)) {
                continue;
            }
            GraphView.Edge e = view.edges().get(j);
            boolean on = marks.emphasisedEdges().contains(j);
            boolean hovered = marks.hoveredEdge() == j;
            int colour = on || hovered ? p.accent() : marks.highlighting() ? Palette.fade(p.edge(), DIM) : p.edge();
            double width = (on || hovered ? 2.5 : 1.2) * Math.max(px, zoom >= 1 ? 1 : px);
            boolean dashed = e.gone() || e.type() == null;
            double[] route = layout.edgePoints()[j];
            // a margin so that strokes and arrowheads at the screen's edge are not cut
            double m = 12 * px;
            List<double[]> runs = visibleRuns(route, minX - m, minY - m, maxX + m, maxY + m);
            if (runs.isEmpty()) {
                continue;
            }
            long style = ((long) colour << 32) ^ (Double.doubleToLongBits(width) >>> 1 & 0x7FFF_FFFEL) ^ (dashed ? 1 : 0);
            styles.putIfAbsent(style, new double[] {colour, width, dashed ? 1 : 0});
            lines.computeIfAbsent(style, k -> new ArrayList<>()).addAll(runs);
            if (arrows && route.length >= 4 && runs.size() == 1 && runs.get(0) == route) {
                heads.computeIfAbsent(colour, k -> new ArrayList<>()).add(arrow(route, Math.max(7, 7 * px * 0.6)));
            }
        }
        // plain edges first, highlighted ones over them
        List<Long> order = new ArrayList<>(lines.keySet());
        order.sort(Comparator.comparingDouble((Long k) -> styles.get(k)[1]).thenComparing(k -> k));
        for (long style : order) {
            double[] st = styles.get(style);
            for (double[] run : lines.get(style)) {
                s.polyline(run, (int) (long) st[0], st[1], st[2] != 0);
            }
        }
        heads.forEach((colour, shapes) -> shapes.forEach(shape -> s.polygon(shape, colour)));
        int drawn = 0;
        for (int i = 0; i < view.nodes().size(); i++) {
            if (!scene.nodeMeets(i, minX, minY, maxX, maxY)) {
                continue;
            }
            drawn++;
            GraphView.Node n = view.nodes().get(i);
            boolean faded = marks.highlighting() && !marks.emphasised().contains(n.id());
            double x = layout.x()[i];
            double y = layout.y()[i];
            if (zoom < OUTLINE_ZOOM || tilesOnly) {
                tile(s, p, n, x, y, faded, marks, px);
            } else {
                box(s, p, n, x, y, faded, marks, zoom >= DETAIL_ZOOM, px);
            }
        }
        return drawn;
    }

    /**
     * The parts of a route inside the rectangle, each segment clipped to it (Liang–Barsky): a long
     * edge across a big graph costs the few pixels it crosses the screen with, not its whole
     * length, and a diagonal whose bounding box meets the screen but which does not is not drawn.
     * The route itself when it lies wholly inside (the usual case), else its visible runs.
     */
    static List<double[]> visibleRuns(double[] pts, double minX, double minY, double maxX, double maxY) {
        boolean inside = true;
        for (int k = 0; k + 1 < pts.length && inside; k += 2) {
            inside = pts[k] >= minX && pts[k] <= maxX && pts[k + 1] >= minY && pts[k + 1] <= maxY;
        }
        if (inside) {
            return List.of(pts);
        }
        List<double[]> runs = new ArrayList<>(2);
        double[] run = new double[pts.length + 2];
        int used = 0;
        double[] c = new double[4];
        for (int k = 0; k + 3 < pts.length; k += 2) {
            if (!clip(pts[k], pts[k + 1], pts[k + 2], pts[k + 3], minX, minY, maxX, maxY, c)) {
                used = flush(runs, run, used);
                continue;
            }
            boolean continues = used >= 2 && run[used - 2] == c[0] && run[used - 1] == c[1];
            if (!continues) {
                used = flush(runs, run, used);
                run[used++] = c[0];
                run[used++] = c[1];
            }
            if (used + 2 > run.length) {
                run = Arrays.copyOf(run, run.length * 2);
            }
            run[used++] = c[2];
            run[used++] = c[3];
        }
        flush(runs, run, used);
        return runs;
    }

    private static int flush(List<double[]> runs, double[] run, int used) {
        if (used >= 4) {
            runs.add(Arrays.copyOf(run, used));
        }
        return 0;
    }

    /** Clips the segment to the rectangle into {@code out} (x1, y1, x2, y2); false when none of it is inside. */
    private static boolean clip(double x1, double y1, double x2, double y2, double minX, double minY, double maxX, double maxY,
                                double[] out) {
        double t0 = 0;
        double t1 = 1;
        double dx = x2 - x1;
        double dy = y2 - y1;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {x1 - minX, maxX - x1, y1 - minY, maxY - y1};
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return false;
                }
            } else {
                double r = q[i] / p[i];
                if (p[i] < 0) {
                    t0 = Math.max(t0, r);
                } else {
                    t1 = Math.min(t1, r);
                }
                if (t0 > t1) {
                    return false;
                }
            }
        }
        out[0] = x1 + t0 * dx;
        out[1] = y1 + t0 * dy;
        out[2] = x1 + t1 * dx;
        out[3] = y1 + t1 * dy;
        return true;
    }

    private static void tile(Surface s, Palette p, GraphView.Node n, double x, double y, boolean faded, Marks marks, double px) {
        int fill = p.kind(n.kind());
        if (n.gone()) {
            fill = Palette.fade(fill, 0.4);
        }
        boolean selected = n.id().equals(marks.selected());
        s.rect(x, y, W, H, 10, faded ? Palette.fade(fill, DIM) : fill, selected || marks.matches().contains(n.id()) ? p.accent() : 0,
                selected ? 6 * px : 3 * px, false);
        if (n.worst() != null) {
            s.ellipse(x + W - 14, y + 14, 12, 12, faded ? Palette.fade(p.severity(n.worst()), DIM) : p.severity(n.worst()), p.card(), 2);
        }
    }

    private static void box(Surface s, Palette p, GraphView.Node n, double x, double y, boolean faded, Marks marks, boolean detail,
                            double px) {
        double f = faded ? DIM : 1;
        boolean selected = n.id().equals(marks.selected());
        boolean hovered = n.id().equals(marks.hoveredNode());
        boolean matched = marks.matches().contains(n.id());
        int kindColour = Palette.fade(p.kind(n.kind()), f * (n.gone() ? 0.5 : 1));
        int border = selected ? p.accent() : matched ? p.warn() : hovered ? p.muted() : p.cardBorder();
        double borderWidth = selected || matched ? Math.max(2.5, 2 * px) : Math.max(1, px);
        if (n.isGroup()) {
            s.rect(x + 8, y - 8, W - 8, H, 8, Palette.fade(p.groupCard(), f), Palette.fade(p.cardBorder(), f), Math.max(1, px), false);
            s.rect(x + 4, y - 4, W - 4, H, 8, Palette.fade(p.groupCard(), f), Palette.fade(p.cardBorder(), f), Math.max(1, px), false);
        }
        s.rect(x, y, W, H, 8, Palette.fade(n.isGroup() ? p.groupCard() : p.card(), f), Palette.fade(border, f), borderWidth, n.gone());
        s.rect(x, y, 5, H, 2, kindColour, 0, 0, false);
        int textColour = Palette.fade(n.gone() ? p.muted() : p.text(), f);
        if (!detail) {
            s.text(fit(n.name(), W - 24, 17, true), x + 14, y + H / 2 + 6, 17, true, textColour);
            if (n.worst() != null) {
                s.ellipse(x + W - 12, y + 12, 7, 7, Palette.fade(p.severity(n.worst()), f), 0, 0);
            }
            return;
        }
        KindIcons.draw(s, n.kind(), x + 14, y + 11, 18, kindColour);
        double right = W - 12;
        if (n.findings() > 0 && n.worst() != null) {
            String count = n.findings() > 99 ? "99+" : Integer.toString(n.findings());
            double bw = Math.max(20, 10 + fitWidth(count, 11.5, true));
            s.rect(x + W - 10 - bw, y + 9, bw, 18, 9, Palette.fade(p.severity(n.worst()), f), 0, 0, false);
            s.text(count, x + W - 10 - bw / 2 - fitWidth(count, 11.5, true) / 2, y + 22.5, 11.5, true, Palette.fade(0xFFFFFFFF, f));
            right = W - 16 - bw;
        }
        s.text(fit(n.name(), right - 40, 13, true), x + 40, y + 24, 13, true, textColour);
        String second;
        int secondColour;
        if (n.isGroup()) {
            second = "grouped · double-click to show all";
            secondColour = p.muted();
        } else if (n.owners().isEmpty()) {
            second = n.kind().label() + " · no owner";
            secondColour = p.warn();
        } else {
            second = n.kind().label() + " · " + n.owners();
            secondColour = p.muted();
        }
        double secondRight = W - 12;
        String state = stateLabel(n);
        if (state != null) {
            secondRight = W - 16 - fitWidth(state, 10.5, true) - 10;
        }
        s.text(fit(second, secondRight - 40, 11, false), x + 40, y + 44, 11, false, Palette.fade(secondColour, f));
        if (state != null) {
            int colour = switch (n.approval()) {
                case APPROVED -> p.ok();
                case REJECTED -> p.danger();
                case NOT_APPROVED -> p.warn();
                case NONE -> p.muted();
            };
            double sw = fitWidth(state, 10.5, true) + 10;
            s.rect(x + W - 10 - sw, y + 32, sw, 16, 8, 0, Palette.fade(colour, f), 1, false);
            s.text(state, x + W - 5 - sw, y + 44, 10.5, true, Palette.fade(colour, f));
        }
    }

    /** The pill on a box: "gone" first, then the release's approval state. */
    private static String stateLabel(GraphView.Node n) {
        if (n.gone()) {
            return "gone";
        }
        return switch (n.approval()) {
            case APPROVED -> "approved";
            case NOT_APPROVED -> "not approved";
            case REJECTED -> "rejected";
            case NONE -> null;
        };
    }

    /** The arrowhead at a route's end, pointing along its last segment. */
    private static double[] arrow(double[] pts, double size) {
        int k = pts.length;
        double x2 = pts[k - 2];
        double y2 = pts[k - 1];
        double x1 = pts[k - 4];
        double y1 = pts[k - 3];
        double len = Math.hypot(x2 - x1, y2 - y1);
        double ux = len == 0 ? 1 : (x2 - x1) / len;
        double uy = len == 0 ? 0 : (y2 - y1) / len;
        return new double[] {x2, y2, x2 - ux * size - uy * size * 0.5, y2 - uy * size + ux * size * 0.5,
            x2 - ux * size + uy * size * 0.5, y2 - uy * size - ux * size * 0.5};
    }

    /** The text cut to about {@code width} units at {@code size}, with an ellipsis: the same everywhere it is drawn. */
    static String fit(String text, double width, double size, boolean bold) {
        if (fitWidth(text, size, bold) <= width) {
            return text;
        }
        double per = size * (bold ? BOLD_EM : REGULAR_EM);
        int keep = Math.max(1, (int) (width / per) - 1);
        return keep >= text.length() ? text : text.substring(0, keep) + "…";
    }

    static double fitWidth(String text, double size, boolean bold) {
        return text.length() * size * (bold ? BOLD_EM : REGULAR_EM);
    }

    /** A one-line description of a box for tooltips and screen readers. */
    public static String describe(GraphView.Node n) {
        StringBuilder sb = new StringBuilder(n.name()).append(" (").append(n.kind().label().toLowerCase(Locale.ROOT)).append(')');
        if (!n.isGroup()) {
            sb.append(n.owners().isEmpty() ? ", no owner" : ", owned by " + n.owners());
            if (n.worst() != null) {
                sb.append(", ").append(n.findings()).append(n.findings() == 1 ? " open finding" : " open findings").append(", worst ")
                        .append(n.worst().token());
            }
            String state = stateLabel(n);
            if (state != null) {
                sb.append(", ").append(state);
            }
            if (!n.source().isEmpty()) {
                sb.append(", from ").append(n.source());
            }
        }
        return sb.toString();
    }
}
