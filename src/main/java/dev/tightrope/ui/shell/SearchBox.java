package dev.tightrope.ui.shell;

import dev.tightrope.domain.AssetSummary;
import dev.tightrope.ui.common.Badges;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.css.PseudoClass;
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
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Global search (Ctrl+K): type, see the best matches grouped by kind, Enter to open one; the
 * last row, "See all N matches in the inventory", stays in view below the list however tall the
 * list is, and the arrows reach it too. The popup stays inside the window.
 */
final class SearchBox {
    private static final double HIT_HEIGHT = 34;
    private static final double HEADER_HEIGHT = 26;
    /** The summary line under the list (its height is fixed in tightrope.css). */
    private static final double SUMMARY_HEIGHT = 28;
    private static final double PREF_WIDTH = 600;
    /** Space kept between the popup and the window's edges. */
    private static final double MARGIN = 8;
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final SearchViewModel vm;
    private final TextField field = new TextField();
    private final ListView<SearchViewModel.Row> results = new ListView<>();
    private final Label empty = new Label();
    private final Label seeAll = new Label(null, new FontIcon(Feather.LIST));
    private final HBox seeAllRow = new HBox(seeAll);
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
        results.setItems(new FilteredList<>(vm.rows(), row -> !(row instanceof SearchViewModel.SeeAll)));
        empty.textProperty().bind(vm.summaryProperty());
        empty.getStyleClass().add("search-empty");
        empty.setId("search-summary");
        seeAll.setId("search-see-all");
        seeAll.getStyleClass().add("search-see-all");
        seeAll.setTextOverrun(OverrunStyle.ELLIPSIS);
        seeAllRow.getStyleClass().add("search-see-all-row");
        seeAllRow.setAlignment(Pos.CENTER_LEFT);
        seeAllRow.setOnMouseClicked(e -> seeAllRow().ifPresent(this::activate));
        vm.rows().addListener((ListChangeListener<SearchViewModel.Row>) c -> show());
        box = new VBox(results, seeAllRow, empty);
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
        results.getSelectionModel().selectedIndexProperty().addListener((obs, old, index) -> {
            if (index.intValue() >= 0) {
                seeAllRow.pseudoClassStateChanged(SELECTED, false);
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
        if ((e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.UP) && !vm.rows().isEmpty()) {
            int current = seeAllSelected() ? vm.rows().size() - 1 : selection.getSelectedIndex();
            select(vm.move(current, e.getCode() == KeyCode.DOWN ? 1 : -1));
            e.consume();
        } else if (e.getCode() == KeyCode.ENTER) {
            debounce.stop();
            if (field.getText().equals(vm.shownForProperty().get()) && !vm.rows().isEmpty()) {
                SearchViewModel.Row chosen = seeAllSelected() ? seeAllRow().orElse(null) : selection.getSelectedItem();
                if (chosen == null || !chosen.selectable()) {
                    int first = vm.firstSelectable();
                    chosen = first < 0 ? null : vm.rows().get(first);
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

    /** Selects row {@code index} of the view model's rows: a hit in the list, or the "see all" row below it. */
    private void select(int index) {
        if (index < 0) {
            return;
        }
        boolean last = vm.rows().get(index) instanceof SearchViewModel.SeeAll;
        seeAllRow.pseudoClassStateChanged(SELECTED, last);
        if (last) {
            results.getSelectionModel().clearSelection();
        } else {
            results.getSelectionModel().clearAndSelect(index);
            results.scrollTo(Math.max(0, index - 1));
        }
    }

    private boolean seeAllSelected() {
        return seeAllRow.getPseudoClassStates().contains(SELECTED);
    }

    private Optional<SearchViewModel.Row> seeAllRow() {
        return vm.rows().isEmpty() || !(vm.rows().get(vm.rows().size() - 1) instanceof SearchViewModel.SeeAll)
                ? Optional.empty() : Optional.of(vm.rows().get(vm.rows().size() - 1));
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
        for (SearchViewModel.Row row : results.getItems()) {
            rowsHeight += row instanceof SearchViewModel.Header ? HEADER_HEIGHT : HIT_HEIGHT;
        }
        boolean any = !results.getItems().isEmpty();
        results.setVisible(any);
        results.setManaged(any);
        results.getSelectionModel().clearSelection();
        seeAllRow.pseudoClassStateChanged(SELECTED, false);
        seeAllRow().ifPresentOrElse(row -> {
            String label = ((SearchViewModel.SeeAll) row).label();
            seeAll.setText(label);
            seeAll.setTooltip(new Tooltip(label));
        }, () -> seeAll.setText(null));
        seeAllRow.setVisible(seeAllRow().isPresent());
        seeAllRow.setManaged(seeAllRow().isPresent());
        if (field.getScene() == null || field.getScene().getWindow() == null) {
            return;
        }
        Bounds b = field.localToScreen(field.getBoundsInLocal());
        if (b == null) {
            return;
        }
        // the scene's area on screen (the window less its decorations)
        Bounds scene = field.getScene().getRoot().localToScreen(field.getScene().getRoot().getBoundsInLocal());
        double left = scene.getMinX();
        double right = scene.getMaxX();
        double width = Math.min(PREF_WIDTH, right - left - 2 * MARGIN);
        // room for the list below the field, less the "see all" row and the summary under it
        double below = scene.getMaxY() - MARGIN - (b.getMaxY() + 4) - (seeAllRow.isManaged() ? HIT_HEIGHT : 0) - SUMMARY_HEIGHT - 4;
        results.setPrefWidth(width);
        results.setPrefHeight(Math.max(HIT_HEIGHT, Math.min(rowsHeight, below)));
        box.setPrefWidth(width);
        box.setMaxWidth(width);
        // right-aligned with the field, never past the window's edges
        double x = Math.max(left + MARGIN, Math.min(b.getMaxX() - width, right - width - MARGIN));
        if (!popup.isShowing()) {
            popup.show(field, x, b.getMaxY() + 4);
        } else {
            popup.setX(x);
            popup.setY(b.getMaxY() + 4);
            popup.sizeToScene();
        }
        fitInside(scene);
    }

    /** Moves and shortens the shown popup until it is inside {@code scene} (its shadow and borders count too). */
    private void fitInside(Bounds scene) {
        box.applyCss();
        box.layout();
        Bounds shown = box.localToScreen(box.getBoundsInLocal());
        if (shown == null) {
            return;
        }
        double overflow = shown.getMaxY() - (scene.getMaxY() - MARGIN);
        if (overflow > 0) {
            results.setPrefHeight(Math.max(HIT_HEIGHT, results.getPrefHeight() - overflow));
            popup.sizeToScene();
        }
        if (shown.getMaxX() > scene.getMaxX() - MARGIN) {
            popup.setX(popup.getX() - (shown.getMaxX() - (scene.getMaxX() - MARGIN)));
        } else if (shown.getMinX() < scene.getMinX() + MARGIN) {
            popup.setX(popup.getX() + (scene.getMinX() + MARGIN - shown.getMinX()));
        }
    }

    private void activate(SearchViewModel.Row row) {
        popup.hide();
        vm.activate(row);
    }

    /** A kind header or a hit (kind, name, risk, owners). */
    private static final class RowCell extends ListCell<SearchViewModel.Row> {
        RowCell() {
            // as wide as the list, never wider: long names give way (middle ellipsis) instead of scrolling sideways
            setPrefWidth(0);
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
            getStyleClass().removeAll("search-header-cell", "search-hit-cell");
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
            owners.setAlignment(Pos.CENTER_RIGHT);
            owners.setMaxWidth(170);
            if (a.owners() == null) {
                owners.setMinWidth(Region.USE_PREF_SIZE);
            } else {
                // a long owner list gives way with the name, down to a few names and a tooltip
                owners.setMinWidth(110);
                owners.setTooltip(new Tooltip(a.owners()));
            }
            line.getChildren().add(owners);
            return line;
        }
    }
}
