package dev.tightrope.ui.approvals;

import atlantafx.base.theme.Styles;
import dev.tightrope.service.TrustService;
import dev.tightrope.ui.common.Formats;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The trust store editor (reviewers with roles and fingerprints: trust a public key, edit roles,
 * remove; the reviewable file is written on each change), this workspace's own keys, and the
 * approval policy.
 */
final class TrustPane {

    private final ApprovalsViewModel vm;
    private final VBox root = new VBox(12);
    private final ScrollPane scroll = new ScrollPane(root);
    private final Runnable generateKey;

    TrustPane(ApprovalsViewModel vm, Runnable generateKey) {
        this.vm = vm;
        this.generateKey = generateKey;
        root.setId("trust-pane");
        root.setPadding(new Insets(12));
        scroll.setFitToWidth(true);
        root.getChildren().addAll(reviewers(), keys(), policy());
    }

    Node node() {
        return scroll;
    }

    private Node reviewers() {
        TableView<TrustService.ReviewerSummary> table = new TableView<>(vm.reviewers());
        table.setId("reviewers-table");
        table.setPrefHeight(220);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(col("Name", 150, TrustService.ReviewerSummary::name));
        table.getColumns().add(col("Email", 220, r -> r.email() == null ? "" : r.email()));
        table.getColumns().add(col("Roles", 170, r -> String.join(", ", r.roles())));
        table.getColumns().add(col("Key", 70, TrustService.ReviewerSummary::algorithm));
        table.getColumns().add(col("Fingerprint", 420, TrustService.ReviewerSummary::fingerprint));
        Label empty = new Label("Nobody is trusted yet: approvals count only when a trusted reviewer's key signed them.");
        empty.getStyleClass().add("text-muted");
        table.setPlaceholder(empty);

        Button add = new Button("Trust a public key…", new FontIcon(Feather.USER_PLUS));
        add.setId("add-reviewer");
        add.setOnAction(e -> show(ReviewerDialog.add(), a ->
                vm.addReviewer(a.name(), a.publicKeyPem(), a.email(), a.roles())));
        Button edit = new Button("Edit roles…", new FontIcon(Feather.EDIT_2));
        edit.setId("edit-reviewer");
        edit.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        edit.setOnAction(e -> show(ReviewerDialog.edit(table.getSelectionModel().getSelectedItem()), a ->
                vm.updateReviewer(a.name(), a.email(), a.roles())));
        Button remove = new Button("Remove", new FontIcon(Feather.USER_MINUS));
        remove.setId("remove-reviewer");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> {
            TrustService.ReviewerSummary r = table.getSelectionModel().getSelectedItem();
            Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Approvals signed by " + r.fingerprint()
                    + " stop counting everywhere this trust store is used.", ButtonType.OK, ButtonType.CANCEL);
            confirm.initOwner(root.getScene().getWindow());
            confirm.setHeaderText("Stop trusting " + r.name() + "?");
            confirm.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.removeReviewer(r.name()));
        });
        Label path = new Label(vm.trustStorePath());
        path.setId("trust-store-path");
        path.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
        path.setWrapText(true);
        return titled("Trusted reviewers", "the trust store: a plain file to commit and review", new VBox(6, path, table,
                new HBox(8, add, edit, remove)));
    }

    private Node keys() {
        TableView<TrustService.KeySummary> table = new TableView<>(vm.keys());
        table.setId("keys-table");
        table.setPrefHeight(150);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(keyCol("Name", 150, TrustService.KeySummary::name));
        table.getColumns().add(keyCol("Key", 70, TrustService.KeySummary::algorithm));
        table.getColumns().add(keyCol("Created", 140, k -> Formats.time(k.created())));
        table.getColumns().add(keyCol("Fingerprint", 420, TrustService.KeySummary::fingerprint));
        Label empty = new Label("No keys yet: generate one to sign approvals on this machine.");
        empty.getStyleClass().add("text-muted");
        table.setPlaceholder(empty);
        Button generate = new Button("Generate a key…", new FontIcon(Feather.KEY));
        generate.setId("generate-key-trust");
        generate.setOnAction(e -> generateKey.run());
        Button trust = new Button("Trust this key…", new FontIcon(Feather.USER_CHECK));
        trust.setId("trust-own-key");
        trust.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        trust.setOnAction(e -> {
            TrustService.KeySummary k = table.getSelectionModel().getSelectedItem();
            show(ReviewerDialog.ownKey(k.name(), k.fingerprint()), a ->
                    vm.trustOwnKey(k, a.email(), a.roles()));
        });
        Label dir = new Label(vm.keysDirectory());
        dir.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
        return titled("Your keys", "private keys encrypted with your passphrase, never in the cache", new VBox(6, dir, table,
                new HBox(8, generate, trust)));
    }

    private Node policy() {
        Label text = new Label();
        text.setId("policy-text");
        text.setWrapText(true);
        Label source = new Label();
        source.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
        vm.policyProperty().addListener((obs, old, p) -> {
            text.setText(p == null ? "" : p.settings().describe());
            source.setText(p == null ? "" : p.source());
        });
        Button edit = new Button("Edit policy…", new FontIcon(Feather.SLIDERS));
        edit.setId("edit-policy");
        edit.disableProperty().bind(vm.policyProperty().isNull());
        edit.setOnAction(e -> {
            PolicyDialog dialog = new PolicyDialog(vm.policyProperty().get().settings());
            dialog.initOwner(root.getScene().getWindow());
            dialog.showAndWait().ifPresent(s -> vm.setPolicy(s));
        });
        return titled("Policy", "what the gate requires", new VBox(6, text, source, edit));
    }

    private void show(ReviewerDialog dialog, Consumer<ReviewerDialog.Answer> then) {
        dialog.initOwner(root.getScene().getWindow());
        dialog.showAndWait().ifPresent(then);
    }

    private static Node titled(String title, String hint, Node content) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_4);
        Label h = new Label(hint);
        h.getStyleClass().add("text-muted");
        return new VBox(6, new HBox(10, t, h), content);
    }

    private static TableColumn<TrustService.ReviewerSummary, String> col(String title, double width,
                                                                         Function<TrustService.ReviewerSummary, String> value) {
        TableColumn<TrustService.ReviewerSummary, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }

    private static TableColumn<TrustService.KeySummary, String> keyCol(String title, double width,
                                                                       Function<TrustService.KeySummary, String> value) {
        TableColumn<TrustService.KeySummary, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }
}
