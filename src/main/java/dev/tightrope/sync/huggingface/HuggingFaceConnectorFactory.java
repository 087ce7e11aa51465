package dev.tightrope.sync.huggingface;

import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import java.util.List;

/** The {@code huggingface} source type. */
final class HuggingFaceConnectorFactory implements ConnectorFactory {
    private final RetryPolicy retry;

    HuggingFaceConnectorFactory(RetryPolicy retry) {
        this.retry = retry;
    }

    @Override
    public String type() {
        return HubMapper.TYPE;
    }

    @Override
    public String description() {
        return "models, revisions, files (by SHA-256) and datasets of a Hugging Face user or organisation, live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new java.util.ArrayList<>(List.of(
                new SettingSpec("author", "live: the user or organisation whose models and datasets to read", false, false),
                new SettingSpec("url", "live: the Hub or a Hub-compatible endpoint (default " + HuggingFaceConnector.DEFAULT_URL + ")", false, false),
                new SettingSpec("token", "live: the name of the environment variable (or credentials line) holding an access token", false, true),
                new SettingSpec("datasets", "live: also read the author's datasets (default true)", false, false),
                new SettingSpec("path", "offline: a directory of saved API answers (models' JSON; datasets' in datasets/)", false, false),
                new SettingSpec("host", "offline: the Hub the answers came from (default huggingface.co)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return HuggingFaceConnector.create(config, retry);
    }
}
