package dev.tightrope.scan.formats;

import dev.tightrope.scan.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.tightrope.scan.formats.ProtoWriter.proto;
import static org.assertj.core.api.Assertions.assertThat;

class OnnxAnalyzerTest {
    private final OnnxAnalyzer analyzer = new OnnxAnalyzer();

    static ProtoWriter node(String domain, String op) {
        ProtoWriter n = proto().string(1, "x").string(2, "y").string(3, op.toLowerCase()).string(4, op);
        return domain.isEmpty() ? n : n.string(7, domain);
    }

    /** TensorProto with data_location EXTERNAL and the given key/value entries. */
    static ProtoWriter externalTensor(String name, String... keyValues) {
        ProtoWriter t = proto().varint(1, 4).varint(2, 1).string(8, name);
        for (int i = 0; i < keyValues.length; i += 2) {
            t.message(13, proto().string(1, keyValues[i]).string(2, keyValues[i + 1]));
        }
        return t.varint(14, 1);
    }

    static ProtoWriter graph(ProtoWriter[] nodes, ProtoWriter... initializers) {
        ProtoWriter g = proto();
        for (ProtoWriter n : nodes) {
            g.message(1, n);
        }
        g.string(2, "g");
        for (ProtoWriter t : initializers) {
            g.message(5, t);
        }
        return g;
    }

    static byte[] model(ProtoWriter graph, String... domains) {
        ProtoWriter m = proto().varint(1, 8).string(2, "pytorch").string(3, "2.1.0").message(7, graph);
        for (String d : domains) {
            m.message(8, proto().string(1, d).varint(2, d.isEmpty() ? 17 : 1));
        }
        return m.build();
    }

    private static byte[] withExternal(String... keyValues) {
        return model(graph(new ProtoWriter[] {node("", "Relu")}, externalTensor("fc.weight", keyValues)), "");
    }

    private RecordingContext scanIn(Path dir, byte[] model) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, model);
        return Scans.file(analyzer, file);
    }

    @Test
    void modelSavedByTheOnnxPackageIsSafe(@TempDir Path dir) {
        Path file = Scans.copyFixture("benign.onnx", dir);
        assertThat(Scans.recognizes(analyzer, "model.bin", Scans.fixture("benign.onnx"))).isTrue();
        assertThat(Scans.file(analyzer, file).findings).isEmpty();
    }

    @Test
    void externalDataSavedByTheOnnxPackageIsSafe(@TempDir Path dir) {
        Scans.copyFixture("benign-external/model.onnx.data", dir);
        Path model = Scans.copyFixture("benign-external/model.onnx", dir);
        assertThat(Scans.file(analyzer, model).findings).isEmpty();
    }

    @Test
    void subgraphsAndTheMlDomainAreSafe(@TempDir Path dir) {
        assertThat(Scans.file(analyzer, Scans.copyFixture("benign-subgraph.onnx", dir)).findings).isEmpty();
    }

    @Test
    void locationClimbingOutOfTheModelDirectoryIsDangerousCve202225882(@TempDir Path dir) throws IOException {
        RecordingContext result = scanIn(dir, withExternal("location", "../../etc/passwd"));
        assertThat(result.first("onnx.external-data-escape").evidence()).contains("fc.weight", "location=../../etc/passwd");
        assertThat(result.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "\\windows\\win.ini", "C:\\Windows\\win.ini", "c:data.bin",
        "\\\\attacker\\share\\w.bin", "//attacker/share/w.bin", "data\0.bin", "sub/../../x", "..\\secret", "", "."})
    void absoluteDriveUncNulAndTraversalLocationsAreDangerousCve202427318(String location, @TempDir Path dir) throws IOException {
        RecordingContext result = scanIn(dir, withExternal("location", location));
        assertThat(result.ruleIds()).contains("onnx.external-data-escape");
    }

    @Test
    void locationThatStaysInsideAfterNormalisationIsAccepted(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("weights"));
        Files.write(dir.resolve("weights/w.bin"), new byte[64]);
        RecordingContext result = scanIn(dir, withExternal("location", "weights/../weights/./w.bin", "offset", "0", "length", "64"));
        assertThat(result.findings).isEmpty();
    }

    @Test
    void locationThroughASymlinkIsDangerousCve202627489(@TempDir Path dir) throws IOException {
        Path outside = Files.createTempFile("secret", ".txt");
        try {
            Files.createSymbolicLink(dir.resolve("weights.bin"), outside);
            RecordingContext result = scanIn(dir, withExternal("location", "weights.bin"));
            assertThat(result.first("onnx.external-data-symlink").verdict()).isEqualTo(Verdict.DANGEROUS);
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void directorySymlinkOnTheWayIsDangerousToo(@TempDir Path dir) throws IOException {
        Path elsewhere = Files.createTempDirectory("elsewhere");
        try {
            Files.write(elsewhere.resolve("w.bin"), new byte[8]);
            Files.createSymbolicLink(dir.resolve("data"), elsewhere);
            assertThat(scanIn(dir, withExternal("location", "data/w.bin")).ruleIds()).contains("onnx.external-data-symlink");
        } finally {
            Files.delete(elsewhere.resolve("w.bin"));
            Files.delete(elsewhere);
        }
    }

    @Test
    void extraExternalDataKeysAreDangerousCve202634445(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("w.bin"), new byte[16]);
        RecordingContext result = scanIn(dir, withExternal("location", "w.bin", "basepath", "/etc"));
        assertThat(result.first("onnx.external-data-key").evidence()).contains("basepath=/etc");
    }

    @Test
    void repeatedLocationKeyIsDangerous(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("w.bin"), new byte[16]);
        RecordingContext result = scanIn(dir, withExternal("location", "w.bin", "location", "../../etc/shadow"));
        assertThat(result.first("onnx.external-data-key").message()).contains("repeated");
    }

    @Test
    void rangeOutsideTheDataFileIsDangerous(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("w.bin"), new byte[16]);
        RecordingContext result = scanIn(dir, withExternal("location", "w.bin", "offset", "8", "length", "16"));
        assertThat(result.first("onnx.external-data-out-of-bounds").evidence()).contains("offset=8 length=16 file=16");
    }

    @Test
    void malformedOffsetIsInvalid(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("w.bin"), new byte[16]);
        assertThat(scanIn(dir, withExternal("location", "w.bin", "offset", "-4")).ruleIds()).containsExactly("onnx.external-data-invalid");
    }

    @Test
    void missingDataFileIsSuspicious(@TempDir Path dir) throws IOException {
        RecordingContext result = scanIn(dir, withExternal("location", "absent.bin"));
        assertThat(result.ruleIds()).containsExactly("onnx.external-data-missing");
    }

    @Test
    void externalDataOfAModelInsideAnArchiveCannotBeVerified() {
        RecordingContext result = Scans.bytes(analyzer, "bundle.zip/model.onnx", withExternal("location", "w.bin"));
        assertThat(result.ruleIds()).containsExactly("onnx.external-data-unverified");
    }

    @Test
    void escapeHiddenInAnIfBranchSubgraphIsFound(@TempDir Path dir) throws IOException {
        ProtoWriter constant = node("", "Constant").message(5, proto().string(1, "value").message(5,
                externalTensor("c", "location", "../outside.bin")).varint(20, 4));
        ProtoWriter branch = graph(new ProtoWriter[] {constant});
        ProtoWriter ifNode = node("", "If").message(5, proto().string(1, "then_branch").message(6, branch).varint(20, 5));
        RecordingContext result = scanIn(dir, model(graph(new ProtoWriter[] {ifNode}), ""));
        assertThat(result.first("onnx.external-data-escape").evidence()).contains("If", "subgraph");
    }

    @Test
    void customOperatorDomainIsSuspicious() {
        byte[] file = model(graph(new ProtoWriter[] {node("", "Relu"), node("kestrel.ops", "FraudScore")}), "", "kestrel.ops");
        RecordingContext result = Scans.bytes(analyzer, "model.onnx", file);
        assertThat(result.first("onnx.custom-domain").evidence()).contains("kestrel.ops");
        assertThat(result.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void microsoftContribDomainIsSuspiciousWithAPolicyNote() {
        byte[] file = model(graph(new ProtoWriter[] {node("com.microsoft", "FusedMatMul")}), "", "com.microsoft");
        assertThat(Scans.bytes(analyzer, "model.onnx", file).first("onnx.vendor-domain").message()).contains("policy");
    }

    @Test
    void nodeInAnUndeclaredDomainIsInvalid() {
        byte[] file = model(graph(new ProtoWriter[] {node("ai.onnx.ml", "TreeEnsembleClassifier")}), "");
        assertThat(Scans.bytes(analyzer, "model.onnx", file).first("onnx.undeclared-domain").evidence())
                .contains("TreeEnsembleClassifier");
    }

    @Test
    void localFunctionDomainIsNotACustomOpLibrary() {
        ProtoWriter function = proto().string(1, "Swish").string(4, "x").string(5, "y")
                .message(7, node("", "Sigmoid")).message(7, node("", "Mul"))
                .message(9, proto().string(1, "").varint(2, 17)).string(10, "kestrel.local");
        byte[] file = proto().varint(1, 8).message(7, graph(new ProtoWriter[] {node("kestrel.local", "Swish")}))
                .message(8, proto().string(1, "").varint(2, 17)).message(8, proto().string(1, "kestrel.local").varint(2, 1))
                .message(25, function).build();
        assertThat(Scans.bytes(analyzer, "model.onnx", file).findings).isEmpty();
    }

    @Test
    void functionBodyUsingADomainItDoesNotImportIsInvalid() {
        ProtoWriter function = proto().string(1, "F").message(7, node("com.acme", "X"))
                .message(9, proto().string(1, "").varint(2, 17)).string(10, "local");
        byte[] file = proto().varint(1, 8).message(7, graph(new ProtoWriter[] {node("local", "F")}))
                .message(8, proto().string(1, "").varint(2, 17)).message(8, proto().string(1, "local").varint(2, 1))
                .message(25, function).build();
        assertThat(Scans.bytes(analyzer, "model.onnx", file).first("onnx.undeclared-domain").message()).contains("function local:F");
    }

    @Test
    void truncatedModelIsInvalidNotACrash() {
        byte[] full = Scans.fixture("benign.onnx");
        RecordingContext result = Scans.bytes(analyzer, "model.onnx", java.util.Arrays.copyOf(full, full.length / 2));
        assertThat(result.ruleIds()).contains("onnx.malformed");
    }

    @Test
    void savedModelIsNotClaimedAsOnnx() {
        byte[] savedModel = proto().varint(1, 1).message(2, proto().message(1, proto().string(4, "serve"))).build();
        assertThat(Scans.recognizes(analyzer, "model.onnx", savedModel)).isFalse();
        assertThat(Scans.recognizes(analyzer, "model.onnx", "hello world, not protobuf".getBytes())).isFalse();
    }
}
