package dev.tightrope.sync.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.sync.ConnectorFactory.SettingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageConnectorFactoryTest {

    private final OpenLineageConnectorFactory factory = new OpenLineageConnectorFactory();

    @Test
    void describesTheOpenlineageTypeWithOneRequiredPathSetting() {
        assertThat(factory.type()).isEqualTo("openlineage");
        assertThat(factory.description()).contains("OpenLineage").contains("2-0-2");
        assertThat(factory.settings()).extracting(SettingSpec::key, SettingSpec::required, SettingSpec::secret)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("path", true, false));
    }

    @Test
    void createdConnectorReadsTheConfiguredPath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("e.ndjson"), OpenLineageMapperTest.datasetEvent("2026-03-01T10:00:00Z", "{}") + "\n");
        CollectingSink sink = new CollectingSink();

        var result = factory.create(new SourceConfig("lineage", "openlineage", Map.of("path", dir.toString())))
                .sync(TestSyncContext.first(), sink);

        assertThat(result.mode()).isEqualTo(SyncMode.FULL);
        assertThat(sink.has("tr:dataset:openlineage:s3://l/t")).isTrue();
    }

    @Test
    void missingPathIsRefusedWithTheSourceName() {
        assertThatThrownBy(() -> factory.create(new SourceConfig("lineage", "openlineage", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 'lineage' needs the setting 'path'");
    }

    @Test
    void unknownSettingIsRefusedSoATypoIsNotSilentlyIgnored() {
        assertThatThrownBy(() -> factory.create(new SourceConfig("lineage", "openlineage", Map.of("path", "/x", "paht", "/y"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting 'paht'");
    }

    @Test
    void invalidPathIsRefused() {
        assertThatThrownBy(() -> factory.create(new SourceConfig("lineage", "openlineage", Map.of("path", "bad\u0000path"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("source 'lineage': 'bad\u0000path' is not a valid path");
    }
}
