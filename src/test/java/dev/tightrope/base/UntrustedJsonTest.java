package dev.tightrope.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UntrustedJsonTest {

    private static final UntrustedJson JSON = UntrustedJson.withLimits(new JsonLimits(8, 64, 20, 4096));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(String json) {
        try {
            JSON.read(utf8(json));
        } catch (JsonProcessingException e) {
            return JSON.describe(e);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void aPlainDocumentIsRead() throws Exception {
        JsonNode node = JSON.read(utf8("{\"a\": [1, 2.5, \"x\", null, true]}"));

        assertThat(node.get("a").size()).isEqualTo(5);
        assertThat(JSON.read(new byte[0]).isMissingNode()).isTrue();
    }

    @Test
    void duplicateKeysAreRefusedAtAnyDepth() {
        assertThat(refusal("{\"a\": 1, \"a\": 2}"))
                .isEqualTo("invalid JSON: duplicate key 'a' (two values for one key; parsers disagree on which one counts)");
        assertThat(refusal("{\"x\": {\"b\": 1, \"c\": 2, \"b\": 3}}")).startsWith("invalid JSON: duplicate key 'b'");
    }

    @Test
    void aDocumentNestedDeeperThanTheLimitIsRefusedWithAClearMessage() {
        assertThat(refusal("[".repeat(9) + "]".repeat(9))).isEqualTo("JSON is nested deeper than 8 levels");
        assertThat(refusal("{\"a\":".repeat(9) + "1" + "}".repeat(9))).isEqualTo("JSON is nested deeper than 8 levels");
    }

    @Test
    void longStringsNumbersAndDocumentsAreRefused() {
        assertThat(refusal("\"" + "x".repeat(65) + "\"")).isEqualTo("a JSON string is longer than 64 characters");
        assertThat(refusal("1" + "0".repeat(20))).isEqualTo("a JSON number is longer than 20 characters");
        assertThat(refusal("[" + "1,".repeat(3000) + "1]")).isEqualTo("the JSON is longer than 4096 bytes");
    }

    @Test
    void anythingAfterTheValueIsRefusedNotDropped() {
        assertThat(refusal("{\"a\": 1} {\"b\": 2}")).isEqualTo("invalid JSON: more data after the end of the JSON value");
        assertThat(refusal("{\"a\": 1}]")).startsWith("invalid JSON: Unexpected close marker");
    }

    @Test
    void onlyStandardJsonIsAccepted() {
        assertThat(refusal("{'a': 1}")).startsWith("invalid JSON:");
        assertThat(refusal("{\"a\": 1 /* comment */}")).startsWith("invalid JSON:");
        assertThat(refusal("{\"a\": NaN}")).startsWith("invalid JSON:");
        assertThat(refusal("{a: 1}")).startsWith("invalid JSON:");
        assertThat(refusal("{\"a\": 1,}")).startsWith("invalid JSON:");
    }

    @Test
    void errorMessagesCarryNoExcerptOfTheInput() {
        try {
            JSON.read(utf8("{\"token\": \"s3cret-value\", \"x\": oops}"));
            throw new AssertionError("accepted");
        } catch (JsonProcessingException e) {
            assertThat(e.getMessage()).doesNotContain("s3cret-value");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStreamOfValuesIsReadOneByOneUnderTheSameBounds() throws Exception {
        List<JsonNode> values = new ArrayList<>();
        try (JsonParser p = JSON.parser(new ByteArrayInputStream(utf8("{\"a\":1}\n{\"a\":2}\n")))) {
            while (p.nextToken() != null) {
                values.add(JSON.readValue(p));
            }
        }
        assertThat(values).extracting(v -> v.get("a").asInt()).containsExactly(1, 2);

        assertThatThrownBy(() -> {
            try (JsonParser p = JSON.parser(utf8("{\"a\":1}\n{\"b\":1,\"b\":2}"))) {
                while (p.nextToken() != null) {
                    JSON.readValue(p);
                }
            }
        }).isInstanceOf(JsonProcessingException.class).satisfies(e -> assertThat(UntrustedJson.isDuplicateKey((JsonProcessingException) e)).isTrue());
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new JsonLimits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
