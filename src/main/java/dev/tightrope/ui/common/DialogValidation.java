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
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/**
 * A dialog's validation with ControlsFX: each field that can be wrong gets a decoration (a mark
 * with the reason on hover), the OK button is disabled while any field is in error, and a line
 * under the form says why, in the order of the fields, so a disabled button never leaves the
 * user guessing. Warnings (e.g. self-trust) decorate their field and show in the same line
 * without blocking.
 */
public final class DialogValidation {

    private final ValidationSupport support = new ValidationSupport();
    private final List<Control> order = new ArrayList<>();
    private final Label why = new Label();
    private final String okText;

    /** Disables {@code ok} of {@code dialog} while a field is in error; {@code whyId} names the explaining line for tests. */
    public DialogValidation(Dialog<?> dialog, ButtonType ok, String whyId) {
        this.okText = ok.getText();
        why.setId(whyId);
        why.setWrapText(true);
        why.setMaxWidth(Double.MAX_VALUE);
        why.managedProperty().bind(why.textProperty().isNotEmpty());
        why.visibleProperty().bind(why.managedProperty());
        Node button = dialog.getDialogPane().lookupButton(ok);
        button.disableProperty().bind(support.validationResultProperty().isNull().or(support.invalidProperty()));
        why.textProperty().bind(Bindings.createStringBinding(this::explanation, support.validationResultProperty()));
        support.validationResultProperty().addListener((obs, old, r) -> {
            why.getStyleClass().removeAll("text-danger", "text-warning");
            why.getStyleClass().add(r != null && !r.getErrors().isEmpty() ? "text-danger" : "text-warning");
        });
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

    /** Re-runs every check (after something they read changed outside the fields). */
    public void revalidate() {
        support.revalidate();
    }

    /** The line that says why OK is disabled (errors) or what to mind (warnings); empty when all is well. */
    public Label why() {
        return why;
    }

    public boolean invalid() {
        return support.validationResultProperty().get() == null || support.isInvalid();
    }

    /** "Generate is disabled: …" with the errors, then "Note: …" with the warnings, each in the order of the fields. */
    private String explanation() {
        ValidationResult result = support.getValidationResult();
        if (result == null) {
            return "";
        }
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Control c : order) {
            for (ValidationMessage m : result.getMessages()) {
                if (m.getTarget() == c) {
                    (m.getSeverity() == Severity.ERROR ? errors : warnings).add(m.getText());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!errors.isEmpty()) {
            sb.append(okText).append(" is disabled: ").append(String.join("; ", errors.stream().distinct().toList())).append('.');
        }
        if (!warnings.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : "\n").append("Note: ").append(String.join("; ", warnings.stream().distinct().toList()))
                    .append('.');
        }
        return sb.toString();
    }
}
