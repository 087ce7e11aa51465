package dev.tightrope.sync.jupyter;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.List;

/** The {@code jupyter} source type. */
final class JupyterConnectorFactory implements ConnectorFactory {

    private final RetryPolicy retry;

    JupyterConnectorFactory(RetryPolicy retry) {
        this.retry = retry;
    }

    @Override
    public String type() {
        return JupyterConnector.TYPE;
    }

    @Override
    public String description() {
        return "notebooks of a Jupyter Server or a folder of .ipynb files, with lineage hints read (never run) from their code";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec(HttpSettings.URL, "live: the Jupyter Server's address (a JupyterHub user server: https://hub.example.com/user/NAME/)", false, false),
                new SettingSpec("token", "live: the name of the environment variable (or credentials line) holding the server's token", false, true),
                new SettingSpec("root", "live: the folder to walk, relative to the server's root (default: the whole root)", false, false),
                new SettingSpec("max-depth", "how many folders deep to walk below the root (default " + JupyterLimits.DEFAULT.maxDepth() + ")", false, false),
                new SettingSpec("max-notebooks", "how many notebooks to read at most (default " + JupyterLimits.DEFAULT.maxNotebooks() + ")", false, false),
                new SettingSpec("path", "offline: a folder of .ipynb files (sub-folders are walked; an optional export.json {\"url\": \"https://…\"} names the server they came from)", false, false),
                new SettingSpec("host", "offline: the server the folder came from, host[:port][/base/path] (default: export.json's url, else the folder's path)", false, false),
                new SettingSpec("hub-host", "the Hugging Face host that from_pretrained ids name (default " + JupyterConnector.DEFAULT_HUB + ")", false, false),
                new SettingSpec("mlflow-host", "the MLflow tracking host for notebooks that set none (mlflow.set_tracking_uri)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return JupyterConnector.create(config, retry);
    }
}
