package dev.tightrope.domain;

/** Where an ownership claim came from. Only {@link #MANUAL} claims belong to the user; syncs never touch them. */
public enum Provenance {
    SOURCE_METADATA("source metadata"),
    CODEOWNERS("CODEOWNERS"),
    MANUAL("manual assignment");

    private final String label;

    Provenance(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
