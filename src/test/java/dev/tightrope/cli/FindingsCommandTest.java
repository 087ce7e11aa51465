package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.service.Tightrope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tightrope findings}: triage from the command line, on the demo estate. */
class FindingsCommandTest {

    @TempDir
    static Path dir;

    static final String CHARGEBACKS = "tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks";

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--workspace", dir.toString()));
        all.addAll(List.of(args));
        int code = Cli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), (ws, demo) -> {
        }, Tightrope::open);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void demo() {
        assertThat(run("demo").code()).isZero();
    }

    /** The id of the chargebacks' finding on this assertion. */
    static long chargebacksFinding(String assertion) throws Exception {
        for (JsonNode f : run("findings", "list", "--asset", CHARGEBACKS, "--status", "all", "--json").json()) {
            if (f.get("location").asText().endsWith(assertion)) {
                return f.get("id").asLong();
            }
        }
        throw new AssertionError("no finding on " + assertion);
    }

    @Test
    void acceptingForDaysShowsTheFindingAsAcceptedAndExpiringWithItsJustification() throws Exception {
        long id = chargebacksFinding("fraud_rate_within_baseline");
        Instant before = Instant.now();
        Result accept = run("findings", "accept", String.valueOf(id), "--why", "baseline recalculated in DQ-88", "--for", "5");
        assertThat(accept.code()).as(accept.err()).isZero();
        assertThat(accept.out()).startsWith("Accepted finding " + id + " until ").contains("reopens by itself");

        JsonNode accepted = null;
        for (JsonNode f : run("findings", "list", "--status", "accepted", "--json").json()) {
            if (f.get("id").asLong() == id) {
                accepted = f;
            }
        }
        assertThat(accepted).isNotNull();
        assertThat(accepted.get("status").asText()).isEqualTo("accepted");
        assertThat(accepted.get("justification").asText()).isEqualTo("baseline recalculated in DQ-88");
        assertThat(accepted.get("decision").get("state").asText()).isEqualTo("accepted");
        assertThat(accepted.get("decision").get("by").asText()).isEqualTo(System.getProperty("user.name"));
        Instant expires = Instant.parse(accepted.get("decision").get("expires").asText());
        assertThat(expires).isBetween(before.plus(Duration.ofDays(5)).minusSeconds(1), Instant.now().plus(Duration.ofDays(5)));
        assertThat(run("findings", "list", "--asset", CHARGEBACKS).out()).doesNotContain("accepted");

        Result expiring = run("findings", "expiring", "--within", "7", "--json");
        assertThat(expiring.json()).extracting(f -> f.get("id").asLong()).contains(id);
        assertThat(run("findings", "expiring", "--within", "3", "--json").json()).extracting(f -> f.get("id").asLong())
                .doesNotContain(id);
        assertThat(run("findings", "expiring").out()).contains("baseline recalculated in DQ-88", "ACCEPTED BY");

        assertThat(run("findings", "reopen", String.valueOf(id)).out()).isEqualTo("Reopened finding " + id + System.lineSeparator());
        assertThat(run("findings", "list", "--asset", CHARGEBACKS).out()).contains(id + " ").contains("open (reopened by ");
    }

    @Test
    void acceptingUntilADateEndsAtTheStartOfThatDay() throws Exception {
        long id = chargebacksFinding("no_label_change_after_resolution");
        LocalDate day = LocalDate.now().plusDays(30);
        Result accept = run("findings", "accept", String.valueOf(id), "--why", "labels frozen until the audit closes", "--until", day.toString());
        assertThat(accept.code()).as(accept.err()).isZero();
        assertThat(accept.out()).contains("until " + day.atStartOfDay(ZoneId.systemDefault()).toInstant());
        assertThat(run("findings", "reopen", String.valueOf(id)).code()).isZero();
    }

    @Test
    void badAcceptancesAreRefusedWithTheReasonAndExitTwo() throws Exception {
        long id = chargebacksFinding("fraud_reason_code_implies_fraud_label");
        Result noWhy = run("findings", "accept", String.valueOf(id), "--for", "5");
        assertThat(noWhy.code()).isEqualTo(Cli.ERROR);
        assertThat(noWhy.err()).contains("Missing required option: '--why=TEXT'");

        Result noExpiry = run("findings", "accept", String.valueOf(id), "--why", "x");
        assertThat(noExpiry.code()).isEqualTo(Cli.ERROR);
        assertThat(noExpiry.err()).contains("--until", "--for");

        Result both = run("findings", "accept", String.valueOf(id), "--why", "x", "--for", "5", "--until", "2030-01-01");
        assertThat(both.code()).isEqualTo(Cli.ERROR);
        assertThat(both.err()).contains("mutually exclusive");

        Result tooLong = run("findings", "accept", String.valueOf(id), "--why", "x", "--for", "400");
        assertThat(tooLong.code()).isEqualTo(Cli.ERROR);
        assertThat(tooLong.err()).contains("at most 365 days");

        Result past = run("findings", "accept", String.valueOf(id), "--why", "x", "--until", "2020-01-01");
        assertThat(past.code()).isEqualTo(Cli.ERROR);
        assertThat(past.err()).contains("is not in the future");

        Result notADate = run("findings", "accept", String.valueOf(id), "--why", "x", "--until", "next friday");
        assertThat(notADate.code()).isEqualTo(Cli.ERROR);
        assertThat(notADate.err()).contains("neither a date (2026-12-31) nor an instant");

        Result blank = run("findings", "accept", String.valueOf(id), "--why", "  ", "--for", "5");
        assertThat(blank.code()).isEqualTo(Cli.ERROR);
        assertThat(blank.err()).contains("needs a justification");

        Result unknown = run("findings", "accept", "999999", "--why", "x", "--for", "5");
        assertThat(unknown.code()).isEqualTo(Cli.ERROR);
        assertThat(unknown.err()).contains("no finding with id 999999");

        Result open = run("findings", "reopen", String.valueOf(id));
        assertThat(open.code()).isEqualTo(Cli.ERROR);
        assertThat(open.err()).contains("is already open");

        assertThat(run("findings", "list", "--status", "fixed").err()).contains("expected open, accepted, suppressed, resolved or all");
        assertThat(run("findings", "list", "--asset", "tr:dataset:openlineage:s3://nowhere").err()).contains("no asset");
    }

    @Test
    void resolvingTakesAFindingOutOfTheOpenOnesUntilReopened() throws Exception {
        long id = chargebacksFinding("fraud_reason_code_implies_fraud_label");
        assertThat(run("findings", "resolve", String.valueOf(id)).out()).isEqualTo("Resolved finding " + id + System.lineSeparator());
        assertThat(run("findings", "list", "--status", "resolved", "--json").json()).extracting(f -> f.get("id").asLong()).contains(id);
        assertThat(run("findings", "list", "--status", "resolved").out()).contains("resolved by " + System.getProperty("user.name"));
        assertThat(run("findings", "list", "--asset", CHARGEBACKS, "--json").json()).extracting(f -> f.get("id").asLong())
                .doesNotContain(id);
        assertThat(run("findings", "reopen", String.valueOf(id)).code()).isZero();
        assertThat(run("findings", "list", "--asset", CHARGEBACKS, "--json").json()).extracting(f -> f.get("id").asLong())
                .contains(id);
    }

    @Test
    void suppressingARuleByPatternCoversItsFindingsUntilTheSuppressionIsRemoved() throws Exception {
        Result scope = run("findings", "suppress", "format.*", "--why", "x");
        assertThat(scope.code()).isEqualTo(Cli.ERROR);
        assertThat(scope.err()).contains("--asset", "--pattern");
        Result notAUrn = run("findings", "suppress", "format.*", "--pattern", "models/*", "--why", "x");
        assertThat(notAUrn.code()).isEqualTo(Cli.ERROR);
        assertThat(notAUrn.err()).contains("neither a URN nor a URN pattern");

        long unrecognised = run("findings", "list", "--json").json().findValues("ruleId").stream()
                .filter(r -> r.asText().equals("format.unrecognised")).count();
        assertThat(unrecognised).isPositive();
        Result suppress = run("findings", "suppress", "format.unrecognised", "--pattern", "tr:model_artifact:model-files:*",
                "--why", "config and tokenizer files, not weights");
        assertThat(suppress.code()).as(suppress.err()).isZero();
        assertThat(suppress.out()).contains("format.unrecognised on tr:model_artifact:model-files:*",
                "(" + unrecognised + " open findings suppressed now");
        assertThat(run("findings", "list", "--json").json().findValues("ruleId")).noneMatch(r -> r.asText().equals("format.unrecognised"));
        assertThat(run("findings", "list", "--status", "suppressed").out()).contains("suppressed: config and tokenizer files, not weights");

        JsonNode suppressions = run("findings", "suppressions", "--json").json();
        assertThat(suppressions).hasSize(1);
        assertThat(suppressions.get(0).get("assets").asText()).isEqualTo("tr:model_artifact:model-files:*");
        assertThat(suppressions.get(0).get("by").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(suppressions.get(0).get("expires").isNull()).isTrue();
        long sid = suppressions.get(0).get("id").asLong();

        assertThat(run("findings", "unsuppress", String.valueOf(sid)).out()).isEqualTo("Removed suppression " + sid + System.lineSeparator());
        assertThat(run("findings", "list", "--json").json().findValues("ruleId").stream()
                .filter(r -> r.asText().equals("format.unrecognised")).count()).isEqualTo(unrecognised);
        Result again = run("findings", "unsuppress", String.valueOf(sid));
        assertThat(again.code()).isEqualTo(Cli.ERROR);
        assertThat(again.err()).contains("no suppression with id " + sid);
        assertThat(run("findings", "suppressions").out()).startsWith("ID  RULE");
    }

    @Test
    void theDemosAcceptanceAboutToExpireIsListedFirst() throws Exception {
        JsonNode soon = run("findings", "expiring", "--json").json();
        assertThat(soon).isNotEmpty();
        assertThat(soon.get(0).get("ruleId").asText()).isEqualTo("hf-scan-caution");
        assertThat(soon.get(0).get("acceptedBy").asText()).isEqualTo("dana.whitfield@kestrel.example");
    }
}
