package dev.tightrope.ui.lineage;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.ImpactSet;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.LineageGraph.Direction;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.LineageService;
import dev.tightrope.service.LineageViewService;
import dev.tightrope.service.lineage.ExportFormat;
import dev.tightrope.service.lineage.GraphView;
import dev.tightrope.service.lineage.Layout;
import dev.tightrope.service.lineage.Marks;
import dev.tightrope.service.lineage.Palette;
import dev.tightrope.service.lineage.SceneIndex;
import dev.tightrope.service.lineage.ViewOptions;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Errors;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.UiExecutor;
import dev.tightrope.ui.shell.AppModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The lineage explorer's state and commands, without a toolkit: which asset is the root, how far
 * out and what is shown (depth, expanded and collapsed boxes, open groups, filters), the laid-out
 * scene, the selection and the highlight (an impact set or a path), and exports of what is shown.
 * Loading, layout and exports run in the background; the latest request wins.
 */
public final class LineageViewModel {

    /** What the highlight shows. */
    public enum Mode {
        NONE,
        IMPACT,
        PATH
    }

    public static final int MAX_DEPTH = 12;

    private final LineageService lineage;
    private final LineageViewService views;
    private final UiExecutor executor;
    private final NotificationCenter notifications;
    private final Consumer<String> openDetail;
    private final Latest loads;
    private final Latest layouts;
    private final Latest highlights;

    // Properties
    private final StringProperty root = new SimpleStringProperty();
    private final IntegerProperty depth = new SimpleIntegerProperty(1);
    private final ObservableSet<AssetKind> kinds = FXCollections.observableSet();
    private final StringProperty owner = new SimpleStringProperty("");
    private final ObjectProperty<Severity> minSeverity = new SimpleObjectProperty<>();
    private final ObjectProperty<SceneIndex> scene = new SimpleObjectProperty<>();
    private final ObjectProperty<Marks> marks = new SimpleObjectProperty<>(Marks.NONE);
    private final StringProperty selected = new SimpleStringProperty();
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.NONE);
    private final ObservableList<ImpactSet.Item> impactItems = FXCollections.observableArrayList();
    private final StringProperty highlightSummary = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObjectProperty<String> focusRequest = new SimpleObjectProperty<>();
    private final BooleanProperty recordExports = new SimpleBooleanProperty(true);
    private final StringProperty searchText = new SimpleStringProperty("");

    // What is loaded: every node and link fetched for this root so far
    private final Map<String, LineageGraph.Node> loadedNodes = new LinkedHashMap<>();
    private final Map<String, LineageGraph.Link> loadedLinks = new LinkedHashMap<>();
    private boolean truncated;
    private int loadedDepth = -1;
    private final Set<String> expanded = new HashSet<>();
    private final Set<String> collapsed = new HashSet<>();
    private final Set<String> openGroups = new HashSet<>();
    private Set<String> emphasisedNodes = Set.of();
    private String pathFrom;

    public LineageViewModel(AppModel app) {
        this(app.tightrope().lineage(), app.tightrope().lineageView(), app.executor(), app.notifications(), app::revealAsset);
    }

    LineageViewModel(LineageService lineage, LineageViewService views, UiExecutor executor, NotificationCenter notifications,
                     Consumer<String> openDetail) {
        this.lineage = lineage;
        this.views = views;
        this.executor = executor;
        this.notifications = notifications;
        this.openDetail = openDetail;
        this.loads = new Latest(executor);
        this.layouts = new Latest(executor);
        this.highlights = new Latest(executor);
        kinds.addListener((javafx.collections.SetChangeListener<AssetKind>) c -> rebuild());
        owner.addListener((obs, old, v) -> rebuild());
        minSeverity.addListener((obs, old, v) -> rebuild());
        searchText.addListener((obs, old, v) -> updateMarks());
    }

    // Properties

    public ReadOnlyStringProperty rootProperty() {
        return root;
    }

    public IntegerProperty depthProperty() {
        return depth;
    }

    /** The kinds shown; empty shows every kind. */
    public ObservableSet<AssetKind> kinds() {
        return kinds;
    }

    public StringProperty ownerProperty() {
        return owner;
    }

    public ObjectProperty<Severity> minSeverityProperty() {
        return minSeverity;
    }

    /** The laid-out graph to draw; null until the first layout. */
    public ReadOnlyObjectProperty<SceneIndex> sceneProperty() {
        return scene;
    }

    public ReadOnlyObjectProperty<Marks> marksProperty() {
        return marks;
    }

    public ReadOnlyStringProperty selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode;
    }

    /** Everything downstream of the selection in impact mode, shown or not, nearest first. */
    public ObservableList<ImpactSet.Item> impactItems() {
        return impactItems;
    }

    /** "312 assets downstream · 4 deployments · 2 unowned", or the path's length. */
    public ReadOnlyStringProperty highlightSummaryProperty() {
        return highlightSummary;
    }

    /** "63 boxes, 114 edges · 12 hidden by filters · laid out in 120 ms". */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    /** Why the graph could not be shown (no such asset, a failed read), else null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    /** True while the lineage is read or laid out. */
    public javafx.beans.property.ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** A box the view should bring into sight (a search hit, a keyboard move); set again to ask again. */
    public ReadOnlyObjectProperty<String> focusRequestProperty() {
        return focusRequest;
    }

    public BooleanProperty recordExportsProperty() {
        return recordExports;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    // Commands

    /** Shows the lineage of {@code urn} from scratch, at depth 1 unless the user chose more. */
    public void open(String urn) {
        Urn parsed;
        try {
            parsed = Urn.parse(urn);
        } catch (IllegalArgumentException e) {
            problem.set("'" + urn + "' is not an asset URN");
            return;
        }
        root.set(parsed.toString());
        loadedNodes.clear();
        loadedLinks.clear();
        expanded.clear();
        collapsed.clear();
        openGroups.clear();
        loadedDepth = -1;
        truncated = false;
        selected.set(parsed.toString());
        clearHighlight();
        problem.set(null);
        load(depth.get());
    }

    /** Reads the cache again for the same root and depth (after a sync), keeping what the user opened. */
    public void refresh() {
        if (root.get() == null) {
            return;
        }
        int d = Math.max(depth.get(), loadedDepth);
        loadedNodes.clear();
        loadedLinks.clear();
        loadedDepth = -1;
        load(d);
        for (String id : expanded) {
            fetchAround(id);
        }
    }

    public void setDepth(int d) {
        int clamped = Math.max(1, Math.min(MAX_DEPTH, d));
        depth.set(clamped);
        if (root.get() == null) {
            return;
        }
        if (clamped > loadedDepth) {
            load(clamped);
        } else {
            rebuild();
        }
    }

    private void load(int d) {
        String r = root.get();
        busy.set(true);
        loads.submit(BackgroundTask.read("Reading the lineage of " + r, () -> lineage.explore(Urn.parse(r), Direction.BOTH, d))
                .onSuccess(g -> {
                    if (g.isEmpty()) {
                        busy.set(false);
                        scene.set(null);
                        problem.set("No asset " + r + " in this workspace. It may have been removed by a sync.");
                        return;
                    }
                    loadedDepth = Math.max(loadedDepth, d);
                    merge(g.get());
                    rebuild();
                })
                .onFailure(e -> {
                    busy.set(false);
                    problem.set("Could not read the lineage of " + r + ": " + Errors.describe(e));
                }));
    }

    private void merge(LineageGraph g) {
        for (LineageGraph.Node n : g.nodes()) {
            loadedNodes.putIfAbsent(n.urn(), n);
        }
        for (LineageGraph.Link l : g.edges()) {
            loadedLinks.putIfAbsent(l.upstream() + "\u0000" + l.downstream() + "\u0000" + l.type() + "\u0000" + l.source(), l);
        }
        truncated |= g.truncated();
    }

    /** Opens a box one hop further away from the root (or a group to show all its members). */
    public void expand(String id) {
        if (id == null) {
            return;
        }
        if (id.startsWith(GraphView.GROUP_PREFIX)) {
            openGroups.add(id);
            rebuild();
            return;
        }
        collapsed.remove(id);
        expanded.add(id);
        fetchAround(id);
    }

    private void fetchAround(String id) {
        executor.submit(BackgroundTask.read("Reading the lineage around " + id, () -> lineage.explore(Urn.parse(id), Direction.BOTH, 1))
                .onSuccess(g -> {
                    g.ifPresent(this::merge);
                    rebuild();
                }));
    }

    /** Hides what lies beyond a box (away from the root); a group folds up again. */
    public void collapse(String id) {
        if (id == null) {
            return;
        }
        if (id.startsWith(GraphView.GROUP_PREFIX)) {
            openGroups.remove(id);
        } else {
            expanded.remove(id);
            collapsed.add(id);
        }
        rebuild();
    }

    /** Whether the box shows what lies beyond it (so the toggle knows which way to go). */
    public boolean isCollapsed(String id) {
        return collapsed.contains(id);
    }

    public void select(String id) {
        selected.set(id);
        updateMarks();
    }

    /** Opens the selected asset (or the given one) in the inventory's detail. */
    public void openDetail(String id) {
        if (id != null && !id.startsWith(GraphView.GROUP_PREFIX)) {
            openDetail.accept(id);
        }
    }

    /** Makes {@code id} the root and starts again from it. */
    public void reroot(String id) {
        if (id != null && !id.startsWith(GraphView.GROUP_PREFIX)) {
            open(id);
        }
    }

    /** Colours everything downstream of {@code id} and lists it, shown or not. */
    public void showImpact(String id) {
        if (id == null || id.startsWith(GraphView.GROUP_PREFIX)) {
            return;
        }
        selected.set(id);
        highlights.submit(BackgroundTask.read("Working out the impact of " + id, () -> lineage.impact(Urn.parse(id)))
                .onSuccess(found -> found.ifPresent(impact -> {
                    mode.set(Mode.IMPACT);
                    // what runs in production first, then by kind and distance: the list a reviewer reads top down
                    List<ImpactSet.Item> items = new ArrayList<>(impact.items());
                    items.sort(java.util.Comparator.comparing((ImpactSet.Item i) -> i.kind() == AssetKind.DEPLOYMENT ? 0 : 1)
                            .thenComparing(ImpactSet.Item::kind).thenComparingInt(ImpactSet.Item::depth)
                            .thenComparing(ImpactSet.Item::name, String.CASE_INSENSITIVE_ORDER));
                    impactItems.setAll(items);
                    Set<String> on = new HashSet<>();
                    on.add(id);
                    impact.items().forEach(i -> on.add(i.urn()));
                    emphasisedNodes = on;
                    long deployments = impact.deployments().size();
                    long unowned = impact.unowned().size();
                    highlightSummary.set(impact.items().size() + (impact.items().size() == 1 ? " asset" : " assets") + " downstream · "
                            + deployments + (deployments == 1 ? " deployment" : " deployments") + " reached · " + unowned + " unowned"
                            + (impact.cycleEdges().isEmpty() ? "" : " · " + impact.cycleEdges().size() + " cycle edges not followed")
                            + (impact.truncated() ? " · cut at " + impact.items().size() : ""));
                    updateMarks();
                })));
    }

    /**
     * Path mode: the first call remembers {@code id}; the second finds the shortest chain between
     * the two, loads whatever of it is not shown yet, and highlights it.
     */
    public void pathFrom(String id) {
        if (id == null || id.startsWith(GraphView.GROUP_PREFIX)) {
            return;
        }
        pathFrom = id;
        mode.set(Mode.PATH);
        impactItems.clear();
        emphasisedNodes = Set.of(id);
        highlightSummary.set("Path: now pick the other end (right-click › Path to here)");
        updateMarks();
    }

    public boolean choosingPath() {
        return pathFrom != null && mode.get() == Mode.PATH && emphasisedNodes.size() == 1;
    }

    public void pathTo(String id) {
        String from = pathFrom;
        if (from == null || id == null || id.startsWith(GraphView.GROUP_PREFIX)) {
            return;
        }
        highlights.submit(BackgroundTask.read("Finding the lineage between two assets", () -> lineage.path(Urn.parse(from), Urn.parse(id)))
                .onSuccess(found -> {
                    LineageGraph chain = found.orElse(null);
                    if (chain == null || (chain.edges().isEmpty() && !from.equals(id))) {
                        highlightSummary.set("No lineage connects these two assets in either direction");
                        emphasisedNodes = Set.of(from, id);
                        updateMarks();
                        return;
                    }
                    merge(chain);
                    Set<String> on = new HashSet<>();
                    chain.nodes().forEach(n -> on.add(n.urn()));
                    // the chain shows whatever the depth: its boxes are opened one hop each
                    chain.nodes().forEach(n -> {
                        expanded.add(n.urn());
                        collapsed.remove(n.urn());
                    });
                    emphasisedNodes = on;
                    highlightSummary.set("Path of " + chain.edges().size() + (chain.edges().size() == 1 ? " hop" : " hops"));
                    rebuild();
                }));
    }

    public void clearHighlight() {
        highlights.cancel();
        mode.set(Mode.NONE);
        pathFrom = null;
        emphasisedNodes = Set.of();
        impactItems.clear();
        highlightSummary.set("");
        updateMarks();
    }

    /** Brings the next search hit into sight and selects it. */
    public void focusNextMatch() {
        SceneIndex s = scene.get();
        if (s == null) {
            return;
        }
        List<String> hits = matches(s.layout().view());
        if (hits.isEmpty()) {
            status.set("Nothing shown matches '" + searchText.get().trim() + "'");
            return;
        }
        int at = hits.indexOf(selected.get());
        String next = hits.get((at + 1) % hits.size());
        select(next);
        focusRequest.set(null);
        focusRequest.set(next);
    }

    /** Moves the selection to the nearest box in a direction (arrow keys). */
    public void moveSelection(int dx, int dy) {
        SceneIndex s = scene.get();
        if (s == null) {
            return;
        }
        Layout layout = s.layout();
        int from = selected.get() == null ? -1 : layout.indexOf(selected.get());
        if (from < 0) {
            from = layout.indexOf(layout.view().root());
            if (from < 0) {
                return;
            }
            select(layout.view().nodes().get(from).id());
            return;
        }
        double cx = layout.x()[from];
        double cy = layout.y()[from];
        int best = -1;
        double bestScore = Double.MAX_VALUE;
        for (int i = 0; i < layout.x().length; i++) {
            double ddx = layout.x()[i] - cx;
            double ddy = layout.y()[i] - cy;
            double along = dx != 0 ? ddx * dx : ddy * dy;
            double across = dx != 0 ? Math.abs(ddy) : Math.abs(ddx);
            if (i == from || along <= 1) {
                continue;
            }
            double score = along + across * 3;
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        if (best >= 0) {
            String id = layout.view().nodes().get(best).id();
            select(id);
            focusRequest.set(null);
            focusRequest.set(id);
        }
    }

    /** Writes what is shown to {@code file}; recorded in the audit log when {@link #recordExportsProperty()} is on. */
    public void export(ExportFormat format, Path file, boolean dark) {
        SceneIndex s = scene.get();
        if (s == null) {
            return;
        }
        Marks m = marks.get();
        boolean record = recordExports.get();
        executor.submit(BackgroundTask.write("Exporting the lineage as " + format.label(),
                        () -> views.export(s, m, dark ? Palette.DARK : Palette.LIGHT, format, file, record))
                .onSuccess(done -> notifications.info("Exported " + format.label() + " to " + done.file()
                        + (done.auditIndex() >= 0 ? " (audit log entry " + done.auditIndex() + ")" : "") + ", data " + done.dataVersion())));
    }

    // The view, rebuilt from what is loaded

    private void rebuild() {
        String r = root.get();
        if (r == null || loadedNodes.isEmpty()) {
            return;
        }
        LineageGraph graph = new LineageGraph(r, new ArrayList<>(loadedNodes.values()), new ArrayList<>(loadedLinks.values()), truncated);
        ViewOptions options = new ViewOptions(depth.get(), ViewOptions.DEFAULT_GROUP_OVER, Set.copyOf(kinds), Set.of(), owner.get(),
                minSeverity.get(), expanded, collapsed, openGroups, mode.get() == Mode.PATH ? emphasisedNodes : Set.of());
        busy.set(true);
        layouts.submit(BackgroundTask.cancellableRead("Laying out the lineage of " + r, ctx -> {
                    GraphView view = views.view(graph, options);
                    return new SceneIndex(views.layout(view, ctx.cancellation()));
                })
                .onSuccess(s -> {
                    busy.set(false);
                    problem.set(null);
                    scene.set(s);
                    GraphView v = s.layout().view();
                    status.set(v.nodes().size() + " boxes, " + v.edges().size() + " edges"
                            + (v.hiddenNodes() > 0 ? " · " + v.hiddenNodes() + " hidden by filters" : "")
                            + (v.truncated() ? " · cut at the node cap" : "")
                            + (s.layout().millis() > 0 ? " · laid out in " + s.layout().millis() + " ms" : ""));
                    updateMarks();
                })
                .onFailure(e -> {
                    busy.set(false);
                    problem.set("Could not lay out the lineage: " + Errors.describe(e));
                }));
    }

    private void updateMarks() {
        SceneIndex s = scene.get();
        Set<Integer> edges = new HashSet<>();
        Set<String> on = emphasisedNodes;
        if (s != null && !emphasisedNodes.isEmpty()) {
            List<GraphView.Edge> all = s.layout().view().edges();
            if (mode.get() == Mode.IMPACT) {
                // a group hanging below an affected box stands for affected assets: it lights up too
                on = new HashSet<>(emphasisedNodes);
                for (GraphView.Edge e : all) {
                    if (e.to().startsWith(GraphView.GROUP_PREFIX) && emphasisedNodes.contains(e.from())) {
                        on.add(e.to());
                    }
                }
            }
            for (int j = 0; j < all.size(); j++) {
                if (on.contains(all.get(j).from()) && on.contains(all.get(j).to())) {
                    edges.add(j);
                }
            }
        }
        Set<String> hits = s == null ? Set.of() : new HashSet<>(matches(s.layout().view()));
        Marks old = marks.get();
        marks.set(new Marks(selected.get(), on, edges, hits, old.hoveredEdge(), old.hoveredNode()));
    }

    /** What the mouse is over, for the painter. */
    public void hover(int edge, String node) {
        Marks m = marks.get();
        if (m.hoveredEdge() != edge || !java.util.Objects.equals(m.hoveredNode(), node)) {
            marks.set(new Marks(m.selected(), m.emphasised(), m.emphasisedEdges(), m.matches(), edge, node));
        }
    }

    private List<String> matches(GraphView view) {
        String q = searchText.get() == null ? "" : searchText.get().trim().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (GraphView.Node n : view.nodes()) {
            if (n.name().toLowerCase(Locale.ROOT).contains(q) || n.id().toLowerCase(Locale.ROOT).contains(q)) {
                out.add(n.id());
            }
        }
        return out;
    }

    /** Stops background work (the view was closed). */
    public void cancel() {
        loads.cancel();
        layouts.cancel();
        highlights.cancel();
        busy.set(false);
    }
}
