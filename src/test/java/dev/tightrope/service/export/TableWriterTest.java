package dev.tightrope.service.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TableWriterTest {

    static String write(TableWriter.Format format, List<List<?>> rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TableWriter w = new TableWriter(format, List.of("name", "note", "details"), out)) {
            for (List<?> r : rows) {
                w.row(r);
            }
            assertThat(w.rows()).isEqualTo(rows.size());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvQuotesWhatNeedsItAndDefusesWhatASpreadsheetWouldRun() throws Exception {
        String csv = write(TableWriter.Format.CSV, List.of(
                Arrays.asList("fraud, v3", "said \"no\"", null),
                Arrays.asList("=HYPERLINK(\"http://evil\")", "+1", new TreeMap<>(Map.of("k", "v"))),
                Arrays.asList("-2+3", "@SUM(A1)", null),
                Arrays.asList("line\nbreak", "Inês", null)));
        assertThat(csv).isEqualTo("name,note,details\r\n"
                + "\"fraud, v3\",\"said \"\"no\"\"\",\r\n"
                + "\"'=HYPERLINK(\"\"http://evil\"\")\",'+1,\"{\"\"k\"\":\"\"v\"\"}\"\r\n"
                + "'-2+3,'@SUM(A1),\r\n"
                + "\"line\nbreak\",Inês,\r\n");
    }

    @Test
    void jsonIsAnArrayOfObjectsNamedByTheColumnsWithValuesAsTheyAre() throws Exception {
        JsonNode rows = new ObjectMapper().readTree(write(TableWriter.Format.JSON, List.of(
                Arrays.asList("=1+1", null, new TreeMap<>(Map.of("file", "a.csv", "rows", "3"))))));
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).get("name").asText()).isEqualTo("=1+1");
        assertThat(rows.get(0).get("note").isNull()).isTrue();
        assertThat(rows.get(0).get("details").get("rows").asText()).isEqualTo("3");
    }

    @Test
    void aRowMustHaveAValuePerColumnAndTheFormatFollowsTheExtension() {
        assertThatThrownBy(() -> write(TableWriter.Format.CSV, List.of(List.of("only one")))).hasMessageContaining("1 values for 3 columns");
        assertThat(TableWriter.Format.byFileName("Estate.CSV")).isEqualTo(TableWriter.Format.CSV);
        assertThat(TableWriter.Format.byFileName("a.json")).isEqualTo(TableWriter.Format.JSON);
        assertThat(TableWriter.Format.byFileName("a.xlsx")).isNull();
    }
}
