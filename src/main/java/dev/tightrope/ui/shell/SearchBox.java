package dev.tightrope.ui.shell;

import dev.tightrope.domain.AssetSummary;
import dev.tightrope.ui.common.Badges;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Global search (Ctrl+K): type, see the best matches grouped by kind, Enter to open one; the
 * last row lists every match in the inventory. The popup stays inside the window.
 */
final class SearchBox {
    private static final double HIT_HEIGHT = 34;
    private static final double HEADER_HEIGHT = 26;
    private static final double PREF_WIDTH = 600;
    /** Space kept between the popup and the window's edges. */
    private static final double MARGIN = 8;

    private final SearchViewModel vm;
    private final TextField field = new TextField();
    private final ListView<SearchViewModel.Row> results = new ListView<>();
    private final Label empty = new Label();
    private final VBox box;
    private final Popup popup = new Popup();
    private final PauseTransition debounce = new PauseTransition(Duration.millis(120));

    SearchBox(SearchViewModel vm, dev.tightrope.ui.common.AssetActions assets) {
        this.vm = vm;
        field.setId("global-search");
        field.setPromptText("Search assets, owners, properties…   Ctrl+K");
        field.setPrefWidth(420);
        results.setId("search-results");
        results.setCellFactory(lv -> {
            RowCell cell = new RowCell();
            dev.tightrope.ui.common.AssetMenu.install(cell, () -> cell.isEmpty() || !(cell.getItem() instanceof SearchViewModel.Hit hit) ? null
                    : dev.tightrope.ui.common.AssetRef.of(hit.asset().urn(), hit.asset().name()), assets.beforeOpening(popup::hide), true);
            return cell;
        });
        results.setItems(vm.rows());
        empty.textProperty().bind(vm.summaryProperty());
        empty.getStyleClass().add("search-empty");
        empty.setId("search-summary");
        vm.rows().addListener((ListChangeListener<SearchViewModel.Row>) c -> show());
        box = new VBox(results, empty);
        box.getStyleClass().add("search-popup");
        popup.getContent().add(box);
        popup.setAutoHide(true);
        debounce.setOnFinished(e -> query(field.getText()));
        vm.shownForProperty().addListener((obs, old, text) -> show());
        field.textProperty().addListener((obs, old, text) -> debounce.playFromStart());
        field.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        results.setOnMouseClicked(e -> {
            SearchViewModel.Row row = results.getSelectionModel().getSelectedItem();
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && row != null && row.selectable()) {
                activate(row);
            }
        });
        // key events reach a showing popup first; with nothing focusable in it they come back to the field
        results.setFocusTraversable(false);
    }

    TextField field() {
        return field;
    }

    void focus() {
        field.requestFocus();
        field.selectAll();
    }

    private void onKey(KeyEvent e) {
        var selection = results.getSelectionModel();
        if ((e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.UP) && !results.getItems().isEmpty()) {
            int index = vm.move(selection.getSelectedIndex(), e.getCode() == KeyCode.DOWN ? 1 : -1);
            if (index >= 0) {
                selection.clearAndSelect(index);
                results.scrollTo(Math.max(0, index - 1));
            }
            e.consume();
        } else if (e.getCode() == KeyCode.ENTER) {
            debounce.stop();
            if (field.getText().equals(vm.shownForProperty().get()) && !results.getItems().isEmpty()) {
                SearchViewModel.Row chosen = selection.getSelectedItem();
                if (chosen == null || !chosen.selectable()) {
                    int first = vm.firstSelectable();
                    chosen = first < 0 ? null : results.getItems().get(first);
                }
                if (chosen != null) {
                    activate(chosen);
                }
            } else {
                query(field.getText());
            }
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE) {
            popup.hide();
            field.clear();
            e.consume();
        }
    }

    private void query(String text) {
        if (text == null || text.isBlank()) {
            popup.hide();
        }
        vm.search(text);
    }

    /** Sizes the list to its rows (scrolling beyond the window's height) and keeps the popup inside the window. */
    private void show() {
        if (vm.shownForProperty().get() == null) {
            popup.hide();
            return;
        }
        double rowsHeight = 4;
        for (SearchViewModel.Row row : vm.rows()) {
            rowsHeight += row instanceof SearchViewModel.Header ? HEADER_HEIGHT : HIT_HEIGHT;
        }
        boolean any = !vm.rows().isEmpty();
        results.setVisible(any);
        results.setManaged(any);
        results.getSelectionModel().clearSelection();
        if (field.getScene() == null || field.getScene().getWindow() == null) {
            return;
        }
        Window window = field.getScene().getWindow();
        Bounds b = field.localToScreen(field.getBoundsInLocal());
        if (b == null) {
            return;
        }
        double width = Math.min(PREF_WIDTH, window.getWidth() - 2 * MARGIN);
        double below = window.getY() + window.getHeight() - b.getMaxY() - 4 - MARGIN - 40;
        results.setPrefWidth(width);
        results.setPrefHeight(Math.max(HIT_HEIGHT, Math.min(rowsHeight, below)));
        box.setPrefWidth(width);
        box.setMaxWidth(width);
        // right-aligned with the field, never past the window's left edge
        double x = Math.max(window.getX() + MARGIN, Math.min(b.getMaxX() - width, window.getX() + window.getWidth() - width - MARGIN));
        if (!popup.isShowing()) {
            popup.show(field, x, b.getMaxY() + 4);
        } else {
            popup.setX(x);
            popup.setY(b.getMaxY() + 4);
            popup.sizeToScene();
        }
    }

    private void activate(SearchViewModel.Row row) {
        popup.hide();
        vm.activate(row);
    }

    /** A kind header, a hit (kind, name, risk, owners) or the "see all" row. */
    private static final class RowCell extends ListCell<SearchViewModel.Row> {
        RowCell() {
            // a header is not a choice: clicking it selects nothing
            addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
                if (getItem() instanceof SearchViewModel.Header) {
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(SearchViewModel.Row row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll("search-header-cell", "search-hit-cell", "search-see-all-cell");
            setText(null);
            setTooltip(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            if (row instanceof SearchViewModel.Header h) {
                getStyleClass().add("search-header-cell");
                Label title = new Label(h.title());
                title.getStyleClass().add("search-kind-title");
                title.setMinWidth(Region.USE_PREF_SIZE);
                Label count = new Label(h.count());
                count.getStyleClass().add("search-kind-count");
                count.setMinWidth(Region.USE_PREF_SIZE);
                HBox line = new HBox(6, title, count);
                line.setAlignment(Pos.BOTTOM_LEFT);
                setGraphic(line);
                setPrefHeight(HEADER_HEIGHT);
            } else if (row instanceof SearchViewModel.Hit hit) {
                getStyleClass().add("search-hit-cell");
                setGraphic(hitLine(hit.asset()));
                setPrefHeight(HIT_HEIGHT);
            } else if (row instanceof SearchViewModel.SeeAll all) {
                getStyleClass().add("search-see-all-cell");
                Label label = new Label(all.label(), new FontIcon(Feather.LIST));
                label.setId("search-see-all");
                label.getStyleClass().add("search-see-all");
                label.setTextOverrun(OverrunStyle.ELLIPSIS);
                label.setTooltip(new Tooltip(all.label()));
                setGraphic(label);
                setPrefHeight(HIT_HEIGHT);
            }
        }

        private static HBox hitLine(AssetSummary a) {
            Label kind = Badges.kind(a.kind());
            Label name = new Label(a.name());
            name.getStyleClass().add("search-name");
            if (a.goneAt() != null) {
                name.getStyleClass().add("gone");
            }
            name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
            name.setMinWidth(60);
            name.setMaxWidth(Double.MAX_VALUE);
            name.setTooltip(new Tooltip(a.name() + (a.goneAt() != null ? " (gone)" : "") + "\n" + a.urn()));
            HBox.setHgrow(name, Priority.ALWAYS);
            HBox line = new HBox(8, kind, name);
            line.setAlignment(Pos.CENTER_LEFT);
            if (a.worstFinding() != null) {
                Label risk = Badges.severity(a.worstFinding());
                risk.setTooltip(new Tooltip("Worst open finding: " + a.worstFinding().token()));
                line.getChildren().add(risk);
            }
            Label owners = new Label(a.owners() == null ? "no owner" : a.owners());
            owners.getStyleClass().addAll("search-owners", a.owners() == null ? "text-warning" : "text-muted");
            owners.setTextOverrun(OverrunStyle.ELLIPSIS);
            owners.setMaxWidth(170);
            if (a.owners() == null) {
                owners.setMinWidth(Region.USE_PREF_SIZE);
            } else {
                // long owner lists give way to the name first, down to a few letters and a tooltip
                owners.setMinWidth(60);
                owners.setTooltip(new Tooltip(a.owners()));
            }
            line.getChildren().add(owners);
            return line;
        }
    }
}
