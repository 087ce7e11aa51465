package dev.tightrope.trust.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.trust.TrustFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {

    private static Policy parse(String json) {
        return Policy.parse(json.getBytes(StandardCharsets.UTF_8), "policy.json");
    }

    @Test
    void fullPolicyParsesAndRoundTrips() {
        Policy p = parse("{\"version\":1,\"scope\":\"promote:production\",\"requireApprovals\":2,\"distinctReviewers\":true,"
                + "\"requireRoles\":[\"security\"],\"maxAgeDays\":90,\"rejectionBlocks\":true}");
        assertThat(p).isEqualTo(new Policy(1, "promote:production", 2, true, List.of("security"), 90, true));
        assertThat(Policy.parse(p.toBytes(), "again")).isEqualTo(p);
    }

    @Test
    void countingUnreviewedReviewersIsOffByDefaultAndWrittenOnlyWhenOn() {
        assertThat(Policy.defaults().countUnreviewedReviewers()).isFalse();
        assertThat(new String(Policy.defaults().toBytes(), StandardCharsets.UTF_8)).doesNotContain("countUnreviewedReviewers");
        Policy on = parse("{\"version\":1,\"countUnreviewedReviewers\":true}");
        assertThat(on.countUnreviewedReviewers()).isTrue();
        assertThat(Policy.parse(on.toBytes(), "again")).isEqualTo(on);
        assertThatThrownBy(() -> parse("{\"version\":1,\"countUnreviewedReviewers\":\"yes\"}")).hasMessageContaining("true or false");
    }

    @Test
    void omittedRulesTakeTheDefaults() {
        assertThat(parse("{\"version\":1}")).isEqualTo(Policy.defaults());
        assertThat(Policy.defaults().requireApprovals()).isEqualTo(1);
        assertThat(Policy.defaults().rejectionBlocks()).isTrue();
    }

    @Test
    void misspeltRuleWrongTypesAndUnknownVersionAreErrors() {
        assertThatThrownBy(() -> parse("{\"version\":1,\"requireApproval\":2}")).isInstanceOf(TrustFormatException.class)
                .hasMessageContaining("unknown policy field 'requireApproval'");
        assertThatThrownBy(() -> parse("{\"version\":1,\"requireApprovals\":\"2\"}")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse("{\"version\":3}")).hasMessageContaining("version 3 is not supported");
        assertThatThrownBy(() -> parse("{\"version\":1,\"maxAgeDays\":0}")).hasMessageContaining("maxAgeDays");
        assertThatThrownBy(() -> parse("{\"version\":1,")).hasMessageContaining("policy.json:1:");
    }
}
