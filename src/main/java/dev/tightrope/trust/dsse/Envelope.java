package dev.tightrope.trust.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A DSSE envelope. Parsing follows the DSSE rules: {@code payload}, {@code payloadType},
 * {@code signatures} and each {@code sig} are required, {@code keyid} is optional, unknown
 * fields are ignored, and both standard and URL-safe base64 are accepted.
 */
public record Envelope(String payloadType, byte[] payload, List<EnvelopeSignature> signatures) {

    public Envelope {
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        payload = payload.clone();
        signatures = List.copyOf(signatures);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The bytes every signature covers. */
    public byte[] pae() {
        return Pae.encode(payloadType, payload);
    }

    public ObjectNode toJson() {
        ObjectNode env = TrustJson.object();
        env.put("payload", Base64.getEncoder().encodeToString(payload));
        env.put("payloadType", payloadType);
        ArrayNode sigs = env.putArray("signatures");
        for (EnvelopeSignature s : signatures) {
            ObjectNode o = sigs.addObject();
            o.put("sig", Base64.getEncoder().encodeToString(s.sig()));
            o.put("keyid", s.keyid() == null ? "" : s.keyid());
        }
        return env;
    }

    public static Envelope fromJson(JsonNode node, String location) {
        if (!node.isObject()) {
            throw new TrustFormatException(location, "a DSSE envelope must be a JSON object");
        }
        String payloadType = TrustJson.text(node, "payloadType", location);
        byte[] payload = base64(TrustJson.text(node, "payload", location), location + " payload");
        JsonNode sigs = node.get("signatures");
        if (sigs == null || !sigs.isArray()) {
            throw new TrustFormatException(location, "missing array 'signatures'");
        }
        List<EnvelopeSignature> signatures = new ArrayList<>();
        for (int i = 0; i < sigs.size(); i++) {
            JsonNode s = sigs.get(i);
            String where = location + " signatures[" + i + "]";
            if (!s.isObject()) {
                throw new TrustFormatException(where, "a signature must be an object");
            }
            String keyid = TrustJson.optionalText(s, "keyid", where);
            signatures.add(new EnvelopeSignature(keyid, base64(TrustJson.text(s, "sig", where), where + " sig")));
        }
        return new Envelope(payloadType, payload, signatures);
    }

    /** Standard or URL-safe base64, padded or not, as DSSE requires verifiers to accept. */
    static byte[] base64(String text, String location) {
        String s = text.strip();
        try {
            if (s.indexOf('-') >= 0 || s.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(s);
            }
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(location, "not valid base64: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope other && payloadType.equals(other.payloadType)
                && Arrays.equals(payload, other.payload) && signatures.equals(other.signatures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
    }
}
