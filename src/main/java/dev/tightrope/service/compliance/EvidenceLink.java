package dev.tightrope.service.compliance;

import java.util.Objects;

/**
 * Where a piece of evidence is: an asset (by URN, clickable in the console), a signed approval
 * bundle (its location), an audit log entry (its index), a finding (its id) or an owner.
 */
public record EvidenceLink(Type type, String target, String label) {
    public enum Type {
        ASSET, APPROVAL, AUDIT_ENTRY, FINDING, OWNER, SOURCE;

        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public EvidenceLink {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        label = label == null ? target : label;
    }
}
