package dev.tightrope.scan.code;

/**
 * One dependency a manifest declares, AI or not.
 *
 * @param name    as the manifest writes it; Maven and Gradle ones as {@code group:artifact}
 * @param version the declared version or range as written ({@code >=1.40}, {@code ^4.2.0}); null when none is given
 * @param line    1-based line of the declaration in the manifest; 0 when it cannot be placed
 */
public record Declared(Ecosystem ecosystem, String name, String version, int line) {
}
