package dev.tightrope.ui.approvals;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ApprovalService;
import dev.tightrope.service.GateResult;
import dev.tightrope.service.ReviewDecision;
import dev.tightrope.service.TrustService;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.Dialogs;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.NeighbourList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The evidence of the selected release, side by side with the decision: the gate and its rules,
 * owners, one hop of lineage each way, findings, the approvals of this exact digest with their
 * verification, and the form to approve or reject (a rationale is required; the passphrase is
 * asked for at the moment of signing).
 */
final class ReleasePane {

    private final ApprovalsViewModel vm;
    private final VBox evidence = new VBox(14);
    private final ScrollPane scroll = new ScrollPane(evidence);
    private final ChoiceBox<TrustService.KeySummary> key = new ChoiceBox<>();
    private final TextField scope = new TextField();
    private final TextArea rationale = new TextArea();
    private final VBox form;
    private final BorderPane root = new BorderPane();

    ReleasePane(ApprovalsViewModel vm) {
        this.vm = vm;
        evidence.setId("release-evidence");
        evidence.getStyleClass().add("detail-pane");
        evidence.setPadding(new Insets(16));
        scroll.setFitToWidth(true);
        scroll.setMinWidth(340);
        form = decisionForm();
        form.getStyleClass().add("decision-form");
        form.visibleProperty().bind(vm.releaseProperty().isNotNull());
        form.managedProperty().bind(form.visibleProperty());
        root.setCenter(scroll);
        root.setBottom(form);
        vm.releaseProperty().addListener((obs, old, r) -> render(r));
        vm.policyProperty().addListener((obs, old, p) -> {
            if (p != null && (scope.getText() == null || scope.getText().isBlank())) {
                scope.setText(p.settings().scope() == null ? "promote:production" : p.settings().scope());
            }
        });
        render(null);
    }

    /** The evidence scrolls; the decision stays in view below it. */
    Node node() {
        return root;
    }

    private void render(ApprovalService.Release r) {
        if (r == null) {
            Label title = new Label("Select a release");
            title.getStyleClass().add(Styles.TITLE_4);
            Label hint = new Label("Its evidence shows here: owners, lineage, findings and the approvals of its exact digest, "
                    + "next to the approve and reject buttons.");
            hint.getStyleClass().add("text-muted");
            hint.setWrapText(true);
            VBox empty = new VBox(8, new FontIcon(Feather.CHECK_SQUARE), title, hint);
            empty.getStyleClass().add("empty-state");
            evidence.getChildren().setAll(empty);
            return;
        }
        AssetDetail d = r.detail();
        evidence.getChildren().setAll(header(r), gate(r), owners(d.record()), lineage(d), findings(d), approvals(r));
    }

    private Node header(ApprovalService.Release r) {
        AssetRecord rec = r.detail().record();
        Label name = new Label(rec.asset().name());
        name.setId("release-name");
        name.getStyleClass().add(Styles.TITLE_3);
        name.setWrapText(true);
        Hyperlink urn = new Hyperlink(rec.urn().toString());
        urn.getStyleClass().addAll("mono", Styles.TEXT_SMALL);
        urn.setWrapText(true);
        urn.setTooltip(new Tooltip("Show in the inventory"));
        urn.setOnAction(e -> vm.reveal(rec.urn().toString()));
        Label digest = new Label(r.digest() == null ? "no sha256 digest: nothing exact to approve" : r.digest());
        digest.setId("release-digest");
        digest.getStyleClass().addAll("mono", "text-muted");
        digest.setWrapText(true);
        VBox box = new VBox(6, new HBox(6, Badges.kind(rec.urn().kind())), name, urn, digest);
        if (rec.asset().description() != null) {
            Label desc = new Label(rec.asset().description());
            desc.setWrapText(true);
            box.getChildren().add(desc);
        }
        return box;
    }

    private Node gate(ApprovalService.Release r) {
        VBox box = new VBox(4);
        box.setId("release-gate");
        GateResult g = r.gate();
        Label policy = new Label("Policy: " + r.policy().settings().describe());
        policy.getStyleClass().add("text-muted");
        policy.setWrapText(true);
        if (g == null) {
            box.getChildren().addAll(Badges.status("no digest", "muted"), policy);
            return section("Gate", box);
        }
        Label outcome = Badges.status(g.outcome() == GateResult.Outcome.PASS ? "passes" : g.outcome().name().toLowerCase(),
                g.outcome() == GateResult.Outcome.PASS ? "ok" : "failed");
        outcome.setId("release-gate-outcome");
        box.getChildren().addAll(outcome, policy);
        for (GateResult.Rule rule : g.rules()) {
            FontIcon icon = new FontIcon(rule.passed() ? Feather.CHECK : Feather.X);
            icon.getStyleClass().add(rule.passed() ? "icon-ok" : "icon-failed");
            boolean plain = rule.status() == GateResult.RuleStatus.PASS || rule.status() == GateResult.RuleStatus.FAIL;
            Label text = new Label(rule.name() + (plain ? "" : " (" + rule.status().label() + ")") + ": " + rule.detail());
            text.setWrapText(true);
            box.getChildren().add(new HBox(6, icon, text));
        }
        // a version 2 policy has stages: the queue and this pane judge the default one
        return section(g.stage() == null || g.stage().equals("default") ? "Gate" : "Gate (stage " + g.stage() + ")", box);
    }

    private Node owners(AssetRecord rec) {
        VBox box = new VBox(4);
        box.setId("release-owners");
        if (rec.owners().isEmpty()) {
            Label none = new Label("Nobody owns this release.");
            none.getStyleClass().add("text-warning");
            box.getChildren().add(none);
        }
        for (OwnerAssignment o : rec.owners()) {
            Label who = new Label(o.owner());
            who.getStyleClass().add(Styles.TEXT_BOLD);
            who.setMinWidth(Region.USE_PREF_SIZE);
            Label role = new Label(o.role().label() + " · from " + o.origin());
            role.getStyleClass().add("text-muted");
            role.setWrapText(true);
            HBox.setHgrow(role, Priority.ALWAYS);
            box.getChildren().add(new HBox(8, who, role));
        }
        return section("Owners (" + rec.owners().size() + ")", box);
    }

    private Node lineage(AssetDetail d) {
        VBox up = neighbours(d.upstream(), d.upstreamTotal(), true);
        up.setId("release-upstream");
        VBox down = neighbours(d.downstream(), d.downstreamTotal(), false);
        down.setId("release-downstream");
        Label upTitle = new Label("Upstream: what it came from");
        upTitle.getStyleClass().add("text-muted");
        Label downTitle = new Label("Downstream: what uses it");
        downTitle.getStyleClass().add("text-muted");
        return section("Lineage, one hop", new VBox(6, upTitle, up, downTitle, down));
    }

    private VBox neighbours(List<Neighbour> list, long total, boolean upstream) {
        return NeighbourList.of(list, total, upstream, vm::reveal);
    }

    private Node findings(AssetDetail d) {
        VBox box = new VBox(6);
        box.setId("release-findings");
        if (d.findings().isEmpty()) {
            Label none = new Label("No findings");
            none.getStyleClass().add("text-muted");
            box.getChildren().add(none);
        }
        for (StoredFinding f : d.findings()) {
            Label title = new Label(f.finding().title());
            title.setWrapText(true);
            Label meta = new Label(f.finding().ruleId() + " · " + f.finding().status().name().toLowerCase()
                    + (f.finding().location() == null || f.finding().location().isEmpty() ? "" : " · " + f.finding().location()));
            meta.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL, "mono");
            meta.setWrapText(true);
            VBox text = new VBox(2, title, meta);
            HBox.setHgrow(text, Priority.ALWAYS);
            box.getChildren().add(new HBox(8, Badges.severity(f.finding().severity()), text));
        }
        return section("Findings (" + d.findings().size() + ")", box);
    }

    private Node approvals(ApprovalService.Release r) {
        VBox box = new VBox(8);
        box.setId("release-approvals");
        List<ApprovalRecord> list = r.gate() == null ? List.of() : r.gate().attestations();
        if (list.isEmpty()) {
            Label none = new Label("No signed decision about this digest yet");
            none.getStyleClass().add("text-muted");
            box.getChildren().add(none);
        }
        for (ApprovalRecord a : list) {
            box.getChildren().add(approvalLine(a));
        }
        if (!list.isEmpty()) {
            Button publish = new Button("Publish to a registry…", new FontIcon(Feather.UPLOAD_CLOUD));
            publish.setId("publish-approvals");
            publish.getStyleClass().add(Styles.SMALL);
            publish.setTooltip(new Tooltip("Attach these approvals to the OCI artifact that ships this release (cosign .att tag "
                    + "and OCI referrers); credentials from TIGHTROPE_REGISTRY_USERNAME/PASSWORD or TIGHTROPE_REGISTRY_TOKEN"));
            publish.setOnAction(e -> publish(r.digest()));
            box.getChildren().add(publish);
        }
        return section("Approvals of this digest (" + list.size() + ")", box);
    }

    private void publish(String digest) {
        TextInputDialog dialog = Dialogs.ownedBy(new TextInputDialog(), root);
        dialog.setTitle("Publish approvals");
        dialog.setHeaderText("The OCI artifact to attach the approvals of " + digest + " to");
        dialog.getEditor().setId("publish-reference");
        dialog.getEditor().setPromptText("oci://registry.example/models/fraud-bert@sha256:…");
        dialog.getEditor().setPrefColumnCount(48);
        dialog.showAndWait().map(String::strip).filter(s -> !s.isEmpty()).ifPresent(ref -> vm.publish(digest, ref));
    }

    /** One approval: verified or not (and why), decision, who, when, rationale, key fingerprint. */
    static Node approvalLine(ApprovalRecord a) {
        boolean unreviewed = a.unreviewed();
        FontIcon mark = new FontIcon(unreviewed ? Feather.ALERT_TRIANGLE : a.verified() ? Feather.CHECK_CIRCLE : Feather.X_CIRCLE);
        mark.getStyleClass().add(unreviewed ? "icon-warning" : a.verified() ? "icon-ok" : "icon-failed");
        Label decision = Badges.status(a.decision() == null ? "unreadable" : a.decision().label(),
                a.decision() == ReviewDecision.APPROVED ? "ok" : "failed");
        Label who = new Label((a.reviewer() == null ? "unknown reviewer" : a.reviewer()) + " · "
                + (a.time() == null ? "" : Formats.time(a.time())) + (a.scope() == null ? "" : " · " + a.scope()));
        who.getStyleClass().add(Styles.TEXT_BOLD);
        who.setWrapText(true);
        HBox.setHgrow(who, Priority.ALWAYS);
        Label status = new Label((unreviewed ? "does not count ⚠ unreviewed reviewer" : (a.verified() ? "verified ✓ " : "not verified ✗ ")
                + a.status().toLowerCase().replace('_', ' ')) + ": " + a.reason());
        status.setId(unreviewed ? "approval-unreviewed" : null);
        status.getStyleClass().addAll(unreviewed ? "text-warning" : a.verified() ? "text-muted" : "text-danger", Styles.TEXT_SMALL);
        status.setWrapText(true);
        VBox text = new VBox(2, new HBox(6, decision, who), status);
        if (a.rationale() != null) {
            Label why = new Label("“" + a.rationale() + "”");
            why.setWrapText(true);
            text.getChildren().add(why);
        }
        if (a.keyFingerprint() != null) {
            Label fp = new Label(a.keyFingerprint());
            fp.getStyleClass().addAll("mono", "text-muted", Styles.TEXT_SMALL);
            text.getChildren().add(fp);
        }
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox line = new HBox(8, mark, text);
        line.getStyleClass().add("approval-line");
        return line;
    }

    private VBox decisionForm() {
        key.setId("approval-key");
        key.setItems(vm.keys());
        key.setConverter(new StringConverter<>() {
            @Override
            public String toString(TrustService.KeySummary k) {
                return k == null ? "" : k.name() + "  " + k.fingerprint();
            }

            @Override
            public TrustService.KeySummary fromString(String s) {
                return null;
            }
        });
        vm.keys().addListener((ListChangeListener<TrustService.KeySummary>) c -> {
            if (key.getValue() == null || !vm.keys().contains(key.getValue())) {
                key.setValue(vm.keys().isEmpty() ? null : vm.keys().get(0));
            }
        });
        Button generate = new Button("Generate a key…", new FontIcon(Feather.KEY));
        generate.setId("generate-key");
        generate.getStyleClass().add(Styles.SMALL);
        generate.setMinWidth(Region.USE_PREF_SIZE);
        generate.setOnAction(e -> generateKey());
        Label noKey = new Label("You have no reviewer key in this workspace yet.");
        noKey.getStyleClass().add("text-warning");
        noKey.setWrapText(true);
        HBox noKeyBox = new HBox(8, noKey, generate);
        noKeyBox.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        noKeyBox.visibleProperty().bind(Bindings.isEmpty(vm.keys()));
        noKeyBox.managedProperty().bind(noKeyBox.visibleProperty());
        key.visibleProperty().bind(Bindings.isNotEmpty(vm.keys()));
        key.managedProperty().bind(key.visibleProperty());

        scope.setId("approval-scope");
        scope.setPromptText("promote:production");
        rationale.setId("approval-rationale");
        rationale.setPromptText("Why: what you checked and what you accept. Required, and read by everyone who verifies this.");
        rationale.setPrefRowCount(2);
        rationale.setWrapText(true);

        StringBinding whyDisabled = Bindings.createStringBinding(() -> {
            String why = vm.whyDecisionDisabled(scope.getText(), rationale.getText(), key.getValue());
            return why == null ? "" : why;
        }, rationale.textProperty(), key.valueProperty(), scope.textProperty(), vm.signingProperty(), vm.releaseProperty());
        BooleanBinding blocked = whyDisabled.isNotEmpty();
        // the line always says something, so the buttons below it do not move while the user types
        StringBinding line = Bindings.createStringBinding(() -> whyDisabled.get().isEmpty()
                ? "Signs a statement about exactly this digest; what is signed is shown before the passphrase is asked."
                : whyDisabled.get(), whyDisabled);
        Button approve = new Button("Approve…", new FontIcon(Feather.CHECK));
        approve.setId("approve-button");
        approve.getStyleClass().add(Styles.SUCCESS);
        approve.disableProperty().bind(blocked);
        approve.setOnAction(e -> sign(ReviewDecision.APPROVED));
        Button reject = new Button("Reject…", new FontIcon(Feather.X));
        reject.setId("reject-button");
        reject.getStyleClass().add(Styles.DANGER);
        reject.disableProperty().bind(blocked);
        reject.setOnAction(e -> sign(ReviewDecision.REJECTED));

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, label("Key"), new HBox(key, noKeyBox));
        grid.addRow(1, label("Scope"), scope);
        grid.addRow(2, label("Rationale"), rationale);
        GridPane.setHgrow(rationale, Priority.ALWAYS);
        Tooltip signs = new Tooltip("Signs an in-toto statement about this exact digest (a Sigstore bundle), kept in the workspace "
                + "and verifiable by anyone with the trust store: tightrope verify");
        approve.setTooltip(signs);
        reject.setTooltip(signs);
        Label why = new Label();
        why.setId("decision-why-disabled");
        why.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
        why.setWrapText(true);
        why.textProperty().bind(line);
        approve.setMinWidth(Region.USE_PREF_SIZE);
        reject.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(8, approve, reject);
        Label title = new Label("Your decision");
        title.getStyleClass().addAll(Styles.TEXT_BOLD, "section-title");
        VBox box = new VBox(8, title, grid, why, buttons);
        box.setId("decision-form");
        box.setPadding(new Insets(10, 16, 12, 16));
        return box;
    }

    /**
     * Signs in three steps: a signature that would not count (a key the trust store does not
     * know, or knows only as a local, unreviewed entry) is said so first, with the choice to stop;
     * then the passphrase dialog restates exactly what is signed; then the signature.
     */
    private void sign(ReviewDecision decision) {
        TrustService.KeySummary k = key.getValue();
        ApprovalsViewModel.SigningStatement statement = vm.statement(decision, scope.getText(), rationale.getText(), k).orElse(null);
        if (statement == null) {
            return;
        }
        if (!statement.check().counts() && !goOnAlthoughItWillNotCount(statement.check())) {
            return;
        }
        PassphraseDialog dialog = Dialogs.ownedBy(new PassphraseDialog(statement), root);
        dialog.showAndWait().ifPresent(passphrase -> vm.sign(decision, statement.scope(), statement.rationale(), k.name(),
                passphrase, signed -> rationale.clear()));
    }

    private boolean goOnAlthoughItWillNotCount(ApprovalsViewModel.SigningCheck check) {
        ButtonType goOn = new ButtonType("Sign anyway…", ButtonBar.ButtonData.OTHER);
        ButtonType stop = new ButtonType("Don't sign", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = Dialogs.ownedBy(new Alert(Alert.AlertType.WARNING, null, stop, goOn), root);
        alert.setTitle("This signature will not count");
        alert.setHeaderText(check.headline());
        Label reason = Dialogs.wrapping(new Label(check.reason()));
        reason.setId("untrusted-key-reason");
        Label fix = Dialogs.wrapping(new Label(check.whatToDo()));
        fix.setId("untrusted-key-fix");
        fix.getStyleClass().add("text-muted");
        VBox content = new VBox(10, reason, fix);
        content.setPrefWidth(560);
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().setId("untrusted-key-warning");
        Button anyway = (Button) alert.getDialogPane().lookupButton(goOn);
        anyway.setId("sign-anyway");
        anyway.setDefaultButton(false);
        Button dont = (Button) alert.getDialogPane().lookupButton(stop);
        dont.setId("sign-stop");
        // Enter must not sign something that will count for nothing
        dont.setDefaultButton(true);
        return alert.showAndWait().filter(b -> b == goOn).isPresent();
    }

    void generateKey() {
        KeyDialog dialog = Dialogs.ownedBy(new KeyDialog(vm.suggestedKeyName(), vm::keyNameProblem, vm.minPassphraseLength()), root);
        dialog.showAndWait().ifPresent(a -> vm.generateKey(a.name(), a.algorithm(), a.passphrase()));
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("text-muted");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Node section(String title, Node content) {
        Label t = new Label(title);
        t.getStyleClass().addAll(Styles.TEXT_BOLD, "section-title");
        return new VBox(6, new Separator(), t, content);
    }
}
