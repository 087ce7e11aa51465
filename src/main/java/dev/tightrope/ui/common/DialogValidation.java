package dev.tightrope.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Control;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/**
 * A dialog's validation with ControlsFX: each field that can be wrong gets a decoration (a mark
 * with the reason on hover), the OK button is disabled while any field is in error, and a line
 * under the form says why, in the order of the fields, so a disabled button never leaves the
 * user guessing. Warnings (e.g. self-trust) decorate their field and show in a line of their own
 * without blocking.
 */
public final class DialogValidation {

    private final ValidationSupport support = new ValidationSupport();
    private final List<Control> order = new ArrayList<>();
    private final Label why = new Label();
    private final Label note = new Label();
    private final VBox lines = new VBox(4, why, note);
    private final String okText;

    /**
     * Disables {@code ok} of {@code dialog} while a field is in error. {@code whyId} names the line
     * that says why (errors), {@code whyId + "-note"} the line with the warnings.
     */
    public DialogValidation(Dialog<?> dialog, ButtonType ok, String whyId) {
        this.okText = ok.getText();
        why.setId(whyId);
        why.getStyleClass().add("text-danger");
        note.setId(whyId + "-note");
        note.getStyleClass().add("text-warning");
        for (Label l : new Label[] {why, note}) {
            Dialogs.wrapping(l);
            l.setMaxWidth(Double.MAX_VALUE);
            l.managedProperty().bind(l.textProperty().isNotEmpty());
            l.visibleProperty().bind(l.managedProperty());
        }
        // room for two lines from the start: the dialog sizes itself before the first validation has
        // said why OK is disabled, and a window that cannot grow afterwards (no window manager, or
        // one that ignores the request) would hide the buttons under the message
        lines.setMinHeight(2 * 1.5 * javafx.scene.text.Font.getDefault().getSize());
        Node button = dialog.getDialogPane().lookupButton(ok);
        button.disableProperty().bind(support.validationResultProperty().isNull().or(support.invalidProperty()));
        why.textProperty().bind(Bindings.createStringBinding(() -> explanation(Severity.ERROR), support.validationResultProperty()));
        note.textProperty().bind(Bindings.createStringBinding(() -> explanation(Severity.WARNING), support.validationResultProperty()));
    }

    /**
     * Validates {@code control}: {@code problem} maps its value to what is wrong (null when
     * nothing is); {@code severity} is ERROR (blocks OK) or WARNING (says so, does not block).
     */
    public <T> DialogValidation check(Control control, Severity severity, Function<T, String> problem) {
        order.add(control);
        support.registerValidator(control, false, (Validator<T>) (c, value) -> {
            String message = problem.apply(value);
            return message == null ? new ValidationResult() : ValidationResult.fromMessageIf(c, message, severity, true);
        });
        return this;
    }

    /** An error check that reads other fields too (e.g. "the passphrases differ"): re-run when {@code inputs} change. */
    public DialogValidation check(Control control, Supplier<String> problem, Observable... inputs) {
        check(control, Severity.ERROR, value -> problem.get());
        for (Observable input : inputs) {
            input.addListener(o -> support.revalidate(control));
        }
        return this;
    }

    /** A warning check that reads other fields too: re-run when {@code inputs} change. */
    public DialogValidation warn(Control control, Supplier<String> warning, Observable... inputs) {
        check(control, Severity.WARNING, value -> warning.get());
        for (Observable input : inputs) {
            input.addListener(o -> support.revalidate(control));
        }
        return this;
    }

    /** The lines that say why OK is disabled (errors) and what to mind (warnings); empty when all is well. */
    public Node why() {
        return lines;
    }


    /** "Generate is disabled: …" with the errors, or "Note: …" with the warnings, each in the order of the fields. */
    private String explanation(Severity severity) {
        ValidationResult result = support.getValidationResult();
        if (result == null) {
            return "";
        }
        List<String> messages = new ArrayList<>();
        for (Control c : order) {
            for (ValidationMessage m : result.getMessages()) {
                if (m.getTarget() == c && m.getSeverity() == severity && !messages.contains(m.getText())) {
                    messages.add(m.getText());
                }
            }
        }
        if (messages.isEmpty()) {
            return "";
        }
        return (severity == Severity.ERROR ? okText + " is disabled: " : "Note: ") + String.join("; ", messages) + ".";
    }
}
