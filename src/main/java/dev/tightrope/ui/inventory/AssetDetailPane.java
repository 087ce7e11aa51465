package dev.tightrope.ui.inventory;

import atlantafx.base.theme.Styles;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Neighbour;
import dev.tightrope.domain.Note;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.Provenance;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.ui.common.AssetActions;
import dev.tightrope.ui.common.AssetMenu;
import dev.tightrope.ui.common.AssetRef;
import dev.tightrope.ui.common.Badges;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.NeighbourList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.HostServices;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Everything about the selected asset: properties, owners and where each claim came from, neighbours, findings, notes. */
final class AssetDetailPane {
    private final InventoryViewModel vm;
    private final PolicySection policy;
    private final HostServices host;
    private final AssetActions assets;
    private final Consumer<Path> scanPath;
    private final Consumer<String> rescan;
    private final ComplianceSection compliance;
    private final VBox body = new VBox(14);
    private final ScrollPane scroll = new ScrollPane(body);
    /** The findings of the asset on show, refilled whenever their triage is read. */
    private final VBox findingsList = new VBox(6);

    AssetDetailPane(InventoryViewModel vm, HostServices host, AssetActions assets, Consumer<Path> scanPath,
                    Consumer<String> rescan) {
        this.vm = vm;
        this.host = host;
        this.assets = assets;
        this.scanPath = scanPath;
        this.rescan = rescan;
        this.policy = new PolicySection(vm.policySection(), vm.detailProperty());
        this.compliance = new ComplianceSection(vm.compliance(), assets);
        body.setId("asset-detail");
        body.getStyleClass().add("detail-pane");
        body.setPadding(new Insets(16));
        scroll.setFitToWidth(true);
        scroll.setMinWidth(300);
        vm.detailProperty().addListener((obs, old, d) -> {
            render(d);
            if (old == null || d == null || !old.record().urn().equals(d.record().urn())) {
                // another asset: start at its header, not at the previous one's scroll position
                scroll.setVvalue(0);
            }
        });
        vm.findings().rows().addListener((javafx.collections.ListChangeListener<FindingsTriageViewModel.Row>) c -> {
            AssetDetail d = vm.detailProperty().get();
            if (d != null && !d.findings().isEmpty()) {
                fillFindings();
            }
        });
        render(null);
    }

    Node node() {
        return scroll;
    }

    private void render(AssetDetail d) {
        if (d == null) {
            Label title = new Label("Select an asset");
            title.getStyleClass().add(Styles.TITLE_4);
            Label hint = new Label("Its properties, owners, lineage neighbours and findings show here.");
            hint.getStyleClass().add("text-muted");
            hint.setWrapText(true);
            VBox empty = new VBox(8, new FontIcon(Feather.MOUSE_POINTER), title, hint);
            empty.getStyleClass().add("empty-state");
            body.getChildren().setAll(empty);
            return;
        }
        AssetRecord r = d.record();
        body.getChildren().setAll(header(d), facts(d), owners(r), neighbours("Upstream", "what it came from", d.upstream(), d.upstreamTotal(), true),
                neighbours("Downstream", "what uses it", d.downstream(), d.downstreamTotal(), false), findings(d),
                policy.node(), properties(r), notes(d.notes()));
        if (!d.sameContent().isEmpty()) {
            body.getChildren().add(3, sameContent(d));
        }
        Node controls = compliance.show(r.urn().toString(), r.urn().kind());
        if (controls != null) {
            body.getChildren().add(body.getChildren().size() - 2, controls);
        }
    }

    private Node header(AssetDetail d) {
        AssetRecord r = d.record();
        Label kind = Badges.kind(r.urn().kind());
        HBox badges = new HBox(6, kind);
        if (r.gone()) {
            Label gone = new Label("gone since " + Formats.time(r.goneAt()));
            gone.getStyleClass().addAll("state-badge", "state-gone");
            badges.getChildren().add(gone);
        }
        if (r.owners().isEmpty()) {
            Label noOwner = new Label("no owner");
            noOwner.getStyleClass().addAll("state-badge", "state-unowned");
            badges.getChildren().add(noOwner);
        }
        Label name = new Label(r.asset().name());
        name.setId("detail-name");
        name.getStyleClass().add(Styles.TITLE_3);
        name.setWrapText(true);
        AssetMenu.install(name, () -> new AssetRef(r.urn().toString(), r.asset().name(),
                r.asset().digest() == null ? null : r.asset().digest().toString()), assets, false);
        Label urn = new Label(r.urn().toString());
        urn.setId("detail-urn");
        urn.getStyleClass().addAll("text-muted", "mono");
        urn.setWrapText(true);
        Button copy = new Button(null, new FontIcon(Feather.COPY));
        copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        copy.setTooltip(new Tooltip("Copy URN"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(r.urn().toString());
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox urnRow = new HBox(4, urn, copy);
        if (assets.showsLineage()) {
            Button lineage = new Button(null, new FontIcon(Feather.SHARE_2));
            lineage.setId("detail-show-lineage");
            lineage.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
            lineage.setTooltip(new Tooltip("Show lineage (Ctrl+L)"));
            lineage.setOnAction(e -> assets.showLineage(r.urn().toString()));
            urnRow.getChildren().add(lineage);
        }
        VBox box = new VBox(6, badges, name, urnRow);
        if (r.asset().description() != null) {
            Label desc = new Label(r.asset().description());
            desc.setWrapText(true);
            box.getChildren().add(desc);
        }
        if (!r.asset().tags().isEmpty()) {
            FlowPane tags = new FlowPane(4, 4);
            for (String t : r.asset().tags()) {
                Label tag = new Label(t);
                tag.getStyleClass().add("tag-chip");
                tags.getChildren().add(tag);
            }
            box.getChildren().add(tags);
        }
        return box;
    }

    /** The property a model registry's own approval status is kept in (SageMaker's {@code ModelApprovalStatus}). */
    static final String REGISTRY_APPROVAL = "ModelApprovalStatus";

    private Node facts(AssetDetail d) {
        AssetRecord r = d.record();
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(4);
        int row = 0;
        grid.addRow(row++, key("Source"), new Label((r.source() == null ? "(removed source)" : r.source())
                + (d.sourceType() == null ? "" : " · " + d.sourceType())));
        if (r.asset().sourceRef() != null) {
            grid.addRow(row++, key("Came from"), sourceLink(r.asset().sourceRef()));
        }
        if (r.asset().digest() != null) {
            Label digest = new Label(r.asset().digest().toString());
            digest.getStyleClass().add("mono");
            digest.setWrapText(true);
            grid.addRow(row++, key("Digest"), digest);
        }
        String registryApproval = r.asset().properties().get(REGISTRY_APPROVAL);
        if (registryApproval != null) {
            // beside Tightrope's approvals, never mistaken for one: nobody signed it
            Label status = new Label(registryApproval + " · the registry's own approval status" + (d.sourceType() == null ? "" : " (" + d.sourceType() + ")")
                    + ", not a signed approval: the promotion gate does not count it");
            status.setId("detail-registry-approval");
            status.setWrapText(true);
            grid.addRow(row++, key("Registry"), status);
        }
        grid.addRow(row++, key("First seen"), new Label(Formats.time(r.firstSeen())));
        grid.addRow(row, key("Last seen"), new Label(Formats.time(r.lastSeen())));
        return section("Facts", null, grid);
    }

    private Node sourceLink(String ref) {
        Hyperlink link = new Hyperlink(ref);
        link.setId("detail-source-link");
        link.setWrapText(true);
        link.setTooltip(new Tooltip("Where the source described this asset: opens it, or copies the location"));
        link.setOnAction(e -> {
            if (ref.startsWith("http://") || ref.startsWith("https://")) {
                host.showDocument(ref);
                return;
            }
            Path p = null;
            try {
                p = ref.contains("://") ? null : Path.of(ref.replaceFirst(":\\d+$", ""));
            } catch (java.nio.file.InvalidPathException notAPath) {
                // a reference (oci://…, host/repo@sha256:…) rather than a file: copied below
            }
            if (p != null && Files.exists(p)) {
                host.showDocument(p.toUri().toString());
            } else {
                ClipboardContent c = new ClipboardContent();
                c.putString(ref);
                Clipboard.getSystemClipboard().setContent(c);
            }
        });
        return link;
    }

    private Node owners(AssetRecord r) {
        VBox list = new VBox(6);
        list.setId("detail-owners");
        if (r.owners().isEmpty()) {
            Label none = new Label("Nobody owns this asset. Assign an owner so someone is accountable for it.");
            none.setWrapText(true);
            none.getStyleClass().add("text-warning");
            list.getChildren().add(none);
        }
        for (OwnerAssignment o : r.owners()) {
            Label who = new Label(o.owner());
            who.getStyleClass().add(Styles.TEXT_BOLD);
            Label role = new Label(o.role().label());
            role.getStyleClass().add("text-muted");
            role.setMinWidth(Region.USE_PREF_SIZE);
            Label origin = new Label("from " + o.origin());
            origin.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
            origin.setWrapText(true);
            VBox text = new VBox(1, new HBox(8, who, role), origin);
            HBox.setHgrow(text, Priority.ALWAYS);
            FontIcon icon = new FontIcon(o.type() == dev.tightrope.domain.OwnerType.TEAM ? Feather.USERS : Feather.USER);
            HBox line = new HBox(8, icon, text);
            if (o.provenance() == Provenance.MANUAL) {
                Button remove = new Button(null, new FontIcon(Feather.TRASH_2));
                remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
                remove.setTooltip(new Tooltip("Remove this manual assignment"));
                remove.setOnAction(e -> vm.removeOwner(o.owner(), o.role()));
                line.getChildren().add(remove);
            }
            list.getChildren().add(line);
        }
        list.getChildren().addAll(OwnerConflictLines.of(r.asset().urn().toString(), r.asset().name(), r.owners(), vm::resolveConflict));
        Button assign = new Button("Assign owner…", new FontIcon(Feather.USER_PLUS));
        assign.setId("assign-owner");
        assign.getStyleClass().add(Styles.SMALL);
        assign.setOnAction(e -> {
            OwnerDialog dialog = new OwnerDialog(r.asset().name(), List.copyOf(vm.owners()));
            dialog.initOwner(body.getScene().getWindow());
            dialog.showAndWait().ifPresent(a -> vm.assignOwner(a.owner(), a.type(), a.role()));
        });
        return section("Owners", assign, list);
    }

    private Node neighbours(String title, String hint, List<Neighbour> list, long total, boolean upstream) {
        VBox box = NeighbourList.of(list, total, upstream, assets);
        box.setId(upstream ? "detail-upstream" : "detail-downstream");
        return section(title + " (" + Formats.count(total) + ")", null, box, hint);
    }

    private Node findings(AssetDetail d) {
        List<StoredFinding> findings = d.findings();
        findingsList.setId("detail-findings");
        if (findings.isEmpty()) {
            Label none = new Label(d.record().urn().kind() == dev.tightrope.domain.AssetKind.MODEL_ARTIFACT
                    ? "Scanned: no findings" : "No findings");
            none.getStyleClass().add("text-muted");
            findingsList.getChildren().setAll(none);
        } else {
            fillFindings();
        }
        Node action = null;
        String path = localPath(d.record());
        if (path != null) {
            Button scan = new Button(d.record().urn().sourceType().equals("model-files") ? "Rescan" : "Scan file",
                    new FontIcon(Feather.SHIELD));
            scan.setId("scan-asset");
            scan.getStyleClass().add(Styles.SMALL);
            scan.setTooltip(new Tooltip("Scan " + path + " for malicious content, without executing it"));
            scan.setOnAction(e -> {
                if ("model-files".equals(d.sourceType()) && d.record().source() != null) {
                    rescan.accept(d.record().source());
                } else {
                    scanPath.accept(Path.of(path));
                }
            });
            action = scan;
        }
        return section("Findings (" + findings.size() + ")", action, findingsList);
    }

    /** One line per finding: its severity, title and details, its triage status, and what the user can do with it. */
    private void fillFindings() {
        FindingsTriageViewModel triage = vm.findings();
        List<Node> lines = new java.util.ArrayList<>();
        for (FindingsTriageViewModel.Row f : triage.rows()) {
            Label title = new Label(f.title());
            title.setWrapText(true);
            Label meta = new Label(f.details());
            meta.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL, "mono");
            meta.setWrapText(true);
            Label status = new Label(f.statusText());
            status.setId("finding-status-" + f.id());
            status.setWrapText(true);
            status.getStyleClass().add(Styles.TEXT_SMALL);
            if (f.expiresSoon()) {
                status.getStyleClass().add("text-warning");
            } else if (f.status() != dev.tightrope.domain.FindingStatus.OPEN) {
                status.getStyleClass().add("text-muted");
            }
            HBox actions = new HBox(4);
            if (f.canAccept()) {
                actions.getChildren().add(action("Accept…", "finding-accept-" + f.id(), "Accept the risk with a justification until a day",
                        () -> {
                            var dialog = FindingTriageDialog.accept(f, java.time.LocalDate.now());
                            dialog.initOwner(body.getScene().getWindow());
                            dialog.showAndWait().ifPresent(a -> triage.accept(f, a.justification(), a.until()));
                        }));
            }
            if (f.canResolve()) {
                actions.getChildren().add(action("Resolve", "finding-resolve-" + f.id(), "Mark it fixed; a sync that reports it again reopens it",
                        () -> triage.resolve(f)));
            }
            if (f.canReopen()) {
                actions.getChildren().add(action("Reopen", "finding-reopen-" + f.id(), "End the acceptance or resolution", () -> triage.reopen(f)));
            }
            if (f.canSuppress()) {
                actions.getChildren().add(action("Suppress…", "finding-suppress-" + f.id(),
                        "Suppress this rule for this asset or a pattern of assets", () -> {
                            var dialog = FindingTriageDialog.suppress(f);
                            dialog.initOwner(body.getScene().getWindow());
                            dialog.showAndWait().ifPresent(s -> triage.suppress(s.rulePattern(), s.assetPattern(), s.justification()));
                        }));
            }
            VBox text = new VBox(2, title, meta, status, actions);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox line = new HBox(8, InventoryView.severityBadge(f.severity()), text);
            line.setId("finding-" + f.id());
            lines.add(line);
        }
        findingsList.getChildren().setAll(lines);
    }

    private static Button action(String text, String id, String tip, Runnable run) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> run.run());
        return b;
    }

    /** The local file or directory behind an asset, when it exists on this machine. */
    static String localPath(AssetRecord r) {
        for (String candidate : new String[] {r.asset().properties().get("path"), r.asset().sourceRef(),
                r.urn().nativeId().startsWith("file://") ? r.urn().nativeId().substring(7) : null}) {
            if (candidate == null || candidate.startsWith("http://") || candidate.startsWith("https://")) {
                continue;
            }
            try {
                if (Path.of(candidate).isAbsolute() && Files.exists(Path.of(candidate))) {
                    return candidate;
                }
            } catch (java.nio.file.InvalidPathException notAPath) {
                // a source reference that is not a local path
            }
        }
        return null;
    }

    private Node sameContent(AssetDetail d) {
        VBox box = new VBox(2);
        box.setId("detail-same-content");
        for (var a : d.sameContent()) {
            Label kind = Badges.kind(a.kind());
            Hyperlink link = new Hyperlink(a.name());
            link.getStyleClass().add("neighbour-link");
            link.setTooltip(new Tooltip(a.urn()));
            link.setOnAction(e -> assets.open(a.urn()));
            AssetMenu.install(link, () -> AssetRef.of(a.urn(), a.name()), assets, true);
            HBox line = new HBox(6, kind, link);
            if (a.worstFinding() != null) {
                line.getChildren().add(InventoryView.severityBadge(a.worstFinding()));
            }
            Label src = new Label(a.source() == null ? "" : "from " + a.source());
            src.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
            line.getChildren().add(src);
            box.getChildren().add(line);
        }
        return section("Same content (" + d.sameContent().size() + ")", null, box, "same digest, seen elsewhere");
    }

    private Node properties(AssetRecord r) {
        GridPane grid = new GridPane();
        grid.setId("detail-properties");
        grid.setHgap(12);
        grid.setVgap(3);
        int row = 0;
        for (var e : r.asset().properties().entrySet()) {
            Label k = key(e.getKey());
            Label v = new Label(e.getValue());
            v.setWrapText(true);
            v.getStyleClass().add("mono");
            grid.addRow(row++, k, v);
        }
        if (row == 0) {
            Label none = new Label("No properties");
            none.getStyleClass().add("text-muted");
            return section("Properties", null, none);
        }
        return section("Properties (" + row + ")", null, grid);
    }

    private Node notes(List<Note> notes) {
        VBox box = new VBox(8);
        for (Note n : notes) {
            Label meta = new Label(n.author() + " · " + Formats.time(n.createdAt()));
            meta.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
            Label text = new Label(n.text());
            text.setWrapText(true);
            box.getChildren().add(new VBox(2, meta, text));
        }
        TextArea input = new TextArea();
        input.setId("note-input");
        input.setPromptText("Add a note for other reviewers…");
        input.setPrefRowCount(2);
        input.setWrapText(true);
        Button add = new Button("Add note", new FontIcon(Feather.MESSAGE_SQUARE));
        add.setId("add-note");
        add.getStyleClass().add(Styles.SMALL);
        add.disableProperty().bind(input.textProperty().map(t -> t == null || t.isBlank()));
        add.setOnAction(e -> vm.addNote(input.getText()));
        box.getChildren().addAll(input, add);
        return section("Notes (" + notes.size() + ")", null, box);
    }

    private static Label key(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("text-muted", "detail-key");
        l.setMinWidth(90);
        return l;
    }

    private static Node section(String title, Node action, Node content) {
        return section(title, action, content, null);
    }

    static Node section(String title, Node action, Node content, String hint) {
        Label t = new Label(title);
        t.getStyleClass().addAll(Styles.TEXT_BOLD, "section-title");
        HBox head = new HBox(8, t);
        if (hint != null) {
            Label h = new Label(hint);
            h.getStyleClass().addAll("text-muted", Styles.TEXT_SMALL);
            head.getChildren().add(h);
        }
        if (action != null) {
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            head.getChildren().addAll(spacer, action);
        }
        return new VBox(6, new Separator(), head, content);
    }
}
