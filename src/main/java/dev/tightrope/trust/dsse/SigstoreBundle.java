package dev.tightrope.trust.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.keys.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * A Sigstore bundle carrying a DSSE envelope, in the key-based form Tightrope writes:
 * {@code verificationMaterial.publicKey.hint} (the OMS-style hint) and exactly one signature.
 * Reading also accepts the older media types, pre-1.1 {@code publicKey.rawBytes}/{@code keyDetails}
 * material, and bundles whose material is a certificate (the caller decides what it trusts).
 *
 * @param mediaType          as written in the bundle
 * @param hint               {@code publicKey.hint}, or null
 * @param embeddedKey        the key in {@code publicKey.rawBytes} (older model_signing), or null; never trusted by itself
 * @param keyDetails         {@code publicKey.keyDetails}, or null
 * @param certificateBased   whether the material is an X.509 certificate (chain)
 * @param tlogEntries        how many transparency log entries the bundle carries
 * @param envelope           the DSSE envelope
 */
public record SigstoreBundle(String mediaType, String hint, VerificationKey embeddedKey, String keyDetails,
                             boolean certificateBased, int tlogEntries, Envelope envelope) {

    public static final String MEDIA_TYPE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static final Set<String> OLDER = Set.of("0.1", "0.2", "0.3");

    public SigstoreBundle {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(envelope, "envelope");
    }

    /** A v0.3 key-based bundle: hint in the material and as the signature's keyid. */
    public static SigstoreBundle keyBased(Envelope envelope, VerificationKey key) {
        if (envelope.signatures().size() != 1) {
            throw new IllegalArgumentException("a Sigstore bundle carries exactly one DSSE signature, got "
                    + envelope.signatures().size());
        }
        return new SigstoreBundle(MEDIA_TYPE_V03, key.hint(), null, null, false, 0, envelope);
    }

    public static boolean isSupportedMediaType(String mediaType) {
        if (MEDIA_TYPE_V03.equals(mediaType)) {
            return true;
        }
        String prefix = "application/vnd.dev.sigstore.bundle+json;version=";
        String compact = mediaType.replace(" ", "");
        return compact.startsWith(prefix) && OLDER.contains(compact.substring(prefix.length()));
    }

    public ObjectNode toJson() {
        ObjectNode o = TrustJson.object();
        o.put("mediaType", mediaType);
        ObjectNode material = o.putObject("verificationMaterial");
        ObjectNode publicKey = material.putObject("publicKey");
        if (hint != null) {
            publicKey.put("hint", hint);
        }
        material.putArray("tlogEntries");
        o.set("dsseEnvelope", envelope.toJson());
        return o;
    }

    /** The bundle file: pretty JSON with a final newline. */
    public byte[] toBytes() {
        byte[] body = TrustJson.pretty(toJson());
        return (new String(body, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether this JSON object looks like a bundle (rather than a bare envelope). */
    public static boolean looksLikeBundle(JsonNode node) {
        return node.isObject() && node.has("mediaType") && (node.has("dsseEnvelope") || node.has("verificationMaterial")
                || node.has("messageSignature"));
    }

    public static SigstoreBundle parse(byte[] json, String location) {
        return fromJson(TrustJson.parse(json, location), location);
    }

    public static SigstoreBundle fromJson(JsonNode node, String location) {
        if (!node.isObject()) {
            throw new TrustFormatException(location, "a Sigstore bundle must be a JSON object");
        }
        String mediaType = TrustJson.text(node, "mediaType", location);
        if (!isSupportedMediaType(mediaType)) {
            throw new TrustFormatException(location, "unsupported bundle mediaType '" + mediaType + "'");
        }
        JsonNode material = node.get("verificationMaterial");
        if (material == null || !material.isObject()) {
            throw new TrustFormatException(location, "bundle has no verificationMaterial");
        }
        JsonNode dsse = node.get("dsseEnvelope");
        if (dsse == null || dsse.isNull()) {
            if (node.has("messageSignature")) {
                throw new TrustFormatException(location, "bundle signs a message, not a DSSE envelope; only DSSE attestations are supported");
            }
            throw new TrustFormatException(location, "bundle has no dsseEnvelope");
        }
        Envelope envelope = Envelope.fromJson(dsse, location + " dsseEnvelope");
        String hint = null;
        VerificationKey embedded = null;
        String keyDetails = null;
        JsonNode publicKey = material.get("publicKey");
        if (publicKey != null && publicKey.isObject()) {
            hint = TrustJson.optionalText(publicKey, "hint", location + " publicKey");
            if (hint != null && hint.isEmpty()) {
                hint = null;
            }
            String raw = TrustJson.optionalText(publicKey, "rawBytes", location + " publicKey");
            if (raw != null) {
                embedded = embeddedKey(Envelope.base64(raw, location + " publicKey.rawBytes"), location + " publicKey.rawBytes");
            }
            keyDetails = TrustJson.optionalText(publicKey, "keyDetails", location + " publicKey");
        }
        boolean certificate = material.has("x509CertificateChain") || material.has("certificate");
        JsonNode tlog = material.get("tlogEntries");
        int entries = tlog != null && tlog.isArray() ? tlog.size() : 0;
        return new SigstoreBundle(mediaType, hint, embedded, keyDetails, certificate, entries, envelope);
    }

    /** {@code rawBytes} held PEM text in model_signing before 1.1; DER SPKI elsewhere. */
    private static VerificationKey embeddedKey(byte[] raw, String location) {
        String text = new String(raw, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN PUBLIC KEY-----")) {
            return VerificationKey.fromPem(text, location);
        }
        return VerificationKey.fromSpki(raw, location);
    }
}
