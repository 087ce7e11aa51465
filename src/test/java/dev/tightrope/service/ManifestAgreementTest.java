package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.scan.ModelScanner;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.oms.OmsSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner and the signer compute the same OMS root digest, so approvals line up with scans. */
class ManifestAgreementTest {

    @TempDir
    Path model;

    @Test
    void scannerAndSignerAgreeOnTheRootDigestEvenWhereOrderingRulesDiffer() throws Exception {
        write("a.json", "{}");
        write("a/x.bin", "xx");
        write("a/b/c.txt", "c");
        write("B.txt", "upper");
        write("é.txt", "unicode");
        write("empty.bin", "");
        write(".git/HEAD", "ref: main");
        write(".gitattributes", "*.bin filter=lfs");

        var scanned = ModelScanner.standard().scan(model).modelManifest().orElseThrow();
        var hashed = new ModelHasher(2).hash(model, OmsSerialization.files());

        assertThat(scanned.resources()).extracting(r -> r.name()).isEqualTo(hashed.resources().stream().map(r -> r.name()).toList());
        assertThat(scanned.rootDigest()).isEqualTo(hashed.rootDigest());
        assertThat(scanned.resources()).extracting(r -> r.name()).doesNotContain(".git/HEAD", ".gitattributes");
    }

    private void write(String name, String content) throws Exception {
        Path p = model.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }
}
