package dev.tightrope.trust.reviewers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.keys.VerificationKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reviewers an organisation trusts, in one plain file meant to be committed and reviewed (a
 * workspace keeps the organisation's copy as {@code trust/reviewers.json}; what a user trusts on
 * their own machine is a {@link LocalTrustStore}, kept apart):
 * <pre>
 * {
 *   "reviewers": [
 *     {
 *       "email": "ana@example.com",
 *       "fingerprint": "SHA256:…",
 *       "name": "ana",
 *       "publicKey": [
 *         "-----BEGIN PUBLIC KEY-----",
 *         "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…",
 *         "-----END PUBLIC KEY-----"
 *       ],
 *       "roles": [
 *         "security"
 *       ]
 *     }
 *   ],
 *   "type": "tightrope-trust-store",
 *   "version": 1
 * }
 * </pre>
 * Keys sorted, reviewers sorted by name, the PEM one line per array element, so a diff shows
 * exactly who changed. The fingerprint is checked against the key on load (a mismatch means the
 * file was edited inconsistently). Unknown fields are errors (a typo must not silently drop a
 * role). Immutable: {@link #with} and {@link #without} return new stores; {@link #save} writes
 * atomically, so a failed load or check never touches the file.
 */
public final class TrustStore {

    public static final String TYPE = "tightrope-trust-store";
    public static final int VERSION = 1;
    private static final Set<String> TOP_FIELDS = Set.of("type", "version", "reviewers");
    static final Set<String> REVIEWER_FIELDS = Set.of("name", "email", "roles", "publicKey", "fingerprint");

    private final List<Reviewer> reviewers;

    private TrustStore(List<Reviewer> reviewers) {
        List<Reviewer> sorted = new ArrayList<>(reviewers);
        sorted.sort(Comparator.comparing(Reviewer::name));
        this.reviewers = List.copyOf(sorted);
    }

    public static TrustStore empty() {
        return new TrustStore(List.of());
    }

    /** Reads a trust store; a missing file is an error (a CI gate must not run against nobody). */
    public static TrustStore load(Path file) {
        try {
            return parse(TrustJson.readFile(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new TrustFormatException(file.toString(), "no such trust store file");
        } catch (IOException e) {
            throw new TrustFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a trust store, or an empty one when the file does not exist yet (adding the first reviewer). */
    public static TrustStore loadOrEmpty(Path file) {
        return Files.exists(file) ? load(file) : empty();
    }

    public static TrustStore parse(byte[] json, String location) {
        JsonNode root = TrustJson.parse(json, location);
        if (!root.isObject()) {
            throw new TrustFormatException(location, "a trust store is a JSON object");
        }
        unknownFields(root, TOP_FIELDS, location);
        String type = TrustJson.optionalText(root, "type", location);
        if (type != null && !type.equals(TYPE)) {
            throw new TrustFormatException(location, "type is '" + type + "', expected " + TYPE);
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt()) {
            throw new TrustFormatException(location, "missing integer 'version'");
        }
        if (version.asInt() != VERSION) {
            throw new TrustFormatException(location, "trust store version " + version.asInt() + " is not supported (this build reads "
                    + VERSION + ")");
        }
        JsonNode list = root.get("reviewers");
        if (list == null || !list.isArray()) {
            throw new TrustFormatException(location, "missing array 'reviewers'");
        }
        TrustStore store = empty();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String where = location + ": reviewers[" + i + "]";
            if (!r.isObject()) {
                throw new TrustFormatException(where, "a reviewer is an object");
            }
            unknownFields(r, REVIEWER_FIELDS, where);
            Reviewer reviewer = reviewer(r, where);
            try {
                store = store.with(reviewer);
            } catch (IllegalArgumentException e) {
                throw new TrustFormatException(where + " ('" + reviewer.name() + "')", e.getMessage());
            }
        }
        return store;
    }

    /** Reads one reviewer object's name, email, roles, public key and (checked) fingerprint. */
    static Reviewer reviewer(JsonNode r, String location) {
        String name = TrustJson.text(r, "name", location);
        String where = location + " ('" + name + "')";
        JsonNode pem = r.get("publicKey");
        String pemText;
        if (pem != null && pem.isArray()) {
            StringBuilder sb = new StringBuilder();
            pem.forEach(line -> sb.append(line.asText()).append('\n'));
            pemText = sb.toString();
        } else {
            pemText = TrustJson.text(r, "publicKey", where);
        }
        VerificationKey key = VerificationKey.fromPem(pemText, where + " publicKey");
        String fingerprint = TrustJson.optionalText(r, "fingerprint", where);
        if (fingerprint != null && !fingerprint.equals(key.fingerprint())) {
            throw new TrustFormatException(where, "fingerprint " + fingerprint + " does not match the public key ("
                    + key.fingerprint() + ")");
        }
        Set<String> roles = new TreeSet<>();
        JsonNode rs = r.get("roles");
        if (rs != null && !rs.isNull()) {
            if (!rs.isArray()) {
                throw new TrustFormatException(where, "'roles' must be an array of strings");
            }
            for (JsonNode role : rs) {
                if (!role.isTextual()) {
                    throw new TrustFormatException(where, "'roles' must be an array of strings");
                }
                roles.add(role.asText());
            }
        }
        try {
            return new Reviewer(name, TrustJson.optionalText(r, "email", where), new TreeSet<>(roles), key);
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(where, e.getMessage());
        }
    }

    /** Writes one reviewer the way {@link #reviewer} reads it: the PEM one line per array element. */
    static ObjectNode write(ObjectNode o, Reviewer r) {
        o.put("name", r.name());
        if (r.email() != null) {
            o.put("email", r.email());
        }
        ArrayNode roles = o.putArray("roles");
        r.roles().forEach(roles::add);
        ArrayNode pem = o.putArray("publicKey");
        for (String line : r.key().pem().split("\n")) {
            pem.add(line);
        }
        o.put("fingerprint", r.fingerprint());
        return o;
    }

    static void unknownFields(JsonNode node, Set<String> known, String location) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new TrustFormatException(location, "unknown field '" + f + "' (expected " + new TreeSet<>(known) + ")");
            }
        }
    }

    public List<Reviewer> reviewers() {
        return reviewers;
    }

    public List<VerificationKey> keys() {
        return reviewers.stream().map(Reviewer::key).toList();
    }

    public Optional<Reviewer> byName(String name) {
        return reviewers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<Reviewer> byKey(VerificationKey key) {
        return reviewers.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /** By OMS key hint or by fingerprint. */
    public Optional<Reviewer> byKeyId(String hintOrFingerprint) {
        return reviewers.stream().filter(r -> r.key().hint().equals(hintOrFingerprint)
                || r.key().fingerprint().equals(hintOrFingerprint)).findFirst();
    }

    /** Adds a reviewer; the name and the key must both be new (one key, one reviewer). */
    public TrustStore with(Reviewer reviewer) {
        if (byName(reviewer.name()).isPresent()) {
            throw new IllegalArgumentException("a reviewer named '" + reviewer.name() + "' is already trusted");
        }
        Optional<Reviewer> sameKey = byKey(reviewer.key());
        if (sameKey.isPresent()) {
            throw new IllegalArgumentException("key " + reviewer.fingerprint() + " is already trusted as '" + sameKey.get().name() + "'");
        }
        List<Reviewer> out = new ArrayList<>(reviewers);
        out.add(reviewer);
        return new TrustStore(out);
    }

    public TrustStore without(String name) {
        if (byName(name).isEmpty()) {
            throw new IllegalArgumentException("no trusted reviewer named '" + name + "'");
        }
        return new TrustStore(reviewers.stream().filter(r -> !r.name().equals(name)).toList());
    }

    public byte[] toBytes() {
        ObjectNode root = TrustJson.object();
        root.put("type", TYPE);
        root.put("version", VERSION);
        ArrayNode list = root.putArray("reviewers");
        for (Reviewer r : reviewers) {
            write(list.addObject(), r);
        }
        return TrustJson.prettySorted(root);
    }

    /** Writes the store atomically (temporary file, then rename). */
    public void save(Path file) {
        replace(file, toBytes(), "trust store");
    }

    /** Replaces {@code file} with {@code bytes} atomically (temporary file, then rename); {@code what} names it in errors. */
    static void replace(Path file, byte[] bytes, String what) {
        try {
            AtomicFiles.replace(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads {@code file} (or starts empty), adds {@code reviewer}, saves. On any error the file is untouched. */
    public static TrustStore add(Path file, Reviewer reviewer) {
        TrustStore updated = loadOrEmpty(file).with(reviewer);
        updated.save(file);
        return updated;
    }

    /** Loads {@code file}, removes the reviewer, saves. On any error the file is untouched. */
    public static TrustStore remove(Path file, String name) {
        TrustStore updated = load(file).without(name);
        updated.save(file);
        return updated;
    }
}
