package dev.tightrope.trust.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema (src/main/resources/policies/policy.schema.json) checked with an
 * independent validator (networknt json-schema-validator, draft 2020-12): the demo's policy, a
 * version 1 file and every example in the README's policy section validate, and what our reader
 * refuses the schema refuses too.
 */
class PolicySchemaTest {

    static final Path SCHEMA = Path.of("src/main/resources/policies/policy.schema.json");

    static Schema schema() throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Files.readString(SCHEMA), InputFormat.JSON);
    }

    static List<Error> errors(String json) throws IOException {
        return schema().validate(json, InputFormat.JSON);
    }

    /** The JSON blocks of the README's "### Promotion policy" section. */
    static List<String> readmeExamples() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("### Promotion policy");
        int end = readme.indexOf("\n### ", start + 1);
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(start, end));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theDemoPolicyAndAVersion1FileValidateAndOurReaderReadsThem() throws IOException {
        for (Path p : List.of(Path.of("sample-data/trust/policy.json"), Path.of("src/test/resources/policies/v1-production.json"))) {
            assertThat(errors(Files.readString(p))).as(p.toString()).isEmpty();
            PolicyFile.load(p);
        }
    }

    @Test
    void everyReadmeExampleValidatesAndOurReaderReadsIt() throws IOException {
        List<String> examples = readmeExamples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
        for (String json : examples) {
            assertThat(errors(json)).as(json).isEmpty();
            PolicyFile.parse(json.getBytes(StandardCharsets.UTF_8), "README example");
        }
    }

    @Test
    void whatOurReaderRefusesTheSchemaRefuses() throws IOException {
        String digest = "sha256:" + "a".repeat(64);
        for (String bad : List.of(
                "{\"version\":1,\"requireApproval\":2}",
                "{\"version\":2,\"stages\":{\"production\":{\"requireOwners\":true}}}",
                "{\"version\":2,\"stages\":{}}",
                "{\"version\":2,\"stages\":{\"production\":{\"maxOpenSeverity\":\"severe\"}}}",
                "{\"version\":2,\"stages\":{\"production\":{\"requireScan\":{}}}}",
                "{\"version\":2,\"stages\":{\"production\":{}},\"exceptions\":[{\"asset\":\"" + digest
                        + "\",\"rules\":[\"approvals\"],\"justification\":\"j\",\"approver\":\"a\",\"expires\":\"2026-12-31\"}]}",
                "{\"version\":2,\"stages\":{\"production\":{}},\"exceptions\":[{\"asset\":\"" + digest
                        + "\",\"rules\":[\"owner\"],\"approver\":\"a\",\"expires\":\"2026-12-31\"}]}",
                "{\"version\":3,\"stages\":{\"production\":{}}}")) {
            assertThat(errors(bad)).as(bad).isNotEmpty();
        }
    }
}
