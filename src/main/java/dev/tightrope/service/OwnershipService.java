package dev.tightrope.service;

import dev.tightrope.base.BoundedRead;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.OwnerConflict;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerRules;
import dev.tightrope.domain.OwnerRulesApplied;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.OwnershipCoverage;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.workspace.Workspace;
import dev.tightrope.store.AssetRepository;
import dev.tightrope.store.OwnershipStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Ownership at scale: the workspace's owner rules file ({@code owners.rules}), applied after every
 * sync and on demand; ownership inherited along lineage when the user turns it on; conflicts
 * between claimants and their resolution; assigning an owner to many assets at once; coverage.
 */
public final class OwnershipService {
    /** The rules file's name in the workspace, and what rule claims cite ({@code owners.rules:12}). */
    public static final String RULES_FILE = "owners.rules";

    private final Workspace workspace;
    private final OwnershipStore store;
    private final AssetRepository assets;
    private final AuditService audit;
    private static final System.Logger LOG = System.getLogger(OwnershipService.class.getName());

    OwnershipService(Workspace workspace, OwnershipStore store, AssetRepository assets, AuditService audit) {
        this.workspace = workspace;
        this.store = store;
        this.assets = assets;
        this.audit = audit;
    }

    public Path rulesFile() {
        return workspace.root().resolve(RULES_FILE);
    }

    /** The rules file as parsed now: no file is no rules; a file with errors has them and no rules. */
    public OwnerRules rules() {
        Path file = rulesFile();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = BoundedRead.readAtMost(in, OwnerRules.MAX_CHARS);
            return OwnerRules.parse(RULES_FILE, new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return OwnerRules.empty(RULES_FILE);
        } catch (BoundedRead.TooLargeException e) {
            return new OwnerRules(RULES_FILE, List.of(), List.of(RULES_FILE + ": larger than " + OwnerRules.MAX_CHARS + " bytes"));
        } catch (IOException e) {
            return new OwnerRules(RULES_FILE, List.of(), List.of(RULES_FILE + ": cannot be read: " + e.getMessage()));
        }
    }

    /** What applying the rules file did, or why nothing was applied (its errors, each with file and line). */
    public record RulesOutcome(List<String> errors, OwnerRulesApplied result) {
        public RulesOutcome {
            errors = List.copyOf(errors);
        }

        public boolean applied() {
            return errors.isEmpty();
        }
    }

    /**
     * Applies the rules file to every asset (after the user edited it). A file with errors applies
     * nothing: the claims the previous rules made stay as they are.
     */
    public RulesOutcome applyRules() {
        OwnerRules rules = rules();
        if (!rules.valid()) {
            return new RulesOutcome(rules.errors(), null);
        }
        OwnerRulesApplied applied = store.applyRules(rules.rules(), null);
        store.refreshInherited();
        audit.record("owners.rules_apply", RULES_FILE, Map.of("rules", String.valueOf(rules.rules().size()),
                "matched", String.valueOf(applied.matched()), "claims", String.valueOf(applied.claims()),
                "changed", String.valueOf(applied.changed())));
        return new RulesOutcome(List.of(), applied);
    }

    /**
     * After syncs: the rules are applied to the assets each committed run reported, then the
     * inherited claims are brought up to date. A broken rules file applies nothing (and says so
     * in the log); {@code owners rules check} shows its errors.
     */
    void afterSync(List<SyncRun> runs) {
        List<SyncRun> committed = runs.stream().filter(r -> r.status() == SyncStatus.SUCCEEDED
                || r.status() == SyncStatus.SUCCEEDED_WITH_PROBLEMS).toList();
        if (committed.isEmpty()) {
            return;
        }
        OwnerRules rules = rules();
        if (!rules.valid()) {
            LOG.log(System.Logger.Level.WARNING, "The owner rules were not applied after the sync; the previous rule claims stay: "
                    + String.join("; ", rules.errors()));
        } else {
            for (SyncRun run : committed) {
                store.applyRules(rules.rules(), run.id());
            }
        }
        store.refreshInherited();
    }

    /** A manual assignment changed what is owned: the inherited claims follow, when inheritance is on. */
    void ownersChanged() {
        store.refreshInherited();
    }

    public boolean inheritanceOn() {
        return store.inheritanceOn();
    }

    /** Turns ownership inherited along lineage on or off; returns the inherited claims held afterwards. */
    public long setInheritance(boolean on) {
        long claims = store.setInheritance(on);
        audit.record("owners.inherit", "workspace", Map.of("inherit", on ? "on" : "off", "claims", String.valueOf(claims)));
        return claims;
    }

    public List<OwnerConflict> conflicts(int limit) {
        return store.conflicts(limit);
    }

    public long conflictCount() {
        return store.conflictCount();
    }

    /**
     * Resolves a conflict by the user's choice: a manual claim for that owner and role, which wins
     * over the claims in conflict (they stay, visible, and come back into conflict if the manual
     * claim is removed). Returns false when the asset has no such conflict.
     */
    public boolean resolveConflict(Urn asset, OwnerRole role, String owner, String resolvedBy) {
        OwnerConflict conflict = conflicts(Integer.MAX_VALUE).stream()
                .filter(c -> c.urn().equals(asset.toString()) && c.role() == role).findFirst().orElse(null);
        if (conflict == null) {
            return false;
        }
        var chosen = conflict.claims().stream().filter(c -> c.owner().equalsIgnoreCase(owner)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(owner + " is not one of the conflicting claims on " + asset
                        + " (" + String.join(", ", conflict.claims().stream().map(c -> c.owner()).distinct().toList()) + ")"));
        long id = store.id(asset);
        store.assignAll(new long[] {id}, chosen.owner(), chosen.type(), role, resolvedBy, n -> { });
        store.refreshInherited();
        Map<String, String> details = new TreeMap<>(Map.of("owner", chosen.owner(), "role", role.token(),
                "from", chosen.origin()));
        details.put("rejected", String.join(", ", conflict.claims().stream().filter(c -> c != chosen)
                .map(c -> c.owner() + " (" + c.origin() + ")").toList()));
        audit.record(resolvedBy, "owner.resolve", asset.toString(), details);
        return true;
    }

    /** How many assets {@code filter} matches: what a bulk assignment's confirmation says. */
    public long count(AssetFilter filter) {
        return assets.count(filter);
    }

    /**
     * Assigns {@code owner} by hand to every asset {@code filter} matches, in one transaction,
     * logged once with the count and the filter. Returns how many assets gained the assignment.
     */
    public long assign(AssetFilter filter, String owner, OwnerType type, OwnerRole role, String assignedBy,
                       LongConsumer progress) {
        long[] ids = assets.ids(filter, AssetSort.byName());
        long added = store.assignAll(ids, owner, type, role, assignedBy, progress);
        store.refreshInherited();
        audit.record(assignedBy, "owners.assign", "inventory", Map.of("owner", owner.strip(), "type", Labels.token(type),
                "role", role.token(), "matched", String.valueOf(ids.length), "assigned", String.valueOf(added),
                "filter", describe(filter)));
        return added;
    }

    /** As {@link #assign(AssetFilter, ...)} for a selection of assets by row id. */
    public long assign(long[] ids, String owner, OwnerType type, OwnerRole role, String assignedBy, LongConsumer progress) {
        long added = store.assignAll(ids, owner, type, role, assignedBy, progress);
        store.refreshInherited();
        audit.record(assignedBy, "owners.assign", "inventory", Map.of("owner", owner.strip(), "type", Labels.token(type),
                "role", role.token(), "matched", String.valueOf(ids.length), "assigned", String.valueOf(added),
                "filter", "selection of " + ids.length));
        return added;
    }

    /** Coverage by kind and by owner (team or person), for the dashboard and {@code owners coverage}. */
    public OwnershipCoverage coverage() {
        return store.coverage();
    }

    /** The filter in words for the audit log: {@code kind=model source=mlflow unowned text="fraud"}. */
    static String describe(AssetFilter f) {
        StringBuilder out = new StringBuilder();
        if (!f.kinds().isEmpty()) {
            out.append("kind=").append(String.join(",", f.kinds().stream().map(k -> k.token()).sorted().toList())).append(' ');
        }
        if (f.source() != null) {
            out.append("source=").append(f.source()).append(' ');
        }
        if (f.owner() != null) {
            out.append("owner=").append(f.owner()).append(' ');
        }
        if (f.unowned()) {
            out.append("unowned ");
        }
        if (f.gone() != AssetFilter.Presence.PRESENT) {
            out.append("presence=").append(Labels.token(f.gone())).append(' ');
        }
        if (f.text() != null) {
            out.append("text=\"").append(f.text()).append("\" ");
        }
        return out.isEmpty() ? "all" : out.toString().strip();
    }
}
