package dev.tightrope.service.compliance;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One control of a framework as the mapping file states it.
 *
 * @param id             e.g. {@code EU-AI-ACT Art. 12}, {@code NIST AI RMF MEASURE 2}, {@code ISO/IEC 42001 A.6.2.8}
 * @param appliesFrom    the day the duty applies from, null when the framework has no date (voluntary, certification)
 * @param evidence       what Tightrope can check for it; all must hold for the control to be evidenced; empty when
 *                       Tightrope holds nothing for it
 * @param organisational what the control also needs that Tightrope cannot see (the organisation's records), null when nothing
 * @param note           the mapping's own remark (a date under discussion, where the row comes from), null when none
 */
public record Control(String framework, String id, String title, LocalDate appliesFrom, List<EvidenceKind> evidence,
                      String organisational, String note) {
    public Control {
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        evidence = List.copyOf(evidence);
    }
}
