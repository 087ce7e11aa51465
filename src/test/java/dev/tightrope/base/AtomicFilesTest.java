package dev.tightrope.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Nothing but the files the test put there: no temporary file is left behind. */
    private String[] names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aWriteReplacesTheFileAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "old");
        AtomicFiles.replace(file, utf8("new"));
        assertThat(file).hasContent("new");
        assertThat(names()).containsExactly("policy.json");
    }

    @Test
    void missingParentDirectoriesAreCreated() throws IOException {
        Path file = dir.resolve("trust").resolve("reviewers.json");
        AtomicFiles.replace(file, utf8("{}"));
        assertThat(file).hasContent("{}");
    }

    @Test
    void streamedContentMayCloseItsStream() throws IOException {
        Path file = dir.resolve("bundle.zip");
        AtomicFiles.replace(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("index.json"));
                zip.write(utf8("{}"));
                zip.closeEntry();
            }
        });
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("index.json");
            assertThat(new String(zip.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
        }
    }

    @Test
    void creatingANewFileRefusesAnExistingOneAndLeavesItAlone() throws IOException {
        Path file = dir.resolve("approval.sigstore.json");
        AtomicFiles.createNew(file, utf8("first"));
        assertThatThrownBy(() -> AtomicFiles.createNew(file, utf8("second")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(file).hasContent("first");
        assertThat(names()).containsExactly("approval.sigstore.json");
    }

    @Test
    void aSecretIsOwnerOnlyFromItsFirstByte() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path key = dir.resolve("reviewer.key");
        AtomicFiles.createNew(key, utf8("secret"), AtomicFiles.OWNER_ONLY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        Path pub = dir.resolve("reviewer.pub");
        AtomicFiles.createNew(pub, utf8("public"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pub))).isEqualTo("rw-r--r--");

        Path credentials = dir.resolve("credentials.properties");
        Files.writeString(credentials, "OLD=1\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFiles.replace(credentials, utf8("NEW=2\n"), AtomicFiles.OWNER_ONLY);
        assertThat(credentials).hasContent("NEW=2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
    }

    @Test
    void aWriteThatFailsLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("trust.json");
        Files.writeString(file, "the old store");
        assertThatThrownBy(() -> AtomicFiles.replace(file, out -> {
            out.write(utf8("half of the new"));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(file).hasContent("the old store");
        assertThat(names()).containsExactly("trust.json");
    }
}
