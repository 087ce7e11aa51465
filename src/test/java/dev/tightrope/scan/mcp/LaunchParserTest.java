package dev.tightrope.scan.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Launches to identities, per the reference table: never through a shell, never by the server's name. */
class LaunchParserTest {

    private final LaunchParser parser = new LaunchParser(file -> file.endsWith("server.js") ? Optional.of("ab".repeat(32)) : Optional.empty());

    private String key(String command, String... args) {
        return parser.identify(command, List.of(args), null).key();
    }

    @Test
    void npmLaunchersNameThePackageAndItsVersion() {
        assertThat(key("npx", "-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/tmp")).isEqualTo("npm:@modelcontextprotocol/server-filesystem@2025.8.21");
        assertThat(key("npx", "-y", "@modelcontextprotocol/server-github")).isEqualTo("npm:@modelcontextprotocol/server-github");
        assertThat(key("bunx", "weather-mcp@1.0.0")).isEqualTo("npm:weather-mcp@1.0.0");
        assertThat(key("pnpm", "dlx", "weather-mcp@2")).isEqualTo("npm:weather-mcp@2");
        assertThat(key("npm", "exec", "--package", "@org/tool@3.1.0", "--", "tool-bin")).isEqualTo("npm:@org/tool@3.1.0");
        assertThat(key("C:\\Program Files\\nodejs\\npx.cmd", "-y", "pkg@latest")).isEqualTo("npm:pkg@latest");
    }

    @Test
    void pythonLaunchersNameTheNormalisedDistribution() {
        assertThat(key("uvx", "mcp-server-fetch==2025.4.7")).isEqualTo("pypi:mcp-server-fetch==2025.4.7");
        assertThat(key("uvx", "--from", "Excel_MCP.Server[extra]@0.1.0", "excel-mcp")).isEqualTo("pypi:excel-mcp-server==0.1.0");
        assertThat(key("uv", "tool", "run", "mcp-server-git")).isEqualTo("pypi:mcp-server-git");
        assertThat(key("pipx", "run", "--spec", "mcp-server-time==1.0", "mcp-server-time")).isEqualTo("pypi:mcp-server-time==1.0");
    }

    @Test
    void containerLaunchesNameTheImageAndSkipOptionValues() {
        assertThat(key("docker", "run", "-i", "--rm", "-e", "GITHUB_TOKEN", "-v", "/data:/data", "ghcr.io/github/github-mcp-server:0.9.0"))
                .isEqualTo("oci:ghcr.io/github/github-mcp-server:0.9.0");
        assertThat(key("podman", "run", "mcp/fetch")).isEqualTo("oci:docker.io/mcp/fetch");
        assertThat(key("docker", "run", "alpine@sha256:" + "0".repeat(64))).isEqualTo("oci:docker.io/library/alpine@sha256:" + "0".repeat(64));
    }

    @Test
    void nugetRemotesAndLocalFiles() {
        assertThat(key("dnx", "Contoso.Mcp@1.2.3", "--yes")).isEqualTo("nuget:Contoso.Mcp@1.2.3");
        assertThat(key("npx", "-y", "mcp-remote@0.1.15", "https://user:pw@mcp.example.com/sse?key=abc")).isEqualTo("remote:https://mcp.example.com/sse");
        assertThat(key("mcp-remote", "https://mcp.example.com/mcp")).isEqualTo("remote:https://mcp.example.com/mcp");
        assertThat(parser.identify(null, List.of(), "https://api.example.com/mcp?token=x").key()).isEqualTo("remote:https://api.example.com/mcp");
        assertThat(key("node", "--inspect", "/opt/tools/server.js")).isEqualTo("local:sha256:" + "ab".repeat(32));
        assertThat(key("/usr/local/bin/my-mcp", "--stdio")).isEqualTo("local:/usr/local/bin/my-mcp");
        assertThat(key("java", "-jar", "tools/server.jar")).isEqualTo("local:tools/server.jar");
    }
}
