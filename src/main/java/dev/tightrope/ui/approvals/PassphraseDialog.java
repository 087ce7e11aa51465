package dev.tightrope.ui.approvals;

import atlantafx.base.theme.Styles;
import dev.tightrope.service.ReviewDecision;
import dev.tightrope.ui.common.DialogValidation;
import dev.tightrope.ui.common.Dialogs;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.Severity;

/**
 * Restates exactly what is about to be signed (the decision, the release, its full digest, the
 * scope, the key and its fingerprint, the rationale, and whether the signature will count) and
 * asks for the key's passphrase. The answer goes straight to the signing service, which wipes
 * it; the field is cleared as soon as it is read.
 */
final class PassphraseDialog extends Dialog<char[]> {

    PassphraseDialog(ApprovalsViewModel.SigningStatement s) {
        boolean approve = s.decision() == ReviewDecision.APPROVED;
        setTitle("Sign");
        setHeaderText((approve ? "Approve " : "Reject ") + s.release() + " for " + s.scope());
        GridPane what = new GridPane();
        what.setHgap(10);
        what.setVgap(6);
        what.getColumnConstraints().addAll(new ColumnConstraints(), KeyDialog.growing());
        Label decision = new Label(approve ? "approve" : "reject");
        decision.setId("sign-decision");
        decision.getStyleClass().addAll("status-badge", approve ? "status-ok" : "status-failed");
        Label release = value("sign-release", s.release());
        TextField digest = selectable("sign-digest", s.digest());
        Label scope = value("sign-scope", s.scope());
        Label key = value("sign-key", s.keyName());
        TextField fingerprint = selectable("sign-fingerprint", s.keyFingerprint());
        TextArea rationale = new TextArea(s.rationale());
        rationale.setId("sign-rationale");
        rationale.setEditable(false);
        rationale.setWrapText(true);
        rationale.setPrefRowCount(Math.min(4, Math.max(1, s.rationale().length() / 60 + 1)));
        what.addRow(0, KeyDialog.label("Decision"), decision);
        what.addRow(1, KeyDialog.label("Release"), release);
        what.addRow(2, KeyDialog.label("Digest"), digest);
        what.addRow(3, KeyDialog.label("Scope"), scope);
        what.addRow(4, KeyDialog.label("Key"), key);
        what.addRow(5, KeyDialog.label("Fingerprint"), fingerprint);
        what.addRow(6, KeyDialog.label("Rationale"), rationale);
        Label counts = Dialogs.wrapping(new Label(s.check().headline()));
        counts.setId("sign-counts");
        counts.getStyleClass().addAll(s.check().counts() ? "text-muted" : "text-warning", Styles.TEXT_BOLD);
        Label countsWhy = Dialogs.wrapping(new Label(s.check().reason()));
        countsWhy.setId("sign-counts-reason");
        countsWhy.getStyleClass().add("text-warning");
        countsWhy.setManaged(!s.check().reason().isEmpty());
        countsWhy.setVisible(countsWhy.isManaged());
        PasswordField field = new PasswordField();
        field.setId("passphrase-field");
        field.setPromptText("Passphrase of " + s.keyName());
        Label note = new Label("The passphrase decrypts the key for this signature only; it is never stored. The signed statement "
                + "binds this decision to exactly this digest.");
        note.getStyleClass().add("text-muted");
        Dialogs.wrapping(note);
        ButtonType sign = new ButtonType(approve ? "Sign approval" : "Sign rejection", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(sign, ButtonType.CANCEL);
        getDialogPane().lookupButton(sign).setId("passphrase-ok");
        DialogValidation validation = new DialogValidation(this, sign, "passphrase-why-disabled")
                .check(field, Severity.ERROR, (String v) -> v == null || v.isEmpty() ? "type the passphrase of key '" + s.keyName() + "'"
                        : null);
        VBox box = new VBox(10, what, counts, countsWhy, new Label("Passphrase"), field, validation.why(), note);
        box.setPrefWidth(Math.max(640, digest.prefWidth(-1) + 120));
        getDialogPane().setContent(box);
        setResultConverter(bt -> {
            char[] out = bt == sign ? field.getText().toCharArray() : null;
            field.clear();
            return out;
        });
        setOnShown(e -> field.requestFocus());
    }

    private static Label value(String id, String text) {
        Label l = new Label(text);
        l.setId(id);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        Dialogs.wrapping(l);
        return l;
    }

    /** A full value the reviewer can select and copy (a digest is checked by comparing, not by reading half of it). */
    private static TextField selectable(String id, String text) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setEditable(false);
        f.getStyleClass().add("mono");
        f.setPrefColumnCount(text.length() + 1);
        f.setMinWidth(Region.USE_PREF_SIZE);
        f.setFocusTraversable(false);
        return f;
    }
}
