package dev.tightrope.ui.shadow;

import dev.tightrope.domain.Severity;
import dev.tightrope.service.ShadowService;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.shell.AppModel;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Skills & plugins part of the Shadow AI view: the skills, plugins, commands, subagents,
 * extensions and rules local discovery found, filtered by client, machine, owner and "with
 * findings"; the selected one's description, allowed tools, findings, bundled files and hooks;
 * and the commands to open its SKILL.md or manifest and to open it in the inventory.
 */
public final class SkillsSectionViewModel {

    private final AppModel app;
    private final Latest detailLoad;
    private final ObservableList<ShadowService.Skill> skills = FXCollections.observableArrayList();
    private final FilteredList<ShadowService.Skill> shown = new FilteredList<>(skills, s -> true);
    private final IntegerProperty withFindingsCount = new SimpleIntegerProperty();
    private final IntegerProperty criticalCount = new SimpleIntegerProperty();
    private final ObservableList<String> clients = FXCollections.observableArrayList();
    private final ObservableList<String> machines = FXCollections.observableArrayList();
    private final ObservableList<String> owners = FXCollections.observableArrayList();
    private final ObjectProperty<String> client = new SimpleObjectProperty<>();
    private final ObjectProperty<String> machine = new SimpleObjectProperty<>();
    private final ObjectProperty<String> owner = new SimpleObjectProperty<>();
    private final BooleanProperty withFindings = new SimpleBooleanProperty();
    private final ObjectProperty<ShadowService.Skill> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<ShadowService.SkillDetail> detail = new SimpleObjectProperty<>();

    SkillsSectionViewModel(AppModel app) {
        this.app = app;
        this.detailLoad = new Latest(app.executor());
        client.addListener((obs, old, v) -> applyFilter());
        machine.addListener((obs, old, v) -> applyFilter());
        owner.addListener((obs, old, v) -> applyFilter());
        withFindings.addListener((obs, old, v) -> applyFilter());
        selected.addListener((obs, old, s) -> loadDetail(s));
    }

    // Properties

    /** The skills the filters let through, by name. */
    public ObservableList<ShadowService.Skill> shown() {
        return shown;
    }

    /** Every skill found, whatever the filters. */
    public ObservableList<ShadowService.Skill> skills() {
        return FXCollections.unmodifiableObservableList(skills);
    }

    /** How many skills have an open finding, and how many a critical one (of all skills, not the filtered ones). */
    public ReadOnlyIntegerProperty withFindingsCount() {
        return withFindingsCount;
    }

    public ReadOnlyIntegerProperty criticalCount() {
        return criticalCount;
    }

    public ObservableList<String> clients() {
        return clients;
    }

    public ObservableList<String> machines() {
        return machines;
    }

    public ObservableList<String> owners() {
        return owners;
    }

    /** Only skills of this client (its label, "Claude Code"); null for all. */
    public ObjectProperty<String> clientProperty() {
        return client;
    }

    public ObjectProperty<String> machineProperty() {
        return machine;
    }

    public ObjectProperty<String> ownerProperty() {
        return owner;
    }

    /** Only skills with at least one open finding. */
    public BooleanProperty withFindingsProperty() {
        return withFindings;
    }

    public ObjectProperty<ShadowService.Skill> selectedProperty() {
        return selected;
    }

    /** The selected skill's detail; null while nothing is selected or it loads. */
    public ReadOnlyObjectProperty<ShadowService.SkillDetail> detailProperty() {
        return detail;
    }

    /** "skill", "plugin", …, as a column shows it: the kind with a capital. */
    public static String kindLabel(String kind) {
        return kind == null || kind.isEmpty() ? "" : Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }

    /** Where it lives: the machine, and the repository for a project-scope one ("priya-linux · credit-risk"). */
    public static String place(ShadowService.Skill s) {
        return s.repo() == null ? s.machine() : s.machine() + " · " + s.repo();
    }

    // Commands

    public void clearFilters() {
        client.set(null);
        machine.set(null);
        owner.set(null);
        withFindings.set(false);
    }

    /** The selected skill's SKILL.md or manifest as a URI for the desktop to open; null when it has none. */
    public String fileUri() {
        ShadowService.SkillDetail d = detail.get();
        if (d == null || d.file() == null) {
            return null;
        }
        app.notifications().info("Opening " + d.file());
        return d.file().toUri().toString();
    }

    /** Opens the selected skill in the inventory; Back returns here. */
    public void openInInventory() {
        ShadowService.Skill s = selected.get();
        if (s != null) {
            app.revealAsset(s.urn().toString());
        }
    }

    /** Shows what a refresh read, keeping the selection when the skill is still there. */
    void show(List<ShadowService.Skill> read) {
        var keep = selected.get() == null ? null : selected.get().urn();
        skills.setAll(read);
        withFindingsCount.set((int) read.stream().filter(s -> s.findings() > 0).count());
        criticalCount.set((int) read.stream().filter(s -> s.worst() == Severity.CRITICAL).count());
        ShadowViewModel.choices(clients, read, s -> Stream.of(s.client()));
        ShadowViewModel.choices(machines, read, s -> Stream.ofNullable(s.machine()));
        ShadowViewModel.choices(owners, read, s -> Stream.ofNullable(s.owner()));
        applyFilter();
        ShadowService.Skill again = keep == null ? null : read.stream().filter(s -> s.urn().equals(keep)).findFirst().orElse(null);
        if (again != null && again.equals(selected.get())) {
            loadDetail(again);
        } else {
            selected.set(again);
        }
    }

    private void applyFilter() {
        String cl = client.get();
        String m = machine.get();
        String o = owner.get();
        boolean f = withFindings.get();
        shown.setPredicate(s -> (cl == null || cl.equals(s.client())) && (m == null || Objects.equals(m, s.machine()))
                && (o == null || Objects.equals(o, s.owner())) && (!f || s.findings() > 0));
    }

    private void loadDetail(ShadowService.Skill s) {
        detail.set(null);
        if (s == null) {
            detailLoad.cancel();
            return;
        }
        detailLoad.submit(BackgroundTask.read("Reading " + s.name(), () -> app.tightrope().shadow().skillDetail(s.urn()))
                .onSuccess(d -> detail.set(d.orElse(null))));
    }
}
