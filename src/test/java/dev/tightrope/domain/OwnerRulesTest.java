package dev.tightrope.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the owner rules file: patterns, owners, roles, comments, and errors with their line. */
class OwnerRulesTest {

    @Test
    void eachPatternTypeOwnersAndRoleAreRead() {
        OwnerRules rules = OwnerRules.parse("owners.rules", """
                # header comment

                tr:model:mlflow:fraud-*   team:fraud-ml ana@acme.example   # trailing comment
                source:sagemaker-prod     user:ops role=steward
                tag:pii                   privacy role=business_owner
                property:region=eu-*      group:eu-data
                tr:notebook:*
                """);

        assertThat(rules.valid()).isTrue();
        assertThat(rules.rules()).extracting(OwnerRule::pattern).containsExactly(
                new OwnerRule.Pattern.UrnGlob("tr:model:mlflow:fraud-*"),
                new OwnerRule.Pattern.Source("sagemaker-prod"),
                new OwnerRule.Pattern.Tag("pii"),
                new OwnerRule.Pattern.Property("region", "eu-*"),
                new OwnerRule.Pattern.UrnGlob("tr:notebook:*"));
        assertThat(rules.rules()).extracting(OwnerRule::line).containsExactly(3, 4, 5, 6, 7);
        assertThat(rules.rules().get(0).owners()).containsExactly(new OwnerRule.RuleOwner("fraud-ml", OwnerType.TEAM),
                new OwnerRule.RuleOwner("ana@acme.example", OwnerType.PERSON));
        assertThat(rules.rules().get(0).role()).isEqualTo(OwnerRole.TECHNICAL_OWNER);
        assertThat(rules.rules().get(1).role()).isEqualTo(OwnerRole.STEWARD);
        assertThat(rules.rules().get(1).owners()).containsExactly(new OwnerRule.RuleOwner("ops", OwnerType.PERSON));
        assertThat(rules.rules().get(2).owners()).containsExactly(new OwnerRule.RuleOwner("privacy", OwnerType.UNKNOWN));
        assertThat(rules.rules().get(4).owners()).isEmpty();
        assertThat(rules.rules().get(3).place()).isEqualTo("owners.rules:6");
    }

    @Test
    void everyErrorNamesFileAndLineAndTheFileThenHasNoRules() {
        OwnerRules rules = OwnerRules.parse("owners.rules", String.join("\n", List.of(
                "tr:model:* team:ok",
                "models/* team:x",
                "property:region team:x",
                "tag:pii a role=steward role=business_owner",
                "source: team:x",
                "tr:dataset:* team:",
                "tr:dataset:* a=b")));

        assertThat(rules.valid()).isFalse();
        assertThat(rules.rules()).isEmpty();
        assertThat(rules.errors()).containsExactly(
                "owners.rules:2: 'models/*' is not a pattern: write a URN glob (tr:…), source:NAME, tag:TAG or property:KEY=GLOB",
                "owners.rules:3: a property pattern is property:KEY=GLOB, got 'property:region'",
                "owners.rules:4: role= is given twice",
                "owners.rules:5: source: needs a source name",
                "owners.rules:6: team: needs a name",
                "owners.rules:7: 'a=b' is neither an owner nor role=ROLE");
    }

    @Test
    void windowsLineEndingsKeepLineNumbers() {
        OwnerRules rules = OwnerRules.parse("owners.rules", "# a\r\ntag:x team:y\r\nbad\r\n");
        assertThat(rules.errors()).singleElement().asString().startsWith("owners.rules:3:");
    }
}
