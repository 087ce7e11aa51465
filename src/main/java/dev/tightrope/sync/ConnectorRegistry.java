package dev.tightrope.sync;

import dev.tightrope.sync.modelfiles.ModelFilesConnector;
import dev.tightrope.sync.openlineage.OpenLineageConnectorFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The connector types this build knows. */
public final class ConnectorRegistry {
    private final Map<String, ConnectorFactory> factories = new LinkedHashMap<>();

    public ConnectorRegistry(List<ConnectorFactory> factories) {
        for (ConnectorFactory f : factories) {
            if (this.factories.putIfAbsent(f.type(), f) != null) {
                throw new IllegalArgumentException("two connectors claim the type " + f.type());
            }
        }
    }

    /** Every connector shipped with Tightrope. */
    public static ConnectorRegistry defaults() {
        return new ConnectorRegistry(List.of(new OpenLineageConnectorFactory(), ModelFilesConnector.factory(),
                dev.tightrope.sync.huggingface.HuggingFaceConnector.factory(), dev.tightrope.sync.mlflow.MlflowConnector.factory(),
                dev.tightrope.sync.artifactory.ArtifactoryConnector.factory(), dev.tightrope.sync.oci.OciConnector.factory(),
                dev.tightrope.sync.jupyter.JupyterConnector.factory(), dev.tightrope.sync.github.GitHubConnector.factory(),
                dev.tightrope.sync.gitlab.GitLabConnector.factory(), dev.tightrope.sync.sagemaker.SageMakerConnector.factory(),
                dev.tightrope.sync.vertexai.VertexAiConnector.factory(),
                dev.tightrope.sync.azureml.AzureMlConnector.factory(),
                dev.tightrope.sync.localdiscovery.LocalDiscoveryConnector.factory()));
    }

    /** This registry plus {@code more} (connectors this build does not ship, e.g. a test's synthetic source). */
    public ConnectorRegistry with(ConnectorFactory... more) {
        List<ConnectorFactory> all = new ArrayList<>(factories.values());
        all.addAll(List.of(more));
        return new ConnectorRegistry(all);
    }

    /** This registry with {@code replacement} in place of the factory of the same type (tests: a connector that does not sleep between retries). */
    public ConnectorRegistry replacing(ConnectorFactory replacement) {
        List<ConnectorFactory> all = new ArrayList<>();
        boolean found = false;
        for (ConnectorFactory f : factories.values()) {
            found |= f.type().equals(replacement.type());
            all.add(f.type().equals(replacement.type()) ? replacement : f);
        }
        if (!found) {
            throw new IllegalArgumentException("no connector of type " + replacement.type() + " to replace");
        }
        return new ConnectorRegistry(all);
    }

    public ConnectorFactory factory(String type) {
        ConnectorFactory f = factories.get(type);
        if (f == null) {
            throw new IllegalArgumentException("unknown source type '" + type + "'; this build knows: "
                    + String.join(", ", factories.keySet()));
        }
        return f;
    }

    public List<ConnectorFactory> all() {
        return Collections.unmodifiableList(new ArrayList<>(factories.values()));
    }
}
