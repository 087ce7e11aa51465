package dev.tightrope.trust.reviewers;

import dev.tightrope.trust.keys.VerificationKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The trust store as a gate reads it: the organisation's reviewed {@link TrustStore} with the
 * user's {@link LocalTrustStore} laid over it, every entry knowing where it came from. A trust
 * store entry counts only as far as the organisation reviewed it:
 * <ul>
 *   <li>a reviewer only in the local file is {@link Origin#LOCAL}: their signatures verify, but
 *       count only when the policy says {@code countUnreviewedReviewers};</li>
 *   <li>a local entry with the name and key of a reviewed reviewer changes that reviewer's roles
 *       locally: roles the organisation did not review are {@link Entry#unreviewedRoles()
 *       unreviewed} (counted only under the same policy switch), roles taken away locally are
 *       gone (distrust needs no review);</li>
 *   <li>a local entry that contradicts the reviewed file (a reviewed name with another key, a
 *       reviewed key under another name) is ignored and reported in {@link #problems()}: the
 *       reviewed entry is the one that counts.</li>
 * </ul>
 */
public final class LayeredTrustStore {

    /** Where a trust-store entry comes from. */
    public enum Origin {
        /** In the organisation's reviewed trust-store file. */
        REVIEWED,
        /** Added on this machine, not in the reviewed file. */
        LOCAL
    }

    /**
     * One reviewer as trusted here.
     *
     * @param reviewer      name, email, key and every role the reviewer has here (reviewed and local)
     * @param origin        reviewed or local
     * @param reviewedRoles the roles the organisation reviewed (none for a local reviewer)
     * @param addedBy       who made the local entry or change (null for a reviewed entry unchanged here)
     * @param addedAt       when (null likewise)
     * @param selfTrust     why the local entry or change is self-trust, or null
     */
    public record Entry(Reviewer reviewer, Origin origin, SortedSet<String> reviewedRoles, String addedBy, Instant addedAt,
                        String selfTrust) {
        public Entry {
            Objects.requireNonNull(reviewer, "reviewer");
            Objects.requireNonNull(origin, "origin");
            reviewedRoles = Collections.unmodifiableSortedSet(new TreeSet<>(reviewedRoles));
        }

        public String name() {
            return reviewer.name();
        }

        public boolean reviewed() {
            return origin == Origin.REVIEWED;
        }

        /** The roles the reviewer has here that the organisation did not review. */
        public SortedSet<String> unreviewedRoles() {
            TreeSet<String> out = new TreeSet<>(reviewer.roles());
            out.removeAll(reviewedRoles);
            return Collections.unmodifiableSortedSet(out);
        }

        /** Whether the entry counts toward a gate at all: reviewed, or local under a policy that counts local entries. */
        public boolean counts(boolean countUnreviewed) {
            return reviewed() || countUnreviewed;
        }

        /** Whether {@code role} counts for this reviewer: reviewed, or unreviewed under a policy that counts those. */
        public boolean hasCountedRole(String role, boolean countUnreviewed) {
            return reviewedRoles.contains(role) || (countUnreviewed && reviewer.hasRole(role));
        }

        /** Whether anything about the entry was decided on this machine (a local reviewer or local roles). */
        public boolean changedLocally() {
            return addedBy != null;
        }
    }

    private final TrustStore reviewed;
    private final LocalTrustStore local;
    private final List<Entry> entries;
    private final List<String> problems;

    private LayeredTrustStore(TrustStore reviewed, LocalTrustStore local) {
        this.reviewed = reviewed;
        this.local = local;
        List<Entry> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<LocalTrustStore.Entry> pending = new ArrayList<>(local.entries());
        for (Reviewer r : reviewed.reviewers()) {
            Optional<LocalTrustStore.Entry> change = pending.stream().filter(l -> l.name().equals(r.name())).findFirst();
            if (change.isPresent() && change.get().reviewer().key().equals(r.key())) {
                pending.remove(change.get());
                LocalTrustStore.Entry l = change.get();
                TreeSet<String> kept = new TreeSet<>(r.roles());
                kept.retainAll(l.reviewer().roles());
                out.add(new Entry(new Reviewer(r.name(), r.email(), l.reviewer().roles(), r.key()), Origin.REVIEWED, kept,
                        l.addedBy(), l.addedAt(), l.selfTrust()));
            } else {
                out.add(new Entry(r, Origin.REVIEWED, r.roles(), null, null, null));
            }
        }
        for (LocalTrustStore.Entry l : pending) {
            Optional<Reviewer> sameName = reviewed.byName(l.name());
            Optional<Reviewer> sameKey = reviewed.byKey(l.reviewer().key());
            if (sameName.isPresent()) {
                notes.add("the local entry '" + l.name() + "' has another key (" + l.reviewer().fingerprint()
                        + ") than the reviewed reviewer of that name (" + sameName.get().fingerprint() + "): ignored");
            } else if (sameKey.isPresent()) {
                notes.add("the local entry '" + l.name() + "' uses the key of the reviewed reviewer '" + sameKey.get().name()
                        + "' (" + l.reviewer().fingerprint() + "): ignored");
            } else {
                out.add(new Entry(l.reviewer(), Origin.LOCAL, new TreeSet<>(), l.addedBy(), l.addedAt(), l.selfTrust()));
            }
        }
        out.sort(Comparator.comparing(Entry::name));
        this.entries = List.copyOf(out);
        this.problems = List.copyOf(notes);
    }

    public static LayeredTrustStore of(TrustStore reviewed, LocalTrustStore local) {
        return new LayeredTrustStore(reviewed, local);
    }

    /** Only the reviewed file (what a CI gate usually has). */
    public static LayeredTrustStore reviewedOnly(TrustStore reviewed) {
        return new LayeredTrustStore(reviewed, LocalTrustStore.empty());
    }

    public TrustStore reviewed() {
        return reviewed;
    }

    public LocalTrustStore local() {
        return local;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Local entries that contradict the reviewed file and are ignored, each with why. */
    public List<String> problems() {
        return problems;
    }

    /** Every key that verifies a signature here, reviewed or local. */
    public List<VerificationKey> keys() {
        return entries.stream().map(e -> e.reviewer().key()).toList();
    }

    public Optional<Entry> byName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<Entry> byKey(VerificationKey key) {
        return entries.stream().filter(e -> e.reviewer().key().equals(key)).findFirst();
    }

    /** By OMS key hint or by fingerprint. */
    public Optional<Entry> byKeyId(String hintOrFingerprint) {
        return entries.stream().filter(e -> e.reviewer().key().hint().equals(hintOrFingerprint)
                || e.reviewer().fingerprint().equals(hintOrFingerprint)).findFirst();
    }
}
