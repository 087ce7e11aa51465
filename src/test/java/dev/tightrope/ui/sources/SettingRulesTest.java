package dev.tightrope.ui.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.SourceType;
import org.junit.jupiter.api.Test;

/** What the source form tells about a setting before the connector sees it. */
class SettingRulesTest {
    private static final SourceType.Setting URL = new SourceType.Setting("url", "live: the registry", false, false);
    private static final SourceType.Setting TOKEN = new SourceType.Setting("token", "live: the environment variable", false, true);

    @Test
    void aUrlIsHttpsOrPlainHttpToThisMachine() {
        assertThat(SettingRules.problem(URL, "https://mlflow.example.com")).isNull();
        assertThat(SettingRules.problem(URL, "http://127.0.0.1:5000")).isNull();
        assertThat(SettingRules.problem(URL, "http://localhost:8080/api")).isNull();
        assertThat(SettingRules.problem(URL, "http://[::1]:8080")).isNull();
        assertThat(SettingRules.problem(URL, "http://mlflow.example.com")).startsWith("url must use https");
        assertThat(SettingRules.problem(URL, "ftp://files.example.com")).isEqualTo("url must start with https://");
        assertThat(SettingRules.problem(URL, "mlflow.example.com")).isEqualTo("url must start with https://");
        assertThat(SettingRules.problem(URL, "https://alice:pw@mlflow.example.com")).contains("must not carry a user or password");
        assertThat(SettingRules.problem(URL, "")).isNull();
    }

    @Test
    void aSecretSettingTakesAVariablesNameNeverTheSecret() {
        assertThat(SettingRules.problem(TOKEN, "HF_TOKEN")).isNull();
        assertThat(SettingRules.problem(TOKEN, "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345")).contains("looks like the secret itself");
        assertThat(SettingRules.problem(TOKEN, "ghp_0123456789abcdef0123456789abcdef0123")).contains("looks like the secret itself");
        assertThat(SettingRules.problem(TOKEN, "my token")).contains("name of an environment variable");
    }

    @Test
    void aSettingWhoseDescriptionGivesABooleanDefaultIsASwitch() {
        assertThat(SettingRules.booleanDefault(new SourceType.Setting("datasets", "live: also read datasets (default true)", false, false)))
                .contains(true);
        assertThat(SettingRules.booleanDefault(new SourceType.Setting("gone", "mark vanished assets (default false)", false, false)))
                .contains(false);
        assertThat(SettingRules.booleanDefault(new SourceType.Setting("host", "the Hub (default huggingface.co)", false, false))).isEmpty();
        assertThat(SettingRules.booleanDefault(URL)).isEmpty();
    }
}
