package dev.tightrope.base;

import java.util.Optional;

/** What this build of Tightrope is. */
public final class BuildInfo {
    private BuildInfo() {
    }

    /** The version in the application jar's manifest; empty when running from classes (a development build). */
    public static Optional<String> version() {
        return Optional.ofNullable(BuildInfo.class.getPackage().getImplementationVersion());
    }

    /** The version as people read it: the manifest's, or "(development build)". */
    public static String describe() {
        return version().orElse("(development build)");
    }
}
