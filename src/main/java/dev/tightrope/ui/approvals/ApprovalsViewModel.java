package dev.tightrope.ui.approvals;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ApprovalService;
import dev.tightrope.service.PassphraseException;
import dev.tightrope.service.RegistryAccess;
import dev.tightrope.service.ReviewDecision;
import dev.tightrope.service.TrustService;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.shell.AppModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Approvals view: the review queue, the selected release's evidence,
 * signing a decision, the signed approvals, the trust store, the reviewer keys and the policy.
 * Reads run in the background, latest wins; signatures, keys and trust-store changes are user
 * writes, queued on the write lane. Passphrases pass straight through to the service, which
 * wipes them, and are never kept. Results and failures go to the console's notifications.
 */
public final class ApprovalsViewModel {

    static final int QUEUE_LIMIT = 2_000;

    private final AppModel app;
    private final NotificationCenter notifications;
    private final Latest snapshotLoad;
    private final Latest releaseLoad;
    private final ObservableList<ApprovalService.QueueItem> queue = FXCollections.observableArrayList();
    private final BooleanProperty includePassing = new SimpleBooleanProperty();
    private final ObjectProperty<ApprovalService.QueueItem> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<ApprovalService.Release> release = new SimpleObjectProperty<>();
    private final ObservableList<ApprovalRecord> approvals = FXCollections.observableArrayList();
    private final ObservableList<String> approvalProblems = FXCollections.observableArrayList();
    private final ObservableList<TrustService.ReviewerSummary> reviewers = FXCollections.observableArrayList();
    private final ObservableList<TrustService.KeySummary> keys = FXCollections.observableArrayList();
    private final ObjectProperty<TrustService.PolicyInUse> policy = new SimpleObjectProperty<>();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty signing = new SimpleBooleanProperty();

    public ApprovalsViewModel(AppModel app) {
        this.app = app;
        this.notifications = app.notifications();
        this.snapshotLoad = new Latest(app.executor());
        this.releaseLoad = new Latest(app.executor());
        selected.addListener((obs, old, item) -> loadRelease());
        includePassing.addListener((obs, old, v) -> refresh());
    }

    // Properties

    public ObservableList<ApprovalService.QueueItem> queue() {
        return queue;
    }

    /** Also list releases that pass the policy (approved ones). */
    public BooleanProperty includePassingProperty() {
        return includePassing;
    }

    public ObjectProperty<ApprovalService.QueueItem> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<ApprovalService.Release> releaseProperty() {
        return release;
    }

    /** Every signed approval in the workspace, newest first, verified. */
    public ObservableList<ApprovalRecord> approvals() {
        return approvals;
    }

    /** Files in the approvals directory that could not be read, with why. */
    public ObservableList<String> approvalProblems() {
        return approvalProblems;
    }

    public ObservableList<TrustService.ReviewerSummary> reviewers() {
        return reviewers;
    }

    public ObservableList<TrustService.KeySummary> keys() {
        return keys;
    }

    public ReadOnlyObjectProperty<TrustService.PolicyInUse> policyProperty() {
        return policy;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyBooleanProperty signingProperty() {
        return signing;
    }

    public String trustStorePath() {
        return app.tightrope().trust().trustStoreFile().toString();
    }

    public String keysDirectory() {
        return app.tightrope().trust().keysDirectory().toString();
    }

    // Commands

    private record Snapshot(List<ApprovalService.QueueItem> queue, List<ApprovalRecord> approvals, List<String> problems,
                            List<TrustService.ReviewerSummary> reviewers, List<TrustService.KeySummary> keys,
                            TrustService.PolicyInUse policy) {
    }

    /** Reloads everything (after a sync, a signature, a trust store change). */
    public void refresh() {
        boolean passing = includePassing.get();
        String keep = selected.get() == null ? null : selected.get().digest();
        loading.set(true);
        snapshotLoad.submit(BackgroundTask.read("Reading the approvals", () -> {
            var t = app.tightrope();
            return new Snapshot(t.approvals().queue(passing, QUEUE_LIMIT), t.approvals().all(), t.approvals().problems(),
                    t.trust().reviewers(), t.trust().keys().keys(), t.trust().policy());
        }).onSuccess(s -> {
            queue.setAll(s.queue());
            approvals.setAll(s.approvals());
            approvalProblems.setAll(s.problems());
            reviewers.setAll(s.reviewers());
            keys.setAll(s.keys());
            policy.set(s.policy());
            ApprovalService.QueueItem again = keep == null ? null
                    : s.queue().stream().filter(q -> q.digest().equals(keep)).findFirst().orElse(null);
            if (again != null) {
                selected.set(again);
            } else if (selected.get() != null && keep != null) {
                loadRelease();
            }
        }).onFinished(() -> loading.set(false)));
    }

    private void loadRelease() {
        ApprovalService.QueueItem item = selected.get();
        if (item == null) {
            releaseLoad.cancel();
            release.set(null);
            return;
        }
        releaseLoad.submit(BackgroundTask.read("Reading the evidence of " + item.name(),
                () -> app.tightrope().approvals().release(Urn.parse(item.urn())).orElse(null)).onSuccess(release::set));
    }

    /** A key name for this user: their login, in the characters key names allow. */
    public String suggestedKeyName() {
        return app.actor().replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** Shows an asset of the evidence in the inventory. */
    public void reveal(String urn) {
        app.revealAsset(urn);
    }

    /**
     * Signs a decision about the selected release; {@code onSigned} hears the signed record (the
     * form clears). A wrong passphrase writes nothing and says so.
     */
    public void sign(ReviewDecision decision, String scope, String rationale, String keyName, char[] passphrase,
                     Consumer<ApprovalRecord> onSigned) {
        ApprovalService.Release r = release.get();
        if (r == null || r.digest() == null) {
            Arrays.fill(passphrase, '\0');
            notifications.warning("Nothing was signed", "The selected release has no digest to sign",
                    "Select a release whose artifact has a content digest (scan its files to compute one).");
            return;
        }
        String subject = r.detail().record().urn().toString();
        String name = r.detail().record().asset().name();
        signing.set(true);
        app.submitWrite(BackgroundTask.write("Signing " + decision.label() + " of " + name,
                () -> app.tightrope().approvals().sign(new ApprovalService.SignRequest(subject, decision, scope, rationale, null),
                        keyName, passphrase)).onSuccess(signed -> {
                            String what = (decision == ReviewDecision.APPROVED ? "Approval" : "Rejection") + " of " + name;
                            if (signed.counted()) {
                                notifications.success(what + " signed with " + keyName + ": verified, counts toward the gate");
                            } else {
                                notifications.warning(what + " signed with " + keyName + ", but it does not count",
                                        signed.reason(), signed.verified() ? "The policy decides what counts (Policy tab)."
                                                : "Only keys in the organisation's reviewed trust store count (Trust store tab).");
                            }
                            app.dataChanged();
                            onSigned.accept(signed);
                        }).onFailure(e -> {
                            if (e instanceof PassphraseException) {
                                notifications.error("Not signed: the passphrase of " + keyName + " did not open it",
                                        e.getMessage() + "; nothing was signed", "Sign again with the key's passphrase.");
                            } else {
                                notifications.error("Signing " + decision.label() + " of " + name + " failed; nothing was signed", e);
                            }
                        }).onFinished(() -> signing.set(false)));
    }

    /** Attaches the workspace's approvals of {@code digest} to an OCI artifact (registry credentials from the environment). */
    public void publish(String digest, String reference) {
        notifications.info("Publishing the approvals of " + digest + " to " + reference + "…");
        app.submitWrite(BackgroundTask.write("Publishing the approvals of " + digest + " to " + reference,
                () -> app.tightrope().approvals().publish(digest, reference, RegistryAccess.fromEnvironment(System.getenv())))
                .onSuccess(p -> {
                    notifications.success("Published to " + p.artifact() + (p.cosignTag() == null ? "" : " (" + p.cosignTag() + ")") + ", "
                            + p.referrers().size() + " referrer(s)" + (p.tagFallback() ? " in the referrers tag schema" : ""));
                    app.dataChanged();
                }));
    }

    /** Generates a reviewer key under {@code passphrase}, which the service wipes. */
    public void generateKey(String name, String algorithm, char[] passphrase) {
        app.submitWrite(BackgroundTask.write("Generating the key " + name, () -> app.tightrope().trust().generateKey(name, algorithm, passphrase))
                .onSuccess(k -> {
                    notifications.success("Generated key " + k.name() + " " + k.fingerprint());
                    refresh();
                }));
    }

    public void addReviewer(String name, String publicKeyPem, String email, List<String> roles) {
        command("Trusting " + name, () -> app.tightrope().trust().addReviewer(name, publicKeyPem, email, roles), "Trusted " + name);
    }

    public void updateReviewer(String name, String email, List<String> roles) {
        command("Updating " + name, () -> app.tightrope().trust().updateReviewer(name, email, roles), "Updated " + name);
    }

    public void removeReviewer(String name) {
        command("Removing " + name + " from the trust store", () -> {
            app.tightrope().trust().removeReviewer(name);
            return name;
        }, "Removed " + name + " from the trust store");
    }

    /** Trusts one of this workspace's own keys under a reviewer name (a reviewer signing on this machine). */
    public void trustOwnKey(TrustService.KeySummary key, String email, List<String> roles) {
        command("Trusting " + key.name(),
                () -> app.tightrope().trust().addReviewer(key.name(), app.tightrope().trust().publicKeyPem(key.name()), email, roles),
                "Trusted " + key.name());
    }

    public void setPolicy(TrustService.PolicySettings settings) {
        command("Changing the policy", () -> app.tightrope().trust().setPolicy(settings), "Policy changed: " + settings.describe());
    }

    private <T> void command(String title, java.util.function.Supplier<T> work, String done) {
        app.submitWrite(BackgroundTask.write(title, work).onSuccess(ok -> {
            notifications.success(done);
            app.dataChanged();
        }));
    }
}
