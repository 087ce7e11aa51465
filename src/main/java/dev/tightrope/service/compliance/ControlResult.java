package dev.tightrope.service.compliance;

import java.util.List;
import java.util.Objects;

/** One control for one model: its status, why, and each kind of evidence the mapping asks for as checked. */
public record ControlResult(Control control, ControlStatus status, String reason, List<Evidence> evidence) {
    public ControlResult {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        evidence = List.copyOf(evidence);
    }
}
