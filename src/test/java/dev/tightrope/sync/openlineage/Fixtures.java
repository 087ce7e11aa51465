package dev.tightrope.sync.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.Problem;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Accepted;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Real-shaped OpenLineage events (Airflow, dbt, Spark, an MLflow/CI chain) kept as NDJSON test resources. */
final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** The NDJSON lines of a resource. */
    static List<String> lines(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenLineageEvent event(String json, String location) {
        try {
            Outcome outcome = OpenLineageEventParser.parse(JSON.readTree(json), location);
            assertThat(outcome).as("event at %s", location).isInstanceOf(Accepted.class);
            assertThat(((Accepted) outcome).warnings()).isEmpty();
            return ((Accepted) outcome).event();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds every event of the resources into the mapper, in order; returns the problems facets raised. */
    static List<Problem> feed(OpenLineageMapper mapper, String... resources) {
        List<Problem> problems = new ArrayList<>();
        for (String resource : resources) {
            List<String> lines = lines(resource);
            for (int i = 0; i < lines.size(); i++) {
                mapper.accept(event(lines.get(i), resource + ":" + (i + 1)), problems::add);
            }
        }
        return problems;
    }
}
