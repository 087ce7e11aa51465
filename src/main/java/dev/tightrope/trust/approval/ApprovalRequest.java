package dev.tightrope.trust.approval;

import dev.tightrope.trust.dsse.ResourceDescriptor;
import java.util.List;
import java.util.Objects;

/**
 * What a reviewer is about to sign: the exact artifact (a subject with a sha256 digest: a file's
 * digest, a model directory's OMS root digest or an OCI manifest digest), the decision, the
 * scope, the rationale, and the policy and evidence it was judged on.
 */
public record ApprovalRequest(ResourceDescriptor subject, Decision decision, String purpose, String reviewerId,
                              String rationale, ResourceDescriptor policy, List<ResourceDescriptor> evidence) {
    public ApprovalRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(rationale, "rationale");
        if (subject.sha256() == null) {
            throw new IllegalArgumentException("the subject of an approval needs a sha256 digest");
        }
        evidence = List.copyOf(evidence == null ? List.of() : evidence);
    }
}
