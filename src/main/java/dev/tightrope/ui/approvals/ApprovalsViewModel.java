package dev.tightrope.ui.approvals;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ApprovalService;
import dev.tightrope.service.PassphraseException;
import dev.tightrope.service.RegistryAccess;
import dev.tightrope.service.ReviewDecision;
import dev.tightrope.service.TrustService;
import dev.tightrope.ui.common.Fx;
import dev.tightrope.ui.shell.AppModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Approvals view: the review queue, the selected release's evidence,
 * signing a decision, the signed approvals, the trust store, the reviewer keys and the policy.
 * Every service call runs in the background; passphrases pass straight through to the service,
 * which wipes them, and are never kept.
 */
public final class ApprovalsViewModel {

    static final int QUEUE_LIMIT = 2_000;

    private final AppModel app;
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
    private final StringProperty message = new SimpleStringProperty();
    private int generation;

    public ApprovalsViewModel(AppModel app) {
        this.app = app;
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

    /** The last problem or result of a command, for the form. */
    public ReadOnlyStringProperty messageProperty() {
        return message;
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
        int gen = ++generation;
        boolean passing = includePassing.get();
        String keep = selected.get() == null ? null : selected.get().digest();
        loading.set(true);
        Fx.background(() -> {
            var t = app.tightrope();
            return new Snapshot(t.approvals().queue(passing, QUEUE_LIMIT), t.approvals().all(), t.approvals().problems(),
                    t.trust().reviewers(), t.trust().keys().keys(), t.trust().policy());
        }, s -> {
            if (gen != generation) {
                return;
            }
            loading.set(false);
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
        }, e -> {
            loading.set(false);
            app.setStatus("Cannot load approvals: " + e.getMessage());
        });
    }

    private void loadRelease() {
        ApprovalService.QueueItem item = selected.get();
        if (item == null) {
            release.set(null);
            return;
        }
        Fx.background(() -> app.tightrope().approvals().release(Urn.parse(item.urn())).orElse(null), r -> {
            if (selected.get() == item) {
                release.set(r);
            }
        }, e -> app.setStatus("Cannot load the evidence: " + e.getMessage()));
    }

    /**
     * Signs a decision about the selected release. A wrong passphrase comes back through
     * {@code onBadPassphrase} (nothing was written); success refreshes the view.
     */
    public void sign(ReviewDecision decision, String scope, String rationale, String keyName, char[] passphrase,
                     Consumer<ApprovalRecord> onSigned, Consumer<String> onBadPassphrase) {
        ApprovalService.Release r = release.get();
        if (r == null || r.digest() == null) {
            Arrays.fill(passphrase, '\0');
            message.set("Select a release with a digest first");
            return;
        }
        String subject = r.detail().record().urn().toString();
        signing.set(true);
        message.set(null);
        app.setStatus("Signing " + decision.label() + " of " + r.detail().record().asset().name() + "…");
        Fx.background(() -> app.tightrope().approvals().sign(new ApprovalService.SignRequest(subject, decision, scope, rationale, null),
                keyName, passphrase), signed -> {
            signing.set(false);
            message.set(decision.label().substring(0, 1).toUpperCase() + decision.label().substring(1) + " and signed with "
                    + keyName + ": " + (signed.verified() ? "verified, " : "not verified, ") + signed.status().toLowerCase().replace('_', ' '));
            app.setStatus("Signed: " + decision.label() + " " + signed.subjectDigest());
            app.dataChanged();
            onSigned.accept(signed);
        }, e -> {
            signing.set(false);
            if (e instanceof PassphraseException) {
                message.set(e.getMessage() + "; nothing was signed");
                onBadPassphrase.accept(e.getMessage());
            } else {
                message.set("Not signed: " + e.getMessage());
            }
            app.setStatus("Not signed: " + e.getMessage());
        });
    }

    /** Attaches the workspace's approvals of {@code digest} to an OCI artifact (registry credentials from the environment). */
    public void publish(String digest, String reference) {
        app.setStatus("Publishing the approvals of " + digest + " to " + reference + "…");
        Fx.background(() -> app.tightrope().approvals().publish(digest, reference, RegistryAccess.fromEnvironment(System.getenv())),
                p -> {
                    message.set("Published to " + p.artifact() + (p.cosignTag() == null ? "" : " (" + p.cosignTag() + ")") + ", "
                            + p.referrers().size() + " referrer(s)" + (p.tagFallback() ? " in the referrers tag schema" : ""));
                    app.setStatus("Published the approvals of " + digest);
                    app.dataChanged();
                }, e -> {
                    message.set("Not published: " + e.getMessage());
                    app.setStatus("Not published: " + e.getMessage());
                });
    }

    /** Generates a reviewer key (p256) under {@code passphrase}, which the service wipes. */
    public void generateKey(String name, String algorithm, char[] passphrase, Runnable onDone) {
        Fx.background(() -> app.tightrope().trust().generateKey(name, algorithm, passphrase), k -> {
            message.set("Generated key " + k.name() + " " + k.fingerprint());
            app.setStatus("Generated key " + k.name() + " " + k.fingerprint());
            refresh();
            onDone.run();
        }, e -> message.set("No key generated: " + e.getMessage()));
    }

    public void addReviewer(String name, String publicKeyPem, String email, List<String> roles, Consumer<String> onError) {
        command(() -> app.tightrope().trust().addReviewer(name, publicKeyPem, email, roles), "Trusted " + name, onError);
    }

    public void updateReviewer(String name, String email, List<String> roles, Consumer<String> onError) {
        command(() -> app.tightrope().trust().updateReviewer(name, email, roles), "Updated " + name, onError);
    }

    public void removeReviewer(String name) {
        command(() -> {
            app.tightrope().trust().removeReviewer(name);
            return name;
        }, "Removed " + name + " from the trust store", e -> app.setStatus(e));
    }

    /** Trusts one of this workspace's own keys under a reviewer name (a reviewer signing on this machine). */
    public void trustOwnKey(TrustService.KeySummary key, String email, List<String> roles, Consumer<String> onError) {
        command(() -> app.tightrope().trust().addReviewer(key.name(), app.tightrope().trust().publicKeyPem(key.name()), email, roles),
                "Trusted " + key.name(), onError);
    }

    public void setPolicy(TrustService.PolicySettings settings, Consumer<String> onError) {
        command(() -> app.tightrope().trust().setPolicy(settings), "Policy changed: " + settings.describe(), onError);
    }

    private <T> void command(java.util.function.Supplier<T> work, String done, Consumer<String> onError) {
        Fx.background(work, ok -> {
            app.setStatus(done);
            app.dataChanged();
        }, e -> onError.accept(e.getMessage()));
    }
}
