package dev.tightrope.domain;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An asset as a source reports it. What the cache adds (first/last seen, gone, owners) lives in
 * {@link AssetRecord}.
 *
 * @param sourceRef where this record came from inside its source: a web address or {@code file:line}
 */
public record Asset(
        Urn urn,
        String name,
        String description,
        Digest digest,
        SortedMap<String, String> properties,
        List<String> tags,
        String sourceRef) {

    public static final int MAX_NAME = 512;
    public static final int MAX_DESCRIPTION = 65_536;
    public static final int MAX_PROPERTY_VALUE = 16_384;

    public Asset {
        Objects.requireNonNull(urn, "urn");
        Objects.requireNonNull(name, "name");
        name = name.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("asset " + urn + " has a blank name");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("asset name longer than " + MAX_NAME + " characters: " + urn);
        }
        description = description == null || description.isBlank() ? null : description.strip();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION);
        }
        TreeMap<String, String> props = new TreeMap<>();
        if (properties != null) {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                String key = Objects.requireNonNull(e.getKey(), "property key").strip();
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("asset " + urn + " has a property with a blank key");
                }
                String value = e.getValue();
                if (value == null) {
                    continue;
                }
                props.put(key, value.length() > MAX_PROPERTY_VALUE ? value.substring(0, MAX_PROPERTY_VALUE) : value);
            }
        }
        properties = Collections.unmodifiableSortedMap(props);
        tags = tags == null ? List.of() : tags.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).distinct().toList();
        sourceRef = sourceRef == null || sourceRef.isBlank() ? null : sourceRef.strip();
    }

    public AssetKind kind() {
        return urn.kind();
    }

    public static Builder builder(Urn urn, String name) {
        return new Builder(urn, name);
    }

    /** Connectors build assets field by field; the record validates once at {@link #build()}. */
    public static final class Builder {
        private final Urn urn;
        private final String name;
        private String description;
        private Digest digest;
        private final TreeMap<String, String> properties = new TreeMap<>();
        private List<String> tags = List.of();
        private String sourceRef;

        private Builder(Urn urn, String name) {
            this.urn = urn;
            this.name = name;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder digest(Digest digest) {
            this.digest = digest;
            return this;
        }

        public Builder property(String key, Object value) {
            if (value != null) {
                properties.put(key, String.valueOf(value));
            }
            return this;
        }

        public Builder properties(Map<String, String> values) {
            values.forEach(this::property);
            return this;
        }

        public Builder tags(List<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder sourceRef(String sourceRef) {
            this.sourceRef = sourceRef;
            return this;
        }

        public Asset build() {
            return new Asset(urn, name, description, digest, properties, tags, sourceRef);
        }
    }
}
