package dev.tightrope.scan.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.scan.mcp.Classification.Verdict;
import dev.tightrope.scan.mcp.LaunchIdentity.PackageType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Classification by launch identity against an allowlist of server.json entries. */
class ClassifierTest {

    static final String ALLOWLIST = """
            [{"name":"io.github.org/weather","title":"Weather","version":"1.2.0",
              "packages":[{"registryType":"npm","identifier":"@org/weather-mcp","version":"1.2.0"},
                          {"registryType":"pypi","identifier":"Weather_MCP","version":"1.2.0"},
                          {"registryType":"oci","identifier":"ghcr.io/org/weather:1.2.0"},
                          {"registryType":"mcpb","identifier":"https://example.org/weather.mcpb","fileSha256":"%s"}],
              "remotes":[{"type":"streamable-http","url":"https://{tenant}.weather.example.com/mcp"}],
              "_meta":{"dev.tightrope/approval":{"approvedBy":"Ravi Kapoor","approvedAt":"2026-09-02","approvedVersions":["1.1.0"],"scope":"organisation"}}},
             {"name":"io.github.org/gone","packages":[{"registryType":"npm","identifier":"gone-mcp","version":"1.0.0"}],
              "_meta":{"io.modelcontextprotocol.registry/official":{"status":"deleted"}}}]
            """.formatted("cd".repeat(32));

    private final Classifier classifier = new Classifier(parse(ALLOWLIST));

    static Allowlist parse(String json) {
        try {
            return Allowlist.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (Allowlist.InvalidAllowlist e) {
            throw new AssertionError(e);
        }
    }

    private Classification classify(PackageType type, String id, String version, String name) {
        return classifier.classify(new LaunchIdentity(type, id, version, null), name);
    }

    @Test
    void theApprovedPackageAtAnApprovedVersionIsApprovedAndCarriesItsApproval() {
        Classification c = classify(PackageType.NPM, "@org/weather-mcp", "1.2.0", "anything");
        assertThat(c.verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(c.server().approval().approvedBy()).isEqualTo("Ravi Kapoor");
        assertThat(classify(PackageType.NPM, "@org/weather-mcp", "1.1.0", "w").verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(classify(PackageType.PYPI, "weather-mcp", "1.2.0", "w").verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(classify(PackageType.OCI, "ghcr.io/org/weather", "1.2.0", "w").verdict()).isEqualTo(Verdict.APPROVED);
    }

    @Test
    void remoteUrlsMatchTheTemplateAndLocalFilesTheirDigest() {
        assertThat(classify(PackageType.REMOTE, "https://acme.weather.example.com/mcp", null, "w").verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(classify(PackageType.REMOTE, "https://acme.evil.example.com/weather.example.com/mcp", null, "w").verdict()).isEqualTo(Verdict.UNREGISTERED);
        assertThat(classifier.classify(new LaunchIdentity(PackageType.LOCAL, "/opt/w.js", null, "cd".repeat(32)), "x").verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(classifier.classify(new LaunchIdentity(PackageType.LOCAL, "/opt/w.js", null, "ef".repeat(32)), "x").verdict()).isEqualTo(Verdict.UNREGISTERED);
    }

    @Test
    void theApprovedPackageUnpinnedLatestOrAtAnotherVersionIsApprovedUnpinned() {
        assertThat(classify(PackageType.NPM, "@org/weather-mcp", null, "w").verdict()).isEqualTo(Verdict.APPROVED_UNPINNED);
        assertThat(classify(PackageType.NPM, "@org/weather-mcp", "latest", "w").verdict()).isEqualTo(Verdict.APPROVED_UNPINNED);
        assertThat(classify(PackageType.OCI, "ghcr.io/org/weather", "2.0.0", "w").verdict()).isEqualTo(Verdict.APPROVED_UNPINNED);
    }

    @Test
    void aMatchingNameAloneIsNameOnlyNeverAnApproval() {
        Classification c = classify(PackageType.NPM, "totally-different-pkg", "1.2.0", "weather");
        assertThat(c.verdict()).isEqualTo(Verdict.NAME_ONLY);
        assertThat(classify(PackageType.NPM, "totally-different-pkg", "1.2.0", "io.github.org/weather").verdict()).isEqualTo(Verdict.NAME_ONLY);
    }

    @Test
    void anythingElseIsUnregisteredAndLookalikesAreNamed() {
        assertThat(classify(PackageType.NPM, "random-mcp", "1.0.0", "random").verdict()).isEqualTo(Verdict.UNREGISTERED);
        assertThat(classify(PackageType.NPM, "random-mcp", "1.0.0", "random").lookalikeOf()).isNull();
        assertThat(classify(PackageType.NPM, "@org/waether-mcp", "1.2.0", "x").lookalikeOf()).isEqualTo("@org/weather-mcp");
        assertThat(classify(PackageType.NPM, "@0rg/weather-mcp", "1.2.0", "x").lookalikeOf()).isEqualTo("@org/weather-mcp");
        assertThat(classify(PackageType.NPM, "@evil-corp/weather-mcp", "1.2.0", "x").lookalikeOf()).isEqualTo("@org/weather-mcp");
        assertThat(classify(PackageType.NPM, "weather-mcp", "1.2.0", "x").lookalikeOf()).isEqualTo("@org/weather-mcp");
        assertThat(classify(PackageType.PYPI, "weather-mcpp", "1.2.0", "x").lookalikeOf()).isEqualTo("Weather_MCP");
    }

    @Test
    void aServerTheRegistryDeletedApprovesNothing() {
        assertThat(classify(PackageType.NPM, "gone-mcp", "1.0.0", "gone").verdict()).isEqualTo(Verdict.UNREGISTERED);
    }

    @Test
    void theRegistryPageShapeAndItsMetaAreRead() {
        Allowlist page = parse("""
                {"servers":[{"server":{"name":"io.github.org/time","packages":[{"registryType":"pypi","identifier":"mcp-server-time","version":"1.0"}]},
                  "_meta":{"io.modelcontextprotocol.registry/official":{"status":"active"},"dev.tightrope/approval":{"approvedBy":"Sam Okafor"}}}],
                 "metadata":{"count":1}}
                """);
        assertThat(page.servers()).singleElement().satisfies(s -> assertThat(s.approval().approvedBy()).isEqualTo("Sam Okafor"));
    }

    @Test
    void anAllowlistThatIsNotServerJsonIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Allowlist.parse("{\"name\":\"a\",\"name\":\"b\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> Allowlist.parse("{\"servers\":[{\"packages\":[]}]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no \"name\"");
        assertThatThrownBy(() -> Allowlist.parse("42".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("server.json");
    }

    @Test
    void editDistanceStopsAtTheBound() {
        assertThat(EditDistance.atMost("server-github", "server-gitbuh", 2)).isTrue();
        assertThat(EditDistance.atMost("server-github", "server-gitlabs", 2)).isFalse();
        assertThat(EditDistance.atMost("abc", "abcdef", 2)).isFalse();
    }
}
