package dev.tightrope.sync.vertexai;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code vertexai} source type. */
final class VertexAiConnectorFactory implements ConnectorFactory {
    private final Map<String, String> env;
    private final RetryPolicy retry;
    private final Clock clock;

    VertexAiConnectorFactory(Map<String, String> env, RetryPolicy retry, Clock clock) {
        this.env = Map.copyOf(env);
        this.retry = retry;
        this.clock = clock;
    }

    @Override
    public String type() {
        return VertexAiMapper.TYPE;
    }

    @Override
    public String description() {
        return "Google Vertex AI: models and their versions with aliases, endpoints, datasets, training pipelines and custom jobs, live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec("project", "live: the Google Cloud project id (or number)", false, false),
                new SettingSpec("location", "live: the Vertex AI region, e.g. europe-west4", false, false),
                new SettingSpec(HttpSettings.URL, "live: another endpoint than https://<location>-aiplatform.googleapis.com (Private Service Connect)", false, false),
                new SettingSpec(VertexAiConnector.KEY_FILE, "live: a service-account key file (JSON; default: GOOGLE_APPLICATION_CREDENTIALS)", false, false),
                new SettingSpec(VertexAiConnector.TOKEN, "live: the environment variable holding an access token instead (default: GOOGLE_OAUTH_ACCESS_TOKEN)", false, true),
                new SettingSpec("path", "offline: a directory of gcloud ai … list --format=json output (models, model versions, endpoints, custom jobs)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return VertexAiConnector.create(config, env, retry, clock);
    }
}
