package dev.tightrope.service.lineage;

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
        for (int j = 0; j < view.edges().size(); j++) {
            if (!scene.edgeMeets(j, minX, minY, maxX, maxY)) {
                continue;
            }
            GraphView.Edge e = view.edges().get(j);
            boolean on = marks.emphasisedEdges().contains(j);
            boolean hovered = marks.hoveredEdge() == j;
            int colour = on || hovered ? p.accent() : marks.highlighting() ? Palette.fade(p.edge(), DIM) : p.edge();
            double width = (on || hovered ? 2.5 : 1.2) * Math.max(px, zoom >= 1 ? 1 : px);
            double[] pts = visibleRun(layout.edgePoints()[j], minX, minY, maxX, maxY);
            if (pts == null) {
                continue;
            }
            s.polyline(pts, colour, width, e.gone() || e.type() == null);
            if (arrows && pts.length >= 4 && pts == layout.edgePoints()[j]) {
                arrow(s, pts, colour, Math.max(7, 7 * px * 0.6));
            }
        }
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
     * The part of a route that can be seen: the whole route when it all can (the usual case), else
     * the run from its first to its last segment meeting the rectangle, or null when none does. A long
     * edge across a big graph then costs a few segments, not its whole length, each frame.
     */
    private static double[] visibleRun(double[] pts, double minX, double minY, double maxX, double maxY) {
        int first = -1;
        int last = -1;
        for (int k = 0; k + 3 < pts.length; k += 2) {
            double x1 = pts[k];
            double y1 = pts[k + 1];
            double x2 = pts[k + 2];
            double y2 = pts[k + 3];
            if (Math.max(x1, x2) >= minX && Math.min(x1, x2) <= maxX && Math.max(y1, y2) >= minY && Math.min(y1, y2) <= maxY) {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        if (first < 0) {
            return null;
        }
        if (first == 0 && last == pts.length - 4) {
            return pts;
        }
        return java.util.Arrays.copyOfRange(pts, first, last + 4);
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

    private static void arrow(Surface s, double[] pts, int colour, double size) {
        int k = pts.length;
        double x2 = pts[k - 2];
        double y2 = pts[k - 1];
        double x1 = pts[k - 4];
        double y1 = pts[k - 3];
        double len = Math.hypot(x2 - x1, y2 - y1);
        if (len == 0) {
            return;
        }
        double ux = (x2 - x1) / len;
        double uy = (y2 - y1) / len;
        s.polygon(new double[] {x2, y2, x2 - ux * size - uy * size * 0.5, y2 - uy * size + ux * size * 0.5,
            x2 - ux * size + uy * size * 0.5, y2 - uy * size - ux * size * 0.5}, colour);
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
