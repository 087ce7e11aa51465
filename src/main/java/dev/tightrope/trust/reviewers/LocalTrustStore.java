package dev.tightrope.trust.reviewers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a user trusted on their own machine, kept apart from the organisation's reviewed
 * {@link TrustStore}: reviewers added locally, and local role changes to reviewed reviewers.
 * Each entry records who made it, when, and whether it was self-trust (a reviewer trusting their
 * own key or raising their own roles):
 * <pre>
 * {
 *   "reviewers": [
 *     {
 *       "addedAt": "2026-11-26T08:00:00Z",
 *       "addedBy": "ana",
 *       "fingerprint": "SHA256:…",
 *       "name": "ana",
 *       "publicKey": ["-----BEGIN PUBLIC KEY-----", "…", "-----END PUBLIC KEY-----"],
 *       "roles": ["security"],
 *       "selfTrust": "its private key is in this workspace (key 'ana')"
 *     }
 *   ],
 *   "type": "tightrope-local-trust-store",
 *   "version": 1
 * }
 * </pre>
 * An entry with the name and key of a reviewed reviewer is a local change of that reviewer's
 * roles; any other entry is a local addition. How they count is {@link LayeredTrustStore}'s
 * business. Unknown fields are errors; {@link #save} writes atomically.
 */
public final class LocalTrustStore {

    public static final String TYPE = "tightrope-local-trust-store";
    public static final int VERSION = 1;
    private static final Set<String> TOP_FIELDS = Set.of("type", "version", "reviewers");
    private static final Set<String> ENTRY_FIELDS;

    static {
        Set<String> fields = new HashSet<>(TrustStore.REVIEWER_FIELDS);
        fields.addAll(Set.of("addedBy", "addedAt", "selfTrust"));
        ENTRY_FIELDS = Set.copyOf(fields);
    }

    /**
     * One local entry.
     *
     * @param reviewer  the reviewer as trusted locally (for a reviewed reviewer: its local roles)
     * @param addedBy   who made the entry (the user running Tightrope)
     * @param addedAt   when
     * @param selfTrust why it is self-trust, or null when it is not
     */
    public record Entry(Reviewer reviewer, String addedBy, Instant addedAt, String selfTrust) {
        public Entry {
            Objects.requireNonNull(reviewer, "reviewer");
            Objects.requireNonNull(addedBy, "addedBy");
            Objects.requireNonNull(addedAt, "addedAt");
            if (selfTrust != null && selfTrust.isBlank()) {
                selfTrust = null;
            }
        }

        public String name() {
            return reviewer.name();
        }
    }

    private final List<Entry> entries;

    private LocalTrustStore(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::name));
        this.entries = List.copyOf(sorted);
    }

    public static LocalTrustStore empty() {
        return new LocalTrustStore(List.of());
    }

    /** Reads a local trust store; a missing file is an error. */
    public static LocalTrustStore load(Path file) {
        try {
            return parse(TrustJson.readFile(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new TrustFormatException(file.toString(), "no such local trust store file");
        } catch (IOException e) {
            throw new TrustFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a local trust store, or an empty one while nothing was trusted locally. */
    public static LocalTrustStore loadOrEmpty(Path file) {
        return Files.exists(file) ? load(file) : empty();
    }

    public static LocalTrustStore parse(byte[] json, String location) {
        JsonNode root = TrustJson.parse(json, location);
        if (!root.isObject()) {
            throw new TrustFormatException(location, "a local trust store is a JSON object");
        }
        TrustStore.unknownFields(root, TOP_FIELDS, location);
        String type = TrustJson.optionalText(root, "type", location);
        if (!TYPE.equals(type)) {
            throw new TrustFormatException(location, "type is '" + type + "', expected " + TYPE);
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.asInt() != VERSION) {
            throw new TrustFormatException(location, "local trust store version " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        JsonNode list = root.get("reviewers");
        if (list == null || !list.isArray()) {
            throw new TrustFormatException(location, "missing array 'reviewers'");
        }
        LocalTrustStore store = empty();
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String where = location + ": reviewers[" + i + "]";
            if (!r.isObject()) {
                throw new TrustFormatException(where, "a reviewer is an object");
            }
            TrustStore.unknownFields(r, ENTRY_FIELDS, where);
            Reviewer reviewer = TrustStore.reviewer(r, where);
            where = where + " ('" + reviewer.name() + "')";
            String addedBy = TrustJson.text(r, "addedBy", where);
            Instant addedAt;
            try {
                addedAt = Instant.parse(TrustJson.text(r, "addedAt", where));
            } catch (DateTimeParseException e) {
                throw new TrustFormatException(where, "'addedAt' is not a UTC time like 2026-11-26T08:00:00Z");
            }
            try {
                store = store.with(new Entry(reviewer, addedBy, addedAt, TrustJson.optionalText(r, "selfTrust", where)));
            } catch (IllegalArgumentException e) {
                throw new TrustFormatException(where, e.getMessage());
            }
        }
        return store;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> byName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Adds an entry; its name and key must both be new here. */
    public LocalTrustStore with(Entry entry) {
        if (byName(entry.name()).isPresent()) {
            throw new IllegalArgumentException("a reviewer named '" + entry.name() + "' is already trusted locally");
        }
        Optional<Entry> sameKey = entries.stream().filter(e -> e.reviewer().key().equals(entry.reviewer().key())).findFirst();
        if (sameKey.isPresent()) {
            throw new IllegalArgumentException("key " + entry.reviewer().fingerprint() + " is already trusted locally as '"
                    + sameKey.get().name() + "'");
        }
        List<Entry> out = new ArrayList<>(entries);
        out.add(entry);
        return new LocalTrustStore(out);
    }

    /** Replaces the entry of the same name (or adds it). */
    public LocalTrustStore withReplaced(Entry entry) {
        return (byName(entry.name()).isPresent() ? without(entry.name()) : this).with(entry);
    }

    public LocalTrustStore without(String name) {
        if (byName(name).isEmpty()) {
            throw new IllegalArgumentException("no local trust-store entry named '" + name + "'");
        }
        return new LocalTrustStore(entries.stream().filter(e -> !e.name().equals(name)).toList());
    }

    public byte[] toBytes() {
        ObjectNode root = TrustJson.object();
        root.put("type", TYPE);
        root.put("version", VERSION);
        ArrayNode list = root.putArray("reviewers");
        for (Entry e : entries) {
            ObjectNode o = TrustStore.write(list.addObject(), e.reviewer());
            o.put("addedBy", e.addedBy());
            o.put("addedAt", e.addedAt().toString());
            if (e.selfTrust() != null) {
                o.put("selfTrust", e.selfTrust());
            }
        }
        return TrustJson.prettySorted(root);
    }

    /** Writes the store atomically (temporary file, then rename). */
    public void save(Path file) {
        TrustStore.replace(file, toBytes(), "local trust store");
    }
}
