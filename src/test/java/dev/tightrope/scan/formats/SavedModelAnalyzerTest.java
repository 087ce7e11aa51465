package dev.tightrope.scan.formats;

import dev.tightrope.scan.Verdict;
import org.junit.jupiter.api.Test;

import static dev.tightrope.scan.formats.ProtoWriter.proto;
import static org.assertj.core.api.Assertions.assertThat;

class SavedModelAnalyzerTest {
    private final SavedModelAnalyzer analyzer = new SavedModelAnalyzer();

    private static ProtoWriter node(String name, String op) {
        return proto().string(1, name).string(2, op).string(3, "input:0");
    }

    private static ProtoWriter attr(String key, String stringValue) {
        return proto().string(1, key).message(2, proto().string(2, stringValue));
    }

    private static ProtoWriter function(String name, ProtoWriter... nodes) {
        ProtoWriter f = proto().message(1, proto().string(1, name));
        for (ProtoWriter n : nodes) {
            f.message(3, n);
        }
        return f;
    }

    /** saved_model.pb: schema version 1, one MetaGraphDef with meta_info_def, graph_def(nodes, library). */
    private static byte[] savedModel(ProtoWriter[] nodes, ProtoWriter... functions) {
        ProtoWriter graph = proto();
        for (ProtoWriter n : nodes) {
            graph.message(1, n);
        }
        ProtoWriter library = proto();
        for (ProtoWriter f : functions) {
            library.message(1, f);
        }
        graph.message(2, library).message(4, proto().varint(1, 1808).varint(2, 12));
        ProtoWriter meta = proto().message(1, proto().string(4, "serve").string(5, "2.15.0"))
                .message(2, graph);
        return proto().varint(1, 1).message(2, meta).build();
    }

    private RecordingContext scan(byte[] bytes) {
        return Scans.bytes(analyzer, "saved_model.pb", bytes);
    }

    private static byte[] benign() {
        return savedModel(new ProtoWriter[] {
            node("serving_default_input", "Placeholder"),
            node("StatefulPartitionedCall", "StatefulPartitionedCall"),
            node("saver_filename", "Placeholder"),
            node("StatefulPartitionedCall_1", "__inference__traced_save_120")},
            function("__inference_serving_default_90", node("dense/MatMul", "MatMul"), node("dense/BiasAdd", "BiasAdd"),
                    node("dense/Relu", "Relu"), node("ReadVariableOp", "ReadVariableOp")),
            function("__inference__traced_save_120", node("DisableCopyOnRead", "DisableCopyOnRead"),
                    node("StaticRegexFullMatch", "StaticRegexFullMatch"), node("SaveV2", "SaveV2"),
                    node("MergeV2Checkpoints", "MergeV2Checkpoints"), node("ShardedFilename", "ShardedFilename")));
    }

    @Test
    void savedModelWithStandardOpsAndLibraryFunctionsIsSafe() {
        byte[] file = benign();
        assertThat(Scans.recognizes(analyzer, "saved_model.pb", file)).isTrue();
        assertThat(scan(file).findings).isEmpty();
    }

    @Test
    void readFileInTheMainGraphIsDangerous() {
        RecordingContext result = scan(savedModel(new ProtoWriter[] {node("path", "Const"), node("steal", "ReadFile")}));
        assertThat(result.first("tf.file-access-op").evidence()).isEqualTo("ReadFile at meta_graphs[0].graph_def.node[1] (steal)");
    }

    @Test
    void writeFileInsideALibraryFunctionIsDangerous() {
        RecordingContext result = scan(savedModel(new ProtoWriter[] {node("call", "StatefulPartitionedCall")},
                function("__inference_call_7", node("drop", "WriteFile"))));
        assertThat(result.first("tf.file-access-op").evidence()).contains("WriteFile", "function __inference_call_7.node_def[0]");
    }

    @Test
    void pyFuncAndRemoteCallAreDangerous() {
        RecordingContext result = scan(savedModel(new ProtoWriter[] {node("p", "EagerPyFunc"), node("r", "RemoteCall")}));
        assertThat(result.ruleIds()).containsExactlyInAnyOrder("tf.python-callback-op", "tf.network-op");
    }

    @Test
    void printV2ToAFileIsDangerousButToStderrIsNot() {
        ProtoWriter toFile = node("print", "PrintV2").message(5, attr("output_stream", "file:///home/user/.bashrc"));
        ProtoWriter toStderr = node("print2", "PrintV2").message(5, attr("output_stream", "stderr"));
        assertThat(scan(savedModel(new ProtoWriter[] {toStderr})).findings).isEmpty();
        RecordingContext result = scan(savedModel(new ProtoWriter[] {toStderr, toFile}));
        assertThat(result.first("tf.file-access-op").evidence()).contains("file:///home/user/.bashrc");
    }

    @Test
    void opOutsideTfRawOpsIsSuspicious() {
        RecordingContext result = scan(savedModel(new ProtoWriter[] {node("a", "KestrelFraudScore"), node("b", "KestrelFraudScore")}));
        assertThat(result.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(result.first("tf.unknown-op").evidence()).isEqualTo("KestrelFraudScore at meta_graphs[0].graph_def.node[0] (a) (2 nodes)");
    }

    @Test
    void kerasMetadataWithALambdaLayerIsDangerous() {
        String metadata = "{\"name\": \"lambda\", \"trainable\": true, \"class_name\": \"Lambda\", \"config\": {\"function\": [\"4wEA\", null, null]}}";
        byte[] file = proto().message(1, proto().message(1, proto().varint(1, 2).varint(2, 1)).varint(2, 1)
                        .string(3, "root.layer-1").string(4, "_tf_keras_layer").string(5, metadata))
                .build();
        assertThat(Scans.recognizes(analyzer, "keras_metadata.pb", file)).isTrue();
        RecordingContext result = Scans.bytes(analyzer, "keras_metadata.pb", file);
        assertThat(result.first("keras.lambda-layer").evidence()).startsWith("/nodes/0(root.layer-1)/metadata");
    }

    @Test
    void kerasJsonInTheObjectGraphIsCheckedToo() {
        String metadata = "{\"class_name\": \"Lambda\", \"config\": {}}";
        ProtoWriter objectGraph = proto().message(1, proto().message(4, proto().string(1, "_tf_keras_layer").string(3, metadata)));
        byte[] file = proto().varint(1, 1).message(2, proto().message(1, proto().string(4, "serve")).message(7, objectGraph)).build();
        assertThat(scan(file).ruleIds()).containsExactly("keras.lambda-layer");
    }

    @Test
    void lengthRunningPastTheEndIsInvalid() {
        byte[] file = proto().varint(1, 1).lyingLength(2, 5000, proto().message(1, proto().string(4, "serve")).build()).build();
        assertThat(scan(file).ruleIds()).containsExactly("tf.malformed");
    }

    @Test
    void onnxModelIsNotClaimedAsSavedModel() {
        byte[] onnx = Scans.fixture("benign.onnx");
        assertThat(Scans.recognizes(analyzer, "saved_model.pb", onnx)).isFalse();
    }
}
