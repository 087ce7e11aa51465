package dev.tightrope.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a user copies into their pipeline so its OpenLineage client sends events to the live
 * receiver: the client's HTTP transport with API-key auth, which the clients send as
 * {@code Authorization: Bearer <apiKey>}. The names are the OpenLineage clients' own
 * ({@code transport.url}, {@code transport.endpoint}, {@code transport.auth.type: api_key},
 * {@code transport.auth.apiKey}; {@code OPENLINEAGE_URL} / {@code OPENLINEAGE_ENDPOINT} /
 * {@code OPENLINEAGE_API_KEY} for the Python client, {@code OPENLINEAGE__TRANSPORT__…} for both).
 *
 * <p>It holds the token: show it to the user who asks for it, never log it ({@link #toString()}
 * leaves it out).
 *
 * @param url      the receiver's base URL, {@code http://127.0.0.1:<port>}
 * @param endpoint the path events are posted to, relative to {@code url}
 * @param apiKey   the token the receiver requires, or null when it runs without one
 */
public record EmitterSettings(String url, String endpoint, String apiKey) {

    public static final String ENDPOINT = "api/v1/lineage";

    public EmitterSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    public boolean requiresToken() {
        return apiKey != null;
    }

    /** An {@code openlineage.yml} for the Java and Python clients (and Spark, Flink, Airflow, dbt through them). */
    public String openLineageYml() {
        StringBuilder yml = new StringBuilder()
                .append("transport:\n")
                .append("  type: http\n")
                .append("  url: ").append(url).append('\n')
                .append("  endpoint: ").append(endpoint).append('\n');
        if (apiKey != null) {
            // Quoted: a key of digits only would otherwise be read as a number.
            yml.append("  auth:\n")
                    .append("    type: api_key\n")
                    .append("    apiKey: \"").append(apiKey).append("\"\n");
        }
        return yml.toString();
    }

    /**
     * Environment variables, in the order to show them: the Python client's short forms, then
     * the {@code OPENLINEAGE__TRANSPORT__…} forms both clients read (the Java client maps
     * {@code API_KEY} to {@code apiKey}). Either group alone is enough.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENLINEAGE_URL", url);
        env.put("OPENLINEAGE_ENDPOINT", endpoint);
        if (apiKey != null) {
            env.put("OPENLINEAGE_API_KEY", apiKey);
        }
        env.put("OPENLINEAGE__TRANSPORT__TYPE", "http");
        env.put("OPENLINEAGE__TRANSPORT__URL", url);
        env.put("OPENLINEAGE__TRANSPORT__ENDPOINT", endpoint);
        if (apiKey != null) {
            env.put("OPENLINEAGE__TRANSPORT__AUTH__TYPE", "api_key");
            env.put("OPENLINEAGE__TRANSPORT__AUTH__API_KEY", apiKey);
        }
        return java.util.Collections.unmodifiableMap(env);
    }

    @Override
    public String toString() {
        return "EmitterSettings[url=" + url + ", endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "set") + "]";
    }
}
