package dev.tightrope.ui.approvals;

import atlantafx.base.theme.Styles;
import dev.tightrope.service.TrustService;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.Dialogs;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Tables;
import java.io.File;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The trust store (reviewers with where their entry comes from, roles and fingerprints: take the
 * organisation's reviewed file, trust a public key locally, edit roles, remove a local entry),
 * this workspace's own keys, and the approval policy. Local entries and self-trust are shown as
 * such, because they count only as far as the organisation reviewed them.
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
        table.getColumns().add(col("Name", 140, 110, TrustService.ReviewerSummary::name));
        TableColumn<TrustService.ReviewerSummary, TrustService.ReviewerSummary> origin = new TableColumn<>("Trusted by");
        origin.setPrefWidth(175);
        origin.setMinWidth(165);
        origin.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        origin.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(TrustService.ReviewerSummary r, boolean empty) {
                super.updateItem(r, empty);
                setGraphic(empty || r == null ? null : originBadges(r));
            }
        });
        table.getColumns().add(origin);
        table.getColumns().add(col("Roles", 170, 140, TrustPane::roles));
        table.getColumns().add(col("Email", 200, 120, r -> r.email() == null ? "" : r.email()));
        table.getColumns().add(col("Key", 64, 60, TrustService.ReviewerSummary::algorithm));
        table.getColumns().add(col("Fingerprint", 380, 160, TrustService.ReviewerSummary::fingerprint));
        Label empty = new Label("Nobody is trusted yet: take the organisation's reviewed trust store (Use the organisation's "
                + "trust store…); approvals count only when a reviewed reviewer's key signed them.");
        empty.getStyleClass().add("text-muted");
        empty.setWrapText(true);
        table.setPlaceholder(empty);

        Button use = new Button("Use the organisation's trust store…", new FontIcon(Feather.SHIELD));
        use.setId("use-reviewed-store");
        use.setMinWidth(Region.USE_PREF_SIZE);
        use.setTooltip(new Tooltip("Replace this workspace's copy of the organisation's reviewed trust store with the file it "
                + "distributes (e.g. trust/reviewers.json from its repository); local entries stay local"));
        use.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("The organisation's reviewed trust store");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Trust store (JSON)", "*.json"));
            File file = chooser.showOpenDialog(root.getScene().getWindow());
            if (file != null) {
                vm.useReviewedTrustStore(file.toPath());
            }
        });
        Button add = new Button("Trust a public key locally…", new FontIcon(Feather.USER_PLUS));
        add.setId("add-reviewer");
        add.setMinWidth(Region.USE_PREF_SIZE);
        add.setOnAction(e -> show(ReviewerDialog.add(vm), a ->
                vm.addReviewer(a.name(), a.publicKeyPem(), a.email(), a.roles())));
        Button edit = new Button("Edit roles…", new FontIcon(Feather.EDIT_2));
        edit.setId("edit-reviewer");
        edit.setMinWidth(Region.USE_PREF_SIZE);
        edit.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        edit.setOnAction(e -> show(ReviewerDialog.edit(vm, table.getSelectionModel().getSelectedItem()), a ->
                vm.updateReviewer(a.name(), a.email(), a.roles())));
        Button remove = new Button("Remove", new FontIcon(Feather.USER_MINUS));
        remove.setId("remove-reviewer");
        remove.setMinWidth(Region.USE_PREF_SIZE);
        remove.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            TrustService.ReviewerSummary r = table.getSelectionModel().getSelectedItem();
            return r == null || (r.reviewed() && r.addedBy() == null);
        }, table.getSelectionModel().selectedItemProperty()));
        remove.setOnAction(e -> {
            TrustService.ReviewerSummary r = table.getSelectionModel().getSelectedItem();
            boolean localRoles = r.reviewed();
            Alert confirm = Dialogs.ownedBy(new Alert(Alert.AlertType.CONFIRMATION, localRoles
                    ? "The roles changed on this machine go back to what the organisation reviewed: " + String.join(", ", r.reviewedRoles())
                    : "Approvals signed by " + r.fingerprint() + " stop being checked as " + r.name() + "'s in this workspace.",
                    ButtonType.OK, ButtonType.CANCEL), root);
            confirm.setHeaderText(localRoles ? "Drop the local role change of " + r.name() + "?" : "Stop trusting " + r.name() + "?");
            confirm.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.removeReviewer(r.name()));
        });
        Label whyRemove = new Label();
        whyRemove.setId("remove-reviewer-why");
        whyRemove.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
        whyRemove.setWrapText(true);
        whyRemove.textProperty().bind(Bindings.createStringBinding(() -> {
            TrustService.ReviewerSummary r = table.getSelectionModel().getSelectedItem();
            return r != null && r.reviewed() && r.addedBy() == null ? r.name() + " is in the organisation's reviewed trust store: "
                    + "remove or change them there, have it reviewed, then use the new file." : "";
        }, table.getSelectionModel().selectedItemProperty()));
        whyRemove.managedProperty().bind(whyRemove.textProperty().isNotEmpty());
        HBox buttons = new HBox(8, use, add, edit, remove);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label reviewedPath = new Label("Reviewed (the organisation's): " + vm.trustStorePath());
        reviewedPath.setId("trust-store-path");
        Label localPath = new Label("Local additions (unreviewed): " + vm.localTrustStorePath());
        localPath.setId("local-trust-store-path");
        for (Label l : new Label[] {reviewedPath, localPath}) {
            l.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
            l.setWrapText(true);
        }
        Label problems = new Label();
        problems.setId("trust-problems");
        problems.getStyleClass().add("text-danger");
        problems.setWrapText(true);
        vm.trustProblems().addListener((ListChangeListener<String>) c -> problems.setText(vm.trustProblems().isEmpty() ? ""
                : "Ignored local entries: " + String.join("; ", vm.trustProblems())));
        problems.managedProperty().bind(problems.textProperty().isNotEmpty());
        return titled("Trusted reviewers", "an entry counts only as far as the organisation reviewed it",
                new VBox(6, reviewedPath, localPath, table, problems, buttons, whyRemove));
    }

    /** Where an entry comes from: reviewed, local (unreviewed), local roles on a reviewed entry, self-trust. */
    static Node originBadges(TrustService.ReviewerSummary r) {
        HBox box = new HBox(4);
        box.setAlignment(Pos.CENTER_LEFT);
        Label origin = r.reviewed() ? Badges.status("reviewed", "ok") : Badges.status("unreviewed", "warn");
        origin.getStyleClass().add(r.reviewed() ? "origin-reviewed" : "origin-local");
        box.getChildren().add(origin);
        if (r.reviewed() && !r.unreviewedRoles().isEmpty()) {
            box.getChildren().add(Badges.status("+ local roles", "warn"));
        }
        if (r.selfTrust() != null) {
            Label self = Badges.status("self-trust", "failed");
            self.getStyleClass().add("origin-self-trust");
            box.getChildren().add(self);
        }
        StringBuilder tip = new StringBuilder(r.reviewed() ? "In the organisation's reviewed trust store."
                : "Added on this machine; not in the organisation's reviewed trust store, so it counts only when the policy "
                + "says countUnreviewedReviewers.");
        if (!r.unreviewedRoles().isEmpty() && r.reviewed()) {
            tip.append(" Roles added locally (unreviewed): ").append(String.join(", ", r.unreviewedRoles())).append('.');
        }
        if (r.addedBy() != null) {
            tip.append(" Local change by ").append(r.addedBy()).append(r.addedAt() == null ? "" : " on " + Formats.time(r.addedAt()))
                    .append('.');
        }
        if (r.selfTrust() != null) {
            tip.append(" Self-trust: ").append(r.selfTrust()).append('.');
        }
        Tooltip t = new Tooltip(tip.toString());
        t.setWrapText(true);
        t.setMaxWidth(420);
        box.getChildren().forEach(n -> Tooltip.install(n, t));
        return box;
    }

    /** The roles, unreviewed ones marked: "ml-lead, security (unreviewed)". */
    static String roles(TrustService.ReviewerSummary r) {
        return r.roles().stream().map(role -> r.unreviewedRoles().contains(role) && r.reviewed() ? role + " (unreviewed)" : role)
                .reduce((x, y) -> x + ", " + y).orElse("");
    }

    private Node keys() {
        TableView<TrustService.KeySummary> table = new TableView<>(vm.keys());
        table.setId("keys-table");
        table.setPrefHeight(150);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(col("Name", 150, 110, TrustService.KeySummary::name));
        table.getColumns().add(col("Key", 64, 60, TrustService.KeySummary::algorithm));
        table.getColumns().add(col("Created", 140, 130, k -> Formats.time(k.created())));
        table.getColumns().add(col("Fingerprint", 380, 160, TrustService.KeySummary::fingerprint));
        Label empty = new Label("No keys yet: generate one to sign approvals on this machine.");
        empty.getStyleClass().add("text-muted");
        table.setPlaceholder(empty);
        Button generate = new Button("Generate a key…", new FontIcon(Feather.KEY));
        generate.setId("generate-key-trust");
        generate.setOnAction(e -> generateKey.run());
        Button trust = new Button("Trust this key locally…", new FontIcon(Feather.USER_CHECK));
        trust.setMinWidth(Region.USE_PREF_SIZE);
        generate.setMinWidth(Region.USE_PREF_SIZE);
        trust.setId("trust-own-key");
        trust.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        trust.setOnAction(e -> {
            TrustService.KeySummary k = table.getSelectionModel().getSelectedItem();
            show(ReviewerDialog.ownKey(vm, k), a -> vm.trustOwnKey(k, a.email(), a.roles()));
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
            text.setText(p == null ? "" : p.describe());
            source.setText(p == null ? "" : p.source());
        });
        Button edit = new Button("Edit policy…", new FontIcon(Feather.SLIDERS));
        edit.setId("edit-policy");
        edit.disableProperty().bind(vm.policyProperty().isNull());
        edit.setOnAction(e -> {
            PolicyDialog dialog = Dialogs.ownedBy(new PolicyDialog(vm, vm.policyProperty().get()), root);
            dialog.showAndWait().ifPresent(a -> vm.setStage(a.stage(), a.settings(), a.rules()));
        });
        return titled("Policy", "what the gate requires", new VBox(6, text, source, edit));
    }

    private void show(ReviewerDialog dialog, Consumer<ReviewerDialog.Answer> then) {
        Dialogs.ownedBy(dialog, root).showAndWait().ifPresent(then);
    }

    private static Node titled(String title, String hint, Node content) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_4);
        Label h = new Label(hint);
        h.getStyleClass().add("text-muted");
        return new VBox(6, new HBox(10, t, h), content);
    }

    /** A text column never narrower than {@code minWidth}; long values lose their middle, not their end; whole on hover. */
    private static <T> TableColumn<T, String> col(String title, double width, double minWidth, Function<T, String> value) {
        TableColumn<T, String> c = Tables.text(title, width, OverrunStyle.CENTER_ELLIPSIS, value);
        c.setMinWidth(Math.max(minWidth, c.getMinWidth()));
        return c;
    }
}
