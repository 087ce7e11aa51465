package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.sync.aws.AwsCredentialsSource;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.sync.sagemaker.SageMakerConnector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The cloud sources in the Sources view's form: the form asks for each cloud's own settings, and
 * Test connection makes its one cheap call against the service (a local server answering in the
 * cloud's shapes) and says in words what came back.
 */
@ExtendWith(ApplicationExtension.class)
class CloudSourceFormTest {

    @TempDir
    static Path dir;

    final MockWebServer server = new MockWebServer();
    Tightrope tightrope;
    ConsoleFixture console;

    @Start
    void start(Stage stage) throws IOException {
        server.start();
        AwsCredentialsSource aws = new AwsCredentialsSource(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), dir.resolve("home"));
        ConnectorRegistry registry = ConsoleFixture.registry()
                .replacing(SageMakerConnector.factory(aws, RetryPolicy.once(), Clock.systemUTC()))
                .replacing(dev.tightrope.sync.vertexai.VertexAiConnector.factory(Map.of("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.a0-test-token"),
                        RetryPolicy.once(), Clock.systemUTC()))
                .replacing(dev.tightrope.sync.azureml.AzureMlConnector.factory(Map.of("AZURE_ACCESS_TOKEN", "eyJ0eXAiOiJKV1QifQ.test.token")::get,
                        "https://login.microsoftonline.invalid", RetryPolicy.once(), Clock.systemUTC()));
        tightrope = Tightrope.open(dir.resolve("ws-" + System.nanoTime()), registry);
        tightrope.sources().add(new dev.tightrope.domain.SourceConfig("estate", dev.tightrope.bench.SyntheticEstate.TYPE, Map.of("assets", "5")));
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() throws IOException {
        tightrope.close();
        server.close();
    }

    private static void openAddSource(FxRobot robot, String type) {
        ConsoleFixture.openAddSource(robot, type);
    }

    private static void type(FxRobot robot, String id, String text) {
        ConsoleFixture.type(robot, id, text);
    }

    private static String test(FxRobot robot) {
        Label result = robot.lookup("#source-test-result").queryAs(Label.class);
        robot.interact(() -> result.setText(""));
        robot.clickOn("#source-test");
        ConsoleFixture.waitUntil(() -> result.getText().startsWith("Failed") || result.getText().startsWith("Connected"));
        return result.getText();
    }

    static MockResponse amz(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/x-amz-json-1.1").body(body).build();
    }

    @Test
    void sageMakerAsksForTheRegionAndProfileAndTestConnectionNamesTheMissingPermission(FxRobot robot) {
        openAddSource(robot, "sagemaker");
        assertThat(robot.lookup("#setting-region").tryQuery()).isPresent();
        assertThat(robot.lookup("#setting-profile").tryQuery()).isPresent();
        type(robot, "#source-name", "aws");
        type(robot, "#setting-region", "eu-west-1");
        type(robot, "#setting-url", server.url("/").toString());

        server.enqueue(amz(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::481516234200:assumed-role/ro/x is not"
                + " authorized to perform: sagemaker:ListModelPackageGroups\"}"));
        assertThat(test(robot)).startsWith("Failed").contains("sagemaker:ListModelPackageGroups");

        server.enqueue(amz(200, "{\"ModelPackageGroupSummaryList\":[{\"ModelPackageGroupName\":\"fraud-bert\",\"ModelPackageGroupArn\":"
                + "\"arn:aws:sagemaker:eu-west-1:481516234200:model-package-group/fraud-bert\",\"CreationTime\":1767225600.0,"
                + "\"ModelPackageGroupStatus\":\"Completed\"}]}"));
        assertThat(test(robot)).startsWith("Connected").contains("the first model package group is fraud-bert");
        assertThat(tightrope.sources().find("aws")).as("testing saves nothing").isEmpty();
    }

    static MockResponse google(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=UTF-8").body(body).build();
    }

    @Test
    void vertexAiAsksForTheProjectAndLocationAndTestConnectionNamesTheMissingPermission(FxRobot robot) {
        openAddSource(robot, "vertexai");
        assertThat(robot.lookup("#setting-key-file").tryQuery()).isPresent();
        type(robot, "#source-name", "vertex");
        type(robot, "#setting-project", "kestrel-support");
        type(robot, "#setting-location", "europe-west4");
        type(robot, "#setting-url", server.url("/").toString());

        server.enqueue(google(403, "{\"error\":{\"code\":403,\"message\":\"Permission 'aiplatform.models.list' denied on resource"
                + " '//aiplatform.googleapis.com/projects/kestrel-support/locations/europe-west4'\",\"status\":\"PERMISSION_DENIED\"}}"));
        assertThat(test(robot)).startsWith("Failed").contains("aiplatform.models.list", "roles/aiplatform.viewer");

        server.enqueue(google(200, "{\"models\":[{\"name\":\"projects/4815162342/locations/europe-west4/models/7211\","
                + "\"displayName\":\"support-chat\",\"versionId\":\"1\",\"versionAliases\":[\"default\"]}]}"));
        assertThat(test(robot)).startsWith("Connected").contains("the first model is support-chat");
    }

    static final String WORKSPACE = "/subscriptions/5e1f7c2a-9b4d-4c1e-8f3a-2d6b7e9c0a11/resourceGroups/kestrel-ml-rg"
            + "/providers/Microsoft.MachineLearningServices/workspaces/kestrel-ml";

    @Test
    void azureMlAsksForTheSubscriptionGroupAndWorkspaceAndTestConnectionNamesTheRole(FxRobot robot) {
        openAddSource(robot, "azureml");
        assertThat(robot.lookup("#setting-client-secret").tryQuery()).isPresent();
        type(robot, "#source-name", "azure");
        type(robot, "#setting-subscription", "5e1f7c2a-9b4d-4c1e-8f3a-2d6b7e9c0a11");
        type(robot, "#setting-resource-group", "kestrel-ml-rg");
        type(robot, "#setting-workspace", "kestrel-ml");
        type(robot, "#setting-url", server.url("/").toString());

        server.enqueue(google(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client 'tightrope-reader' with"
                + " object id '0f0e0d0c' does not have authorization to perform action"
                + " 'Microsoft.MachineLearningServices/workspaces/models/read' over scope '" + WORKSPACE + "'.\"}}"));
        assertThat(test(robot)).startsWith("Failed").contains("Reader", "Microsoft.MachineLearningServices/workspaces/models/read");

        server.enqueue(google(200, "{\"value\":[{\"id\":\"" + WORKSPACE + "/models/credit-risk-xgb\",\"name\":\"credit-risk-xgb\","
                + "\"type\":\"Microsoft.MachineLearningServices/workspaces/models\",\"properties\":{\"latestVersion\":\"7\"}}]}"));
        assertThat(test(robot)).startsWith("Connected").contains("the first registered model is credit-risk-xgb");
    }

    @Test
    void sageMakersOwnApprovalStatusIsShownBesideButNeverAsASignedApproval(FxRobot robot) {
        tightrope.sources().add(new dev.tightrope.domain.SourceConfig("sm", "sagemaker",
                Map.of("path", Path.of("sample-data/sagemaker").toAbsolutePath().toString())));
        tightrope.sources().sync("sm", true, dev.tightrope.domain.port.SyncListener.NONE, new dev.tightrope.domain.Cancellation());
        String v3 = "tr:model_version:sagemaker:arn:aws:sagemaker:eu-west-1:481516234200:model-package/fraud-bert/3";
        robot.clickOn("#nav-inventory");
        robot.interact(() -> console.model.revealAsset(v3));
        ConsoleFixture.waitUntil(() -> robot.lookup("#detail-registry-approval").tryQuery().isPresent());
        assertThat(robot.lookup("#detail-registry-approval").queryAs(Label.class).getText())
                .startsWith("Approved · the registry's own approval status (sagemaker)").contains("not a signed approval");
    }
}
