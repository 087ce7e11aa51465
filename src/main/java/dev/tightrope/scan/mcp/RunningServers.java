package dev.tightrope.scan.mcp;

import dev.tightrope.scan.mcp.LaunchIdentity.PackageType;
import dev.tightrope.scan.mcp.LocalState.Presence;
import dev.tightrope.scan.mcp.LocalState.Running;
import dev.tightrope.scan.mcp.LocalState.RunningProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which processes run a launch identity now, matched by what they run, never by the server's name:
 * a launcher anywhere in a command line ({@code npx … @org/pkg@1.2.0}, {@code npm exec},
 * {@code uvx pkg} and the {@code uv tool uvx pkg} it becomes, {@code docker run … image},
 * {@code mcp-remote <url>}) read by {@link LaunchParser}; a file run from the package's folder
 * ({@code node …/node_modules/@org/pkg/dist/index.js}, {@code …/uv/tools/pkg/…}, {@code …/pipx/venvs/pkg/…});
 * or the local executable's path. A pinned launch matches a process of the same version or of
 * none it can tell; another version is another server.
 */
public final class RunningServers {

    private static final Set<String> LAUNCHERS = Set.of("npx", "bunx", "pnpm", "yarn", "npm", "uvx", "uv", "pipx", "docker", "podman",
            "dnx", "mcp-remote");

    private final ProcessTable.Snapshot table;
    private final Path home;
    private final LaunchParser parser = new LaunchParser(file -> Optional.empty());

    /** @param home where {@code ~/} in a configured local path points */
    public RunningServers(ProcessTable.Snapshot table, Path home) {
        this.table = table;
        this.home = home;
    }

    public Running check(LaunchIdentity identity) {
        List<RunningProcess> found = new ArrayList<>();
        for (ProcessTable.Process p : table.processes()) {
            if (runs(p.argv(), identity)) {
                found.add(new RunningProcess(p.pid(), p.user(), p.start()));
            }
        }
        if (!found.isEmpty()) {
            return new Running(Presence.YES, found, null);
        }
        if (table.hidden() > 0) {
            return new Running(Presence.UNKNOWN, List.of(), table.hidden() + (table.hidden() == 1 ? " process hides its" : " processes hide their")
                    + " command line from this user");
        }
        return new Running(Presence.NO, List.of(), "no process runs " + identity.key());
    }

    boolean runs(List<String> argv, LaunchIdentity identity) {
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            String program = LaunchParser.program(arg);
            if (program.equals("npx-cli.js")) {
                program = "npx";
            }
            List<String> rest = argv.subList(i + 1, argv.size());
            if (program.equals("uv") && rest.size() > 1 && rest.get(0).equals("tool") && rest.get(1).equals("uvx")) {
                program = "uvx";
                rest = rest.subList(2, rest.size());
            }
            if (LAUNCHERS.contains(program) && same(parser.identify(program, rest, null), identity)) {
                return true;
            }
            if (fromPackageFolder(arg, identity) || localFile(arg, i == 0, identity)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(LaunchIdentity running, LaunchIdentity configured) {
        if (running.type() != configured.type() || !normalised(running).equals(normalised(configured))) {
            return false;
        }
        return !configured.pinned() || running.version() == null || running.version().equals(configured.version());
    }

    private static String normalised(LaunchIdentity id) {
        return switch (id.type()) {
            case PYPI -> LaunchParser.normalisePypi(id.identifier());
            case NUGET -> id.identifier().toLowerCase(Locale.ROOT);
            default -> id.identifier();
        };
    }

    /** A file inside the package's own folder: node_modules for npm, a uv tool or pipx environment for PyPI. */
    private static boolean fromPackageFolder(String arg, LaunchIdentity identity) {
        String path = arg.replace('\\', '/');
        if (identity.type() == PackageType.NPM) {
            return path.contains("/node_modules/" + identity.identifier() + "/");
        }
        if (identity.type() == PackageType.PYPI) {
            for (String marker : List.of("/uv/tools/", "/uv/data/tools/", "/pipx/venvs/")) {
                int at = path.indexOf(marker);
                if (at >= 0) {
                    String rest = path.substring(at + marker.length());
                    int slash = rest.indexOf('/');
                    String env = slash < 0 ? rest : rest.substring(0, slash);
                    if (LaunchParser.normalisePypi(env).equals(identity.identifier())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The configured local script or executable: as configured, with {@code ~/} made the home, or,
     * for a bare program name found on the PATH, the program the process executes.
     */
    private boolean localFile(String arg, boolean program, LaunchIdentity identity) {
        if (identity.type() != PackageType.LOCAL || arg.isEmpty()) {
            return false;
        }
        String configured = identity.identifier().strip();
        if (arg.equals(configured)) {
            return true;
        }
        if (program && !configured.contains("/") && !configured.contains("\\")) {
            return LaunchParser.program(arg).equals(LaunchParser.program(configured));
        }
        if (configured.startsWith("~/") || configured.startsWith("~\\")) {
            try {
                return Path.of(arg).normalize().equals(home.resolve(configured.substring(2)).normalize());
            } catch (java.nio.file.InvalidPathException e) {
                return false;
            }
        }
        return false;
    }
}
