package dev.tightrope.ui.approvals;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.ApprovalRecord;
import dev.tightrope.service.ApprovalService;
import dev.tightrope.service.PassphraseException;
import dev.tightrope.service.RegistryAccess;
import dev.tightrope.service.ReviewDecision;
import dev.tightrope.service.TrustService;
import dev.tightrope.ui.common.BackgroundTask;
import dev.tightrope.ui.common.Formats;
import dev.tightrope.ui.common.Latest;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.shell.AppModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
    private final ObservableList<String> trustProblems = FXCollections.observableArrayList();
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

    /** Local trust-store entries that contradict the organisation's reviewed file and are ignored, with why. */
    public ObservableList<String> trustProblems() {
        return trustProblems;
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

    /** The organisation's reviewed trust store as the workspace keeps it. */
    public String trustStorePath() {
        return app.tightrope().trust().trustStoreFile().toString();
    }

    /** What was trusted on this machine: local, unreviewed entries. */
    public String localTrustStorePath() {
        return app.tightrope().trust().localTrustStoreFile().toString();
    }

    public String keysDirectory() {
        return app.tightrope().trust().keysDirectory().toString();
    }

    // Commands

    private record Snapshot(List<ApprovalService.QueueItem> queue, List<ApprovalRecord> approvals, List<String> problems,
                            List<TrustService.ReviewerSummary> reviewers, List<String> trustProblems, List<TrustService.KeySummary> keys,
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
                    t.trust().reviewers(), t.trust().trustProblems(), t.trust().keys().keys(), t.trust().policy());
        }).onSuccess(s -> {
            queue.setAll(s.queue());
            approvals.setAll(s.approvals());
            approvalProblems.setAll(s.problems());
            reviewers.setAll(s.reviewers());
            trustProblems.setAll(s.trustProblems());
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

    /** What is wrong with a new key's name, or null. */
    public String keyNameProblem(String name) {
        return TrustService.keyNameProblem(name, keys);
    }

    /** The shortest passphrase a new key accepts. */
    public int minPassphraseLength() {
        return TrustService.MIN_PASSPHRASE_LENGTH;
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
     * Whether a decision signed now would count toward the gate, said before the passphrase is
     * asked: a key the trust store does not know, or knows only as a local, unreviewed entry
     * (under a policy that counts only reviewed ones), or a scope the policy does not count, makes
     * a signature that verifies and counts for nothing.
     *
     * @param counts   whether it would count
     * @param headline one line: "This signature will not count" or "Counts toward the gate as helen"
     * @param reason   why, in full
     * @param whatToDo what would make it count (empty when it counts)
     */
    public record SigningCheck(boolean counts, String headline, String reason, String whatToDo) {
    }

    public SigningCheck signingCheck(TrustService.KeySummary key, String scope) {
        TrustService.PolicyInUse p = policy.get();
        boolean countUnreviewed = p != null && p.settings().countUnreviewedReviewers();
        String reviewedFile = trustStorePath();
        String fix = "Have the organisation add the public key of '" + key.name() + "' (" + key.fingerprint()
                + ") to its reviewed trust store, then take the new file here (Reviewers, keys and policy → Use the "
                + "organisation's trust store…). Sign anyway only to keep a record that counts for nothing.";
        TrustService.ReviewerSummary entry = reviewers.stream().filter(r -> r.fingerprint().equals(key.fingerprint())).findFirst()
                .orElse(null);
        if (entry == null) {
            return new SigningCheck(false, "This signature will not count: the key '" + key.name() + "' is not in the trust store",
                    "No trust-store entry has the key '" + key.name() + "' (" + key.fingerprint() + "), so nobody has said whose "
                            + "key it is. The approval would be written and its signature would check out, but no gate counts it, "
                            + "here or in CI.", fix);
        }
        if (!entry.reviewed() && !countUnreviewed) {
            return new SigningCheck(false, "This signature will not count: '" + entry.name() + "' is trusted only locally",
                    "The key '" + key.name() + "' is trusted as '" + entry.name() + "' by a local entry" + addedBy(entry)
                            + (entry.selfTrust() == null ? "" : " (self-trust: " + entry.selfTrust() + ")")
                            + ", not by the organisation's reviewed trust store (" + reviewedFile + "). The policy counts only "
                            + "reviewed entries: the approval would be written and its signature would check out, but no gate "
                            + "counts it.", fix);
        }
        String policyScope = p == null ? null : p.settings().scope();
        if (policyScope != null && scope != null && !policyScope.equals(scope.strip())) {
            return new SigningCheck(false, "This signature will not count: the policy counts only " + policyScope,
                    "The decision is for scope '" + scope.strip() + "', and the policy counts only decisions for '" + policyScope
                            + "'.", "Sign for " + policyScope + " if that is what you decide.");
        }
        return new SigningCheck(true, "Counts toward the gate as " + entry.name()
                + (entry.reviewed() ? "" : " (a local, unreviewed entry: the policy counts those)"), "", "");
    }

    private static String addedBy(TrustService.ReviewerSummary r) {
        return r.addedBy() == null ? "" : " added by " + r.addedBy()
                + (r.addedAt() == null ? "" : " on " + Formats.time(r.addedAt()));
    }

    /**
     * What the sign dialog restates before the passphrase: the decision, the release, the exact
     * digest, the scope, the key and its fingerprint, the rationale, and whether it will count.
     */
    public record SigningStatement(ReviewDecision decision, String release, String digest, String scope, String keyName,
                                   String keyFingerprint, String rationale, SigningCheck check) {
    }

    /** The statement of signing {@code decision} about the selected release, or empty when it has nothing exact to sign. */
    public Optional<SigningStatement> statement(ReviewDecision decision, String scope, String rationale,
                                                          TrustService.KeySummary key) {
        ApprovalService.Release r = release.get();
        if (r == null || r.digest() == null || key == null) {
            return Optional.empty();
        }
        return Optional.of(new SigningStatement(decision, r.detail().record().asset().name(), r.digest(), scope.strip(),
                key.name(), key.fingerprint(), rationale.strip(), signingCheck(key, scope)));
    }

    /** Why Approve and Reject are disabled, or null when they are not: what the user still has to do. */
    public String whyDecisionDisabled(String scope, String rationale, TrustService.KeySummary key) {
        ApprovalService.Release r = release.get();
        if (r == null) {
            return "Select a release to decide about.";
        }
        if (r.digest() == null) {
            return "This release has no sha256 digest: there is nothing exact to sign (scan its files to compute one).";
        }
        if (key == null) {
            return "Generate a reviewer key to sign with.";
        }
        if (scope == null || scope.isBlank()) {
            return "Say the scope the decision is for (e.g. promote:production).";
        }
        if (rationale == null || rationale.isBlank()) {
            return "Write the rationale: what you checked and what you accept.";
        }
        if (signing.get()) {
            return "Signing…";
        }
        return null;
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
                                        signed.reason(), signed.unreviewed() || !signed.verified()
                                                ? "Only keys in the organisation's reviewed trust store count: have it review the key "
                                                + "and take its new file (Reviewers, keys and policy)."
                                                : "The policy decides what counts (Reviewers, keys and policy → Policy).");
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

    /**
     * What trusting a reviewer here would mean, shown in the dialog before it is confirmed.
     *
     * @param selfTrust why it is self-trust (a reviewer trusting their own key or raising their own
     *                  roles), or null
     * @param counting  how the entry will count toward a gate, or null when the change does not affect it
     */
    public record TrustCheck(String selfTrust, String counting) {
    }

    /**
     * The check of trusting a new reviewer (or, with {@code existing}, changing one's roles to
     * {@code roles}); {@code fingerprint} is the key's (null while the pasted key is unreadable).
     */
    public TrustCheck trustCheck(String name, String email, List<String> roles, String fingerprint,
                                 TrustService.ReviewerSummary existing) {
        TrustService.PolicyInUse p = policy.get();
        boolean countUnreviewed = p != null && p.settings().countUnreviewedReviewers();
        String counts = countUnreviewed ? "; the policy counts such entries (countUnreviewedReviewers)"
                : "; it does not count toward a gate unless the policy says countUnreviewedReviewers";
        if (existing == null) {
            String self = fingerprint == null || name == null || name.isBlank() ? null
                    : TrustService.selfTrust(app.actor(), keys, name.strip(), email, fingerprint).orElse(null);
            return new TrustCheck(self == null ? null : "this is self-trust: " + self + ". It is recorded as self-trust in the audit log",
                    "This reviewer will be a local entry the organisation has not reviewed (it is not in " + trustStorePath() + ")"
                            + counts + ".");
        }
        TreeSet<String> raised = new TreeSet<>(roles);
        raised.removeAll(existing.roles());
        if (raised.isEmpty()) {
            return new TrustCheck(null, null);
        }
        String self = TrustService.selfTrust(app.actor(), keys, existing.name(), existing.email(), existing.fingerprint()).orElse(null);
        String added = String.join(", ", raised);
        return new TrustCheck(self == null ? null : "raising your own roles (adding " + added + ") is self-trust: " + self
                + ". It is recorded as self-trust in the audit log",
                "The added role" + (raised.size() == 1 ? " " : "s ") + added + (raised.size() == 1 ? " is" : " are")
                        + " a local change the organisation has not reviewed: " + (countUnreviewed
                        ? "the policy counts unreviewed roles (countUnreviewedReviewers)."
                        : "no role rule counts " + (raised.size() == 1 ? "it" : "them") + " unless the policy says countUnreviewedReviewers."));
    }

    /** What is wrong with a reviewer name as typed (malformed, or already trusted when {@code adding}), or null. */
    public String reviewerNameProblem(String name, boolean adding) {
        if (adding && name != null && reviewers.stream().anyMatch(r -> r.name().equals(name.strip()))) {
            return "a reviewer named '" + name.strip() + "' is already trusted";
        }
        return TrustService.reviewerNameProblem(name);
    }

    public String emailProblem(String email) {
        return TrustService.emailProblem(email);
    }

    public String rolesProblem(String roles) {
        return TrustService.rolesProblem(roles(roles));
    }

    /** What the policy says is wrong with a scope as typed (blank: any scope), or null. */
    public String scopeProblem(String scope) {
        return TrustService.PolicySettings.problem(scope == null || scope.isBlank() ? null : scope.strip(), null);
    }

    /** What is wrong with a maximum age as typed (blank: no limit), or null. */
    public String maxAgeProblem(String days) {
        if (days == null || days.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(days.strip());
            return n < 1 ? "the maximum age must be at least 1 day" : TrustService.PolicySettings.problem(null, n);
        } catch (NumberFormatException e) {
            return "the maximum age is a whole number of days";
        }
    }

    /** What is wrong with a pasted public key (none, unreadable, already trusted), or null. */
    public String publicKeyProblem(String publicKeyPem) {
        String problem = TrustService.publicKeyProblem(publicKeyPem);
        if (problem != null) {
            return problem;
        }
        String fp = TrustService.fingerprint(publicKeyPem);
        return reviewers.stream().filter(r -> r.fingerprint().equals(fp)).findFirst()
                .map(r -> "this key (" + fp + ") is already trusted as '" + r.name() + "'").orElse(null);
    }

    /** The fingerprint of a pasted public key, or null while it is not one. */
    public String fingerprintOf(String publicKeyPem) {
        return TrustService.publicKeyProblem(publicKeyPem) != null ? null : TrustService.fingerprint(publicKeyPem);
    }

    /** Roles as typed: separated by commas or spaces. */
    public static List<String> roles(String text) {
        return Arrays.stream(text == null ? new String[0] : text.split("[,\\s]+")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Trusts a reviewer on this machine: a local, unreviewed entry (self-trust is recorded as such). */
    public void addReviewer(String name, String publicKeyPem, String email, List<String> roles) {
        trustCommand("Trusting " + name, () -> app.tightrope().trust().addReviewer(name, publicKeyPem, email, roles), "Trusted " + name);
    }

    public void updateReviewer(String name, String email, List<String> roles) {
        trustCommand("Updating " + name, () -> app.tightrope().trust().updateReviewer(name, email, roles), "Updated " + name);
    }

    public void removeReviewer(String name) {
        command("Removing " + name + " from the trust store", () -> {
            app.tightrope().trust().removeReviewer(name);
            return name;
        }, "Removed " + name + " from the trust store");
    }

    /** Trusts one of this workspace's own keys under a reviewer name (a reviewer signing on this machine): self-trust. */
    public void trustOwnKey(TrustService.KeySummary key, String email, List<String> roles) {
        trustCommand("Trusting " + key.name(),
                () -> app.tightrope().trust().addReviewer(key.name(), app.tightrope().trust().publicKeyPem(key.name()), email, roles),
                "Trusted " + key.name());
    }

    /** Takes the organisation's reviewed trust store file as the workspace's (replacing the reviewed copy; local entries stay). */
    public void useReviewedTrustStore(Path file) {
        app.submitWrite(BackgroundTask.write("Taking the organisation's trust store " + file.getFileName(),
                () -> app.tightrope().trust().useReviewedTrustStore(file)).onSuccess(c -> {
                    if (!c.changed()) {
                        notifications.info("The workspace already uses this reviewed trust store (" + file.getFileName() + ")");
                        return;
                    }
                    notifications.success("Reviewed trust store taken from " + file + ": " + c.reviewers().stream()
                            .filter(TrustService.ReviewerSummary::reviewed).count() + " reviewed reviewer(s)"
                            + (c.added().isEmpty() ? "" : ", added " + String.join(", ", c.added()))
                            + (c.removed().isEmpty() ? "" : ", removed " + String.join(", ", c.removed())));
                    app.dataChanged();
                }));
    }

    public void setPolicy(TrustService.PolicySettings settings) {
        command("Changing the policy", () -> app.tightrope().trust().setPolicy(settings), "Policy changed: " + settings.describe());
    }

    /** Sets every rule of one stage of the policy (the dialog's stage on show). */
    public void setStage(String stage, TrustService.PolicySettings settings, TrustService.StageRules rules) {
        command("Changing the policy", () -> app.tightrope().trust().setStage(stage, settings, rules),
                "Policy changed, stage " + stage + ": " + settings.describe());
    }

    /** A trust-store change: a local entry is announced as unreviewed, self-trust as a warning that stays. */
    private void trustCommand(String title, Supplier<TrustService.ReviewerSummary> work, String done) {
        app.submitWrite(BackgroundTask.write(title, work).onSuccess(r -> {
            if (r.selfTrust() != null) {
                notifications.warning(done + " as self-trust: it does not count toward a gate on its own",
                        Character.toUpperCase(r.selfTrust().charAt(0)) + r.selfTrust().substring(1)
                                + "; recorded as self-trust in the audit log",
                        "Have the organisation review the entry and add it to its trust store.");
            } else if (!r.reviewed() || !r.unreviewedRoles().isEmpty()) {
                notifications.success(done + " locally (unreviewed" + (r.reviewed() ? ": " + String.join(", ", r.unreviewedRoles()) : "")
                        + "); it counts only when the policy says countUnreviewedReviewers");
            } else {
                notifications.success(done);
            }
            app.dataChanged();
        }));
    }

    private <T> void command(String title, Supplier<T> work, String done) {
        app.submitWrite(BackgroundTask.write(title, work).onSuccess(ok -> {
            notifications.success(done);
            app.dataChanged();
        }));
    }

    /** Writes the whole table to {@code file} (CSV or JSON by its extension) in the background. */
    public void export(java.nio.file.Path file) {
        dev.tightrope.ui.common.TableExportViewModel.export(app, dev.tightrope.service.TableService.Table.APPROVALS, null, file, "approval", "approvals");
    }
}
