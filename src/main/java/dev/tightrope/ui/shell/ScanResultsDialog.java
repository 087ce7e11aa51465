package dev.tightrope.ui.shell;

import dev.tightrope.service.ScanService;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Tables;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * What a folder scan found, before anything is kept: a verdict per file (worst first) with what
 * was observed and where, and the choice to keep the folder as a source (its files, digests and
 * findings go into the cache and are rescanned with each sync) or to close and keep nothing.
 */
final class ScanResultsDialog extends Dialog<ScanResultsDialog.Choice> {

    /** What the user chose. */
    enum Choice { KEEP, SYNC_EXISTING, CLOSE }

    ScanResultsDialog(AppModel.FolderScan scan) {
        ScanService.Outcome outcome = scan.outcome();
        setTitle("Scan results");
        String worst = outcome.worstVerdict();
        setHeaderText(outcome.files() == 0 ? "No model files in " + scan.folder()
                : switch (worst) {
                    case "DANGEROUS" -> "Dangerous: a file here can run code when it is loaded";
                    case "INVALID" -> "Invalid: a file here breaks its format";
                    case "SUSPICIOUS" -> "Suspicious: a file here needs a human look";
                    default -> "Safe: nothing here can run code when loaded";
                });
        Label summary = new Label(Formats.count(outcome.files()) + (outcome.files() == 1 ? " file" : " files") + " in "
                + scan.folder() + ": " + AppModel.verdictSummary(outcome) + ". Nothing was loaded or executed.");
        summary.setId("scan-summary");
        summary.setWrapText(true);
        FlowPane counts = new FlowPane(6, 6);
        for (String v : new String[] {"DANGEROUS", "INVALID", "SUSPICIOUS", "SAFE"}) {
            int n = outcome.counts().getOrDefault(v, 0);
            if (n > 0) {
                counts.getChildren().add(Badges.verdict(v, n + " " + v.toLowerCase(Locale.ROOT)));
            }
        }
        VBox box = new VBox(10, summary, counts);
        if (outcome.rootDigest() != null) {
            TextField digest = new TextField(outcome.rootDigest());
            digest.setEditable(false);
            digest.getStyleClass().add("mono");
            digest.setId("scan-root-digest");
            digest.setTooltip(new Tooltip("The folder's OpenSSF model-signing root digest: what approvals of this model bind to"));
            box.getChildren().addAll(new Label("Root digest"), digest);
        }
        box.getChildren().add(table(outcome));
        if (!scan.overlappingSources().isEmpty()) {
            Label overlap = new Label("Already scanned as part of the source " + String.join(", ", scan.overlappingSources())
                    + ": sync it to keep these results, rather than adding a second source that reports the same files.");
            overlap.setId("scan-overlap");
            overlap.setWrapText(true);
            overlap.getStyleClass().add("text-warning");
            box.getChildren().add(overlap);
        }
        box.setPrefWidth(820);
        getDialogPane().setContent(box);
        getDialogPane().setPrefWidth(860);
        getDialogPane().setMinWidth(760);
        setResizable(true);
        ButtonType keep;
        Choice keepChoice;
        if (scan.overlappingSources().isEmpty()) {
            keep = new ButtonType("Keep as a source", ButtonBar.ButtonData.OK_DONE);
            keepChoice = Choice.KEEP;
        } else {
            keep = new ButtonType("Sync " + scan.overlappingSources().get(0), ButtonBar.ButtonData.OK_DONE);
            keepChoice = Choice.SYNC_EXISTING;
        }
        ButtonType close = new ButtonType("Close, keep nothing", ButtonBar.ButtonData.CANCEL_CLOSE);
        getDialogPane().getButtonTypes().setAll(keep, close);
        getDialogPane().lookupButton(keep).setId("scan-keep");
        getDialogPane().lookupButton(close).setId("scan-close");
        setResultConverter(b -> b == keep ? keepChoice : Choice.CLOSE);
    }

    private static TableView<ScanService.FileVerdict> table(ScanService.Outcome outcome) {
        TableView<ScanService.FileVerdict> table = new TableView<>(FXCollections.observableArrayList(outcome.fileVerdicts()));
        table.setId("scan-files");
        table.setPrefHeight(320);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ScanService.FileVerdict, ScanService.FileVerdict> verdict = new TableColumn<>("Verdict");
        verdict.setMinWidth(Badges.widestSeverityBadge() + 30);
        verdict.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        verdict.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ScanService.FileVerdict f, boolean empty) {
                super.updateItem(f, empty);
                setGraphic(empty || f == null ? null : Badges.verdict(f.verdict(), f.verdict().toLowerCase(Locale.ROOT)));
            }
        });
        TableColumn<ScanService.FileVerdict, String> file = Tables.text("File", 260, OverrunStyle.CENTER_ELLIPSIS,
                ScanService.FileVerdict::name);
        TableColumn<ScanService.FileVerdict, String> format = Tables.text("Format", 110,
                f -> f.format().toLowerCase(Locale.ROOT).replace('_', ' '));
        TableColumn<ScanService.FileVerdict, String> found = Tables.text("What was found", 380, f -> f.findings().isEmpty() ? ""
                : f.findings().stream().map(o -> o.message() + (o.evidence().isEmpty() ? "" : " (" + o.evidence() + ")")
                        + (o.location().isEmpty() ? "" : " at " + o.location())).collect(Collectors.joining("; ")));
        table.getColumns().setAll(java.util.List.of(verdict, file, format, found));
        table.setPlaceholder(new Label("No files"));
        return table;
    }
}
