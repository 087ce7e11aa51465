package dev.tightrope.domain;

/** What applying the owner rules did: assets a rule matched, rule claims now held, assets whose owners changed. */
public record OwnerRulesApplied(long matched, long claims, long changed) {
}
