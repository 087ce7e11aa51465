package dev.tightrope.scan.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.Hosts;
import dev.tightrope.domain.Severity;
import dev.tightrope.scan.mcp.LaunchIdentity.PackageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static risk rules on one server entry ({@code reference/mcp.md} §3): literal secrets in
 * env, headers, arguments and URLs ({@code secret.mcp-*}), blanket trust and auto-approval,
 * {@code --dangerously-*} flags, unpinned launches, vulnerable {@code mcp-remote}, plain
 * {@code http://} off this machine, docker as root with the home mounted, and the docker MCP
 * gateway that hides its servers. Evidence names keys and shows masked values only.
 */
public final class ConfigRules {

    /** CVE-2025-6514: mcp-remote before 0.1.16 passes the server's authorization endpoint to a shell. */
    static final int[] MCP_REMOTE_FIXED = {0, 1, 16};
    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern HOME_PATH = Pattern.compile("^(~|\\$\\{?HOME\\}?|\\$\\{?USERPROFILE\\}?|%USERPROFILE%|/home/[^/:]+|/Users/[^/:]+|/root|[A-Za-z]:[\\\\/]Users[\\\\/][^\\\\/:]+)/?(:|$)");

    private ConfigRules() {
    }

    static List<ConfigRisk> check(JsonNode server, String command, List<String> args, Map<String, String> env, Map<String, String> headers,
                                  String url, LaunchIdentity identity) {
        List<ConfigRisk> out = new ArrayList<>();
        env.forEach((key, value) -> {
            if (SecretValues.isLiteralSecret(key, value)) {
                out.add(secret("secret.mcp-env", "environment variable", key, value));
            }
        });
        headers.forEach((key, value) -> {
            String credential = value.replaceFirst("(?i)^\\s*(bearer|basic|token)\\s+", "");
            if (!SecretValues.isReference(value) && SecretValues.isLiteralSecret(key, credential)) {
                out.add(secret("secret.mcp-header", "header", key, credential));
            }
        });
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            if (a.startsWith("-") && eq > 0 && SecretValues.isLiteralSecret(a.substring(0, eq), a.substring(eq + 1))) {
                out.add(secret("secret.mcp-arg", "argument", a.substring(0, eq), a.substring(eq + 1)));
            } else if (a.startsWith("-") && eq < 0 && i + 1 < args.size() && !args.get(i + 1).startsWith("-")
                    && SecretValues.isLiteralSecret(a, args.get(i + 1))) {
                out.add(secret("secret.mcp-arg", "argument", a, args.get(i + 1)));
                i++;
            } else if (SecretValues.provider(a).isPresent()) {
                out.add(secret("secret.mcp-arg", "argument", "#" + (i + 1), a));
            }
        }
        List<String> urls = new ArrayList<>();
        if (url != null) {
            urls.add(url);
        }
        args.stream().filter(a -> a.startsWith("http://") || a.startsWith("https://")).forEach(urls::add);
        for (String u : urls) {
            if (Urls.hasPassword(u)) {
                out.add(new ConfigRisk("secret.mcp-url", Severity.HIGH, "A password is written into the server's URL",
                        "user info with a password in " + Urls.withoutQueryOrCredentials(u)));
            }
            for (String[] p : Urls.queryParameters(u)) {
                if (SecretValues.isLiteralSecret(p[0], p[1])) {
                    out.add(secret("secret.mcp-url", "URL query parameter", p[0], p[1]));
                }
            }
            String host = Urls.host(u);
            if (u.startsWith("http://") && host != null && !Hosts.isLoopback(host)) {
                out.add(new ConfigRisk("mcp.plain-http", Severity.HIGH, "The server is reached over plain http:// off this machine",
                        Urls.withoutQueryOrCredentials(u)));
            }
        }
        if (server.path("trust").asBoolean(false)) {
            out.add(new ConfigRisk("mcp.trust-all", Severity.HIGH, "Every tool call of this server runs without confirmation (trust: true)",
                    "trust: true"));
        }
        for (String key : List.of("autoApprove", "alwaysAllow")) {
            JsonNode list = server.path(key);
            if (list.isArray() && list.size() > 0 || list.asBoolean(false)) {
                out.add(new ConfigRisk("mcp.auto-approve", Severity.MEDIUM, "Tools of this server run without asking (" + key + ")",
                        key + ": " + (list.isArray() ? list.size() + " tools" : list.asText())));
            }
        }
        for (String a : args) {
            if (a.toLowerCase(Locale.ROOT).startsWith("--dangerously")) {
                out.add(new ConfigRisk("mcp.dangerous-flag", Severity.HIGH, "The server is started with a --dangerously-* flag",
                        a.contains("=") ? a.substring(0, a.indexOf('=')) : a));
            }
        }
        unpinned(identity, args, out);
        mcpRemote(command, args, out);
        docker(command, args, out);
        return out;
    }

    private static ConfigRisk secret(String rule, String where, String key, String value) {
        String provider = SecretValues.provider(value).map(p -> " (" + p + " key shape)").orElse("");
        return new ConfigRisk(rule, provider.isEmpty() ? Severity.HIGH : Severity.CRITICAL,
                "A literal secret is written into the server's " + where, key + " = " + SecretValues.mask(value) + provider);
    }

    private static void unpinned(LaunchIdentity identity, List<String> args, List<ConfigRisk> out) {
        boolean packaged = identity.type() == PackageType.NPM || identity.type() == PackageType.PYPI || identity.type() == PackageType.NUGET
                || identity.type() == PackageType.OCI;
        if (!packaged || identity.identifier().startsWith("(")) {
            return;
        }
        if (identity.version() == null || identity.version().equalsIgnoreCase("latest")) {
            boolean autoYes = args.contains("-y") || args.contains("--yes");
            out.add(new ConfigRisk("mcp.unpinned-package", Severity.MEDIUM,
                    "The launcher fetches whatever version is latest at each start" + (autoYes ? ", without asking (-y)" : ""),
                    identity.type().token() + " " + identity.identifier() + (identity.version() == null ? " (no version)" : "@latest")));
        }
    }

    private static void mcpRemote(String command, List<String> args, List<ConfigRisk> out) {
        List<String> argv = new ArrayList<>();
        if (command != null) {
            argv.add(command);
        }
        argv.addAll(args);
        for (String a : argv) {
            String spec = a.replace('\\', '/');
            spec = spec.substring(spec.lastIndexOf('/') + 1);
            if (!spec.equals("mcp-remote") && !spec.startsWith("mcp-remote@")) {
                continue;
            }
            String version = spec.startsWith("mcp-remote@") ? spec.substring("mcp-remote@".length()) : null;
            Matcher m = version == null ? null : VERSION.matcher(version);
            if (m != null && m.find() && older(m, MCP_REMOTE_FIXED)) {
                out.add(new ConfigRisk("mcp.vulnerable-mcp-remote", Severity.CRITICAL,
                        "mcp-remote before 0.1.16 lets a malicious server run commands on this machine (CVE-2025-6514)",
                        "mcp-remote@" + version));
            }
            return;
        }
    }

    private static boolean older(Matcher m, int[] fixed) {
        for (int i = 0; i < 3; i++) {
            int part = Integer.parseInt(m.group(i + 1));
            if (part != fixed[i]) {
                return part < fixed[i];
            }
        }
        return false;
    }

    private static void docker(String command, List<String> args, List<ConfigRisk> out) {
        if (command == null) {
            return;
        }
        String program = LaunchParser.program(command);
        if (!program.equals("docker") && !program.equals("podman")) {
            return;
        }
        if (args.size() >= 3 && args.get(0).equals("mcp") && args.get(1).equals("gateway") && args.get(2).equals("run")) {
            out.add(new ConfigRisk("mcp.docker-gateway", Severity.MEDIUM, "The Docker MCP gateway hides which servers run behind it",
                    program + " mcp gateway run"));
            return;
        }
        if (args.isEmpty() || !args.get(0).equals("run")) {
            return;
        }
        String user = null;
        String homeMount = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            String option = a;
            if (a.contains("=") && a.startsWith("--")) {
                option = a.substring(0, a.indexOf('='));
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.size() && (a.equals("-u") || a.equals("--user") || a.equals("-v") || a.equals("--volume") || a.equals("--mount"))) {
                value = args.get(++i);
            }
            if (value == null) {
                if (!a.startsWith("-")) {
                    break;
                }
                continue;
            }
            switch (option) {
                case "-u", "--user" -> user = value;
                case "-v", "--volume" -> homeMount = HOME_PATH.matcher(value).find() ? value.split(":")[0] : homeMount;
                case "--mount" -> {
                    for (String part : value.split(",")) {
                        if ((part.startsWith("source=") || part.startsWith("src=")) && HOME_PATH.matcher(part.substring(part.indexOf('=') + 1)).find()) {
                            homeMount = part.substring(part.indexOf('=') + 1);
                        }
                    }
                }
                default -> {
                    // other options do not change who the container runs as or what it sees
                }
            }
        }
        boolean root = user == null || user.equals("0") || user.startsWith("0:") || user.equals("root") || user.startsWith("root:");
        if (root && homeMount != null) {
            out.add(new ConfigRisk("mcp.docker-root-home-mount", Severity.HIGH,
                    "The container runs as root with the home directory mounted", "mounts " + homeMount + ", user " + (user == null ? "root (no --user)" : user)));
        }
    }
}
