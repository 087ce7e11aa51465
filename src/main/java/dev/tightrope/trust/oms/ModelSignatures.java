package dev.tightrope.trust.oms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.ModelManifest;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.dsse.Dsse;
import dev.tightrope.trust.dsse.Envelope;
import dev.tightrope.trust.dsse.ResourceDescriptor;
import dev.tightrope.trust.dsse.SigstoreBundle;
import dev.tightrope.trust.dsse.Statement;
import dev.tightrope.trust.keys.KeyException;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.keys.VerificationKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * OpenSSF model signing v1.0 signatures ({@code model.sig}): a Sigstore bundle v0.3 holding a
 * DSSE envelope of an in-toto statement with predicate type {@value #PREDICATE_TYPE}, signed
 * with an ECDSA key so that {@code model_signing verify key} accepts it.
 */
public final class ModelSignatures {

    public static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";
    public static final String LEGACY_PREDICATE_TYPE = "https://model_signing/Digests/v0.1";

    private final ModelHasher hasher;

    public ModelSignatures(ModelHasher hasher) {
        this.hasher = hasher;
    }

    /** Hashes {@code model}, signs its manifest and writes {@code signature} (atomically). */
    public ModelManifest signModel(Path model, OmsSerialization serialization, Signer signer, Path signature) {
        OmsSerialization ser = ignoreSignatureInside(model, serialization, signature);
        ModelManifest manifest = hasher.hash(model, ser);
        byte[] bundle = sign(manifest, ser, signer);
        try {
            AtomicFiles.replace(signature, bundle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + signature + ": " + e.getMessage(), e);
        }
        return manifest;
    }

    /** The {@code model.sig} bytes for a manifest hashed with {@code serialization}. ECDSA keys only. */
    public static byte[] sign(ModelManifest manifest, OmsSerialization serialization, Signer signer) {
        VerificationKey key = signer.verificationKey();
        if (!key.algorithm().isEcdsa()) {
            throw new KeyException("OpenSSF model signing v1.0 accepts ECDSA keys only; " + key.algorithm().id()
                    + " cannot sign a model.sig (use a p256 or p384 key)");
        }
        Statement statement = statement(manifest, serialization);
        Envelope envelope = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, statement.toBytes(), signer, key.hint());
        return SigstoreBundle.keyBased(envelope, key).toBytes();
    }

    static Statement statement(ModelManifest manifest, OmsSerialization serialization) {
        ObjectNode predicate = TrustJson.object();
        ArrayNode resources = predicate.putArray("resources");
        for (ModelManifest.Resource r : manifest.resources()) {
            ObjectNode o = resources.addObject();
            o.put("algorithm", OmsSerialization.HASH_TYPE);
            o.put("name", r.name());
            o.put("digest", r.sha256());
        }
        ObjectNode ser = predicate.putObject("serialization");
        ser.put("method", serialization.method().id());
        ser.put("hash_type", OmsSerialization.HASH_TYPE);
        ser.put("allow_symlinks", serialization.allowSymlinks());
        ArrayNode ignore = ser.putArray("ignore_paths");
        serialization.effectiveIgnorePaths().forEach(ignore::add);
        if (serialization.method() == OmsSerialization.Method.SHARDS) {
            ser.put("shard_size", serialization.shardSize());
        }
        return new Statement(List.of(ResourceDescriptor.of(manifest.modelName(), manifest.rootDigest().hex())),
                PREDICATE_TYPE, predicate);
    }

    /** Options for verification. */
    public record VerifyOptions(boolean ignoreUnsignedFiles, List<String> extraIgnorePaths) {
        public VerifyOptions {
            extraIgnorePaths = List.copyOf(extraIgnorePaths == null ? List.of() : extraIgnorePaths);
        }

        public static VerifyOptions defaults() {
            return new VerifyOptions(false, List.of());
        }
    }

    /**
     * Verifies {@code signatureFile} for {@code model} with {@code key}, in the OMS order:
     * media type and key hint, the signature over the PAE, payload and predicate types, the
     * recorded serialization, the local files re-hashed, the exact set of files, the root digest.
     * An unreadable or malformed signature file is a {@link TrustFormatException}; everything
     * else is a result.
     */
    public ModelVerification verify(Path model, Path signatureFile, VerificationKey key, VerifyOptions options) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(signatureFile);
        } catch (IOException e) {
            throw new TrustFormatException(signatureFile.toString(), "cannot read: " + e.getMessage(), e);
        }
        SigstoreBundle bundle = SigstoreBundle.parse(bytes, signatureFile.toString());
        List<String> ignore = new ArrayList<>(options.extraIgnorePaths());
        Path modelAbs = model.toAbsolutePath().normalize();
        Path sigAbs = signatureFile.toAbsolutePath().normalize();
        if (sigAbs.startsWith(modelAbs) && !sigAbs.equals(modelAbs)) {
            ignore.add(modelAbs.relativize(sigAbs).toString().replace('\\', '/'));
        }
        return verify(model, bundle, key, new VerifyOptions(options.ignoreUnsignedFiles(), ignore), signatureFile.toString());
    }

    ModelVerification verify(Path model, SigstoreBundle bundle, VerificationKey key, VerifyOptions options, String location) {
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (bundle.hint() != null && !bundle.hint().equals(key.hint())) {
            failures.add("the signature names key hint " + bundle.hint() + ", not this key's " + key.hint());
            return new ModelVerification(false, failures, warnings, false, null);
        }
        if (bundle.hint() == null && bundle.embeddedKey() != null && !bundle.embeddedKey().equals(key)) {
            failures.add("the signature embeds key " + bundle.embeddedKey().fingerprint() + ", not " + key.fingerprint());
            return new ModelVerification(false, failures, warnings, false, null);
        }
        if (bundle.keyDetails() != null && !bundle.keyDetails().equals(key.algorithm().sigstoreKeyDetails())) {
            failures.add("the signature was made with a " + bundle.keyDetails() + " key, not " + key.algorithm().sigstoreKeyDetails());
            return new ModelVerification(false, failures, warnings, false, null);
        }
        if (bundle.hint() == null && bundle.embeddedKey() == null) {
            warnings.add("the bundle carries no public key hint (older signer)");
        }
        Envelope envelope = bundle.envelope();
        if (envelope.signatures().size() != 1) {
            failures.add("a model signature bundle must carry exactly one signature, found " + envelope.signatures().size());
            return new ModelVerification(false, failures, warnings, false, null);
        }
        String keyid = envelope.signatures().get(0).keyid();
        if (bundle.hint() != null && keyid != null && !keyid.isEmpty() && !keyid.equals(bundle.hint())) {
            failures.add("the DSSE keyid " + keyid + " does not match the bundle's key hint");
            return new ModelVerification(false, failures, warnings, false, null);
        }
        List<Dsse.VerifiedSignature> verified = Dsse.verify(envelope, List.of(key), true);
        if (verified.isEmpty()) {
            failures.add("the signature does not verify with key " + key.fingerprint() + " (wrong key, or the signature file was modified)");
            return new ModelVerification(false, failures, warnings, false, null);
        }
        boolean legacy = verified.get(0).legacyPae();
        if (legacy) {
            warnings.add("legacy signature: it covers model_signing 0.2.0's malformed DSSE encoding, not the standard PAE");
        }
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            failures.add("payloadType is '" + envelope.payloadType() + "', expected " + Dsse.IN_TOTO_PAYLOAD_TYPE);
            return new ModelVerification(false, failures, warnings, legacy, null);
        }
        Signed signed;
        try {
            signed = readPayload(envelope.payload(), location, warnings);
        } catch (TrustFormatException e) {
            failures.add(e.getMessage());
            return new ModelVerification(false, failures, warnings, legacy, null);
        }
        OmsSerialization ser = signed.serialization().withIgnored(options.extraIgnorePaths());
        ModelManifest local;
        try {
            local = hasher.hash(model, ser);
        } catch (ModelHashingException e) {
            failures.add(e.getMessage());
            return new ModelVerification(false, failures, warnings, legacy, signed.root());
        }
        compare(signed.resources(), local, options.ignoreUnsignedFiles(), failures, warnings);
        if (signed.root() != null) {
            Digest computed = rootOf(signed.resources());
            if (!computed.equals(signed.root())) {
                failures.add("the subject digest " + signed.root().hex() + " is not the root digest of the signed resources ("
                        + computed.hex() + ")");
            }
        }
        return new ModelVerification(failures.isEmpty(), failures, warnings, legacy, signed.root());
    }

    /** What the payload signs; resources in payload order, which the root digest follows. */
    private record Signed(Digest root, Map<String, String> resources, OmsSerialization serialization) {
    }

    private static Signed readPayload(byte[] payload, String location, List<String> warnings) {
        JsonNode node = TrustJson.parse(payload, location + " payload");
        String type = TrustJson.text(node, "_type", location + " payload");
        if (!Statement.TYPE_V1.equals(type)) {
            throw new TrustFormatException(location, "statement _type is '" + type + "', expected " + Statement.TYPE_V1);
        }
        String predicateType = TrustJson.text(node, "predicateType", location + " payload");
        JsonNode subjects = node.get("subject");
        if (subjects == null || !subjects.isArray() || subjects.isEmpty()) {
            throw new TrustFormatException(location, "the statement has no subject");
        }
        if (LEGACY_PREDICATE_TYPE.equals(predicateType)) {
            warnings.add("legacy predicate " + LEGACY_PREDICATE_TYPE + " (one subject per file)");
            Map<String, String> resources = new LinkedHashMap<>();
            for (JsonNode s : subjects) {
                ResourceDescriptor rd = ResourceDescriptor.fromJson(s, location + " subject");
                if (rd.name() == null || rd.sha256() == null) {
                    throw new TrustFormatException(location, "a legacy subject needs a name and a sha256 digest");
                }
                resources.put(rd.name(), rd.sha256());
            }
            return new Signed(null, resources, OmsSerialization.files());
        }
        if (!PREDICATE_TYPE.equals(predicateType)) {
            throw new TrustFormatException(location, "predicateType is '" + predicateType + "', not an OpenSSF model signature ("
                    + PREDICATE_TYPE + ")");
        }
        if (subjects.size() != 1) {
            throw new TrustFormatException(location, "a model signature has exactly one subject, found " + subjects.size());
        }
        ResourceDescriptor subject = ResourceDescriptor.fromJson(subjects.get(0), location + " subject");
        if (subject.sha256() == null || subject.sha256().length() != 64) {
            throw new TrustFormatException(location, "the subject has no sha256 root digest");
        }
        JsonNode predicate = node.get("predicate");
        if (predicate == null || !predicate.isObject()) {
            throw new TrustFormatException(location, "the statement has no predicate");
        }
        OmsSerialization ser = serialization(predicate.get("serialization"), location);
        JsonNode list = predicate.get("resources");
        if (list == null || !list.isArray()) {
            throw new TrustFormatException(location, "the predicate has no 'resources' array");
        }
        Map<String, String> resources = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String where = location + " resources[" + i + "]";
            String name = TrustJson.text(r, "name", where);
            String digest = TrustJson.text(r, "digest", where).toLowerCase(Locale.ROOT);
            String algorithm = TrustJson.text(r, "algorithm", where);
            if (!algorithm.equals("sha256") && !algorithm.startsWith("sha256-sharded-")) {
                throw new TrustFormatException(where, "resource algorithm '" + algorithm + "' is not supported (sha256 only)");
            }
            if (!digest.matches("[0-9a-f]{64}")) {
                throw new TrustFormatException(where, "digest is not 64 hex digits");
            }
            if (resources.put(name, digest) != null) {
                throw new TrustFormatException(where, "resource '" + name + "' appears twice");
            }
        }
        return new Signed(Digest.sha256(subject.sha256()), resources, ser);
    }

    private static OmsSerialization serialization(JsonNode node, String location) {
        if (node == null || !node.isObject()) {
            throw new TrustFormatException(location, "the predicate has no 'serialization' object");
        }
        String where = location + " serialization";
        String method = TrustJson.text(node, "method", where);
        String hashType = TrustJson.text(node, "hash_type", where);
        if (!hashType.equals(OmsSerialization.HASH_TYPE)) {
            throw new TrustFormatException(where, "hash_type '" + hashType + "' is not supported (sha256 only)");
        }
        JsonNode links = node.get("allow_symlinks");
        boolean allowSymlinks = links != null && links.asBoolean(false);
        List<String> ignore = new ArrayList<>();
        JsonNode paths = node.get("ignore_paths");
        if (paths != null && paths.isArray()) {
            paths.forEach(p -> ignore.add(p.asText()));
        }
        return switch (method) {
            case "files" -> new OmsSerialization(OmsSerialization.Method.FILES, 0, allowSymlinks, ignore);
            case "shards" -> {
                JsonNode size = node.get("shard_size");
                long shard = OmsSerialization.DEFAULT_SHARD_SIZE;
                if (size != null && !size.isNull()) {
                    // A protobuf Struct carries numbers as doubles: 1000000000.0 is a valid shard size.
                    if (!size.isNumber() || size.asDouble() != Math.rint(size.asDouble()) || size.asDouble() <= 0) {
                        throw new TrustFormatException(where, "shard_size must be a positive whole number");
                    }
                    shard = (long) size.asDouble();
                }
                yield new OmsSerialization(OmsSerialization.Method.SHARDS, shard, allowSymlinks, ignore);
            }
            default -> throw new TrustFormatException(where, "serialization method '" + method + "' is not supported (files or shards)");
        };
    }

    private static void compare(Map<String, String> signed, ModelManifest local, boolean ignoreUnsigned,
                                List<String> failures, List<String> warnings) {
        Map<String, String> actual = new LinkedHashMap<>();
        for (ModelManifest.Resource r : local.resources()) {
            actual.put(r.name(), r.sha256());
        }
        // A single-file model: model_signing 1.0.0 named its one resource ".", later versions the file name.
        if (actual.size() == 1 && actual.containsKey(".") && signed.size() == 1 && !signed.containsKey(".")) {
            String only = signed.keySet().iterator().next();
            actual = Map.of(only, actual.get("."));
        }
        TreeSet<String> missing = new TreeSet<>(signed.keySet());
        missing.removeAll(actual.keySet());
        TreeSet<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(signed.keySet());
        TreeSet<String> changed = new TreeSet<>();
        for (Map.Entry<String, String> e : signed.entrySet()) {
            String now = actual.get(e.getKey());
            if (now != null && !now.equals(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        if (!changed.isEmpty()) {
            failures.add("modified since signing: " + String.join(", ", changed));
        }
        if (!missing.isEmpty()) {
            failures.add("signed but missing: " + String.join(", ", missing));
        }
        if (!extra.isEmpty()) {
            if (ignoreUnsigned) {
                warnings.add("not covered by the signature (ignored): " + String.join(", ", extra));
            } else {
                failures.add("not covered by the signature: " + String.join(", ", extra));
            }
        }
    }

    static Digest rootOf(Map<String, String> resources) {
        MessageDigest md = Sha256.newDigest();
        HexFormat hex = HexFormat.of();
        resources.values().forEach(d -> md.update(hex.parseHex(d)));
        return Digest.sha256(md.digest());
    }

    private static OmsSerialization ignoreSignatureInside(Path model, OmsSerialization ser, Path signature) {
        Path m = model.toAbsolutePath().normalize();
        Path s = signature.toAbsolutePath().normalize();
        if (s.startsWith(m) && !s.equals(m)) {
            return ser.withIgnored(List.of(m.relativize(s).toString().replace('\\', '/')));
        }
        return ser;
    }
}
