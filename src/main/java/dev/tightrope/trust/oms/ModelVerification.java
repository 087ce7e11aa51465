package dev.tightrope.trust.oms;

import dev.tightrope.domain.Digest;
import java.util.List;

/**
 * The outcome of checking a {@code model.sig} against a model and a key.
 *
 * @param verified    the signature is by the key and the model's files are exactly the signed ones
 * @param failures    why not, in verification order (empty when verified)
 * @param warnings    accepted oddities: legacy PAE, no key hint, legacy predicate, unsigned files ignored
 * @param legacyPae   the signature covers model_signing 0.2.0's malformed PAE
 * @param rootDigest  the signed root digest (the subject), or null when it could not be read
 */
public record ModelVerification(boolean verified, List<String> failures, List<String> warnings, boolean legacyPae,
                                Digest rootDigest) {
    public ModelVerification {
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
        if (verified != failures.isEmpty()) {
            throw new IllegalArgumentException("verified exactly when there are no failures");
        }
    }
}
