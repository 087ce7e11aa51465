package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Urn;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.dsse.Dsse;
import dev.tightrope.trust.dsse.SigstoreBundle;
import dev.tightrope.trust.dsse.Statement;
import dev.tightrope.trust.keys.VerificationKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ML-BOM of the demo's fraud model, checked against CycloneDX's own 1.6 schema and read back as facts. */
class BomServiceTest {

    static final Urn FRAUD_V3 = Urn.parse("tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Tightrope t;

    @BeforeAll
    static void load() {
        t = DemoWorkspaces.loaded(dir.resolve("ws"));
    }

    @AfterAll
    static void close() {
        t.close();
    }

    static List<String> refs(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void theFraudModelsBomIsValidCycloneDx16AndNamesItsDataFilesImageFindingsAndApprovals() throws Exception {
        Path out = dir.resolve("fraud-bert-3.cdx.json");
        BomService.Exported e = t.bom().export(FRAUD_V3, out, null, null);
        byte[] bytes = Files.readAllBytes(out);
        assertThat(new JsonParser().validate(bytes, Version.VERSION_16)).as("schema errors").isEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode broken = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(bytes);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("metadata").get("component")).put("type", "ml-model");
        assertThat(new JsonParser().validate(JSON.writeValueAsBytes(broken), Version.VERSION_16)).as("the schema is really checked").isNotEmpty();
        assertThat(e.sha256()).isEqualTo(Sha256.hex(bytes));

        JsonNode bom = JSON.readTree(bytes);
        JsonNode model = bom.get("metadata").get("component");
        assertThat(model.get("type").asText()).isEqualTo("machine-learning-model");
        assertThat(model.get("bom-ref").asText()).isEqualTo(FRAUD_V3.toString());
        String digest = t.inventory().find(FRAUD_V3).orElseThrow().asset().digest().hex();
        assertThat(model.get("hashes").get(0).get("content").asText()).isEqualTo(digest);
        // the training data a run of the model read, and the data behind it as dependencies
        assertThat(refs(model.get("modelCard").get("modelParameters").get("datasets"), "ref"))
                .contains("tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set");
        JsonNode trainingSet = null;
        for (JsonNode d : bom.get("dependencies")) {
            if (d.get("ref").asText().endsWith("features/fraud_training_set")) {
                trainingSet = d;
            }
        }
        assertThat(trainingSet.get("dependsOn").toString()).contains("curated/chargebacks");
        // the scanned files it is, by content, and the serving image it is packaged as
        assertThat(refs(model.get("components"), "type")).containsOnly("file");
        assertThat(refs(bom.get("components"), "type")).contains("data", "machine-learning-model", "container");
        // the poisoned chargebacks' open data-quality findings are vulnerabilities of that data component
        assertThat(bom.get("vulnerabilities")).anySatisfy(v -> {
            assertThat(v.get("id").asText()).isEqualTo("data-quality.assertion-failed");
            assertThat(v.get("affects").get(0).get("ref").asText()).isEqualTo("tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks");
        });
        // each approval is an attestation reference with the bundle's own hash
        assertThat(model.get("externalReferences")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("type").asText()).isEqualTo("attestation");
            Path bundle = t.workspace().root().resolve(r.get("url").asText());
            assertThat(r.get("hashes").get(0).get("content").asText()).isEqualTo(Sha256.hex(Files.readAllBytes(bundle)));
        });
        assertThat(model.get("properties").toString()).contains("tightrope:promotion-gate", "PASS");

        var entries = t.audit().entries(new AuditQuery(null, "export.bom", FRAUD_V3.toString(), null, null, 0, 10));
        // the other test exports this model too, in either order
        assertThat(entries).anySatisfy(a -> assertThat(a.event().details()).containsEntry("sha256", e.sha256())
                .containsEntry("file", "fraud-bert-3.cdx.json"));
    }

    @Test
    void aSignedBomIsAnInTotoStatementAboutTheModelsDigestThatVerifiesWithTheReviewersKey() throws Exception {
        t.trust().generateKey("bom-signer", "ecdsa-p256", "a long enough passphrase".toCharArray());
        Path out = dir.resolve("signed.cdx.json");
        BomService.Exported e = t.bom().export(FRAUD_V3, out, "bom-signer", "a long enough passphrase".toCharArray());
        assertThat(e.signed()).hasFileName("signed.cdx.json.sigstore.json");

        SigstoreBundle bundle = SigstoreBundle.parse(Files.readAllBytes(e.signed()), e.signed().toString());
        VerificationKey key = VerificationKey.fromPem(t.trust().publicKeyPem("bom-signer"), "bom-signer");
        assertThat(Dsse.verify(bundle.envelope(), List.of(key), false)).hasSize(1);
        Statement statement = Statement.parse(bundle.envelope().payload(), "statement");
        assertThat(statement.predicateType()).isEqualTo(BomService.PREDICATE_TYPE);
        assertThat(statement.hasSubjectSha256(t.inventory().find(FRAUD_V3).orElseThrow().asset().digest().hex())).isTrue();
        assertThat(statement.predicate()).isEqualTo(JSON.readTree(Files.readAllBytes(out)));

        assertThatThrownBy(() -> t.bom().export(FRAUD_V3, dir.resolve("x.json"), "bom-signer", "the wrong passphrase!".toCharArray()))
                .isInstanceOf(PassphraseException.class);
        assertThat(dir.resolve("x.json")).doesNotExist();
    }

    @Test
    void onlyModelsHaveAnMlBom() {
        assertThatThrownBy(() -> t.bom().bom(Urn.parse("tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks")))
                .hasMessageContaining("an ML-BOM describes a model");
        assertThatThrownBy(() -> t.bom().bom(Urn.parse("tr:model:openlineage:mlflow://nowhere/models/x"))).hasMessageContaining("no asset");
    }
}
