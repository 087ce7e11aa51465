package dev.tightrope.sync.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.sync.openlineage.OpenLineageEvent.DatasetEvent;
import dev.tightrope.sync.openlineage.OpenLineageEvent.EventType;
import dev.tightrope.sync.openlineage.OpenLineageEvent.JobEvent;
import dev.tightrope.sync.openlineage.OpenLineageEvent.RunEvent;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Accepted;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Outcome;
import dev.tightrope.sync.openlineage.OpenLineageEventParser.Rejected;
import java.time.Instant;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenLineageEventParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = """
            {"eventType":"COMPLETE","eventTime":"2026-03-01T09:00:00.123456+01:00",
             "producer":"https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python",
             "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run":{"runId":"0194C3F0-7B1E-7C2A-9F00-3D2B1A0E5C11"},
             "job":{"namespace":"airflow://prod","name":"dag.task"},
             "inputs":[{"namespace":"s3://lake","name":"raw/a"}],
             "outputs":[{"namespace":"s3://lake","name":"cur/b","outputFacets":{}}]}
            """;

    private static Outcome parse(String json) throws Exception {
        return OpenLineageEventParser.parse(JSON.readTree(json), "events.ndjson:7");
    }

    private static String rejection(String json) throws Exception {
        Outcome outcome = parse(json);
        assertThat(outcome).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).reason();
    }

    private static String withField(String field, String value) {
        return RUN.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\{[^}]*\\}|\\[[^]]*\\])",
                Matcher.quoteReplacement("\"" + field + "\":" + value));
    }

    @Test
    void runEventWithOffsetTimeAndUpperCaseRunIdIsAcceptedAndNormalised() throws Exception {
        Outcome outcome = parse(RUN);

        assertThat(outcome).isInstanceOf(Accepted.class);
        RunEvent event = (RunEvent) ((Accepted) outcome).event();
        assertThat(event.eventType()).isEqualTo(EventType.COMPLETE);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-03-01T08:00:00.123456Z"));
        assertThat(event.runId()).isEqualTo("0194c3f0-7b1e-7c2a-9f00-3d2b1a0e5c11");
        assertThat(event.job().namespace()).isEqualTo("airflow://prod");
        assertThat(event.inputs()).extracting(OpenLineageEvent.DatasetRef::name).containsExactly("raw/a");
        assertThat(event.outputs()).extracting(OpenLineageEvent.DatasetRef::name).containsExactly("cur/b");
        assertThat(event.location()).isEqualTo("events.ndjson:7");
    }

    @Test
    void runningIsAValidEventTypeOfSpec202() throws Exception {
        assertThat(parse(withField("eventType", "\"RUNNING\""))).isInstanceOf(Accepted.class);
    }

    @Test
    void missingEventTypeIsAllowedAsTheSpecDoesNotRequireIt() throws Exception {
        Outcome outcome = parse(RUN.replace("\"eventType\":\"COMPLETE\",", ""));
        assertThat(((RunEvent) ((Accepted) outcome).event()).eventType()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "eventTime|\"2026-03-01T09:00:00\"|has no time zone offset",
        "eventTime|\"yesterday\"|is not an RFC 3339 date-time",
        "eventTime|1740819600|'eventTime' must be a date-time string, not the number 1740819600",
        "producer|\"  \"|'producer' is blank",
        "producer|42|'producer' must be a string, not the number 42",
        "eventType|\"DONE\"|'eventType' 'DONE' is not one of [START, RUNNING, COMPLETE, ABORT, FAIL, OTHER]",
        "eventType|\"complete\"|is not one of",
        "run|{\"runId\":\"run-42\"}|'run.runId' 'run-42' is not a UUID",
        "run|{\"runId\":17}|'run.runId' must be a UUID string, not the number 17",
        "run|{\"facets\":{}}|'run.runId' is missing",
        "run|{\"runId\":\"0194c3f0-7b1e-7c2a-9f00-3d2b1a0e5c11\",\"facets\":[]}|'run.facets' must be an object, not an array",
        "job|{\"namespace\":\"ns\"}|'job.name' is missing",
        "job|{\"namespace\":\"ns\",\"name\":\"a\\u0007b\"}|'job.name' contains a control character",
        "inputs|{\"namespace\":\"ns\"}|'inputs' must be an array, not an object",
    })
    void malformedRunEventsAreRejectedNamingTheField(String field, String value, String expected) throws Exception {
        assertThat(rejection(withField(field, value))).contains(expected);
    }

    @Test
    void eventWithoutEventTimeOrRunIsRejected() throws Exception {
        assertThat(rejection(RUN.replace("\"eventTime\":\"2026-03-01T09:00:00.123456+01:00\",", ""))).isEqualTo("'eventTime' is missing");
        assertThat(rejection("{\"eventTime\":\"2026-03-01T09:00:00Z\",\"producer\":\"p\"}"))
                .isEqualTo("not an OpenLineage event: it has neither 'run', 'job' nor 'dataset'");
        assertThat(rejection("[1,2]")).isEqualTo("not a JSON object but an array");
    }

    @Test
    void schemaUrlDecidesTheEventTypeWhenPresent() throws Exception {
        String claimsRunButHasNone = """
                {"eventTime":"2026-03-01T09:00:00Z","producer":"p",
                 "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "job":{"namespace":"ns","name":"j"}}""";
        assertThat(rejection(claimsRunButHasNone)).isEqualTo("a RunEvent needs 'run'");
    }

    @Test
    void badDatasetEntryIsSkippedWithAWarningAndTheEventKept() throws Exception {
        Outcome outcome = parse(RUN.replace("[{\"namespace\":\"s3://lake\",\"name\":\"raw/a\"}]",
                "[{\"namespace\":\"s3://lake\"},{\"namespace\":\"s3://lake\",\"name\":\"raw/a\",\"facets\":7}]"));

        Accepted accepted = (Accepted) outcome;
        assertThat(((RunEvent) accepted.event()).inputs()).isEmpty();
        assertThat(accepted.warnings()).containsExactly(
                "inputs[0] skipped: 'inputs[0].name' is missing",
                "inputs[1] skipped: 'inputs[1].facets' must be an object, not the number 7");
    }

    @Test
    void jobEventAndDatasetEventOfSpec202AreAccepted() throws Exception {
        Outcome job = parse("""
                {"eventTime":"2026-03-01T09:00:00Z","producer":"p",
                 "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent",
                 "job":{"namespace":"airflow://prod","name":"dag"},
                 "inputs":[{"namespace":"s3://lake","name":"raw/a"}],"outputs":[]}""");
        Outcome dataset = parse("""
                {"eventTime":"2026-03-01T09:00:00Z","producer":"p",
                 "dataset":{"namespace":"s3://lake","name":"raw/a","facets":{}}}""");

        assertThat(((Accepted) job).event()).isInstanceOf(JobEvent.class);
        assertThat(((JobEvent) ((Accepted) job).event()).inputs()).hasSize(1);
        assertThat(((Accepted) dataset).event()).isInstanceOf(DatasetEvent.class);
        assertThat(((DatasetEvent) ((Accepted) dataset).event()).dataset().name()).isEqualTo("raw/a");
    }

    @Test
    void datasetEventWithARunIsContradictory() throws Exception {
        assertThat(rejection("""
                {"eventTime":"2026-03-01T09:00:00Z","producer":"p",
                 "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
                 "dataset":{"namespace":"s3://lake","name":"a"},"run":{"runId":"0194c3f0-7b1e-7c2a-9f00-3d2b1a0e5c11"}}"""))
                .isEqualTo("a DatasetEvent must not have 'run' or 'job'");
    }

    @Test
    void eventTimeBeyondYear9999IsRejected() throws Exception {
        assertThat(rejection(withField("eventTime", "\"+12026-03-01T09:00:00Z\""))).contains("outside the years 0001 to 9999");
    }

    @Test
    void rawEventIsKeptForSpooling() throws Exception {
        JsonNode node = JSON.readTree(RUN);
        Accepted accepted = (Accepted) OpenLineageEventParser.parse(node, "x:1");
        assertThat(accepted.event().raw()).isSameAs(node);
    }
}
