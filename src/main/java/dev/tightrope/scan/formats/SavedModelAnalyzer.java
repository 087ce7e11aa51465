package dev.tightrope.scan.formats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TensorFlow SavedModel protobufs, read with a hand-written wire-format walker (no protobuf-java,
 * no TensorFlow):
 * <ul>
 *   <li>{@code saved_model.pb}: every op of {@code meta_graphs(2).graph_def(2).node(1).op(2)} and of
 *       {@code graph_def.library(2).function(1).node_def(3)}, classified by {@link TfOps}; ops that
 *       are neither tf.raw_ops nor functions of the library are SUSPICIOUS. Keras JSON kept in
 *       {@code object_graph_def(7).nodes(1).user_object(4).metadata(3)} gets {@link KerasConfigRules}.</li>
 *   <li>{@code keras_metadata.pb} ({@code SavedMetadata}): the JSON {@code metadata(5)} of every node
 *       gets {@link KerasConfigRules}, so a Lambda layer is DANGEROUS here too.</li>
 * </ul>
 */
public final class SavedModelAnalyzer implements FormatAnalyzer {
    private static final int MAX_OP_NAME = 1024;
    private static final int MAX_NODE_NAME = 4096;
    private static final int MAX_ATTR_STRING = 4096;

    @Override
    public ModelFormat format() {
        return ModelFormat.TF_SAVEDMODEL;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        return ProtoSniff.looksLikeSavedModel(head, headLength) || looksLikeKerasMetadata(head, headLength);
    }

    /** SavedMetadata: repeated SavedObject(1) whose identifiers are "_tf_keras_*". */
    static boolean looksLikeKerasMetadata(byte[] head, int length) {
        return length > 4 && head[0] == 0x0a && ProtoSniff.containsAscii(head, length, "_tf_keras_");
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        FindingBudget findings = new FindingBudget(context);
        InputCursor cursor = new InputCursor(input, "tf.malformed");
        try {
            int probe = (int) Math.min(input.size(), 64 * 1024);
            byte[] head = input.readFully(0, probe);
            if (!ProtoSniff.looksLikeSavedModel(head, probe) && looksLikeKerasMetadata(head, probe)) {
                walkKerasMetadata(ProtoReader.of(cursor, "tf.malformed"), findings);
            } else {
                new GraphWalk(findings).run(ProtoReader.of(cursor, "tf.malformed"));
            }
        } catch (FormatViolation v) {
            findings.report(v.ruleId(), Verdict.INVALID, v.getMessage(), v.evidence(), v.offset());
        } finally {
            findings.flush();
        }
    }

    private static void walkKerasMetadata(ProtoReader top, FindingBudget findings) throws IOException, FormatViolation {
        int index = 0;
        while (top.next()) {
            if (top.field() == 1 && top.wireType() == ProtoReader.LEN) {
                ProtoReader node = top.message();
                String path = null;
                while (node.next()) {
                    if (node.field() == 3 && node.wireType() == ProtoReader.LEN) {
                        path = node.stringUpTo(MAX_NODE_NAME);
                    } else if (node.field() == 5 && node.wireType() == ProtoReader.LEN) {
                        long at = node.tagOffset();
                        byte[] json = node.bytes((int) StrictJson.MAX_DOCUMENT);
                        checkKerasJson(json, "/nodes/" + index + (path == null ? "" : "(" + path + ")") + "/metadata", at, findings);
                    } else {
                        node.skip();
                    }
                }
                index++;
                if ((index & 0xFF) == 0) {
                    findings.context().checkDeadline();
                }
            } else {
                top.skip();
            }
        }
    }

    private static void checkKerasJson(byte[] json, String pointer, long at, FindingBudget findings) throws IOException {
        if (json.length == 0) {
            return;
        }
        JsonNode root = StrictJson.readTree(new ByteArrayInputStream(json), "keras", findings, at);
        if (root != null) {
            KerasConfigRules.check(root, pointer, findings);
        }
    }

    private record OpUse(String where, long offset) {
    }

    /** Collects op uses and library function names, then classifies once the whole graph is known. */
    private static final class GraphWalk {
        private final FindingBudget findings;
        private final Map<String, OpUse> firstUse = new LinkedHashMap<>();
        private final Map<String, Integer> useCount = new LinkedHashMap<>();
        private final Set<String> functions = new HashSet<>();
        private final List<OpUse> printToFile = new ArrayList<>();
        private long nodes;

        GraphWalk(FindingBudget findings) {
            this.findings = findings;
        }

        void run(ProtoReader top) throws IOException, FormatViolation {
            int meta = 0;
            while (top.next()) {
                if (top.field() == 2 && top.wireType() == ProtoReader.LEN) {
                    metaGraph(top.message(), "meta_graphs[" + meta++ + "]");
                } else {
                    top.skip();
                }
            }
            classify();
        }

        private void metaGraph(ProtoReader r, String where) throws IOException, FormatViolation {
            while (r.next()) {
                if (r.field() == 2 && r.wireType() == ProtoReader.LEN) {
                    graph(r.message(), where + ".graph_def");
                } else if (r.field() == 7 && r.wireType() == ProtoReader.LEN) {
                    objectGraph(r.message(), where + ".object_graph_def");
                } else {
                    r.skip();
                }
            }
        }

        private void graph(ProtoReader r, String where) throws IOException, FormatViolation {
            int index = 0;
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                    node(r.message(), where + ".node[" + index++ + "]");
                } else if (r.field() == 2 && r.wireType() == ProtoReader.LEN) {
                    library(r.message(), where + ".library");
                } else {
                    r.skip();
                }
            }
        }

        private void library(ProtoReader r, String where) throws IOException, FormatViolation {
            int index = 0;
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                    function(r.message(), where + ".function[" + index++ + "]");
                } else {
                    r.skip();
                }
            }
        }

        private void function(ProtoReader r, String where) throws IOException, FormatViolation {
            String name = null;
            int index = 0;
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                    ProtoReader signature = r.message();
                    while (signature.next()) {
                        if (signature.field() == 1 && signature.wireType() == ProtoReader.LEN) {
                            name = signature.stringUpTo(MAX_NODE_NAME);
                            if (name != null) {
                                functions.add(name);
                            }
                        } else {
                            signature.skip();
                        }
                    }
                } else if (r.field() == 3 && r.wireType() == ProtoReader.LEN) {
                    node(r.message(), (name == null ? where : "function " + name) + ".node_def[" + index++ + "]");
                } else {
                    r.skip();
                }
            }
        }

        private void node(ProtoReader r, String where) throws IOException, FormatViolation {
            if ((++nodes & 0x3FF) == 0) {
                findings.context().checkDeadline();
            }
            String name = null;
            String op = null;
            long opOffset = -1;
            String outputStream = null;
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                    name = r.stringUpTo(MAX_NODE_NAME);
                } else if (r.field() == 2 && r.wireType() == ProtoReader.LEN) {
                    opOffset = r.tagOffset();
                    op = r.string(MAX_OP_NAME);
                } else if (r.field() == 5 && r.wireType() == ProtoReader.LEN) {
                    String stream = outputStreamAttr(r.message());
                    if (stream != null) {
                        outputStream = stream;
                    }
                } else {
                    r.skip();
                }
            }
            if (op == null) {
                return;
            }
            String label = where + (name == null ? "" : " (" + name + ")");
            firstUse.putIfAbsent(op, new OpUse(label, opOffset));
            useCount.merge(op, 1, Integer::sum);
            if (op.equals("PrintV2") && outputStream != null && outputStream.startsWith("file://")) {
                printToFile.add(new OpUse(label + " output_stream=" + outputStream, opOffset));
            }
        }

        /** NodeDef.attr map entry: key(1), AttrValue(2) whose s(2) is the PrintV2 output stream. */
        private String outputStreamAttr(ProtoReader entry) throws IOException, FormatViolation {
            String key = null;
            String value = null;
            while (entry.next()) {
                if (entry.field() == 1 && entry.wireType() == ProtoReader.LEN) {
                    key = entry.stringUpTo(MAX_ATTR_STRING);
                } else if (entry.field() == 2 && entry.wireType() == ProtoReader.LEN) {
                    ProtoReader attr = entry.message();
                    while (attr.next()) {
                        if (attr.field() == 2 && attr.wireType() == ProtoReader.LEN) {
                            byte[] raw = attr.bytes(1 << 20);
                            value = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
                        } else {
                            attr.skip();
                        }
                    }
                } else {
                    entry.skip();
                }
            }
            return "output_stream".equals(key) ? value : null;
        }

        /** SavedObjectGraph.nodes(1).user_object(4).metadata(3): Keras JSON in TF 2.0-2.4 SavedModels. */
        private void objectGraph(ProtoReader r, String where) throws IOException, FormatViolation {
            int index = 0;
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                    ProtoReader object = r.message();
                    while (object.next()) {
                        if (object.field() == 4 && object.wireType() == ProtoReader.LEN) {
                            ProtoReader user = object.message();
                            while (user.next()) {
                                if (user.field() == 3 && user.wireType() == ProtoReader.LEN) {
                                    long at = user.tagOffset();
                                    checkKerasJson(user.bytes((int) StrictJson.MAX_DOCUMENT),
                                            "/" + where + "/nodes/" + index + "/user_object/metadata", at, findings);
                                } else {
                                    user.skip();
                                }
                            }
                        } else {
                            object.skip();
                        }
                    }
                    index++;
                } else {
                    r.skip();
                }
            }
        }

        private void classify() {
            for (Map.Entry<String, OpUse> e : firstUse.entrySet()) {
                String op = e.getKey();
                OpUse use = e.getValue();
                String evidence = op + " at " + use.where() + countSuffix(useCount.get(op));
                TfOps.Category category = TfOps.dangerous(op);
                if (category != null) {
                    switch (category) {
                        case FILE_ACCESS -> findings.report("tf.file-access-op", Verdict.DANGEROUS,
                                "op " + op + " reads or writes files chosen at run time when the model runs", evidence, use.offset());
                        case PYTHON_CALLBACK -> findings.report("tf.python-callback-op", Verdict.DANGEROUS,
                                "op " + op + " calls back into Python", evidence, use.offset());
                        case NETWORK -> findings.report("tf.network-op", Verdict.DANGEROUS,
                                "op " + op + " talks to other hosts when the model runs", evidence, use.offset());
                    }
                } else if (!TfOps.known(op) && !functions.contains(op)) {
                    findings.report("tf.unknown-op", Verdict.SUSPICIOUS,
                            "op " + op + " is not a tf.raw_ops op nor a function of the graph library (custom kernel library?)",
                            evidence, use.offset());
                }
            }
            for (OpUse use : printToFile) {
                findings.report("tf.file-access-op", Verdict.DANGEROUS, "PrintV2 writes to a file path when the model runs",
                        "PrintV2 at " + use.where(), use.offset());
            }
        }

        private static String countSuffix(int count) {
            return count > 1 ? " (" + count + " nodes)" : "";
        }
    }
}
