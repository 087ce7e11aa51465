package dev.tightrope.ui.common;

import java.util.Objects;

/**
 * An asset as a context menu sees it: its URN, its name, and its content digest when it has one
 * (null when it has none or it is not known yet).
 */
public record AssetRef(String urn, String name, String digest) {
    public AssetRef {
        Objects.requireNonNull(urn, "urn");
    }

    public static AssetRef of(String urn, String name) {
        return new AssetRef(urn, name, null);
    }
}
