package dev.tightrope.domain;

import java.util.Objects;

/**
 * A risk observed on an asset.
 *
 * @param ruleId    stable identifier of the rule, e.g. {@code pickle.dangerous-import}
 * @param evidence  the offending import, op or field, as observed
 * @param location  where in the asset: member name, byte offset, file:line
 * @param detector  what observed it, e.g. {@code tightrope-scan/0.1}
 */
public record Finding(
        Urn asset,
        String ruleId,
        Severity severity,
        String title,
        String evidence,
        String location,
        String detector,
        FindingStatus status) {

    public Finding {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detector, "detector");
        status = status == null ? FindingStatus.OPEN : status;
        if (ruleId.isBlank()) {
            throw new IllegalArgumentException("finding rule id must not be blank");
        }
    }
}
