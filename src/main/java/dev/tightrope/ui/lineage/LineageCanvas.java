package dev.tightrope.ui.lineage;

import dev.tightrope.service.lineage.Layout;
import dev.tightrope.service.lineage.LineagePainter;
import dev.tightrope.service.lineage.Marks;
import dev.tightrope.service.lineage.Palette;
import dev.tightrope.service.lineage.SceneIndex;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The lineage drawn on one canvas, not one scene-graph node per asset: a camera (zoom and
 * offset), viewport culling and level of detail by {@link LineagePainter}, redrawn at most once a
 * pulse when something changed. A minimap in the corner shows the whole graph and where the
 * viewport is; click or drag it to move there.
 */
final class LineageCanvas extends Region {
    static final double MIN_ZOOM = 0.002;
    static final double MAX_ZOOM = 3;
    private static final double MINIMAP_W = 200;
    private static final double MINIMAP_H = 120;

    private final Canvas canvas = new Canvas();
    private final Canvas minimap = new Canvas(MINIMAP_W, MINIMAP_H);
    /** The viewport's rectangle over the minimap: redrawn every frame, the minimap itself only when the graph changes. */
    private final Canvas minimapFrame = new Canvas(MINIMAP_W, MINIMAP_H);
    private final FxSurface surface = new FxSurface(canvas.getGraphicsContext2D());
    private final FxSurface minimapSurface = new FxSurface(minimap.getGraphicsContext2D());
    private SceneIndex scene;
    private Marks marks = Marks.NONE;
    private Palette palette = Palette.LIGHT;
    private double zoom = 1;
    private double offsetX;
    private double offsetY;
    private boolean dirty = true;
    private boolean minimapDirty = true;
    private double dragX;
    private double dragY;
    private boolean dragged;
    private long lastFrameNanos;
    private double mouseX;
    private double mouseY;
    private int lastDrawn;

    private Consumer<String> onSelect = id -> { };
    private Consumer<String> onActivate = id -> { };
    private BiConsumer<Integer, String> onHover = (edge, node) -> { };
    private ContextRequest onContext = (id, x, y) -> { };

    /** A right-click on a box ({@code id}, null on empty space) at screen coordinates. */
    @FunctionalInterface
    interface ContextRequest {
        void at(String id, double screenX, double screenY);
    }

    private final AnimationTimer pulse = new AnimationTimer() {
        @Override
        public void handle(long now) {
            if (dirty) {
                paint();
            }
        }
    };

    LineageCanvas() {
        getStyleClass().add("lineage-canvas");
        setId("lineage-canvas");
        setFocusTraversable(true);
        minimap.setId("lineage-minimap");
        minimap.getStyleClass().add("lineage-minimap");
        minimap.setMouseTransparent(true);
        getChildren().addAll(canvas, minimap, minimapFrame);
        setMinSize(200, 160);
        addEventHandler(ScrollEvent.SCROLL, e -> {
            double factor = Math.pow(1.003, e.getDeltaY());
            zoomAt(e.getX(), e.getY(), factor);
            e.consume();
        });
        canvas.setOnMousePressed(e -> {
            requestFocus();
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
        });
        canvas.setOnMouseDragged(e -> {
            if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.MIDDLE) {
                offsetX += e.getX() - dragX;
                offsetY += e.getY() - dragY;
                dragged |= Math.abs(e.getX() - dragX) + Math.abs(e.getY() - dragY) > 2;
                dragX = e.getX();
                dragY = e.getY();
                invalidate(false);
            }
        });
        canvas.setOnMouseClicked(this::clicked);
        canvas.setOnMouseMoved(e -> {
            mouseX = e.getX();
            mouseY = e.getY();
            hover(e.getX(), e.getY());
        });
        canvas.setOnMouseExited(e -> onHover.accept(-1, null));
        canvas.setOnContextMenuRequested(e -> {
            String id = nodeIdAt(e.getX(), e.getY());
            if (id != null) {
                onSelect.accept(id);
            }
            onContext.at(id, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        minimapFrame.setOnMousePressed(this::minimapMove);
        minimapFrame.setOnMouseDragged(this::minimapMove);
        sceneProperty().addListener((obs, old, s) -> {
            if (s == null) {
                pulse.stop();
            } else {
                pulse.start();
            }
        });
    }

    void onSelect(Consumer<String> handler) {
        onSelect = handler;
    }

    void onActivate(Consumer<String> handler) {
        onActivate = handler;
    }

    void onHover(BiConsumer<Integer, String> handler) {
        onHover = handler;
    }

    void onContext(ContextRequest handler) {
        onContext = handler;
    }

    /** Shows a new graph; the camera fits it when {@code fit}, else keeps the box {@code keep} where it was. */
    void show(SceneIndex next, String keep) {
        Point2D anchor = null;
        if (scene != null && keep != null) {
            int i = scene.layout().indexOf(keep);
            if (i >= 0) {
                anchor = toScreen(scene.layout().x()[i], scene.layout().y()[i]);
            }
        }
        scene = next;
        if (next == null) {
            invalidate(true);
            return;
        }
        int j = keep == null ? -1 : next.layout().indexOf(keep);
        if (anchor != null && j >= 0) {
            offsetX = anchor.getX() - next.layout().x()[j] * zoom;
            offsetY = anchor.getY() - next.layout().y()[j] * zoom;
        } else {
            fit();
        }
        invalidate(true);
    }

    void marks(Marks m) {
        boolean minimapToo = m.highlighting() != marks.highlighting() || !m.emphasised().equals(marks.emphasised());
        marks = m;
        invalidate(minimapToo);
    }

    void palette(Palette p) {
        palette = p;
        invalidate(true);
    }

    /** Zoom to fit the whole graph, never above 100%. */
    void fit() {
        if (scene == null || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        Layout l = scene.layout();
        double z = Math.min((getWidth() - 48) / Math.max(1, l.width()), (getHeight() - 48) / Math.max(1, l.height()));
        zoom = clamp(Math.min(1, z));
        offsetX = (getWidth() - l.width() * zoom) / 2;
        offsetY = (getHeight() - l.height() * zoom) / 2;
        invalidate(false);
    }

    /** Centres a box, zooming in to read it when the graph is zoomed far out. */
    void focus(String id, boolean zoomIn) {
        if (scene == null || id == null) {
            return;
        }
        int i = scene.layout().indexOf(id);
        if (i < 0) {
            return;
        }
        if (zoomIn && zoom < 0.8) {
            zoom = 1;
        }
        double cx = scene.layout().x()[i] + Layout.NODE_WIDTH / 2;
        double cy = scene.layout().y()[i] + Layout.NODE_HEIGHT / 2;
        offsetX = getWidth() / 2 - cx * zoom;
        offsetY = getHeight() / 2 - cy * zoom;
        invalidate(false);
    }

    /** Brings a box into sight only when it is not already. */
    void reveal(String id) {
        if (scene == null || id == null) {
            return;
        }
        int i = scene.layout().indexOf(id);
        if (i < 0) {
            return;
        }
        Point2D p = toScreen(scene.layout().x()[i], scene.layout().y()[i]);
        if (p.getX() < 0 || p.getY() < 0 || p.getX() + Layout.NODE_WIDTH * zoom > getWidth() || p.getY() + Layout.NODE_HEIGHT * zoom > getHeight()) {
            focus(id, false);
        }
    }

    void zoomBy(double factor) {
        zoomAt(getWidth() / 2, getHeight() / 2, factor);
    }

    void pan(double dx, double dy) {
        offsetX += dx;
        offsetY += dy;
        invalidate(false);
    }

    private void zoomAt(double sx, double sy, double factor) {
        double next = clamp(zoom * factor);
        double wx = (sx - offsetX) / zoom;
        double wy = (sy - offsetY) / zoom;
        zoom = next;
        offsetX = sx - wx * zoom;
        offsetY = sy - wy * zoom;
        invalidate(false);
    }

    private static double clamp(double z) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
    }

    private void invalidate(boolean minimapToo) {
        dirty = true;
        minimapDirty |= minimapToo;
    }

    /** Draws one frame now and returns how long it took in nanoseconds (the benchmark's frame time). */
    long paint() {
        long start = System.nanoTime();
        dirty = false;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.setFill(Color.rgb((palette.background() >> 16) & 0xFF, (palette.background() >> 8) & 0xFF, palette.background() & 0xFF));
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (scene != null) {
            g.setTransform(zoom, 0, 0, zoom, offsetX, offsetY);
            double minX = -offsetX / zoom;
            double minY = -offsetY / zoom;
            lastDrawn = LineagePainter.paint(surface, scene, palette, marks, minX, minY, minX + canvas.getWidth() / zoom,
                    minY + canvas.getHeight() / zoom, zoom);
            g.setTransform(1, 0, 0, 1, 0, 0);
        }
        paintMinimap();
        lastFrameNanos = System.nanoTime() - start;
        return lastFrameNanos;
    }

    double mouseX() {
        return mouseX;
    }

    double mouseY() {
        return mouseY;
    }

    /** How many boxes the last frame drew (the rest were culled). */
    int lastDrawn() {
        return lastDrawn;
    }

    private void paintMinimap() {
        // the minimap helps only when the graph does not fit the viewport
        boolean show = scene != null && (scene.layout().width() * zoom > getWidth() || scene.layout().height() * zoom > getHeight()
                || offsetX < 0 || offsetY < 0 || offsetX + scene.layout().width() * zoom > getWidth()
                || offsetY + scene.layout().height() * zoom > getHeight());
        minimap.setVisible(show);
        minimapFrame.setVisible(show);
        if (!show) {
            return;
        }
        Layout l = scene.layout();
        double k = Math.min((MINIMAP_W - 8) / Math.max(1, l.width()), (MINIMAP_H - 8) / Math.max(1, l.height()));
        double ox = (MINIMAP_W - l.width() * k) / 2;
        double oy = (MINIMAP_H - l.height() * k) / 2;
        if (minimapDirty) {
            GraphicsContext m = minimap.getGraphicsContext2D();
            m.setTransform(1, 0, 0, 1, 0, 0);
            m.clearRect(0, 0, MINIMAP_W, MINIMAP_H);
            m.setFill(Color.rgb((palette.card() >> 16) & 0xFF, (palette.card() >> 8) & 0xFF, palette.card() & 0xFF, 0.92));
            m.fillRoundRect(0, 0, MINIMAP_W, MINIMAP_H, 8, 8);
            m.setTransform(k, 0, 0, k, ox, oy);
            LineagePainter.paint(minimapSurface, scene, palette, marks, 0, 0, l.width(), l.height(), k, true);
            m.setTransform(1, 0, 0, 1, 0, 0);
        }
        GraphicsContext g = minimapFrame.getGraphicsContext2D();
        g.clearRect(0, 0, MINIMAP_W, MINIMAP_H);
        double vx = ox + (-offsetX / zoom) * k;
        double vy = oy + (-offsetY / zoom) * k;
        g.setStroke(Color.rgb((palette.accent() >> 16) & 0xFF, (palette.accent() >> 8) & 0xFF, palette.accent() & 0xFF));
        g.setLineWidth(1.5);
        g.strokeRect(vx, vy, getWidth() / zoom * k, getHeight() / zoom * k);
        minimapDirty = false;
    }

    private void minimapMove(MouseEvent e) {
        if (scene == null) {
            return;
        }
        Layout l = scene.layout();
        double k = Math.min((MINIMAP_W - 8) / Math.max(1, l.width()), (MINIMAP_H - 8) / Math.max(1, l.height()));
        double ox = (MINIMAP_W - l.width() * k) / 2;
        double oy = (MINIMAP_H - l.height() * k) / 2;
        double wx = (e.getX() - ox) / k;
        double wy = (e.getY() - oy) / k;
        offsetX = getWidth() / 2 - wx * zoom;
        offsetY = getHeight() / 2 - wy * zoom;
        invalidate(false);
        e.consume();
    }

    private void clicked(MouseEvent e) {
        if (dragged || e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        String id = nodeIdAt(e.getX(), e.getY());
        if (e.getClickCount() >= 2 && id != null) {
            onActivate.accept(id);
        } else {
            onSelect.accept(id);
        }
    }

    private void hover(double sx, double sy) {
        if (scene == null) {
            return;
        }
        double wx = (sx - offsetX) / zoom;
        double wy = (sy - offsetY) / zoom;
        int node = scene.nodeAt(wx, wy);
        int edge = node >= 0 ? -1 : scene.edgeAt(wx, wy, 5 / zoom);
        onHover.accept(edge, node >= 0 ? scene.layout().view().nodes().get(node).id() : null);
    }

    /** The id of the box at a point of this control, or null. */
    String nodeIdAt(double sx, double sy) {
        if (scene == null) {
            return null;
        }
        int i = scene.nodeAt((sx - offsetX) / zoom, (sy - offsetY) / zoom);
        return i < 0 ? null : scene.layout().view().nodes().get(i).id();
    }

    /** Where a graph point is on this control. */
    Point2D toScreen(double wx, double wy) {
        return new Point2D(wx * zoom + offsetX, wy * zoom + offsetY);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            boolean first = canvas.getWidth() == 0;
            canvas.setWidth(w);
            canvas.setHeight(h);
            if (first) {
                fit();
            }
            invalidate(false);
        }
        minimap.relocate(w - MINIMAP_W - 12, h - MINIMAP_H - 12);
        minimapFrame.relocate(w - MINIMAP_W - 12, h - MINIMAP_H - 12);
    }
}
