package dev.tightrope.trust.dsse;

import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.keys.VerificationKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Signing and verifying DSSE envelopes. */
public final class Dsse {

    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private Dsse() {
    }

    /** One signature over {@code PAE(payloadType, payload)}. */
    public static Envelope sign(String payloadType, byte[] payload, Signer signer, String keyid) {
        byte[] sig = signer.sign(Pae.encode(payloadType, payload));
        return new Envelope(payloadType, payload, List.of(new EnvelopeSignature(keyid, sig)));
    }

    /** A signature of the envelope that a candidate key verified. */
    public record VerifiedSignature(int index, VerificationKey key, boolean legacyPae) {
    }

    /**
     * Checks every signature of {@code envelope} against {@code candidates}. The {@code keyid}
     * only orders the attempt (a candidate whose hint or fingerprint equals it goes first); every
     * candidate is tried, so a wrong or missing keyid never hides a valid signature. With
     * {@code allowLegacyPae}, ECDSA signatures over {@code model_signing} 0.2.0's malformed PAE
     * (hashed with SHA-256 whatever the curve, as that release did) are reported with
     * {@code legacyPae = true} instead of failing.
     */
    public static List<VerifiedSignature> verify(Envelope envelope, Collection<VerificationKey> candidates, boolean allowLegacyPae) {
        byte[] pae = envelope.pae();
        byte[] legacy = null;
        List<VerifiedSignature> out = new ArrayList<>();
        for (int i = 0; i < envelope.signatures().size(); i++) {
            EnvelopeSignature s = envelope.signatures().get(i);
            byte[] sig = s.sig();
            VerifiedSignature found = null;
            for (VerificationKey key : ordered(candidates, s.keyid())) {
                if (key.verify(pae, sig)) {
                    found = new VerifiedSignature(i, key, false);
                    break;
                }
            }
            if (found == null && allowLegacyPae) {
                if (legacy == null) {
                    legacy = Pae.legacyModelSigning(envelope.payloadType(), envelope.payload());
                }
                for (VerificationKey key : ordered(candidates, s.keyid())) {
                    if (key.algorithm().isEcdsa() && (key.verify(legacy, sig, "SHA256withECDSA") || key.verify(legacy, sig))) {
                        found = new VerifiedSignature(i, key, true);
                        break;
                    }
                }
            }
            if (found != null) {
                out.add(found);
            }
        }
        return out;
    }

    /** Distinct keys among verified signatures: the DSSE threshold counts keys, not signatures. */
    public static Set<VerificationKey> distinctKeys(List<VerifiedSignature> verified) {
        Set<VerificationKey> keys = new LinkedHashSet<>();
        verified.forEach(v -> keys.add(v.key()));
        return keys;
    }

    private static List<VerificationKey> ordered(Collection<VerificationKey> candidates, String keyid) {
        List<VerificationKey> first = new ArrayList<>();
        List<VerificationKey> rest = new ArrayList<>();
        for (VerificationKey k : candidates) {
            boolean named = keyid != null && !keyid.isEmpty() && (keyid.equals(k.hint()) || keyid.equals(k.fingerprint()));
            (named ? first : rest).add(k);
        }
        first.addAll(rest);
        return first;
    }
}
