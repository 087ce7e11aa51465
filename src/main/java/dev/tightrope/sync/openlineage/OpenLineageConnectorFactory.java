package dev.tightrope.sync.openlineage;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** The {@code openlineage} source type: OpenLineage events from a file or a directory of files. */
public final class OpenLineageConnectorFactory implements ConnectorFactory {

    public static final String TYPE = "openlineage";
    public static final String PATH = "path";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "OpenLineage events (spec 2-0-2: RunEvent, JobEvent, DatasetEvent) from NDJSON or JSON files";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(new SettingSpec(PATH,
                "an .ndjson, .jsonl or .json file of OpenLineage events, or a directory of such files", true, false));
    }

    @Override
    public Connector create(SourceConfig config) {
        for (String key : config.settings().keySet()) {
            if (!key.equals(PATH)) {
                throw new IllegalArgumentException("source '" + config.name() + "' of type " + TYPE
                        + " has an unknown setting '" + key + "'; it takes only '" + PATH + "'");
            }
        }
        String path = config.requireSetting(PATH);
        try {
            return new OpenLineageConnector(Path.of(path.strip()));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("source '" + config.name() + "': '" + path + "' is not a valid path: " + e.getReason());
        }
    }
}
