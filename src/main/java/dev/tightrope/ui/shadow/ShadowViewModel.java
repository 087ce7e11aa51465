package dev.tightrope.ui.shadow;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.McpProbeService;
import dev.tightrope.service.ShadowService;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Errors;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.shell.AppModel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Shadow AI view's model, in three sections: the MCP servers, the skills and plugins
 * ({@link SkillsSectionViewModel}) and the local models ({@link LocalModelsSectionViewModel}) local
 * discovery found, read together. The servers are counted per
 * classification and filtered by classification, client, machine and owner; the selected
 * server's places, findings and approval; and the commands to approve it into its source's
 * allowlist (then re-sync that source), open its config file or open it in the inventory.
 */
public final class ShadowViewModel {

    /** The four classifications, in the order the view shows them (worst last, as a reader scans). */
    public enum Classification {
        APPROVED("approved", "Approved", "ok"),
        APPROVED_UNPINNED("approved-unpinned", "Approved, unpinned", "warn"),
        NAME_ONLY("name-only", "Name only", "warn"),
        UNREGISTERED("unregistered", "Unregistered", "failed");

        private final String token;
        private final String label;
        private final String tone;

        Classification(String token, String label, String tone) {
            this.token = token;
            this.label = label;
            this.tone = tone;
        }

        public String token() {
            return token;
        }

        public String label() {
            return label;
        }

        /** The status badge tone: ok, warn or failed. */
        public String tone() {
            return tone;
        }

        /** The classification a server's property names; unknown values count as unregistered, the safe reading. */
        public static Classification of(String token) {
            for (Classification c : values()) {
                if (c.token.equals(token)) {
                    return c;
                }
            }
            return UNREGISTERED;
        }
    }

    /** The view's three parts, in the order of its switch. */
    public enum Section {
        SERVERS("MCP servers"),
        SKILLS("Skills & plugins"),
        MODELS("Local models");

        private final String label;

        Section(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AppModel app;
    private final Latest load;
    private final ObjectProperty<Section> section = new SimpleObjectProperty<>(Section.SERVERS);
    private final SkillsSectionViewModel skills;
    private final LocalModelsSectionViewModel models;
    private final Latest detailLoad;
    private final ObservableList<ShadowService.Server> servers = FXCollections.observableArrayList();
    private final FilteredList<ShadowService.Server> shown = new FilteredList<>(servers, s -> true);
    private final Map<Classification, IntegerProperty> counts = new EnumMap<>(Classification.class);
    private final ObservableList<String> clients = FXCollections.observableArrayList();
    private final ObservableList<String> machines = FXCollections.observableArrayList();
    private final ObservableList<String> owners = FXCollections.observableArrayList();
    private final ObjectProperty<Classification> classification = new SimpleObjectProperty<>();
    private final ObjectProperty<String> client = new SimpleObjectProperty<>();
    private final ObjectProperty<String> machine = new SimpleObjectProperty<>();
    private final ObjectProperty<String> owner = new SimpleObjectProperty<>();
    private final ObjectProperty<ShadowService.Server> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<ShadowService.Detail> detail = new SimpleObjectProperty<>();
    private final BooleanProperty hasSource = new SimpleBooleanProperty(true);
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty loadError = new SimpleStringProperty();

    public ShadowViewModel(AppModel app) {
        this.app = app;
        this.load = new Latest(app.executor());
        this.detailLoad = new Latest(app.executor());
        this.skills = new SkillsSectionViewModel(app);
        this.models = new LocalModelsSectionViewModel(app);
        for (Classification c : Classification.values()) {
            counts.put(c, new SimpleIntegerProperty());
        }
        classification.addListener((obs, old, v) -> applyFilter());
        client.addListener((obs, old, v) -> applyFilter());
        machine.addListener((obs, old, v) -> applyFilter());
        owner.addListener((obs, old, v) -> applyFilter());
        selected.addListener((obs, old, s) -> loadDetail(s));
    }

    // Properties

    /** Which part the view shows; each keeps its filters and selection while another is shown. */
    public ObjectProperty<Section> sectionProperty() {
        return section;
    }

    public SkillsSectionViewModel skills() {
        return skills;
    }

    public LocalModelsSectionViewModel models() {
        return models;
    }

    /** The servers the filters let through, by name. */
    public ObservableList<ShadowService.Server> shown() {
        return shown;
    }

    /** Every server found, whatever the filters. */
    public ObservableList<ShadowService.Server> servers() {
        return FXCollections.unmodifiableObservableList(servers);
    }

    /** How many servers have this classification (the headline chips count all servers, not the filtered ones). */
    public ReadOnlyIntegerProperty count(Classification c) {
        return counts.get(c);
    }

    /** The clients, machines and owners the servers have, for the filter choices. */
    public ObservableList<String> clients() {
        return clients;
    }

    public ObservableList<String> machines() {
        return machines;
    }

    public ObservableList<String> owners() {
        return owners;
    }

    /** Only servers of this classification; null for all. */
    public ObjectProperty<Classification> classificationProperty() {
        return classification;
    }

    /** Only servers configured in this client (its label, "Cursor"); null for all. */
    public ObjectProperty<String> clientProperty() {
        return client;
    }

    public ObjectProperty<String> machineProperty() {
        return machine;
    }

    public ObjectProperty<String> ownerProperty() {
        return owner;
    }

    public ObjectProperty<ShadowService.Server> selectedProperty() {
        return selected;
    }

    /** The selected server's places, findings and approval; null while nothing is selected or it loads. */
    public ReadOnlyObjectProperty<ShadowService.Detail> detailProperty() {
        return detail;
    }

    /** False when the workspace has no local-discovery source: the view offers to add one or load the demo. */
    public ReadOnlyBooleanProperty hasSourceProperty() {
        return hasSource;
    }

    /** True while the servers are read. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    /** Why the servers could not be read, or null. */
    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError;
    }

    /** True while a long job (a sync, an approval's re-sync) runs: approving waits for it. */
    public ReadOnlyBooleanProperty busyProperty() {
        return app.busyProperty();
    }

    /** Who approves, as the audit log records the console's user; the dialog starts with it. */
    public String defaultApprover() {
        return app.actor();
    }

    /** The version an approval starts with: the one launched, or none for an unpinned launch (the reviewer names it). */
    public static String suggestedVersion(ShadowService.Server s) {
        return s.version() == null || s.version().equalsIgnoreCase("latest") ? "" : s.version();
    }

    /** A small state label: its text, its badge tone ({@code ok}, {@code warn}, {@code running}, {@code muted}) and what its tooltip explains. */
    public record StateBadge(String text, String tone, String tooltip) {
    }

    /**
     * Installed: "installed" (or "other version" when none found is the configured one), "not installed",
     * "unknown"; "—" for an endpoint, which installs nothing here. The tooltip says where, or why not.
     */
    public static StateBadge installed(ShadowService.Server s) {
        if (s.installed() == null) {
            return new StateBadge("—", "muted", "remote".equals(s.packageType()) ? "A remote endpoint: nothing is installed on the machine"
                    : "Not checked: sync this machine again");
        }
        return switch (s.installed()) {
            case "yes" -> Boolean.FALSE.equals(s.installedMatches()) ? new StateBadge("other version", "warn", s.installedNote())
                    : new StateBadge("installed", "ok", s.installedNote());
            case "no" -> new StateBadge("not installed", "muted", s.installedNote());
            default -> new StateBadge("unknown", "muted", s.installedNote());
        };
    }

    /** Running: "running" with the pids in the tooltip, "not running", "unknown" (could not look); "—" when no local process runs it. */
    public static StateBadge running(ShadowService.Server s) {
        if (s.running() == null) {
            return new StateBadge("—", "muted", "remote".equals(s.packageType()) ? "Reached over the network: no local process"
                    : "Not checked: sync this machine again");
        }
        return switch (s.running()) {
            case "yes" -> new StateBadge("running", "running", s.runningNote());
            case "no" -> new StateBadge("not running", "muted", s.runningNote());
            default -> new StateBadge("unknown", "muted", s.runningNote());
        };
    }

    /** Whether approving {@code s} needs a version: packages do, remote endpoints and local files (by digest) do not. */
    public static boolean needsVersion(ShadowService.Server s) {
        return !"remote".equals(s.packageType()) && !"local".equals(s.packageType());
    }

    // Commands

    /** Reads the servers, the skills and the local models again, keeping each section's selection. */
    public void refresh() {
        record Read(boolean hasSource, List<ShadowService.Server> servers, List<ShadowService.Skill> skills,
                    List<ShadowService.LocalModel> models) {
        }
        loading.set(true);
        load.submit(BackgroundTask.read("Reading what local discovery found", () -> {
            ShadowService shadow = app.tightrope().shadow();
            return new Read(shadow.hasDiscoverySource(), shadow.servers(), shadow.skills(), shadow.localModels());
        }).onSuccess(r -> {
            loadError.set(null);
            hasSource.set(r.hasSource() || !r.servers().isEmpty() || !r.skills().isEmpty() || !r.models().isEmpty());
            show(r.servers());
            skills.show(r.skills());
            models.show(r.models());
        }).onFailure(e -> {
            loadError.set("What local discovery found could not be read: " + Errors.describe(e));
            app.notifications().error("Reading the Shadow AI view failed", e);
        }).onFinished(() -> loading.set(false)));
    }

    /** Shows every filter's choice again. */
    public void clearFilters() {
        classification.set(null);
        client.set(null);
        machine.set(null);
        owner.set(null);
    }

    /**
     * Approves the selected server's launch identity at {@code version} into its source's allowlist
     * file as {@code approver}, then re-syncs that source so its classification is read anew.
     * Refused approvals (a broken allowlist, a registry allowlist) are reported with the reason.
     */
    public void approve(String approver, String version) {
        ShadowService.Server s = selected.get();
        if (s == null) {
            return;
        }
        Urn urn = s.urn();
        ShadowService.Approved[] written = new ShadowService.Approved[1];
        app.runSync("Approving " + s.name() + " into the allowlist", job -> {
            ShadowService.ApprovedAndSynced done = app.tightrope().shadow().approveAndResync(urn, approver, version,
                    job.listener(), job.cancellation());
            written[0] = done.approved();
            return done.runs();
        }, runs -> {
            ShadowService.Approved a = written[0];
            app.notifications().success("Approved " + s.name() + (a.version() == null ? "" : " " + a.version()) + " into "
                    + a.allowlist().getFileName() + (a.newEntry() ? " as " + a.entryName() : " (version added to " + a.entryName() + ")")
                    + "; " + a.source() + " re-synced");
        });
    }

    /** What a probe of the selected server will run, for the user to agree to before anything starts. */
    public record ProbeRequest(String server, String commandLine, List<String> environment, boolean startsAProcess,
                               McpProbeService.Plan plan) {
    }

    /**
     * Reads the selected server's launch from its config as it is now (never starting it) and
     * hands it to {@code confirm}; the reason is shown when it cannot be probed.
     */
    public void prepareProbe(java.util.function.Consumer<ProbeRequest> confirm) {
        ShadowService.Server s = selected.get();
        if (s == null) {
            return;
        }
        Urn urn = s.urn();
        app.executor().submit(BackgroundTask.read("Reading how " + s.name() + " is launched", () -> app.tightrope().probes().plan(urn))
                .onSuccess(plan -> confirm.accept(new ProbeRequest(plan.name(), plan.commandLine(), plan.redactedEnvironment(),
                        plan.startsAProcess(), plan)))
                .onFailure(e -> app.notifications().warning("Cannot probe " + s.name(), Errors.describe(e),
                        "Sync its local-discovery source again, then retry.")));
    }

    /**
     * Probes the server the user agreed to: starts it as shown (cleared environment, temporary
     * HOME), lists its tools, prompts and resources without calling any, stops its whole process
     * tree, and records the result and its findings; {@code shown} gets the report in words.
     */
    public void probe(ProbeRequest request, java.util.function.Consumer<String> shown) {
        app.runLong("Probing " + request.server(), job -> {
            try {
                return app.tightrope().probes().probe(request.plan(), PROBE_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the probe was interrupted", e);
            }
        }, outcome -> {
            java.io.StringWriter text = new java.io.StringWriter();
            if (outcome.succeeded()) {
                outcome.writeText(new java.io.PrintWriter(text));
            } else {
                text.write("The probe of " + request.server() + " failed: " + outcome.failure() + "\n\nThe server was stopped."
                        + (outcome.serverLog() == null || outcome.serverLog().isBlank() ? "" : " What it wrote:\n\n" + outcome.serverLog()));
            }
            if (!outcome.succeeded()) {
                app.notifications().warning("The probe of " + request.server() + " failed", outcome.failure(),
                        "The server was stopped; its log is in the report.");
            } else if (outcome.fails()) {
                app.notifications().warning("Probed " + request.server() + ": it needs a look", "The probe found what its report lists",
                        "Read the findings below the server.");
            } else {
                app.notifications().success("Probed " + request.server() + ": nothing found");
            }
            app.setStatus(outcome.succeeded() ? "Probed " + request.server() : "The probe of " + request.server() + " failed");
            app.dataChanged();
            shown.accept(text.toString());
        });
    }

    /** How long one probe may take in all, handshake and lists included. */
    static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(20);

    /** The config file of {@code place} as a URI for the desktop to open. */
    public String configUri(ShadowService.Place place) {
        Path file = place.file();
        app.notifications().info("Opening " + place.location());
        return file.toUri().toString();
    }

    /** Opens the selected server in the inventory; Back returns here. */
    public void openInInventory() {
        ShadowService.Server s = selected.get();
        if (s != null) {
            app.revealAsset(s.urn().toString());
        }
    }

    public void loadDemo() {
        app.loadDemo();
    }

    /** The Sources view, to add a local-discovery source. */
    public void addSource() {
        app.show(AppModel.View.SOURCES);
    }

    private void show(List<ShadowService.Server> read) {
        Urn keep = selected.get() == null ? null : selected.get().urn();
        servers.setAll(read);
        for (Classification c : Classification.values()) {
            counts.get(c).set((int) read.stream().filter(s -> Classification.of(s.classification()) == c).count());
        }
        choices(clients, read, s -> s.clients().stream());
        choices(machines, read, s -> java.util.stream.Stream.ofNullable(s.machine()));
        choices(owners, read, s -> java.util.stream.Stream.ofNullable(s.owner()));
        applyFilter();
        ShadowService.Server again = keep == null ? null : read.stream().filter(s -> s.urn().equals(keep)).findFirst().orElse(null);
        if (again != null && again.equals(selected.get())) {
            loadDetail(again);
        } else if (again != null) {
            selected.set(again);
        } else if (selected.get() != null) {
            selected.set(null);
        }
    }

    /** Sets {@code into} to the distinct values of {@code read}'s rows, case-insensitively sorted: a filter's choices. */
    static <T> void choices(ObservableList<String> into, List<T> read, Function<T, java.util.stream.Stream<String>> values) {
        TreeSet<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        read.forEach(s -> values.apply(s).forEach(all::add));
        into.setAll(all);
    }

    private void applyFilter() {
        Classification c = classification.get();
        String cl = client.get();
        String m = machine.get();
        String o = owner.get();
        shown.setPredicate(s -> (c == null || Classification.of(s.classification()) == c)
                && (cl == null || s.clients().contains(cl))
                && (m == null || Objects.equals(m, s.machine()))
                && (o == null || Objects.equals(o, s.owner())));
    }

    private void loadDetail(ShadowService.Server s) {
        detail.set(null);
        if (s == null) {
            detailLoad.cancel();
            return;
        }
        detailLoad.submit(BackgroundTask.read("Reading " + s.name(), () -> app.tightrope().shadow().detail(s.urn()))
                .onSuccess(d -> detail.set(d.orElse(null))));
    }
}
