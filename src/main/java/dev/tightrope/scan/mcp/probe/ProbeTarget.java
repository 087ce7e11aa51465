package dev.tightrope.scan.mcp.probe;

import dev.tightrope.scan.mcp.ConfigReader;
import dev.tightrope.scan.mcp.Urls;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to probe: a command started over stdio, or a Streamable HTTP endpoint.
 *
 * @param argv        the program and its arguments, exactly as started (no shell); empty for an HTTP server
 * @param environment the variables the config names, with the config's values; nothing else reaches the server but {@code PATH} and a temporary {@code HOME}
 * @param url         the endpoint of an HTTP server, or null for a stdio one
 */
public record ProbeTarget(List<String> argv, Map<String, String> environment, String url) {

    public ProbeTarget {
        argv = List.copyOf(argv);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(environment, "environment")));
        if (argv.isEmpty() == (url == null)) {
            throw new IllegalArgumentException("a probe target is either a command or a URL");
        }
    }

    public static ProbeTarget command(List<String> argv, Map<String, String> environment) {
        return new ProbeTarget(argv, environment, null);
    }

    public static ProbeTarget http(String url) {
        return new ProbeTarget(List.of(), Map.of(), url);
    }

    public boolean stdio() {
        return url == null;
    }

    /**
     * The command as it will be started, each argument quoted when it has a space or a quote, for
     * the user to read before agreeing (and for the audit log): secret-shaped arguments are masked
     * as discovery masks them, and a URL is shown without its query and credentials.
     */
    public String commandLine() {
        if (!stdio()) {
            String shown = Urls.withoutQueryOrCredentials(url);
            return "POST " + shown + (shown.equals(url.strip()) ? "" : " (its query and credentials not shown)");
        }
        StringBuilder out = new StringBuilder();
        for (String a : ConfigReader.maskArguments(argv)) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(a.isEmpty() || a.matches(".*[\\s'\"\\\\$`].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return out.toString();
    }

    /** The environment the server will see, values masked: {@code KEY=****} (an empty value shows as empty). */
    public List<String> redactedEnvironment() {
        return environment.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue().isEmpty() ? "" : "****")).toList();
    }
}
