package dev.tightrope.sync.artifactory;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.List;

/** The {@code artifactory} source type. */
final class ArtifactoryConnectorFactory implements ConnectorFactory {
    private final RetryPolicy retry;

    ArtifactoryConnectorFactory(RetryPolicy retry) {
        this.retry = retry;
    }

    @Override
    public String type() {
        return ArtifactoryMapper.TYPE;
    }

    @Override
    public String description() {
        return "files (by SHA-256) and model folders of JFrog Artifactory ML repositories, with their MLflow and Hub links, live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec("url", "live: the Artifactory address, e.g. https://acme.jfrog.io (the /artifactory path is added when missing)", false, false),
                new SettingSpec("repositories", "the repository keys to read, separated by commas (live: required; offline: default all in the files)", false, false),
                new SettingSpec("token", "live: the name of the environment variable (or credentials line) holding an access token with Read on the repositories", false, true),
                new SettingSpec("folder-depth", "how many leading path segments make a model folder (default 2: <model>/<version>)", false, false),
                new SettingSpec("mlflow-host", "the MLflow tracking server that mlflow.run_id / mlflow.model_name properties refer to (when an item has no mlflow.tracking_uri)", false, false),
                new SettingSpec("hf-host", "the Hugging Face Hub that hf.model properties refer to (default huggingface.co; an item's hf.endpoint wins)", false, false),
                new SettingSpec("page-size", "live: AQL results per page (default " + ArtifactoryConnector.DEFAULT_PAGE_SIZE + ")", false, false),
                new SettingSpec("path", "offline: a directory of saved answers: AQL pages ({\"results\":[…],\"range\":{…}}) and storage API file infos and ?properties answers, as .json", false, false),
                new SettingSpec("host", "offline: the Artifactory the answers came from (default: the host in the storage answers' uri)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return ArtifactoryConnector.create(config, retry);
    }
}
