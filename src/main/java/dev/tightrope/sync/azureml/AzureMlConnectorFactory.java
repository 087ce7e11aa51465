package dev.tightrope.sync.azureml;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The {@code azureml} source type. */
final class AzureMlConnectorFactory implements ConnectorFactory {
    private final Function<String, String> environment;
    private final String authority;
    private final RetryPolicy retry;
    private final Clock clock;

    AzureMlConnectorFactory(Function<String, String> environment, String authority, RetryPolicy retry, Clock clock) {
        this.environment = environment;
        this.authority = authority;
        this.retry = retry;
        this.clock = clock;
    }

    @Override
    public String type() {
        return AzureMlMapper.TYPE;
    }

    @Override
    public String description() {
        return "Azure Machine Learning: registered models and versions, data assets, jobs, online endpoints and deployments, live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec("subscription", "live: the workspace's subscription id (a GUID)", false, false),
                new SettingSpec("resource-group", "live: the workspace's resource group", false, false),
                new SettingSpec("workspace", "live: the Azure Machine Learning workspace's name", false, false),
                new SettingSpec("tenant", "live: the service principal's tenant (default: AZURE_TENANT_ID)", false, false),
                new SettingSpec("client-id", "live: the service principal's application (client) id (default: AZURE_CLIENT_ID)", false, false),
                new SettingSpec("client-secret", "live: the environment variable holding the client secret (default: AZURE_CLIENT_SECRET)", false, true),
                new SettingSpec("token", "live: the environment variable holding a bearer token for https://management.azure.com, instead of a"
                        + " service principal (default, when no service principal is set: AZURE_ACCESS_TOKEN)", false, true),
                new SettingSpec(HttpSettings.URL, "live: another Resource Manager endpoint than " + AzureMlConnector.DEFAULT_URL + " (a proxy)", false, false),
                new SettingSpec("path", "offline: a directory of saved answers (az ml model list -o json, az ml online-deployment list … -o json, …)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return AzureMlConnector.create(config, environment, authority, retry, clock);
    }
}
