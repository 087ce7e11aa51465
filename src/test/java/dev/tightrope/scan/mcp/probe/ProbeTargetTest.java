package dev.tightrope.scan.mcp.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the user reads before agreeing to a probe: the command as started, with nothing secret in it. */
class ProbeTargetTest {
    static final String KEY = "sk-proj-" + "a1B2c3D4e5".repeat(6) + "T3BlbkFJ" + "Z9y8X7w6V5".repeat(6);

    @Test
    void theCommandIsShownAsStartedWithSecretArgumentsAndEnvironmentValuesMasked() {
        ProbeTarget t = ProbeTarget.command(List.of("npx", "-y", "@org/weather@1.2.0", "--api-key", KEY, "My Files"),
                Map.of("OPENAI_API_KEY", KEY));

        assertThat(t.commandLine()).startsWith("npx -y @org/weather@1.2.0 --api-key ").endsWith(" 'My Files'").doesNotContain(KEY);
        assertThat(t.redactedEnvironment()).containsExactly("OPENAI_API_KEY=****");
        assertThat(t.argv()).contains(KEY);
    }

    @Test
    void aUrlIsShownWithoutItsQueryOrCredentials() {
        ProbeTarget t = ProbeTarget.http("https://bob:pw@mcp.example.com/mcp?key=" + KEY);

        assertThat(t.commandLine()).isEqualTo("POST https://mcp.example.com/mcp (its query and credentials not shown)");
    }
}
