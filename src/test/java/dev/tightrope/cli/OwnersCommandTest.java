package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tightrope owners}: rules check and apply, bulk assignment by filter, inheritance, coverage. */
class OwnersCommandTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Cli.run(all, new PrintWriter(out), new PrintWriter(err), (ws, demo) -> { },
                ws -> Tightrope.open(ws, ConnectorRegistry.defaults().with(SyntheticEstate.factory())));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void rulesCheckFailsWithFileAndLineThenApplyAndCoverageReportTheClaims() throws Exception {
        assertThat(run("sources", "add", "--type", "synthetic", "--name", "estate", "--set", "assets=200").code()).isZero();
        assertThat(run("sync").code()).isZero();
        Files.writeString(dir.resolve("owners.rules"), "tr:model:* team:models\nsource estate\n");

        Result check = run("owners", "rules", "check");
        assertThat(check.code()).isEqualTo(Cli.FAILED);
        assertThat(check.err()).contains("owners.rules:2: 'source' is not a pattern");
        assertThat(run("owners", "rules", "apply").err()).contains("Nothing was applied");

        Files.writeString(dir.resolve("owners.rules"), "tr:model:* team:models\n");
        assertThat(run("owners", "rules", "check").out()).contains("1 rule, no errors");
        Result apply = run("owners", "rules", "apply");
        assertThat(apply.code()).isZero();
        assertThat(apply.out()).startsWith("Rules matched ");

        JsonNode cov = new ObjectMapper().readTree(run("owners", "coverage", "--json").out());
        assertThat(cov.get("total").asLong()).isEqualTo(200);
        JsonNode models = null;
        for (JsonNode o : cov.get("owners")) {
            if (o.get("owner").asText().equals("models")) {
                models = o;
            }
        }
        assertThat(models).isNotNull();
        assertThat(models.get("type").asText()).isEqualTo("team");
    }

    @Test
    void assignByFilterCountsWhatItMatchedAndInheritIsOffUntilTurnedOn() throws Exception {
        assertThat(run("sources", "add", "--type", "synthetic", "--name", "estate", "--set", "assets=200").code()).isZero();
        assertThat(run("sync").code()).isZero();
        assertThat(run("owners", "assign", "--owner", "x").code()).isEqualTo(Cli.ERROR);

        Result assign = run("owners", "assign", "--unowned", "--kind", "dataset", "--owner", "data-office", "--team");
        assertThat(assign.code()).isZero();
        assertThat(assign.out()).startsWith("Assigned data-office as Technical owner of ").contains("matching asset");
        Result left = run("assets", "--unowned", "--kind", "dataset", "--json");
        assertThat(new ObjectMapper().readTree(left.out())).isEmpty();

        assertThat(run("owners", "inherit").out()).contains("is off");
        assertThat(run("owners", "inherit", "on").out()).contains("is on");
        assertThat(run("owners", "inherit", "off").out()).contains("is off; 0 inherited claims");
        assertThat(run("owners", "conflicts").code()).isZero();
    }
}
