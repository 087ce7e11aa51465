package dev.tightrope.service;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.EstateOverview;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.SearchResults;
import dev.tightrope.domain.Urn;
import dev.tightrope.store.AssetRepository;
import dev.tightrope.store.OverviewRepository;
import dev.tightrope.store.UserRecords;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Browsing, searching and annotating assets: what the inventory view and the CLI's asset commands use. */
public final class InventoryService {
    private final AssetRepository assets;
    private final UserRecords user;
    private final OverviewRepository overview;
    private final AuditService audit;
    /** Called after a manual assignment changes what is owned: inherited owners follow (OwnershipService). */
    private final Runnable ownersChanged;
    private final FindingsService findings;

    InventoryService(AssetRepository assets, UserRecords user, OverviewRepository overview, AuditService audit,
                     FindingsService findings, Runnable ownersChanged) {
        this.ownersChanged = ownersChanged;
        this.assets = assets;
        this.findings = findings;
        this.user = user;
        this.overview = overview;
        this.audit = audit;
    }

    /**
     * The estate at a glance, with up to {@code attentionLimit} assets that need attention. This and
     * every read of findings or of the risk column first reopens expired acceptances
     * ({@link FindingsService#reopenExpired()}: an index probe when nothing expired).
     */
    public EstateOverview overview(int attentionLimit) {
        findings.reopenExpired();
        return overview.overview(attentionLimit);
    }

    public long[] ids(AssetFilter filter, AssetSort sort) {
        findings.reopenExpired();
        return assets.ids(filter, sort);
    }

    public List<AssetSummary> summaries(long[] ids) {
        return assets.summaries(ids);
    }

    public long count(AssetFilter filter) {
        findings.reopenExpired();
        return assets.count(filter);
    }

    public List<AssetSummary> list(AssetFilter filter, AssetSort sort, int limit) {
        findings.reopenExpired();
        return assets.list(filter, sort, limit);
    }

    /** Global search: the best matches grouped by kind, at most {@code limit} in all, with how many match. */
    public SearchResults search(String text, int limit) {
        return assets.search(text, limit);
    }

    public Optional<AssetRecord> find(Urn urn) {
        return assets.find(urn);
    }

    /**
     * The parts of {@code filter} that hide the asset with row id {@code id}; empty when the
     * filter shows it. A filter is the conjunction of its parts, so these are exactly what
     * would have to be widened to show it.
     */
    public Set<AssetFilter.Part> hiddenBy(AssetFilter filter, long id) {
        Set<AssetFilter.Part> out = EnumSet.noneOf(AssetFilter.Part.class);
        for (AssetFilter.Part part : filter.activeParts()) {
            if (!assets.matches(part.only(filter), id)) {
                out.add(part);
            }
        }
        return out;
    }

    /** Assets carrying this content digest, by name. */
    public List<AssetSummary> byDigest(Digest digest) {
        return assets.byDigest(digest);
    }

    public Optional<AssetDetail> detail(Urn urn) {
        findings.reopenExpired();
        return assets.detail(urn);
    }

    public List<Map.Entry<String, Long>> owners() {
        return assets.owners();
    }

    /** Assigns an owner by hand; the assignment is the user's and survives every sync. */
    public boolean assignOwner(Urn asset, String owner, OwnerType type, OwnerRole role, String assignedBy) {
        boolean added = user.assignOwner(asset, owner, type, role, assignedBy);
        if (added) {
            ownersChanged.run();
            audit.record(assignedBy, "owner.assign", asset.toString(), Map.of("owner", owner, "type", Labels.token(type),
                    "role", role.token()));
        }
        return added;
    }

    public boolean removeManualOwner(Urn asset, String owner, OwnerRole role) {
        boolean removed = user.removeManualOwner(asset, owner, role);
        if (removed) {
            ownersChanged.run();
            audit.record("owner.remove", asset.toString(), Map.of("owner", owner, "role", role.token()));
        }
        return removed;
    }

    public long addNote(Urn asset, String author, String text) {
        long id = user.addNote(asset, author, text);
        audit.record(author, "note.add", asset.toString(), Map.of("note", String.valueOf(id), "text", text));
        return id;
    }
}
