package dev.tightrope.scan.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository's owners from its CODEOWNERS file, as GitHub and GitLab read it. */
class CodeOwnersTest {

    @TempDir
    Path root;

    @Test
    void theLastRuleForEverythingWinsAndNarrowerRulesDoNotCount() {
        assertThat(CodeOwners.parse(root.resolve("CODEOWNERS"), """
                # owners
                *          @kestrel/data   # the data team, first
                /docs/     @kestrel/writers
                [Backend] @kestrel/backend
                **         @kestrel/platform ana@kestrel.example
                *.py       @kestrel/python
                """)).hasValueSatisfying(d -> {
                    assertThat(d.owners()).containsExactly("@kestrel/platform", "ana@kestrel.example");
                    assertThat(d.line()).isEqualTo(5);
                });
    }

    @Test
    void aLaterRuleForEverythingWithoutOwnersLeavesNone() {
        assertThat(CodeOwners.parse(root.resolve("CODEOWNERS"), "* @kestrel/data\n*\n")).isEmpty();
        assertThat(CodeOwners.parse(root.resolve("CODEOWNERS"), "/src/ @kestrel/data\n")).isEmpty();
        assertThat(CodeOwners.parse(root.resolve("CODEOWNERS"), "* not-an-owner\n")).isEmpty();
    }

    @Test
    void theFileIsLookedForWhereGitHubLooksFirstAndALinkIsNotFollowed() throws Exception {
        Files.writeString(root.resolve("CODEOWNERS"), "* @root-owner\n");
        Files.createDirectories(root.resolve(".github"));
        Files.writeString(root.resolve(".github/CODEOWNERS"), "* @github-owner\n");
        assertThat(CodeOwners.defaults(root)).hasValueSatisfying(d -> assertThat(d.owners()).containsExactly("@github-owner"));

        Files.delete(root.resolve(".github/CODEOWNERS"));
        Files.delete(root.resolve("CODEOWNERS"));
        Files.writeString(root.resolve("elsewhere"), "* @linked\n");
        Files.createSymbolicLink(root.resolve(".github/CODEOWNERS"), root.resolve("elsewhere"));
        assertThat(CodeOwners.defaults(root)).isEmpty();
    }
}
