package dev.tightrope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tightrope's own SBOM, as {@code mvn package} writes it (failsafe runs this in {@code verify},
 * after the package phase): valid CycloneDX 1.6 by the schema that cyclonedx-core-java bundles,
 * Tightrope and every runtime dependency with hashes, nothing from the tests, and the hashes
 * those of the jars that ship.
 */
class SbomIT {

    static Path sbom;

    @BeforeAll
    static void theSbomIsThere() {
        String file = System.getProperty("tightrope.sbom");
        assumeTrue(file != null, "the SBOM is checked by failsafe in mvn verify, which passes -Dtightrope.sbom");
        sbom = Path.of(file);
        assertThat(sbom).as("mvn package writes the SBOM").isRegularFile();
    }

    static Bom bom() throws ParseException {
        return new JsonParser().parse(sbom.toFile());
    }

    @Test
    void theSbomIsValidCycloneDx16() throws IOException, ParseException {
        List<ParseException> problems = new JsonParser().validate(sbom.toFile(), Version.VERSION_16);
        assertThat(problems).as("schema violations").isEmpty();
        assertThat(bom().getSpecVersion()).isEqualTo("1.6");
    }

    @Test
    void theSbomDescribesTightropeAsAnApplication() throws ParseException {
        Bom bom = bom();
        Component app = bom.getMetadata().getComponent();
        assertThat(app.getType()).isEqualTo(Component.Type.APPLICATION);
        assertThat(app.getGroup()).isEqualTo("dev.tightrope");
        assertThat(app.getName()).isEqualTo("tightrope");
        assertThat(app.getVersion()).isEqualTo(System.getProperty("tightrope.version"));
        assertThat(app.getPurl()).startsWith("pkg:maven/dev.tightrope/tightrope@");
    }

    @Test
    void everyRuntimeDependencyIsListedWithItsHashesAndNothingFromTheTests() throws ParseException {
        Bom bom = bom();
        Set<String> names = bom.getComponents().stream().map(c -> c.getGroup() + ":" + c.getName()).collect(Collectors.toSet());
        assertThat(names).contains("org.openjfx:javafx-graphics", "org.xerial:sqlite-jdbc", "info.picocli:picocli",
                "org.bouncycastle:bcprov-jdk18on", "com.squareup.okhttp3:okhttp-jvm", "org.controlsfx:controlsfx");
        assertThat(names).noneMatch(n -> n.startsWith("org.junit") || n.startsWith("org.assertj") || n.startsWith("org.testfx")
                || n.startsWith("one.jpro") || n.startsWith("com.tngtech.archunit") || n.startsWith("org.cyclonedx")
                || n.endsWith(":mockwebserver3"));
        for (Component c : bom.getComponents()) {
            assertThat(c.getHashes()).as(c.getPurl()).extracting(Hash::getAlgorithm).contains("SHA-256", "SHA-512");
            assertThat(c.getPurl()).as(c.getName()).startsWith("pkg:maven/");
        }
    }

    @Test
    void theHashesAreThoseOfTheJavaFxJarsBesideTheRunnableJar() throws Exception {
        Path lib = Path.of(System.getProperty("tightrope.lib"));
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
        }
        assertThat(jars).isNotEmpty();
        Set<String> listed = bom().getComponents().stream()
                .flatMap(c -> c.getHashes().stream())
                .filter(h -> h.getAlgorithm().equals("SHA-256"))
                .map(Hash::getValue)
                .collect(Collectors.toSet());
        for (Path jar : jars) {
            assertThat(listed).as(jar.getFileName() + " in the SBOM").contains(sha256(jar));
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
