package dev.tightrope.ui.shell;

import dev.tightrope.domain.AssetSummary;
import dev.tightrope.ui.common.Badges;
import javafx.collections.ListChangeListener;
import javafx.animation.PauseTransition;
import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.util.Duration;

/** Global search (Ctrl+K): type, see the best matches from the full-text index, Enter to open one. */
final class SearchBox {
    private static final int RESULTS = 12;

    private final SearchViewModel vm;
    private final TextField field = new TextField();
    private final ListView<AssetSummary> results = new ListView<>();
    private final Label empty = new Label();
    private final Popup popup = new Popup();
    private final PauseTransition debounce = new PauseTransition(Duration.millis(120));

    SearchBox(SearchViewModel vm, dev.tightrope.ui.common.AssetActions assets) {
        this.vm = vm;
        field.setId("global-search");
        field.setPromptText("Search assets, owners, properties…   Ctrl+K");
        field.setPrefWidth(420);
        results.setId("search-results");
        results.setPrefWidth(560);
        results.setFixedCellSize(34);
        results.setCellFactory(lv -> {
            ResultCell cell = new ResultCell();
            dev.tightrope.ui.common.AssetMenu.install(cell, () -> cell.isEmpty() || cell.getItem() == null ? null
                    : dev.tightrope.ui.common.AssetRef.of(cell.getItem().urn(), cell.getItem().name()), assets.beforeOpening(popup::hide), true);
            return cell;
        });
        results.setItems(vm.results());
        empty.textProperty().bind(vm.summaryProperty());
        vm.results().addListener((ListChangeListener<AssetSummary>) c -> show());
        empty.getStyleClass().add("search-empty");
        VBox box = new VBox(results, empty);
        box.getStyleClass().add("search-popup");
        popup.getContent().add(box);
        popup.setAutoHide(true);
        debounce.setOnFinished(e -> query(field.getText()));
        vm.shownForProperty().addListener((obs, old, text) -> show());
        field.textProperty().addListener((obs, old, text) -> debounce.playFromStart());
        field.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        results.setOnMouseClicked(e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && results.getSelectionModel().getSelectedItem() != null) {
                open(results.getSelectionModel().getSelectedItem());
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
        if (e.getCode() == KeyCode.DOWN && !results.getItems().isEmpty()) {
            selection.select(Math.min(results.getItems().size() - 1, selection.getSelectedIndex() + 1));
            results.scrollTo(selection.getSelectedIndex());
            e.consume();
        } else if (e.getCode() == KeyCode.UP && !results.getItems().isEmpty()) {
            selection.select(Math.max(0, selection.getSelectedIndex() - 1));
            results.scrollTo(selection.getSelectedIndex());
            e.consume();
        } else if (e.getCode() == KeyCode.ENTER) {
            debounce.stop();
            if (field.getText().equals(vm.shownForProperty().get()) && !results.getItems().isEmpty()) {
                AssetSummary chosen = selection.getSelectedItem();
                open(chosen != null ? chosen : results.getItems().get(0));
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

    private void show() {
        if (vm.shownForProperty().get() == null) {
            popup.hide();
            return;
        }
        int n = vm.results().size();
        results.setPrefHeight(Math.max(1, n) * 34 + 4);
        results.setVisible(n > 0);
        results.setManaged(n > 0);
        if (field.getScene() == null || field.getScene().getWindow() == null) {
            return;
        }
        Bounds b = field.localToScreen(field.getBoundsInLocal());
        if (b != null && !popup.isShowing()) {
            // right-aligned with the field, so the popup stays inside the window
            popup.show(field, b.getMaxX() - results.getPrefWidth() - 10, b.getMaxY() + 4);
        }
    }

    private void open(AssetSummary a) {
        popup.hide();
        vm.open(a);
    }

    /** Name, kind and owners of a match. */
    private static final class ResultCell extends ListCell<AssetSummary> {
        @Override
        protected void updateItem(AssetSummary a, boolean empty) {
            super.updateItem(a, empty);
            if (empty || a == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(a.name());
            name.getStyleClass().add("search-name");
            Label kind = Badges.kind(a.kind());
            Label owners = new Label(a.owners() == null ? "no owner" : a.owners());
            owners.getStyleClass().add(a.owners() == null ? "text-warning" : "text-muted");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox row = new HBox(8, kind, name, spacer, owners);
            setGraphic(row);
            setText(null);
        }
    }
}
