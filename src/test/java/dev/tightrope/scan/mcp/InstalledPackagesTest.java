package dev.tightrope.scan.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.scan.mcp.LaunchIdentity.PackageType;
import dev.tightrope.scan.mcp.LocalState.Installed;
import dev.tightrope.scan.mcp.LocalState.Presence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is installed, told from fixture homes laid out as npm, npx, uv, uvx and pipx lay them out on each OS. */
class InstalledPackagesTest {

    @TempDir
    Path dir;

    private static final ContainerImages NO_ENGINE = ContainerImages.notAsked("no Docker or Podman socket found");
    private final LaunchParser parser = new LaunchParser(file -> Optional.empty());

    private LaunchIdentity launch(String command, String... args) {
        return parser.identify(command, List.of(args), null);
    }

    private static void npmPackage(Path folder, String name, String version) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("package.json"), """
                {"name": "%s", "version": "%s", "bin": {"server": "dist/index.js"}, "mcpName": "io.github.org/server"}
                """.formatted(name, version));
    }

    private static void pythonEnvironment(Path sitePackages, String distInfo) throws IOException {
        Files.createDirectories(sitePackages.resolve(distInfo));
        Files.writeString(sitePackages.resolve(distInfo).resolve("METADATA"), "Metadata-Version: 2.4\nName: x\n");
    }

    @Test
    void anNpxLaunchIsFoundInTheLinuxNpxCacheWithItsVersionAndWhetherItIsTheConfiguredOne() throws IOException {
        Path home = Files.createDirectories(dir.resolve("alice"));
        npmPackage(home.resolve(".npm/_npx/0a1b2c3d4e5f6789/node_modules/@org/weather-mcp"), "@org/weather-mcp", "1.2.0");
        npmPackage(home.resolve(".npm/_npx/99ffeedd00112233/node_modules/@org/weather-mcp"), "@org/weather-mcp", "1.3.0");
        InstalledPackages installed = new InstalledPackages(home, OsLayout.LINUX, NO_ENGINE);

        Installed pinned = installed.check(launch("npx", "-y", "@org/weather-mcp@1.2.0"));
        assertThat(pinned.presence()).isEqualTo(Presence.YES);
        assertThat(pinned.versions()).containsExactly("1.2.0", "1.3.0");
        assertThat(pinned.where()).containsExactly("~/.npm/_npx/0a1b2c3d4e5f6789/node_modules/@org/weather-mcp (1.2.0)",
                "~/.npm/_npx/99ffeedd00112233/node_modules/@org/weather-mcp (1.3.0)");
        assertThat(pinned.versionMatches()).isTrue();

        assertThat(installed.check(launch("npx", "-y", "@org/weather-mcp@2.0.0")).versionMatches()).isFalse();
        assertThat(installed.check(launch("npx", "-y", "@org/weather-mcp")).versionMatches()).as("unpinned: nothing to match").isNull();
        Installed other = installed.check(launch("npx", "-y", "@evil/weather-mcp@1.2.0"));
        assertThat(other.presence()).isEqualTo(Presence.NO);
        assertThat(other.reason()).contains("@evil/weather-mcp");
    }

    @Test
    void windowsKeepsTheNpxCacheInLocalAppDataAndGlobalPackagesInRoamingNpm() throws IOException {
        Path home = Files.createDirectories(dir.resolve("bob"));
        npmPackage(home.resolve("AppData/Local/npm-cache/_npx/5e6f/node_modules/mcp-remote"), "mcp-remote", "0.1.18");
        npmPackage(home.resolve("AppData/Roaming/npm/node_modules/@modelcontextprotocol/server-filesystem"),
                "@modelcontextprotocol/server-filesystem", "2025.8.21");
        // the Linux place means nothing on a Windows home
        npmPackage(home.resolve(".npm/_npx/1234/node_modules/@org/linux-only"), "@org/linux-only", "1.0.0");
        InstalledPackages installed = new InstalledPackages(home, OsLayout.WINDOWS, NO_ENGINE);

        Installed global = installed.check(launch("npx.cmd", "-y", "@modelcontextprotocol/server-filesystem@2025.8.21"));
        assertThat(global.presence()).isEqualTo(Presence.YES);
        assertThat(global.where()).containsExactly("~/AppData/Roaming/npm/node_modules/@modelcontextprotocol/server-filesystem (2025.8.21)");
        assertThat(installed.check(new LaunchIdentity(PackageType.NPM, "mcp-remote", "0.1.18", null)).versionMatches()).isTrue();
        assertThat(installed.check(launch("npx", "@org/linux-only@1.0.0")).presence()).isEqualTo(Presence.NO);
        assertThat(new InstalledPackages(home, OsLayout.LINUX, NO_ENGINE).check(launch("npx", "@org/linux-only@1.0.0")).presence())
                .isEqualTo(Presence.YES);
    }

    @Test
    void globalNpmFoldersUnderTheHomeCountNvmAndTheNpmrcPrefixButAManifestOfAnotherNameDoesNot() throws IOException {
        Path home = Files.createDirectories(dir.resolve("carol"));
        Files.writeString(home.resolve(".npmrc"), "fund=false\nprefix=${HOME}/tools/npm\n");
        npmPackage(home.resolve("tools/npm/lib/node_modules/@org/a"), "@org/a", "1.0.0");
        npmPackage(home.resolve(".nvm/versions/node/v22.11.0/lib/node_modules/@org/b"), "@org/b", "2.0.0");
        npmPackage(home.resolve(".npm-global/lib/node_modules/@org/c"), "@org/not-c", "3.0.0");
        InstalledPackages installed = new InstalledPackages(home, OsLayout.MACOS, NO_ENGINE);

        assertThat(installed.check(launch("npx", "@org/a@1.0.0")).where()).containsExactly("~/tools/npm/lib/node_modules/@org/a (1.0.0)");
        assertThat(installed.check(launch("npx", "@org/b@2.0.0")).where()).containsExactly("~/.nvm/versions/node/v22.11.0/lib/node_modules/@org/b (2.0.0)");
        assertThat(installed.check(launch("npx", "@org/c@3.0.0")).presence()).isEqualTo(Presence.NO);
    }

    @Test
    void uvToolsPipxVenvsAndUvxCachesAreFoundOnEachLayoutByTheirDistInfo() throws IOException {
        Path linux = Files.createDirectories(dir.resolve("linux"));
        pythonEnvironment(linux.resolve(".local/share/uv/tools/mcp-server-fetch/lib/python3.12/site-packages"), "mcp_server_fetch-2025.4.7.dist-info");
        pythonEnvironment(linux.resolve(".local/share/pipx/venvs/excel-mcp-server/lib/python3.11/site-packages"), "excel_mcp_server-0.1.4.dist-info");
        pythonEnvironment(linux.resolve(".cache/uv/environments-v2/4c1d2e3f/lib/python3.13/site-packages"), "mcp_server_git-0.6.2.dist-info");
        pythonEnvironment(linux.resolve(".cache/uv/archive-v0/Zq9k3mXrT"), "mcp_server_time-0.6.2.dist-info");
        InstalledPackages l = new InstalledPackages(linux, OsLayout.LINUX, NO_ENGINE);
        Installed tool = l.check(launch("uvx", "mcp-server-fetch==2025.4.7"));
        assertThat(tool.where()).containsExactly("~/.local/share/uv/tools/mcp-server-fetch (2025.4.7)");
        assertThat(tool.versionMatches()).isTrue();
        assertThat(l.check(launch("pipx", "run", "excel_mcp_server")).where()).containsExactly("~/.local/share/pipx/venvs/excel-mcp-server (0.1.4)");
        assertThat(l.check(launch("uvx", "mcp-server-git")).where()).containsExactly("~/.cache/uv/environments-v2/4c1d2e3f (0.6.2)");
        assertThat(l.check(launch("uvx", "mcp-server-time==0.6.1")).versionMatches()).isFalse();
        assertThat(l.check(launch("uvx", "mcp-server-sqlite")).presence()).isEqualTo(Presence.NO);

        Path mac = Files.createDirectories(dir.resolve("mac"));
        pythonEnvironment(mac.resolve("Library/Application Support/pipx/venvs/mcp-server-fetch/lib/python3.12/site-packages"),
                "mcp_server_fetch-2025.4.7.dist-info");
        pythonEnvironment(mac.resolve(".local/share/uv/tools/mcp-server-git/lib/python3.12/site-packages"), "mcp_server_git-0.6.2.dist-info");
        InstalledPackages m = new InstalledPackages(mac, OsLayout.MACOS, NO_ENGINE);
        assertThat(m.check(launch("uvx", "mcp-server-fetch")).where()).containsExactly("~/Library/Application Support/pipx/venvs/mcp-server-fetch (2025.4.7)");
        assertThat(m.check(launch("uv", "tool", "run", "mcp-server-git")).presence()).isEqualTo(Presence.YES);

        Path win = Files.createDirectories(dir.resolve("win"));
        pythonEnvironment(win.resolve("AppData/Roaming/uv/data/tools/mcp-server-fetch/Lib/site-packages"), "mcp_server_fetch-2025.4.7.dist-info");
        pythonEnvironment(win.resolve("pipx/venvs/excel-mcp-server/Lib/site-packages"), "excel_mcp_server-0.1.4.dist-info");
        InstalledPackages w = new InstalledPackages(win, OsLayout.WINDOWS, NO_ENGINE);
        assertThat(w.check(launch("uvx.exe", "mcp-server-fetch")).where()).containsExactly("~/AppData/Roaming/uv/data/tools/mcp-server-fetch (2025.4.7)");
        assertThat(w.check(launch("pipx", "run", "excel-mcp-server")).versions()).containsExactly("0.1.4");
    }

    @Test
    void dnxPackagesAreInTheNugetFolderAndLocalFilesAreThereOrNot() throws IOException {
        Path home = Files.createDirectories(dir.resolve("dana"));
        Files.createDirectories(home.resolve(".nuget/packages/contoso.mcp.server/1.4.0"));
        Files.createDirectories(home.resolve("bin"));
        InstalledPackages installed = new InstalledPackages(home, OsLayout.LINUX, NO_ENGINE);
        assertThat(installed.check(launch("dnx", "Contoso.Mcp.Server@1.4.0")).versionMatches()).isTrue();

        LocalParserHome hashed = new LocalParserHome(home);
        Files.writeString(home.resolve("bin/server.js"), "console.log('mcp')\n");
        Installed present = installed.check(hashed.launch("node", home.resolve("bin/server.js").toString()));
        assertThat(present.presence()).isEqualTo(Presence.YES);
        assertThat(present.where()).singleElement().asString().startsWith("~/bin/server.js (sha256 ");
        Installed gone = installed.check(hashed.launch("node", "~/bin/gone.js"));
        assertThat(gone.presence()).isEqualTo(Presence.NO);
        assertThat(gone.reason()).isEqualTo("~/bin/gone.js does not exist");
        assertThat(installed.check(hashed.launch("my-mcp-server")).presence()).as("on the PATH: not the scan's to read").isEqualTo(Presence.UNKNOWN);
        assertThat(installed.check(launch("npx", "mcp-remote", "https://mcp.example.com/sse"))).as("remote: nothing to install").isNull();
    }

    @Test
    void aLinkLeadingOutOfTheHomeIsNotFollowed() throws IOException {
        Path home = Files.createDirectories(dir.resolve("erin"));
        Path outside = dir.resolve("elsewhere/_npx");
        npmPackage(outside.resolve("ab/node_modules/@org/x"), "@org/x", "1.0.0");
        Files.createDirectories(home.resolve(".npm"));
        Files.createSymbolicLink(home.resolve(".npm/_npx"), outside);
        assertThat(new InstalledPackages(home, OsLayout.LINUX, NO_ENGINE).check(launch("npx", "@org/x@1.0.0")).presence()).isEqualTo(Presence.NO);
        // a config may name anything: a package name that cannot be a file name is unknown, and the scan goes on
        assertThat(new InstalledPackages(home, OsLayout.LINUX, NO_ENGINE).check(launch("npx", "@org/x\u0000y@1.0.0")).presence())
                .isEqualTo(Presence.UNKNOWN);
    }

    @Test
    void imagesComeFromTheEngineAndWithoutOneTheyAreUnknownNotAbsent() {
        Path home = dir.resolve("frank");
        ContainerImages engine = () -> new ContainerImages.Listing("/run/user/1000/docker.sock", List.of(
                new ContainerImages.Image("sha256:4b0c8d2e1f3a5b7c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e",
                        List.of("mcp/github:latest", "mcp/github:1.0.3"), List.of("mcp/github@sha256:aa11bb22"))), null);
        InstalledPackages installed = new InstalledPackages(home, OsLayout.LINUX, engine);
        Installed tagged = installed.check(launch("docker", "run", "-i", "--rm", "-e", "GITHUB_TOKEN", "mcp/github:1.0.3"));
        assertThat(tagged.presence()).isEqualTo(Presence.YES);
        assertThat(tagged.versions()).containsExactly("latest", "1.0.3");
        assertThat(tagged.versionMatches()).isTrue();
        assertThat(tagged.where()).containsExactly("image sha256:4b0c8d2e1f3a (latest, 1.0.3) at /run/user/1000/docker.sock");
        assertThat(installed.check(launch("podman", "run", "docker.io/mcp/github@sha256:aa11bb22")).versionMatches()).isTrue();
        assertThat(installed.check(launch("docker", "run", "ghcr.io/org/other:1")).presence()).isEqualTo(Presence.NO);

        Installed unknown = new InstalledPackages(home, OsLayout.LINUX, NO_ENGINE).check(launch("docker", "run", "mcp/github"));
        assertThat(unknown.presence()).isEqualTo(Presence.UNKNOWN);
        assertThat(unknown.reason()).isEqualTo("no Docker or Podman socket found");
    }

    /** Local launches identified as discovery identifies them: the file's SHA-256 when it is a readable file. */
    private static final class LocalParserHome {
        private final LaunchParser parser;

        LocalParserHome(Path home) {
            this.parser = new LaunchParser(file -> {
                Path p = Path.of(file);
                try {
                    return Files.isRegularFile(p) ? Optional.of(java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))) : Optional.empty();
                } catch (IOException | java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        LaunchIdentity launch(String command, String... args) {
            return parser.identify(command, List.of(args), null);
        }
    }
}
