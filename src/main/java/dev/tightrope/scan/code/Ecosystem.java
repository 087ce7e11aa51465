package dev.tightrope.scan.code;

import java.util.Locale;

/** The package registry a dependency is declared against. */
public enum Ecosystem {
    PYPI, NPM, MAVEN;

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
