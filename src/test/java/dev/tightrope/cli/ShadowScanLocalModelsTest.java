package dev.tightrope.cli;

import static dev.tightrope.scan.localmodels.CacheFixtures.REVISION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.scan.localmodels.CacheFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tightrope shadow scan} lists the machine's local models with their verdicts; a dangerous one fails it as a leaked secret does. */
class ShadowScanLocalModelsTest {

    @TempDir
    Path dir;

    Path home;

    @BeforeEach
    void cleanLaptop() throws IOException {
        home = Files.createDirectories(dir.resolve("priya"));
        CacheFixtures.huggingFace(home, "models--acme--credit-bert", REVISION, Map.of("model.safetensors", CacheFixtures.safetensors()));
        CacheFixtures.ollama(home, "library", "llama3.2", "latest", CacheFixtures.gguf());
    }

    private ShadowCommandTest.Result scan(String... format) {
        String[] base = {"shadow", "scan", "--home", home.toString(), "--os", "linux"};
        String[] all = java.util.Arrays.copyOf(base, base.length + format.length);
        System.arraycopy(format, 0, all, base.length, format.length);
        return ShadowCommandTest.run(all);
    }

    @Test
    void safeCachedModelsAreListedWithTheirVerdictsAndExitZero() {
        ShadowCommandTest.Result r = scan();
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("MODEL SAFE        huggingface:acme/credit-bert@" + REVISION,
                "  Hugging Face cache in ~/.cache/huggingface/hub/models--acme--credit-bert/snapshots/" + REVISION + ", 1 file",
                "MODEL SAFE        ollama:llama3.2:latest",
                "2 cached models and 0 loose model files: 0 dangerous, 0 not matching their cache digest");
    }

    @Test
    void aDangerousLocalModelFailsTheScanInEveryFormat() throws Exception {
        CacheFixtures.lmStudio(home.resolve(".lmstudio/models"), "someone", "helper", "adapter.pt", CacheFixtures.maliciousPickle());

        ShadowCommandTest.Result text = scan();
        assertThat(text.code()).isEqualTo(Cli.FAILED);
        assertThat(text.out()).contains("MODEL DANGEROUS   lmstudio:someone/helper", "  adapter.pt: dangerous pickle.denied-import");

        ShadowCommandTest.Result json = scan("--json");
        assertThat(json.code()).isEqualTo(Cli.FAILED);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("fails").asBoolean()).isTrue();
        JsonNode models = report.get("localModels");
        assertThat(models.get("dangerous").asInt()).isEqualTo(1);
        assertThat(models.get("models")).extracting(m -> m.get("identity").asText() + " " + m.get("verdict").asText())
                .containsExactly("huggingface:acme/credit-bert@" + REVISION + " SAFE", "lmstudio:someone/helper DANGEROUS", "ollama:llama3.2:latest SAFE");
        assertThat(json.err()).contains("1 dangerous");

        ShadowCommandTest.Result sarif = scan("--sarif");
        assertThat(sarif.code()).isEqualTo(Cli.FAILED);
        JsonNode run = new ObjectMapper().readTree(sarif.out()).get("runs").get(0);
        assertThat(run.get("results")).anySatisfy(res -> {
            assertThat(res.get("ruleId").asText()).isEqualTo("pickle.denied-import");
            assertThat(res.get("level").asText()).isEqualTo("error");
            assertThat(res.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText())
                    .isEqualTo(".lmstudio/models/someone/helper/adapter.pt");
        });
    }

    @Test
    void aModelFileInARepositoryRootIsScannedToo() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("code/credit-risk/models"));
        Files.write(repo.resolve("scorer.joblib"), CacheFixtures.maliciousPickle());
        ShadowCommandTest.Result r = ShadowCommandTest.run("shadow", "scan", "--home", home.toString(), "--os", "linux", "--root",
                dir.resolve("code/credit-risk").toString());
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        assertThat(r.out()).contains("MODEL FILE DANGEROUS " + repo.resolve("scorer.joblib"));
    }
}
