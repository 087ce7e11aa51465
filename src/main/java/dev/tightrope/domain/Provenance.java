package dev.tightrope.domain;

/**
 * Where an ownership claim came from. Only {@link #MANUAL} claims belong to the user; syncs never
 * touch them. {@link #RULE} claims come from the workspace's owner rules file, {@link #INHERITED}
 * ones from an upstream asset's owners when the user turned inheritance on: neither is a claim a
 * source made, and an inherited claim never counts as the asset having an owner of its own.
 */
public enum Provenance {
    SOURCE_METADATA("source metadata"),
    CODEOWNERS("CODEOWNERS"),
    MANUAL("manual assignment"),
    RULE("owner rule"),
    INHERITED("lineage");

    private final String label;

    Provenance(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A claim made about the asset itself (by a source, a rule or the user), as opposed to one inherited through lineage. */
    public boolean direct() {
        return this != INHERITED;
    }
}
