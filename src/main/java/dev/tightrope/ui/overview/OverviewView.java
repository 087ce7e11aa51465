package dev.tightrope.ui.overview;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.EstateOverview;
import dev.tightrope.domain.Severity;
import dev.tightrope.ui.common.EmptyState;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.RefreshingView;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.shell.AppModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.CategoryAxis;
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
 * The estate at a glance, for the CISO: how much there is, how much of it nobody owns, what is
 * at risk, whether the sources are healthy, and what needs attention now. An empty workspace
 * offers the demo.
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
        HBox tiles = new HBox(12,
                tile("tile-assets", "Assets", Formats.count(o.assets()), Formats.count(o.gone()) + " gone", Feather.LAYERS, null),
                tile("tile-unowned", "Without an owner", Formats.count(o.unowned()),
                        percent(o.unowned(), o.assets()) + " of the estate", Feather.USER_X, o.unowned() > 0 ? "tile-warning" : null),
                tile("tile-risk", "Open critical / high findings",
                        Formats.count(o.openFindingsBySeverity().getOrDefault(Severity.CRITICAL, 0L))
                                + " / " + Formats.count(o.openFindingsBySeverity().getOrDefault(Severity.HIGH, 0L)),
                        Formats.count(o.openFindingsBySeverity().values().stream().mapToLong(Long::longValue).sum()) + " open in all",
                        Feather.ALERT_TRIANGLE,
                        o.openFindingsBySeverity().getOrDefault(Severity.CRITICAL, 0L) > 0 ? "tile-danger" : null),
                tile("tile-sources", "Sources", Formats.count(o.sources()),
                        sourcesHealth(o), Feather.DATABASE,
                        o.failingSources() > 0 ? "tile-danger" : o.sourcesWithProblems() > 0 ? "tile-warning" : null));
        tiles.getChildren().forEach(t -> HBox.setHgrow(t, Priority.ALWAYS));

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(16);
        Node ownership = card("Ownership by kind", "owned and unowned assets that are present", ownershipChart(o));
        Node risk = card("Open findings by severity", "from scans and sources", riskChart(o));
        grid.add(ownership, 0, 0);
        grid.add(risk, 1, 0);
        GridPane.setHgrow(ownership, Priority.ALWAYS);
        GridPane.setHgrow(risk, Priority.ALWAYS);
        grid.add(card("Needs attention", "critical and high risk first, then what runs or ships without an owner", attention(o)), 0, 1, 2, 1);
        javafx.scene.layout.ColumnConstraints wide = new javafx.scene.layout.ColumnConstraints();
        wide.setPercentWidth(60);
        javafx.scene.layout.ColumnConstraints narrow = new javafx.scene.layout.ColumnConstraints();
        narrow.setPercentWidth(40);
        grid.getColumnConstraints().setAll(wide, narrow);

        Label title = new Label("Overview");
        title.getStyleClass().add(Styles.TITLE_2);
        VBox page = new VBox(16, title, tiles, grid);
        page.setPadding(new Insets(20));
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        root.getChildren().setAll(scroll);
    }

    private Node ownershipChart(EstateOverview o) {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel("assets");
        StackedBarChart<String, Number> chart = new StackedBarChart<>(x, y);
        chart.setId("ownership-chart");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setPrefHeight(300);
        XYChart.Series<String, Number> owned = new XYChart.Series<>();
        owned.setName("owned");
        XYChart.Series<String, Number> unowned = new XYChart.Series<>();
        unowned.setName("no owner");
        for (AssetKind k : AssetKind.values()) {
            long total = o.byKind().getOrDefault(k, 0L);
            if (total == 0) {
                continue;
            }
            long none = o.unownedByKind().getOrDefault(k, 0L);
            owned.getData().add(new XYChart.Data<>(k.label(), total - none));
            unowned.getData().add(new XYChart.Data<>(k.label(), none));
        }
        chart.getData().setAll(java.util.List.of(owned, unowned));
        return chart;
    }

    private Node riskChart(EstateOverview o) {
        PieChart pie = new PieChart();
        pie.setId("risk-chart");
        pie.setAnimated(false);
        pie.setLabelsVisible(true);
        pie.setLegendVisible(false);
        pie.setPrefHeight(300);
        for (Severity s : Severity.values()) {
            long n = o.openFindingsBySeverity().getOrDefault(s, 0L);
            if (n > 0) {
                PieChart.Data d = new PieChart.Data(s.token() + " (" + n + ")", n);
                pie.getData().add(d);
            }
        }
        if (pie.getData().isEmpty()) {
            Label none = new Label("No open findings. Scan model files to find malicious or malformed ones.");
            none.setWrapText(true);
            none.getStyleClass().add("text-muted");
            return new StackPane(none);
        }
        for (PieChart.Data d : pie.getData()) {
            String token = d.getName().substring(0, d.getName().indexOf(' '));
            d.nodeProperty().addListener((obs, old, n) -> {
                if (n != null) {
                    n.getStyleClass().add("pie-" + token);
                }
            });
            if (d.getNode() != null) {
                d.getNode().getStyleClass().add("pie-" + token);
            }
        }
        return pie;
    }

    private Node attention(EstateOverview o) {
        VBox list = new VBox(4);
        list.setId("attention-list");
        if (o.attention().isEmpty()) {
            Label none = new Label("Nothing needs attention: everything that runs or ships has an owner and no high-risk finding is open.");
            none.getStyleClass().add("text-muted");
            none.setWrapText(true);
            list.getChildren().add(none);
        }
        for (AssetSummary a : o.attention()) {
            Label kind = Badges.kind(a.kind());
            Hyperlink name = new Hyperlink(a.name());
            name.getStyleClass().add("attention-link");
            name.setOnAction(e -> vm.reveal(a.urn()));
            Label why = new Label(a.worstFinding() != null ? a.worstFinding().token() + " risk" : "no owner");
            why.getStyleClass().addAll("severity-badge", a.worstFinding() != null ? "severity-" + a.worstFinding().token() : "state-unowned");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            Label src = new Label(a.source() == null ? "" : a.source());
            src.getStyleClass().add("text-muted");
            HBox row = new HBox(8, why, kind, name, spacer, src);
            row.setAlignment(Pos.CENTER_LEFT);
            list.getChildren().add(row);
        }
        return list;
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
        Label v = new Label(value);
        v.getStyleClass().add("tile-value");
        v.setId(id + "-value");
        Label s = new Label(sub);
        s.getStyleClass().add("tile-sub");
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
