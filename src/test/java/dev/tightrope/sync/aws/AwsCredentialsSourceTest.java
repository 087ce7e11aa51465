package dev.tightrope.sync.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.sync.ConnectorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from a given environment and home directory, laid out as the AWS CLI writes them. */
class AwsCredentialsSourceTest {

    @TempDir
    Path home;

    void write(String name, String text) throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws").resolve(name), text);
    }

    AwsCredentialsSource.Resolved resolve(Map<String, String> env, String profile) throws ConnectorException {
        return new AwsCredentialsSource(env, home).resolve(profile);
    }

    @Test
    void environmentKeysComeFirstWithSessionTokenAndRegion() throws Exception {
        write("credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n");

        AwsCredentialsSource.Resolved r = resolve(Map.of("AWS_ACCESS_KEY_ID", "ASIAENV", "AWS_SECRET_ACCESS_KEY", "env-secret",
                "AWS_SESSION_TOKEN", "env-token", "AWS_REGION", "eu-central-1", "AWS_DEFAULT_REGION", "us-west-2"), null);

        assertThat(r.credentials()).isEqualTo(new AwsCredentials("ASIAENV", "env-secret", "env-token"));
        assertThat(r.region()).contains("eu-central-1");
        assertThat(r.origin()).isEqualTo("the environment");
    }

    @Test
    void defaultRegionIsTheFallbackForAwsRegion() throws Exception {
        AwsCredentialsSource.Resolved r = resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "s",
                "AWS_DEFAULT_REGION", "us-west-2"), null);

        assertThat(r.region()).contains("us-west-2");
        assertThat(r.credentials().temporary()).isFalse();
    }

    @Test
    void halfTheKeyInTheEnvironmentIsAnErrorNotASilentFallback() throws Exception {
        write("credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = file-secret\n");

        assertThatThrownBy(() -> resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV"), null))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    }

    @Test
    void profileFromTheEnvironmentReadsBothFiles() throws Exception {
        write("credentials", """
                # keys for the ML account
                [default]
                aws_access_key_id = AKIADEFAULT
                aws_secret_access_key = default-secret

                [ml]
                aws_access_key_id=ASIAML
                aws_secret_access_key=ml/secret+with=equals
                aws_session_token = ml-token
                """);
        write("config", """
                [default]
                region = us-east-1

                [profile ml]
                region = eu-west-1
                output = json
                s3 =
                  max_concurrent_requests = 20
                """);

        AwsCredentialsSource.Resolved r = resolve(Map.of("AWS_PROFILE", "ml"), null);

        assertThat(r.credentials()).isEqualTo(new AwsCredentials("ASIAML", "ml/secret+with=equals", "ml-token"));
        assertThat(r.region()).contains("eu-west-1");
        assertThat(r.origin()).isEqualTo("profile ml in " + home.resolve(".aws/credentials"));
    }

    @Test
    void theSourcesProfileWinsOverKeysInTheEnvironment() throws Exception {
        write("credentials", "[audit]\naws_access_key_id = AKIAAUDIT\naws_secret_access_key = audit-secret\n");

        AwsCredentialsSource.Resolved r = resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "env-secret"), "audit");

        assertThat(r.credentials().accessKeyId()).isEqualTo("AKIAAUDIT");
        assertThat(r.region()).isEmpty();
    }

    @Test
    void keysMayLiveInTheConfigFileAndTheEnvironmentRegionWins() throws Exception {
        write("config", "[profile build]\nregion = ap-south-1\naws_access_key_id = AKIACONFIG\naws_secret_access_key = config-secret\n");

        AwsCredentialsSource.Resolved r = resolve(Map.of("AWS_REGION", "sa-east-1"), "build");

        assertThat(r.credentials().accessKeyId()).isEqualTo("AKIACONFIG");
        assertThat(r.region()).contains("sa-east-1");
        assertThat(r.origin()).isEqualTo("profile build in " + home.resolve(".aws/config"));
    }

    @Test
    void filesMovedByTheEnvironmentAreRead() throws Exception {
        Path elsewhere = home.resolve("keys.ini");
        Files.writeString(elsewhere, "[default]\naws_access_key_id = AKIAMOVED\naws_secret_access_key = moved\n");

        AwsCredentialsSource.Resolved r = resolve(Map.of("AWS_SHARED_CREDENTIALS_FILE", elsewhere.toString()), null);

        assertThat(r.credentials().accessKeyId()).isEqualTo("AKIAMOVED");
    }

    @Test
    void aMissingProfileNamesBothFilesAndTheProfile() throws Exception {
        write("credentials", "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default-secret\n");

        assertThatThrownBy(() -> resolve(Map.of(), "prod"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("profile prod")
                .hasMessageContaining(home.resolve(".aws/credentials") + " [prod]")
                .hasMessageContaining(home.resolve(".aws/config") + " [profile prod]")
                .hasMessageNotContaining("default-secret");
    }

    @Test
    void noFilesAtAllSaysSo() {
        assertThatThrownBy(() -> resolve(Map.of(), null))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("no AWS credentials for profile default")
                .hasMessageContaining("AWS_ACCESS_KEY_ID is not set");
    }

    @Test
    void aProfileWithHalfAKeyNamesWhatIsMissing() throws Exception {
        write("credentials", "[ml]\naws_access_key_id = AKIAML\n");

        assertThatThrownBy(() -> resolve(Map.of(), "ml"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("profile ml has aws_access_key_id but no aws_secret_access_key")
                .extracting(e -> ((ConnectorException) e).location()).isEqualTo(home.resolve(".aws/credentials").toString());
    }

    @Test
    void roleAndSsoProfilesAreRefusedWithWhatToDoInstead() throws Exception {
        write("config", "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n");

        assertThatThrownBy(() -> resolve(Map.of(), "admin"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("profile admin gets its credentials through role_arn")
                .hasMessageContaining("aws configure export-credentials --profile admin");
    }

    @Test
    void aBrokenLineIsReportedByLineWithoutItsText() throws Exception {
        write("credentials", "[default]\naws_access_key_id = AKIA\nwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n");

        assertThatThrownBy(() -> resolve(Map.of(), null))
                .isInstanceOf(ConnectorException.class)
                .hasMessageNotContaining("wJalr")
                .extracting(e -> ((ConnectorException) e).location()).isEqualTo(home.resolve(".aws/credentials") + ":3");
    }

    @Test
    void environmentKeysTakeTheRegionOfTheirProfileInConfig() throws Exception {
        write("config", "[profile ml]\nregion = eu-north-1\n");

        AwsCredentialsSource.Resolved r = resolve(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "s",
                "AWS_PROFILE", "ml"), null);

        assertThat(r.region()).isEqualTo(Optional.of("eu-north-1"));
    }
}
