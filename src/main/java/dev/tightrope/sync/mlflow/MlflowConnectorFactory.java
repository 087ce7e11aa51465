package dev.tightrope.sync.mlflow;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.List;

/** The {@code mlflow} source type. */
final class MlflowConnectorFactory implements ConnectorFactory {
    private final RetryPolicy retry;

    MlflowConnectorFactory(RetryPolicy retry) {
        this.retry = retry;
    }

    @Override
    public String type() {
        return MlflowMapper.TYPE;
    }

    @Override
    public String description() {
        return "an MLflow model registry: models, versions with aliases, their training runs and datasets, live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec(HttpSettings.URL, "live: the tracking server, e.g. https://mlflow.example.com or a Databricks workspace URL", false, false),
                new SettingSpec("token", "live: the name of the environment variable (or credentials line) holding a token (Bearer; a Databricks personal access token)", false, true),
                new SettingSpec("filter", "live: only the registered models this MLflow filter selects, e.g. name LIKE 'fraud%'", false, false),
                new SettingSpec("experiments", "live: experiment ids (comma-separated) whose runs are all read, failed ones too", false, false),
                new SettingSpec("path", "offline: a directory of saved answers: registered-models/, model-versions/, runs/, logged-models/ (*.json) and export.json", false, false),
                new SettingSpec("host", "offline: the tracking server's host the answers came from (default: export.json's tracking_uri)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return MlflowConnector.create(config, retry);
    }
}
