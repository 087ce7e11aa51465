package dev.tightrope.trust.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.Severity;
import dev.tightrope.trust.TrustFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyFileTest {

    static final String V2 = """
            {"version": 2,
             "stages": {
               "staging": {"requireApprovals": 1, "requireOwner": true, "maxOpenSeverity": "high"},
               "production": {"scope": "promote:production", "requireApprovals": 2, "requireRoles": ["security"], "maxAgeDays": 90,
                              "maxOpenSeverity": "medium", "requireOwner": true, "requireTrainingData": true,
                              "requireScan": {"failOn": "high"}}},
             "exceptions": [{"asset": "tr:model_version:mlflow:m/1", "rules": ["findings", "scan"], "stages": ["production"],
                             "justification": "the finding is a false positive, see SEC-12", "approver": "helen.park",
                             "expires": "2026-12-31"}]}
            """;

    static PolicyFile parse(String json) {
        return PolicyFile.parse(json.getBytes(StandardCharsets.UTF_8), "policy.json");
    }

    @Test
    void aVersion1FileIsOneStageNamedDefaultWithItsBytesUnchanged() throws Exception {
        byte[] v1 = Files.readAllBytes(Path.of("src/test/resources/policies/v1-production.json"));
        PolicyFile f = PolicyFile.parse(v1, "v1");
        assertThat(f.version()).isEqualTo(1);
        assertThat(f.defaultStage()).isEqualTo(PolicyFile.V1_STAGE);
        assertThat(f.stage(null).approvals()).isEqualTo(Policy.parse(v1, "v1"));
        assertThat(f.stage(null).needsAssetFacts()).isFalse();
        assertThat(f.toBytes()).isEqualTo(Policy.parse(v1, "v1").toBytes());
        assertThatThrownBy(() -> f.stage("production")).hasMessageContaining("no stage 'production' (stages: default)");
    }

    @Test
    void aVersion2FileHasItsStagesAssetRulesAndExceptionsAndRoundTrips() {
        PolicyFile f = parse(V2);
        assertThat(f.stages()).containsOnlyKeys("staging", "production");
        assertThat(f.defaultStage()).isEqualTo("production");
        PolicyStage prod = f.stage("production");
        assertThat(prod.approvals()).isEqualTo(new Policy(1, "promote:production", 2, true, List.of("security"), 90, true));
        assertThat(prod.maxOpenSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(prod.requireOwner()).isTrue();
        assertThat(prod.requireTrainingData()).isTrue();
        assertThat(prod.scanFailOn()).isEqualTo(Severity.HIGH);
        PolicyStage staging = f.stage("staging");
        assertThat(staging.approvals()).isEqualTo(new Policy(1, null, 1, true, List.of(), null, true));
        assertThat(staging.requireTrainingData()).isFalse();
        assertThat(staging.scanFailOn()).isNull();
        PolicyException e = f.exceptions().get(0);
        assertThat(e.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(e.covers("production", "scan", List.of("tr:model_version:mlflow:m/1"), "sha256:" + "a".repeat(64))).isTrue();
        assertThat(e.covers("staging", "scan", List.of("tr:model_version:mlflow:m/1"), null)).isFalse();
        assertThat(e.covers("production", "owner", List.of("tr:model_version:mlflow:m/1"), null)).isFalse();
        assertThat(PolicyFile.parse(f.toBytes(), "again")).isEqualTo(f);
    }

    @Test
    void theDefaultStageIsProductionTheOnlyStageOrNamed() {
        assertThat(parse("{\"version\":2,\"stages\":{\"qa\":{}}}").defaultStage()).isEqualTo("qa");
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"qa\":{},\"canary\":{}}}")).hasMessageContaining("name the 'defaultStage'");
        PolicyFile named = parse("{\"version\":2,\"defaultStage\":\"canary\",\"stages\":{\"qa\":{},\"canary\":{},\"production\":{}}}");
        assertThat(named.defaultStage()).isEqualTo("canary");
        assertThat(PolicyFile.parse(named.toBytes(), "again").defaultStage()).isEqualTo("canary");
        assertThatThrownBy(() -> parse("{\"version\":2,\"defaultStage\":\"prod\",\"stages\":{\"qa\":{}}}"))
                .hasMessageContaining("defaultStage 'prod' is not one of the stages [qa]");
    }

    @Test
    void unknownFieldsAreErrorsAtEveryLevel() {
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"qa\":{}},\"scope\":\"promote:qa\"}"))
                .isInstanceOf(TrustFormatException.class).hasMessageContaining("unknown policy field 'scope'");
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"qa\":{\"requireOwners\":true}}}"))
                .hasMessageContaining("stage 'qa'").hasMessageContaining("unknown stage field 'requireOwners'");
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"qa\":{\"requireScan\":{\"failOn\":\"high\",\"scanner\":\"x\"}}}}"))
                .hasMessageContaining("'requireScan' is {\"failOn\"");
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"qa\":{}},\"exceptions\":[{\"asset\":\"sha256:" + "a".repeat(64)
                + "\",\"rules\":[\"owner\"],\"justification\":\"j\",\"approver\":\"a\",\"expires\":\"2026-12-31\",\"ticket\":\"T-1\"}]}"))
                .hasMessageContaining("exception 1").hasMessageContaining("unknown exception field 'ticket'");
        assertThatThrownBy(() -> parse("{\"version\":1,\"stages\":{}}")).hasMessageContaining("unknown policy field 'stages'");
        assertThatThrownBy(() -> parse("{\"version\":3}")).hasMessageContaining("version 3 is not supported (this build reads 1 and 2)");
    }

    @Test
    void badValuesAreErrorsThatSayWhatIsExpected() {
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{}}")).hasMessageContaining("at least one stage");
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"Prod\":{}}}")).hasMessageContaining("stage name 'Prod'");
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"qa\":{\"maxOpenSeverity\":\"severe\"}}}"))
                .hasMessageContaining("'maxOpenSeverity' must be one of critical, high, medium, low, info");
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"qa\":{\"maxAgeDays\":0}}}")).hasMessageContaining("maxAgeDays");
    }

    @Test
    void anExceptionWaivesOnlyAssetRulesAndNeedsJustificationApproverAndExpiry() {
        String digest = "sha256:" + "b".repeat(64);
        assertThatThrownBy(() -> new PolicyException(digest, List.of("approvals"), List.of(), "j", "a", "2026-12-31"))
                .hasMessageContaining("rule 'approvals' cannot be waived").hasMessageContaining("approval rules need signatures");
        assertThatThrownBy(() -> new PolicyException(digest, List.of("owner"), List.of(), " ", "a", "2026-12-31"))
                .hasMessageContaining("justification");
        assertThatThrownBy(() -> new PolicyException(digest, List.of("owner"), List.of(), "j", "", "2026-12-31"))
                .hasMessageContaining("approver");
        assertThatThrownBy(() -> new PolicyException(digest, List.of("owner"), List.of(), "j", "a", "next month"))
                .hasMessageContaining("neither a date (2026-12-31) nor an instant");
        assertThatThrownBy(() -> new PolicyException("fraud-bert", List.of("owner"), List.of(), "j", "a", "2026-12-31"))
                .hasMessageContaining("by URN (tr:…) or by digest");
        PolicyException at = new PolicyException(digest, List.of("owner"), List.of(), "j", "a", "2026-12-31T18:00:00Z");
        assertThat(at.expired(Instant.parse("2026-12-31T17:59:59Z"))).isFalse();
        assertThat(at.expired(Instant.parse("2026-12-31T18:00:00Z"))).isTrue();
        assertThatThrownBy(() -> parse("{\"version\":2,\"stages\":{\"qa\":{}},\"exceptions\":[{\"asset\":\"" + digest
                + "\",\"rules\":[\"owner\"],\"stages\":[\"prod\"],\"justification\":\"j\",\"approver\":\"a\",\"expires\":\"2026-12-31\"}]}"))
                .hasMessageContaining("names stage 'prod', which the policy does not have");
    }

    @Test
    void addingAnExceptionToAVersion1FileMakesItVersion2KeepingItsStage() {
        PolicyFile v1 = PolicyFile.of(Policy.defaults());
        PolicyFile v2 = v1.withExceptions(List.of(new PolicyException("sha256:" + "c".repeat(64), List.of("owner"), List.of(), "j", "a",
                "2026-12-31")));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.stage(null).name()).isEqualTo("default");
        assertThat(PolicyFile.parse(v2.toBytes(), "again")).isEqualTo(v2);
    }
}
