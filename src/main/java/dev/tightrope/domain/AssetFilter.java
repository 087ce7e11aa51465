package dev.tightrope.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the inventory shows. Empty/null parts do not filter.
 *
 * @param kinds   only these kinds (empty: all)
 * @param source  only assets from this source name
 * @param owner   only assets with this owner (any role, any provenance; case-insensitive)
 * @param unowned only assets without any owner
 * @param gone    present, gone or both
 * @param text    full-text query over names, descriptions, tags, owners and properties
 * @param concern only assets with this risk (the risk model's facts, see {@link RiskConcern}), or null
 */
public record AssetFilter(Set<AssetKind> kinds, String source, String owner, boolean unowned, Presence gone, String text,
                          RiskConcern concern) {

    /** Whether assets a full sync no longer reported are shown. */
    public enum Presence {
        PRESENT,
        GONE,
        ALL
    }

    /**
     * One of the independent conditions a filter is made of; an asset matches a filter exactly
     * when it matches each of its active parts.
     */
    public enum Part {
        KIND,
        SOURCE,
        OWNER,
        UNOWNED,
        PRESENCE,
        TEXT,
        CONCERN;

        /** Whether {@code f} filters by this part. */
        public boolean activeIn(AssetFilter f) {
            return switch (this) {
                case KIND -> !f.kinds().isEmpty();
                case SOURCE -> f.source() != null;
                case OWNER -> f.owner() != null;
                case UNOWNED -> f.unowned();
                case PRESENCE -> f.gone() != Presence.ALL;
                case TEXT -> f.text() != null;
                case CONCERN -> f.concern() != null;
            };
        }

        /** {@code f} with this part no longer filtering (present and gone for presence). */
        public AssetFilter without(AssetFilter f) {
            return switch (this) {
                case KIND -> f.withKinds(Set.of());
                case SOURCE -> f.withSource(null);
                case OWNER -> f.withOwner(null);
                case UNOWNED -> f.withUnowned(false);
                case PRESENCE -> f.withPresence(Presence.ALL);
                case TEXT -> f.withText(null);
                case CONCERN -> f.withConcern(null);
            };
        }

        /** A filter of this part of {@code f} alone. */
        public AssetFilter only(AssetFilter f) {
            AssetFilter none = new AssetFilter(Set.of(), null, null, false, Presence.ALL, null, null);
            return switch (this) {
                case KIND -> none.withKinds(f.kinds());
                case SOURCE -> none.withSource(f.source());
                case OWNER -> none.withOwner(f.owner());
                case UNOWNED -> none.withUnowned(f.unowned());
                case PRESENCE -> none.withPresence(f.gone());
                case TEXT -> none.withText(f.text());
                case CONCERN -> none.withConcern(f.concern());
            };
        }
    }

    public AssetFilter {
        kinds = kinds == null || kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        source = blankToNull(source);
        owner = blankToNull(owner);
        text = blankToNull(text);
        gone = gone == null ? Presence.PRESENT : gone;
    }

    /** A filter without a risk concern. */
    public AssetFilter(Set<AssetKind> kinds, String source, String owner, boolean unowned, Presence gone, String text) {
        this(kinds, source, owner, unowned, gone, text, null);
    }

    public static AssetFilter all() {
        return new AssetFilter(Set.of(), null, null, false, Presence.PRESENT, null, null);
    }

    public AssetFilter withKinds(Set<AssetKind> k) {
        return new AssetFilter(k, source, owner, unowned, gone, text, concern);
    }

    public AssetFilter withSource(String s) {
        return new AssetFilter(kinds, s, owner, unowned, gone, text, concern);
    }

    public AssetFilter withOwner(String o) {
        return new AssetFilter(kinds, source, o, unowned, gone, text, concern);
    }

    public AssetFilter withUnowned(boolean u) {
        return new AssetFilter(kinds, source, owner, u, gone, text, concern);
    }

    public AssetFilter withPresence(Presence p) {
        return new AssetFilter(kinds, source, owner, unowned, p, text, concern);
    }

    public AssetFilter withText(String t) {
        return new AssetFilter(kinds, source, owner, unowned, gone, t, concern);
    }

    public AssetFilter withConcern(RiskConcern c) {
        return new AssetFilter(kinds, source, owner, unowned, gone, text, c);
    }

    /** The parts this filter filters by. */
    public Set<Part> activeParts() {
        Set<Part> out = EnumSet.noneOf(Part.class);
        for (Part p : Part.values()) {
            if (p.activeIn(this)) {
                out.add(p);
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
