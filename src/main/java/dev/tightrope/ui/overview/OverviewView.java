package dev.tightrope.ui.overview;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EstateOverview;
import dev.tightrope.domain.RiskConcern;
import dev.tightrope.domain.RiskDashboard;
import dev.tightrope.domain.RiskScore;
import dev.tightrope.domain.Severity;
import java.util.List;
import dev.tightrope.ui.common.EmptyState;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.RefreshingView;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.shell.AppModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.PieChart;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The dashboard, for the CISO's big screen: the headline figures (what nobody owns, what runs
 * without a valid approval, open critical findings, shadow AI, leaked keys), how they moved,
 * where the risk sits by team and source, and the riskiest assets with their reasons. Every
 * figure opens the inventory filtered to exactly what it counts. An empty workspace offers the demo.
 */
public final class OverviewView extends RefreshingView {
    private final OverviewViewModel vm;
    private final StackPane root = new StackPane();

    public OverviewView(AppModel app) {
        super(app.dataVersionProperty());
        this.vm = new OverviewViewModel(app);
        root.setId("overview-view");
        vm.overviewProperty().addListener((obs, old, o) -> {
            if (o != null) {
                render(o);
            }
        });
        vm.loadErrorProperty().addListener((obs, old, error) -> {
            if (error != null && vm.overviewProperty().get() == null) {
                root.getChildren().setAll(errorState(error));
            }
        });
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    protected void refresh() {
        vm.refresh();
    }

    /** The overview could not be read at all: say why, offer to try again. */
    private Node errorState(String error) {
        FontIcon icon = new FontIcon(Feather.ALERT_OCTAGON);
        icon.getStyleClass().add("empty-icon");
        Label text = new Label(error);
        text.setId("overview-error");
        text.setWrapText(true);
        text.setMaxWidth(560);
        Button retry = new Button("Retry", new FontIcon(Feather.ROTATE_CW));
        retry.setId("overview-retry");
        retry.setOnAction(e -> vm.refresh());
        VBox box = new VBox(12, icon, text, retry);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("empty-state");
        return box;
    }

    private void render(EstateOverview o) {
        if (OverviewViewModel.isEmpty(o)) {
            root.getChildren().setAll(emptyState());
            return;
        }
        RiskDashboard d = vm.dashboardProperty().get();
        long critical = d.openFindings().getOrDefault(Severity.CRITICAL, 0L);
        long high = d.openFindings().getOrDefault(Severity.HIGH, 0L);
        List<Node> tiles = List.of(
                link(tile("tile-assets", "Assets", Formats.count(d.assets()), sourcesLine(o), Feather.LAYERS,
                        o.failingSources() > 0 ? "tile-danger" : null), () -> vm.showInInventory(AssetFilter.all())),
                link(tile("tile-unowned", "Without an owner", Formats.count(d.unowned()),
                        Formats.count(d.accountableUnowned()) + " of " + Formats.count(d.accountable()) + " that run or ship",
                        Feather.USER_X, d.accountableUnowned() > 0 ? "tile-warning" : null),
                        () -> vm.showInInventory(AssetFilter.all().withUnowned(true))),
                link(tile("tile-unapproved", "Unapproved in production", Formats.count(d.deploymentsUnapproved()),
                        "of " + Formats.count(d.deployments()) + " deployments lack a valid approval"
                                + (d.deploymentsRejected() > 0 ? ", " + Formats.count(d.deploymentsRejected()) + " rejected" : ""),
                        Feather.SHIELD_OFF, d.deploymentsUnapproved() > 0 ? "tile-danger" : null),
                        () -> vm.showConcern(RiskConcern.UNAPPROVED_DEPLOYMENT)),
                link(tile("tile-risk", "Critical / high findings", Formats.count(critical) + " / " + Formats.count(high),
                        Formats.count(d.openFindings().values().stream().mapToLong(Long::longValue).sum()) + " open in all"
                                + (d.expiringAcceptances() > 0 ? " · " + d.expiringAcceptances()
                                + (d.expiringAcceptances() == 1 ? " acceptance" : " acceptances") + " ending soon" : ""),
                        Feather.ALERT_TRIANGLE, critical > 0 ? "tile-danger" : high > 0 ? "tile-warning" : null),
                        () -> vm.showConcern(RiskConcern.CRITICAL_OR_HIGH)),
                link(tile("tile-mcp", "Unregistered MCP servers", Formats.count(d.unregisteredMcpServers()),
                        d.mcpServers() == 0 ? "no MCP server found yet" : "of " + Formats.count(d.mcpServers()) + " found, not in the allowlist",
                        Feather.CPU, d.unregisteredMcpServers() > 0 ? "tile-danger" : null),
                        () -> vm.showConcern(RiskConcern.UNREGISTERED_MCP_SERVER)),
                link(tile("tile-keys", "Leaked keys", Formats.count(d.leakedKeys()), "open secret findings in configs and code",
                        Feather.KEY, d.leakedKeys() > 0 ? "tile-danger" : null), () -> vm.showConcern(RiskConcern.LEAKED_KEY)));
        GridPane headline = new GridPane();
        headline.setId("dashboard-headline");
        headline.setHgap(12);
        headline.setVgap(12);

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(16);
        Node findingsTrend = card("Open findings over time", trendNote(d), findingsTrend(d));
        Node coverageTrend = card("Coverage over time", "share of what runs or ships with an owner, of deployments with a valid approval",
                coverageTrend(d));
        Node team = card("Risk by team", "sum of the risk scores of each owner's assets; click a bar for the assets", teamChart(d));
        Node levels = card("Assets by risk", "score bands: critical 70+, high 40+, medium 15+, low below", levelChart(d));
        Node source = card("Risk by source", "where the risky assets come from; click a bar for the assets", sourceChart(d));
        Node ownership = card("Ownership by kind", "owned and unowned assets that are present", ownershipChart(o));
        Node top = card("Riskiest assets", "each score is the sum of its reasons (README, Risk model); click a name to open it", top(d));

        Label title = new Label("Dashboard");
        title.getStyleClass().add(Styles.TITLE_2);
        Label asOf = new Label(stale(d));
        asOf.getStyleClass().add("text-muted");
        HBox heading = new HBox(12, title, asOf);
        heading.setAlignment(Pos.BASELINE_LEFT);
        VBox page = new VBox(16, heading, headline, grid);
        page.setPadding(new Insets(20));
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        // the viewport, not the page: the page is as wide as its widest layout, and would never narrow
        scroll.viewportBoundsProperty().addListener((obs, old, b) -> layout(headline, tiles, grid, b.getWidth(),
                findingsTrend, coverageTrend, team, levels, source, ownership, top));
        layout(headline, tiles, grid, root.getWidth() > 0 ? root.getWidth() : 1400, findingsTrend, coverageTrend, team, levels, source,
                ownership, top);
        root.getChildren().setAll(scroll);
    }

    /**
     * Lays the tiles out six across on a wide screen and three across below 1,300 px, and the
     * cards two across, or one above another below 1,000 px, so nothing is cut off at 1024.
     */
    private static void layout(GridPane headline, List<Node> tiles, GridPane grid, double width, Node... cards) {
        int across = width >= 1300 ? 6 : 3;
        if (headline.getColumnConstraints().size() != across || headline.getChildren().isEmpty()) {
            headline.getChildren().clear();
            headline.getColumnConstraints().clear();
            for (int i = 0; i < across; i++) {
                javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
                c.setPercentWidth(100.0 / across);
                headline.getColumnConstraints().add(c);
            }
            for (int i = 0; i < tiles.size(); i++) {
                headline.add(tiles.get(i), i % across, i / across);
            }
        }
        int columns = width >= 1000 ? 2 : 1;
        if (grid.getColumnConstraints().size() != columns || grid.getChildren().isEmpty()) {
            grid.getChildren().clear();
            grid.getColumnConstraints().clear();
            for (int i = 0; i < columns; i++) {
                javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
                c.setPercentWidth(100.0 / columns);
                grid.getColumnConstraints().add(c);
            }
            // the last card (the riskiest assets) spans the page
            for (int i = 0; i < cards.length - 1; i++) {
                grid.add(cards[i], i % columns, i / columns);
            }
            grid.add(cards[cards.length - 1], 0, (cards.length - 1 + columns - 1) / columns, columns, 1);
        }
    }

    /** A figure that opens the inventory on what it counts: by click, or by Enter/Space when focused. */
    private static Node link(Node tile, Runnable open) {
        tile.getStyleClass().add("tile-link");
        tile.setFocusTraversable(true);
        tile.setOnMouseClicked(e -> open.run());
        tile.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER || e.getCode() == javafx.scene.input.KeyCode.SPACE) {
                open.run();
                e.consume();
            }
        });
        javafx.scene.control.Tooltip.install(tile, new javafx.scene.control.Tooltip("Show these assets in the inventory"));
        return tile;
    }

    private static String sourcesLine(EstateOverview o) {
        return o.sources() + (o.sources() == 1 ? " source, " : " sources, ") + sourcesHealth(o);
    }

    private static String stale(RiskDashboard d) {
        if (d.staleSources() == 0) {
            return "every source synced in the last " + RiskScore.STALE_AFTER_DAYS + " days";
        }
        return d.staleSources() + " of " + d.sources() + (d.sources() == 1 ? " source" : " sources")
                + " stale (failed, or not synced for " + RiskScore.STALE_AFTER_DAYS + " days): their assets' risk counts it";
    }

    private static String trendNote(RiskDashboard d) {
        int days = d.trend().size();
        return days <= 1 ? "a point per day, as the day ended; the trend grows day by day (one day so far)"
                : "a point per day, as the day ended, over the last " + days + " days the figures were read";
    }

    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("d MMM");

    private static String day(RiskDashboard.Snapshot s) {
        return DAY.format(s.at().atZone(java.time.ZoneId.systemDefault()));
    }

    private Node findingsTrend(RiskDashboard d) {
        if (d.trend().isEmpty()) {
            return muted("No sync has finished since the risk model started: the trend begins with the next sync.");
        }
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel("open findings");
        y.setMinorTickVisible(false);
        LineChart<String, Number> chart = new LineChart<>(x, y);
        chart.setId("findings-trend");
        chart.getStyleClass().add("trend-findings");
        chart.setAnimated(false);
        chart.setPrefHeight(260);
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM)) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(s.token());
            for (RiskDashboard.Snapshot snap : d.trend()) {
                series.getData().add(new XYChart.Data<>(day(snap), snap.openFindings().getOrDefault(s, 0L)));
            }
            chart.getData().add(series);
        }
        return chart;
    }

    private Node coverageTrend(RiskDashboard d) {
        if (d.trend().isEmpty()) {
            return muted("No sync has finished since the risk model started: the trend begins with the next sync.");
        }
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis(0, 100, 25);
        y.setLabel("%");
        y.setMinorTickVisible(false);
        LineChart<String, Number> chart = new LineChart<>(x, y);
        chart.setId("coverage-trend");
        chart.getStyleClass().add("trend-coverage");
        chart.setAnimated(false);
        chart.setPrefHeight(260);
        XYChart.Series<String, Number> owned = new XYChart.Series<>();
        owned.setName("ownership");
        XYChart.Series<String, Number> approved = new XYChart.Series<>();
        approved.setName("approved deployments");
        for (RiskDashboard.Snapshot snap : d.trend()) {
            owned.getData().add(new XYChart.Data<>(day(snap), Math.round(snap.ownershipCoverage() * 100)));
            approved.getData().add(new XYChart.Data<>(day(snap), Math.round(snap.approvalCoverage() * 100)));
        }
        chart.getData().setAll(List.of(owned, approved));
        return chart;
    }

    private Node teamChart(RiskDashboard d) {
        return rollupChart("team-chart", d.byTeam(), "Nobody's assets carry risk.", r -> vm.showTeam(r.key()));
    }

    private Node sourceChart(RiskDashboard d) {
        return rollupChart("source-chart", d.bySource(), "No source's assets carry risk.", r -> vm.showSource(r.key()));
    }

    /** A horizontal bar per group, longest first, each bar in the colour of its worst asset's band and clickable. */
    private Node rollupChart(String id, List<RiskDashboard.Rollup> rollups, String none,
                             java.util.function.Consumer<RiskDashboard.Rollup> open) {
        if (rollups.isEmpty()) {
            return muted(none);
        }
        NumberAxis x = new NumberAxis();
        x.setLabel("total risk");
        x.setMinorTickVisible(false);
        CategoryAxis y = new CategoryAxis();
        BarChart<Number, String> chart = new BarChart<>(x, y);
        chart.setId(id);
        chart.getStyleClass().add("rollup-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setCategoryGap(6);
        chart.setPrefHeight(Math.max(200, 34 * rollups.size() + 60));
        XYChart.Series<Number, String> series = new XYChart.Series<>();
        List<RiskDashboard.Rollup> bottomUp = new java.util.ArrayList<>(rollups);
        java.util.Collections.reverse(bottomUp);
        for (RiskDashboard.Rollup r : bottomUp) {
            XYChart.Data<Number, String> bar = new XYChart.Data<>(r.score(), r.label());
            bar.nodeProperty().addListener((obs, old, n) -> {
                if (n != null) {
                    decorate(n, r, open);
                }
            });
            series.getData().add(bar);
        }
        chart.getData().add(series);
        for (XYChart.Data<Number, String> bar : series.getData()) {
            if (bar.getNode() != null) {
                decorate(bar.getNode(), bottomUp.get(series.getData().indexOf(bar)), open);
            }
        }
        return chart;
    }

    private static void decorate(Node bar, RiskDashboard.Rollup r, java.util.function.Consumer<RiskDashboard.Rollup> open) {
        Severity level = RiskScore.level(r.worst());
        bar.getStyleClass().add("bar-" + (level == null ? "none" : level.token()));
        bar.setOnMouseClicked(e -> open.accept(r));
        bar.setCursor(javafx.scene.Cursor.HAND);
        javafx.scene.control.Tooltip.install(bar, new javafx.scene.control.Tooltip(r.label() + ": " + r.risky() + " risky "
                + (r.risky() == 1 ? "asset" : "assets") + ", total risk " + r.score() + ", worst " + r.worst()));
    }

    private Node levelChart(RiskDashboard d) {
        PieChart pie = new PieChart();
        pie.setId("risk-chart");
        pie.setAnimated(false);
        pie.setLabelsVisible(true);
        pie.setLegendVisible(false);
        pie.setPrefHeight(260);
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
            long n = d.assetsByRisk().getOrDefault(s, 0L);
            if (n > 0) {
                PieChart.Data slice = new PieChart.Data(s.token() + " (" + n + ")", n);
                pie.getData().add(slice);
                slice.nodeProperty().addListener((obs, old, node) -> {
                    if (node != null) {
                        slice(node, s);
                    }
                });
                if (slice.getNode() != null) {
                    slice(slice.getNode(), s);
                }
            }
        }
        if (pie.getData().isEmpty()) {
            return muted("No asset carries risk: everything that runs or ships has an owner and an approval, and nothing open is found.");
        }
        return pie;
    }

    /** A slice in its band's colour (set on the node: the chart's own colour classes would win over a class), clickable. */
    private void slice(Node node, Severity band) {
        node.setStyle("-fx-pie-color: " + switch (band) {
            case CRITICAL -> "-color-danger-emphasis";
            case HIGH -> "-tr-severity-high";
            case MEDIUM -> "-color-warning-emphasis";
            default -> "-color-accent-emphasis";
        } + ";");
        node.setCursor(javafx.scene.Cursor.HAND);
        node.setOnMouseClicked(e -> vm.showConcern(RiskConcern.ANY));
    }

    private Node top(RiskDashboard d) {
        VBox list = new VBox(6);
        list.setId("attention-list");
        if (d.top().isEmpty()) {
            list.getChildren().add(muted("Nothing carries risk: no open finding, every release approved, everything owned."));
        }
        for (RiskDashboard.RankedAsset a : d.top()) {
            Severity level = RiskScore.level(a.score());
            Label score = new Label(String.valueOf(a.score()));
            score.setMinWidth(38);
            score.setAlignment(Pos.CENTER);
            score.getStyleClass().addAll("severity-badge", "risk-score", "severity-" + (level == null ? "info" : level.token()));
            Label kind = Badges.kind(a.asset().kind());
            Hyperlink name = new Hyperlink(a.asset().name());
            name.getStyleClass().add("attention-link");
            name.setOnAction(e -> vm.reveal(a.asset().urn()));
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label why = new Label(String.join(" · ", a.reasons().stream().map(i -> "+" + i.points() + " " + i.text()).toList()));
            why.getStyleClass().add("text-muted");
            why.setMinWidth(0);
            HBox.setHgrow(why, Priority.ALWAYS);
            Label src = new Label(a.asset().source() == null ? "" : a.asset().source());
            src.getStyleClass().add("text-muted");
            src.setMinWidth(Region.USE_PREF_SIZE);
            HBox row = new HBox(8, score, kind, name, why, src);
            row.setAlignment(Pos.CENTER_LEFT);
            list.getChildren().add(row);
        }
        return list;
    }

    private static Node muted(String text) {
        Label none = new Label(text);
        none.setWrapText(true);
        none.getStyleClass().add("text-muted");
        return new StackPane(none);
    }

    /** Owned and unowned assets of each kind, as horizontal bars (kind names read whole); a bar opens those assets. */
    private Node ownershipChart(EstateOverview o) {
        NumberAxis x = new NumberAxis();
        x.setLabel("assets");
        x.setMinorTickVisible(false);
        CategoryAxis y = new CategoryAxis();
        StackedBarChart<Number, String> chart = new StackedBarChart<>(x, y);
        chart.setId("ownership-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        XYChart.Series<Number, String> owned = new XYChart.Series<>();
        owned.setName("owned");
        XYChart.Series<Number, String> unowned = new XYChart.Series<>();
        unowned.setName("no owner");
        List<AssetKind> kinds = new java.util.ArrayList<>();
        for (AssetKind k : AssetKind.values()) {
            long total = o.byKind().getOrDefault(k, 0L);
            if (total == 0) {
                continue;
            }
            long none = o.unownedByKind().getOrDefault(k, 0L);
            // the category axis runs bottom-up: the first kind goes on top
            kinds.add(0, k);
            owned.getData().add(0, new XYChart.Data<>(total - none, k.label()));
            unowned.getData().add(0, new XYChart.Data<>(none, k.label()));
        }
        y.getCategories().setAll(kinds.stream().map(AssetKind::label).toList());
        chart.setPrefHeight(Math.max(220, 60 + 24 * kinds.size()));
        chart.getData().setAll(java.util.List.of(owned, unowned));
        for (int i = 0; i < kinds.size(); i++) {
            AssetFilter ofKind = AssetFilter.all().withKinds(java.util.Set.of(kinds.get(i)));
            clickable(owned.getData().get(i), () -> vm.showInInventory(ofKind));
            clickable(unowned.getData().get(i), () -> vm.showInInventory(ofKind.withUnowned(true)));
        }
        return chart;
    }

    private static void clickable(XYChart.Data<Number, String> bar, Runnable open) {
        java.util.function.Consumer<Node> wire = n -> {
            n.setCursor(javafx.scene.Cursor.HAND);
            n.setOnMouseClicked(e -> open.run());
            javafx.scene.control.Tooltip.install(n, new javafx.scene.control.Tooltip(bar.getXValue() + " · show them in the inventory"));
        };
        if (bar.getNode() != null) {
            wire.accept(bar.getNode());
        }
        bar.nodeProperty().addListener((obs, old, n) -> {
            if (n != null) {
                wire.accept(n);
            }
        });
    }

    private Node emptyState() {
        Button demo = new Button("Load the demo workspace", new FontIcon(Feather.PLAY_CIRCLE));
        demo.setId("load-demo");
        demo.getStyleClass().addAll(Styles.ACCENT, Styles.LARGE);
        demo.disableProperty().bind(vm.busyProperty());
        demo.setOnAction(e -> vm.loadDemo());
        Button sources = new Button("Add a source", new FontIcon(Feather.PLUS));
        sources.setOnAction(e -> vm.showSources());
        HBox buttons = new HBox(10, demo, sources);
        buttons.setAlignment(Pos.CENTER);
        VBox box = EmptyState.of("overview-empty", Feather.COMPASS, "This workspace is empty", "Load the demo workspace to explore "
                + "Kestrel Lending, a fictional lender with fraud, credit-risk and support-chatbot models, its datasets, pipelines, "
                + "deployments and owners. Or add your own source (an OpenLineage export, a directory of events) in Sources.", buttons);
        return box;
    }

    private static Node tile(String id, String label, String value, String sub, Feather icon, String style) {
        Label l = new Label(label);
        l.getStyleClass().add("tile-label");
        // a narrow tile wraps its words rather than cut them
        l.setWrapText(true);
        Label v = new Label(value);
        v.getStyleClass().add("tile-value");
        v.setId(id + "-value");
        Label s = new Label(sub);
        s.getStyleClass().add("tile-sub");
        s.setWrapText(true);
        FontIcon i = new FontIcon(icon);
        i.getStyleClass().add("tile-icon");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        VBox box = new VBox(4, new HBox(l, spacer, i), v, s);
        box.setId(id);
        box.getStyleClass().add("tile");
        if (style != null) {
            box.getStyleClass().add(style);
        }
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private static Node card(String title, String subtitle, Node content) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_4);
        Label s = new Label(subtitle);
        s.getStyleClass().add("text-muted");
        s.setWrapText(true);
        VBox box = new VBox(6, t, s, content);
        box.getStyleClass().add("card");
        return box;
    }

    /** "all healthy", or how many fail and how many have records that could not be imported. */
    static String sourcesHealth(EstateOverview o) {
        if (o.failingSources() == 0 && o.sourcesWithProblems() == 0) {
            return "all healthy";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (o.failingSources() > 0) {
            parts.add(o.failingSources() + " failing");
        }
        if (o.sourcesWithProblems() > 0) {
            parts.add(o.sourcesWithProblems() + " with problems");
        }
        return String.join(", ", parts);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : Math.round(100.0 * part / whole) + "%";
    }
}
