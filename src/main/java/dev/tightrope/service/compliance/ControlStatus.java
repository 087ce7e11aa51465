package dev.tightrope.service.compliance;

/** Where a model stands on one control. */
public enum ControlStatus {
    /** Every kind of evidence the mapping asks for holds, with links to it. */
    EVIDENCED,
    /** Some evidence the mapping asks for is missing; the reason says which. */
    GAP,
    /** The control's date is after today (by the workspace's clock). */
    NOT_YET_APPLICABLE,
    /** The control needs the organisation's own records, which Tightrope cannot see: it says so rather than claim. */
    NOT_ASSESSABLE_HERE;

    /** As the CLI and the reports print it: {@code NOT-YET-APPLICABLE}. */
    public String label() {
        return name().replace('_', '-');
    }
}
