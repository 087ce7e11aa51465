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
 */
public record AssetFilter(Set<AssetKind> kinds, String source, String owner, boolean unowned, Presence gone, String text) {

    /** Whether assets a full sync no longer reported are shown. */
    public enum Presence {
        PRESENT,
        GONE,
        ALL
    }

    public AssetFilter {
        kinds = kinds == null || kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        source = blankToNull(source);
        owner = blankToNull(owner);
        text = blankToNull(text);
        gone = gone == null ? Presence.PRESENT : gone;
    }

    public static AssetFilter all() {
        return new AssetFilter(Set.of(), null, null, false, Presence.PRESENT, null);
    }

    public AssetFilter withKinds(Set<AssetKind> k) {
        return new AssetFilter(k, source, owner, unowned, gone, text);
    }

    public AssetFilter withSource(String s) {
        return new AssetFilter(kinds, s, owner, unowned, gone, text);
    }

    public AssetFilter withOwner(String o) {
        return new AssetFilter(kinds, source, o, unowned, gone, text);
    }

    public AssetFilter withUnowned(boolean u) {
        return new AssetFilter(kinds, source, owner, u, gone, text);
    }

    public AssetFilter withPresence(Presence p) {
        return new AssetFilter(kinds, source, owner, unowned, p, text);
    }

    public AssetFilter withText(String t) {
        return new AssetFilter(kinds, source, owner, unowned, gone, t);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
