package dev.tightrope.scan.mcp;

import dev.tightrope.scan.mcp.LaunchIdentity.PackageType;
import dev.tightrope.scan.mcp.LocalState.Presence;
import dev.tightrope.scan.mcp.LocalState.Running;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Configured, installed, running: one check per scan, looking at the machine once (the process
 * table and the container engine's images are read at the first server that needs them and then
 * reused). A home that is not this machine's (a copy, another user's, another OS's layout) has
 * its files read for what is installed, but this machine's processes and images say nothing about
 * it: there they are unknown.
 */
public final class LocalStateCheck {

    private final InstalledPackages installed;
    private final ProcessTable processes;
    private final Path home;
    private final String notLive;
    private RunningServers running;

    /**
     * @param processes the machine's process table, or null when it does not belong to this home
     * @param notLive   why the machine's processes and images are not this home's, or null when they are
     */
    public LocalStateCheck(Path home, OsLayout os, ProcessTable processes, ContainerImages images, String notLive) {
        this.home = home.toAbsolutePath().normalize();
        this.installed = new InstalledPackages(this.home, os, images);
        this.processes = processes;
        this.notLive = notLive;
    }

    /**
     * The check of {@code home}: live (the OS's process table, the local Docker or Podman socket)
     * when {@code live} says so; {@code live} null means live exactly when {@code home} is the home
     * of the user running Tightrope and {@code os} this machine's layout.
     */
    public static LocalStateCheck of(Path home, OsLayout os, Boolean live) {
        boolean isLive = live != null ? live : os == OsLayout.current() && isThisUsersHome(home);
        if (!isLive) {
            String why = live != null ? "this source does not look at this machine's processes and images"
                    : "the home is not the home of the user running Tightrope, so this machine's processes and images are not its";
            return new LocalStateCheck(home, os, null, ContainerImages.notAsked(why), why);
        }
        return new LocalStateCheck(home, os, ProcessTable.system(),
                new DockerEngineImages(DockerEngineImages.standardSockets(System.getenv(), home), DockerEngineImages.TIMEOUT,
                        DockerEngineImages.MAX_RESPONSE_BYTES), null);
    }

    public static boolean isThisUsersHome(Path home) {
        try {
            return home.toRealPath().equals(Path.of(System.getProperty("user.home")).toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The state of {@code server} as its first entry launches it. */
    public LocalState check(ClassifiedServer server) {
        String command = server.first().command();
        return check(server.first().identity(), command != null && !command.isBlank());
    }

    /**
     * The state of a server launched as {@code identity}. A remote endpoint installs nothing; one
     * reached directly (no {@code command}) runs no local process either, while one bridged by a
     * local command ({@code npx mcp-remote <url>}) does.
     */
    public LocalState check(LaunchIdentity identity, boolean startsProcess) {
        return new LocalState(installed.check(identity), startsProcess || identity.type() != PackageType.REMOTE ? running(identity) : null);
    }

    private Running running(LaunchIdentity identity) {
        if (processes == null) {
            return new Running(Presence.UNKNOWN, List.of(), notLive);
        }
        if (running == null) {
            running = new RunningServers(processes.snapshot(), home);
        }
        return running.check(identity);
    }
}
