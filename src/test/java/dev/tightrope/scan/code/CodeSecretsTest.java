package dev.tightrope.scan.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Severity;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every key rule finds random keys of its shape (seeded, replayable) and leaves its look-alikes alone. */
class CodeSecretsTest {

    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final String URLSAFE = ALNUM + "_-";
    static final String WORD = ALNUM + "_";
    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final String HEX = "0123456789abcdef";
    static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    static final long SEED = 20261207L;
    static final int ROUNDS = 200;

    static String random(Random r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A key shape: its rule, how to make a random key of it, and the code line it is leaked in. */
    record Shape(String rule, Function<Random, String> key, Function<String, String> line) {
    }

    static final List<Shape> SHAPES = List.of(
            new Shape("openai", r -> "sk-proj-" + random(r, ALNUM, 74) + "T3BlbkFJ" + random(r, ALNUM, 74), k -> "client = OpenAI(api_key=\"" + k + "\")"),
            new Shape("openai", r -> "sk-" + random(r, ALNUM, 20) + "T3BlbkFJ" + random(r, ALNUM, 20), k -> "openai.api_key = '" + k + "'"),
            new Shape("anthropic", r -> "sk-ant-api03-" + random(r, URLSAFE, 92) + "xAA", k -> "ANTHROPIC_API_KEY=" + k),
            new Shape("hugging-face", r -> "hf_" + random(r, LETTERS, 34), k -> "login(token=\"" + k + "\")"),
            new Shape("google", r -> "AIza" + random(r, WORD, 35), k -> "genai.configure(api_key='" + k + "')"),
            new Shape("perplexity", r -> "pplx-" + random(r, ALNUM, 48), k -> "headers = {\"Authorization\": \"Bearer " + k + "\"}"),
            new Shape("groq", r -> "gsk_" + random(r, ALNUM, 52), k -> "Groq(api_key=\"" + k + "\")"),
            new Shape("replicate", r -> "r8_" + random(r, ALNUM, 37), k -> "export REPLICATE_API_TOKEN=" + k),
            new Shape("xai", r -> "xai-" + random(r, ALNUM, 80), k -> "XAI_KEY: \"" + k + "\""),
            new Shape("openrouter", r -> "sk-or-v1-" + random(r, HEX, 64), k -> "base_url='https://openrouter.ai/api/v1', api_key='" + k + "'"),
            new Shape("langsmith", r -> "lsv2_pt_" + random(r, HEX, 32) + "_" + random(r, HEX, 10), k -> "os.environ['LANGCHAIN_API_KEY'] = '" + k + "'"),
            new Shape("deepseek", r -> "sk-" + random(r, LOWER_ALNUM, 32), k -> "client = OpenAI(base_url=\"https://api.deepseek.com\", api_key=\"" + k + "\")"),
            new Shape("cohere", r -> random(r, ALNUM, 40), k -> "co = cohere.Client('" + k + "')"),
            new Shape("azure-openai", r -> random(r, HEX, 32),
                    k -> "endpoint = \"https://kestrel-east.openai.azure.com/\"\napi_key = \"" + k + "\""),
            new Shape("ai-key-name", r -> random(r, ALNUM, 32), k -> "MISTRAL_API_KEY = \"" + k + "\""));

    @Test
    void everyShapeFindsRandomKeysOfItsShapeMaskedOnTheirLine() {
        Random r = new Random(SEED);
        for (Shape shape : SHAPES) {
            for (int i = 0; i < ROUNDS; i++) {
                String key = shape.key().apply(r);
                String text = "import os\n\n" + shape.line().apply(key) + "\n";
                List<KeyHit> hits = CodeSecrets.find(text, false);
                assertThat(hits).as("seed %d, %s round %d", SEED, shape.rule(), i).hasSize(1);
                KeyHit hit = hits.get(0);
                assertThat(hit.rule()).isEqualTo(shape.rule());
                assertThat(hit.line()).isEqualTo(text.lines().toList().indexOf(text.lines().filter(l -> l.contains(key)).findFirst().orElseThrow()) + 1);
                assertThat(hit.masked()).doesNotContain(key.substring(4)).contains("masked");
                assertThat(hit.toString()).doesNotContain(key);
            }
        }
    }

    @Test
    void aKnownShapeIsCriticalAKeywordOrNameMatchHigh() {
        Random r = new Random(SEED);
        for (Shape shape : SHAPES) {
            KeyHit hit = CodeSecrets.find(shape.line().apply(shape.key().apply(r)), false).get(0);
            boolean byContext = List.of("deepseek", "cohere", "azure-openai", "ai-key-name").contains(shape.rule());
            assertThat(hit.severity()).as(shape.rule()).isEqualTo(byContext ? Severity.HIGH : Severity.CRITICAL);
        }
    }

    @Test
    void placeholdersAndMadeUpRunsOfEveryShapeAreNotKeys() {
        List<String> lookalikes = List.of(
                "sk-proj-" + "x".repeat(74) + "T3BlbkFJ" + "x".repeat(74),
                "sk-" + "a".repeat(20) + "T3BlbkFJ" + "b".repeat(20),
                "sk-ant-api03-" + "YOUR_API_KEY_HERE_".repeat(5) + "abc" + "AA",
                "sk-ant-api03-" + "ab".repeat(46) + "cAA",
                "hf_" + "abcdefghijklmnopqrstuvwxyzabcdefgh",
                "hf_" + "x".repeat(34),
                "AIza" + "0".repeat(35),
                "AIzaSyEXAMPLEKEYEXAMPLEKEYEXAMPLEKEY12",
                "pplx-" + "12".repeat(24),
                "gsk_" + "REDACTED".repeat(6) + "abcd",
                "r8_" + "a1".repeat(18) + "b",
                "xai-" + "placeholder_".repeat(6) + "abcdefgh",
                "sk-or-v1-" + "0".repeat(64),
                "lsv2_pt_" + "0".repeat(32) + "_" + "0".repeat(10));
        for (String value : lookalikes) {
            assertThat(CodeSecrets.find("api_key = \"" + value + "\"", false)).as(value).isEmpty();
        }
    }

    @Test
    void theGenericShapesNeedTheirKeywordAndTheirEntropy() {
        Random r = new Random(SEED);
        for (int i = 0; i < ROUNDS; i++) {
            String deepseekShaped = "sk-" + random(r, LOWER_ALNUM, 32);
            String fortyChars = random(r, ALNUM, 40);
            String hex = random(r, HEX, 32);
            assertThat(CodeSecrets.find("token = \"" + deepseekShaped + "\"", false)).as("no deepseek keyword").isEmpty();
            assertThat(CodeSecrets.find("sha = '" + fortyChars + "'", false)).as("no cohere keyword").isEmpty();
            assertThat(CodeSecrets.find("api_key = \"" + hex + "\"", false)).as("no azure endpoint in the file").isEmpty();
        }
        assertThat(CodeSecrets.find("co = cohere.Client('" + "aAbB".repeat(10) + "')", false)).as("cohere below entropy 4").isEmpty();
    }

    @Test
    void aKeyNameGivenAReferenceOrAPlaceholderIsNotAKey() {
        for (String line : List.of(
                "OPENAI_API_KEY = os.environ[\"OPENAI_API_KEY\"]",
                "OPENAI_API_KEY=\"${OPENAI_API_KEY}\"",
                "export ANTHROPIC_API_KEY=your-anthropic-key-goes-here",
                "GROQ_API_KEY = \"<paste-your-groq-api-key-here>\"",
                "HF_TOKEN = settings.huggingface_token_value",
                "MISTRAL_API_KEY = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"")) {
            assertThat(CodeSecrets.find(line, false)).as(line).isEmpty();
        }
    }

    @Test
    void documentationShowsExamplesButAPastedKeyInItIsStillFound() {
        Random r = new Random(SEED);
        String key = "sk-ant-api03-" + random(r, URLSAFE, 92) + "xAA";
        assertThat(CodeSecrets.find("Keys look like `" + key + "`.", true)).isEmpty();
        assertThat(CodeSecrets.find("For example: export ANTHROPIC_API_KEY=" + key, true)).isEmpty();
        assertThat(CodeSecrets.find("Run with ANTHROPIC_API_KEY=" + key, true)).hasSize(1);
        assertThat(CodeSecrets.find("For example: export ANTHROPIC_API_KEY=" + key, false)).as("code is no documentation").hasSize(1);
    }

    @Test
    void entropyIsShannonsInBitsPerCharacter() {
        assertThat(CodeSecrets.entropy("aaaa")).isZero();
        assertThat(CodeSecrets.entropy("abab")).isEqualTo(1.0);
        assertThat(CodeSecrets.entropy(HEX)).isEqualTo(4.0);
    }
}
