package dev.tightrope.scan.mcp;

import dev.tightrope.scan.mcp.LaunchIdentity.PackageType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A server's launch (argv, never through a shell) to its {@link LaunchIdentity}, per the table of
 * {@code reference/mcp.md} §5: npx, bunx, pnpm/yarn dlx, npm exec; uvx, uv tool run, pipx run;
 * docker/podman run; dnx; mcp-remote; remote URLs; anything else is a local file, identified by
 * the SHA-256 of the script or executable it starts.
 */
public final class LaunchParser {

    /** Options of {@code docker run} that take a value, so the value is not taken for the image. */
    private static final Set<String> DOCKER_VALUE_OPTIONS = Set.of("-e", "--env", "--env-file", "-v", "--volume", "--mount",
            "--network", "--net", "-p", "--publish", "--name", "-u", "--user", "-w", "--workdir", "--entrypoint", "-l", "--label",
            "--platform", "--pull", "--add-host", "--cap-add", "--cap-drop", "--device", "--dns", "-h", "--hostname", "--ipc",
            "--memory", "-m", "--cpus", "--restart", "--runtime", "--security-opt", "--tmpfs", "--ulimit", "--log-driver",
            "--log-opt", "--gpus", "--shm-size", "--stop-signal", "--pid", "--userns", "--cidfile", "--label-file", "--group-add");
    private static final Set<String> NPX_VALUE_OPTIONS = Set.of("-p", "--package", "--registry", "--cache", "--userconfig", "-c", "--call");
    private static final Set<String> UVX_VALUE_OPTIONS = Set.of("--from", "--with", "--python", "-p", "--index", "--index-url",
            "--extra-index-url", "--default-index", "--spec", "--pip-args", "--with-requirements", "-w");
    private static final Set<String> INTERPRETERS = Set.of("node", "nodejs", "python", "python3", "py", "deno", "bun", "ruby", "php", "perl", "sh", "bash");

    private final Function<String, Optional<String>> localDigest;

    /**
     * @param localDigest the SHA-256 of a local file named in a launch (resolved the way the
     *                    caller knows: relative to the config, within the scanned roots), or empty
     */
    public LaunchParser(Function<String, Optional<String>> localDigest) {
        this.localDigest = localDigest;
    }

    /** The identity of a server launched with {@code command args}, or reached at {@code url}. */
    public LaunchIdentity identify(String command, List<String> args, String url) {
        if (command == null || command.isBlank()) {
            return url == null ? new LaunchIdentity(PackageType.LOCAL, "(no command)", null, null) : remote(url);
        }
        String program = program(command);
        return switch (program) {
            case "npx", "bunx" -> npm(args, 0);
            case "pnpm", "yarn" -> !args.isEmpty() && args.get(0).equals("dlx") ? npm(args, 1) : local(command, args);
            case "npm" -> !args.isEmpty() && (args.get(0).equals("exec") || args.get(0).equals("x")) ? npm(args, 1) : local(command, args);
            case "uvx" -> pypi(args, 0);
            case "uv" -> args.size() > 1 && args.get(0).equals("tool") && args.get(1).equals("run") ? pypi(args, 2) : local(command, args);
            case "pipx" -> !args.isEmpty() && args.get(0).equals("run") ? pypi(args, 1) : local(command, args);
            case "docker", "podman" -> !args.isEmpty() && args.get(0).equals("run") ? oci(args) : local(command, args);
            case "dnx" -> nuget(args);
            case "mcp-remote" -> firstUrl(args).map(this::remote).orElseGet(() -> local(command, args));
            default -> local(command, args);
        };
    }

    /** The command's program name: no directory, no Windows extension, lower case. */
    static String program(String command) {
        String name = command.strip().replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        for (String ext : List.of(".exe", ".cmd", ".bat", ".ps1")) {
            if (name.endsWith(ext)) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }

    /** The package an npm launcher runs; {@code npx mcp-remote <url>} is the remote it bridges to. */
    private LaunchIdentity npm(List<String> args, int from) {
        String fromPackage = null;
        String spec = null;
        int i = from;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                i++;
                break;
            }
            if (a.startsWith("--package=")) {
                fromPackage = a.substring("--package=".length());
            } else if (NPX_VALUE_OPTIONS.contains(a) && i + 1 < args.size()) {
                if (a.equals("-p") || a.equals("--package")) {
                    fromPackage = args.get(i + 1);
                }
                i++;
            } else if (!a.startsWith("-")) {
                break;
            }
        }
        if (i < args.size()) {
            spec = args.get(i);
        }
        String pkg = fromPackage != null ? fromPackage : spec;
        if (pkg == null) {
            return new LaunchIdentity(PackageType.NPM, "(no package)", null, null);
        }
        String[] nameVersion = splitNpm(pkg);
        if (nameVersion[0].equals("mcp-remote")) {
            Optional<String> target = firstUrl(args.subList(Math.min(i + 1, args.size()), args.size()));
            if (target.isPresent()) {
                return remote(target.get());
            }
        }
        return new LaunchIdentity(PackageType.NPM, nameVersion[0], nameVersion[1], null);
    }

    /** {@code @scope/name@1.2.3} as name and version (null when none). */
    static String[] splitNpm(String spec) {
        int at = spec.lastIndexOf('@');
        if (at > 0) {
            return new String[] {spec.substring(0, at), spec.substring(at + 1)};
        }
        return new String[] {spec, null};
    }

    private LaunchIdentity pypi(List<String> args, int from) {
        String fromSpec = null;
        String spec = null;
        for (int i = from; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--from") || a.equals("--spec")) && i + 1 < args.size()) {
                fromSpec = args.get(++i);
            } else if (a.startsWith("--from=") || a.startsWith("--spec=")) {
                fromSpec = a.substring(a.indexOf('=') + 1);
            } else if (UVX_VALUE_OPTIONS.contains(a) && i + 1 < args.size()) {
                i++;
            } else if (!a.startsWith("-")) {
                spec = a;
                break;
            }
        }
        String pkg = fromSpec != null ? fromSpec : spec;
        if (pkg == null) {
            return new LaunchIdentity(PackageType.PYPI, "(no package)", null, null);
        }
        String name = pkg;
        String version = null;
        int eq = pkg.indexOf("==");
        int at = pkg.indexOf('@');
        if (eq > 0) {
            name = pkg.substring(0, eq);
            version = pkg.substring(eq + 2);
        } else if (at > 0) {
            name = pkg.substring(0, at);
            version = pkg.substring(at + 1);
        }
        int extras = name.indexOf('[');
        if (extras > 0) {
            name = name.substring(0, extras);
        }
        return new LaunchIdentity(PackageType.PYPI, normalisePypi(name), version, null);
    }

    /** PEP 503: names compare lower case with runs of {@code -_.} as one {@code -}. */
    static String normalisePypi(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private LaunchIdentity oci(List<String> args) {
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (DOCKER_VALUE_OPTIONS.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return image(a);
            }
        }
        return new LaunchIdentity(PackageType.OCI, "(no image)", null, null);
    }

    /** An image reference as repository (Docker Hub's defaults spelled out) and tag or digest. */
    static LaunchIdentity image(String ref) {
        String repo = ref;
        String version = null;
        int digest = ref.indexOf('@');
        if (digest > 0) {
            repo = ref.substring(0, digest);
            version = ref.substring(digest + 1);
        } else {
            int colon = ref.lastIndexOf(':');
            if (colon > ref.lastIndexOf('/')) {
                repo = ref.substring(0, colon);
                version = ref.substring(colon + 1);
            }
        }
        return new LaunchIdentity(PackageType.OCI, normaliseImage(repo), version, null);
    }

    /** {@code mcp/github} and {@code docker.io/mcp/github} are one repository; {@code alpine} is {@code docker.io/library/alpine}. */
    static String normaliseImage(String repo) {
        String r = repo.toLowerCase(Locale.ROOT);
        int slash = r.indexOf('/');
        boolean hasRegistry = slash > 0 && (r.substring(0, slash).contains(".") || r.substring(0, slash).contains(":")
                || r.substring(0, slash).equals("localhost"));
        if (!hasRegistry) {
            r = "docker.io/" + (slash < 0 ? "library/" : "") + r;
        }
        return r.startsWith("index.docker.io/") ? "docker.io/" + r.substring("index.docker.io/".length()) : r;
    }

    private LaunchIdentity nuget(List<String> args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                int at = a.indexOf('@');
                return at > 0 ? new LaunchIdentity(PackageType.NUGET, a.substring(0, at), a.substring(at + 1), null)
                        : new LaunchIdentity(PackageType.NUGET, a, null, null);
            }
        }
        return new LaunchIdentity(PackageType.NUGET, "(no package)", null, null);
    }

    private LaunchIdentity remote(String url) {
        return new LaunchIdentity(PackageType.REMOTE, Urls.withoutQueryOrCredentials(url), null, null);
    }

    private static Optional<String> firstUrl(List<String> args) {
        return args.stream().filter(a -> a.startsWith("http://") || a.startsWith("https://")).findFirst();
    }

    /** A local program: the script an interpreter runs (or the jar {@code java -jar} runs), else the executable itself. */
    private LaunchIdentity local(String command, List<String> args) {
        String program = program(command);
        String file = command.strip();
        if (INTERPRETERS.contains(program) || program.startsWith("python3.")) {
            file = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse(file);
        } else if (program.equals("java")) {
            int jar = args.indexOf("-jar");
            if (jar >= 0 && jar + 1 < args.size()) {
                file = args.get(jar + 1);
            }
        }
        return new LaunchIdentity(PackageType.LOCAL, file, null, localDigest.apply(file).orElse(null));
    }
}
