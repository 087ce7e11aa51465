package dev.tightrope.service.compliance;

import java.util.List;
import java.util.Objects;

/** Whether one kind of evidence holds for a model, in words, and the records that show it (or show why not). */
public record Evidence(EvidenceKind kind, boolean present, String detail, List<EvidenceLink> links) {
    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        links = List.copyOf(links);
    }
}
