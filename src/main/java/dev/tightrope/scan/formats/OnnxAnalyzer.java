package dev.tightrope.scan.formats;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ONNX {@code ModelProto}, walked with the wire-format reader: opset imports, every node's domain
 * (main graph, subgraphs in If/Loop/Scan attributes, training graphs, model-local functions) and
 * every tensor's external-data entries. Tensor payloads ({@code raw_data}) are skipped unread.
 *
 * <p>External data (onnx#5917; CVE-2022-25882, CVE-2024-27318 traversal, CVE-2026-27489 symlinks,
 * CVE-2026-34445 extra keys) must name a relative path that stays inside the model directory, with
 * no symlink on the way, only the keys {@code location offset length checksum}, and a range inside
 * the file. Domains other than the ONNX ones load native custom-op libraries: SUSPICIOUS.
 *
 * <p>Recognition: the leading fields parse as a ModelProto (known field numbers and wire types,
 * {@code ir_version} 1-100 or a graph) and are not the SavedModel shape (whose field 2 is a nested
 * message, where ONNX has the producer name).
 */
public final class OnnxAnalyzer implements FormatAnalyzer {
    private static final Set<String> STANDARD_DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml", "ai.onnx.preview.training");
    private static final Set<String> EXTERNAL_KEYS = Set.of("location", "offset", "length", "checksum");
    private static final Map<Integer, Integer> MODEL_FIELDS = Map.ofEntries(
            Map.entry(1, ProtoReader.VARINT), Map.entry(2, ProtoReader.LEN), Map.entry(3, ProtoReader.LEN),
            Map.entry(4, ProtoReader.LEN), Map.entry(5, ProtoReader.VARINT), Map.entry(6, ProtoReader.LEN),
            Map.entry(7, ProtoReader.LEN), Map.entry(8, ProtoReader.LEN), Map.entry(14, ProtoReader.LEN),
            Map.entry(20, ProtoReader.LEN), Map.entry(25, ProtoReader.LEN));
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final int MAX_GRAPH_NESTING = 32;
    private static final int MAX_NAME = 64 * 1024;

    @Override
    public ModelFormat format() {
        return ModelFormat.ONNX;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        List<ProtoSniff.Field> fields = ProtoSniff.fields(head, 0, headLength, 16);
        if (fields.isEmpty() || ProtoSniff.looksLikeSavedModel(head, headLength)) {
            return false;
        }
        boolean anchored = false;
        for (ProtoSniff.Field f : fields) {
            Integer wire = MODEL_FIELDS.get(f.number());
            if (wire == null || wire != f.wireType()) {
                return false;
            }
            if (f.wireType() == ProtoReader.LEN && f.payloadLength() > size) {
                return false;
            }
            if (f.number() == 1) {
                if (f.value() < 1 || f.value() > 100) {
                    return false;
                }
                anchored = true;
            }
            if (f.number() == 7) {
                anchored = true;
            }
        }
        return anchored && (fields.size() >= 2 || fields.get(0).number() == 7
                || (name != null && name.endsWith(".onnx")));
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        FindingBudget findings = new FindingBudget(context);
        Walk walk = new Walk(findings, context.baseDirectory());
        try {
            walk.model(ProtoReader.of(new InputCursor(input, "onnx.malformed"), "onnx.malformed"));
        } catch (FormatViolation v) {
            findings.report(v.ruleId(), Verdict.INVALID, v.getMessage(), v.evidence(), v.offset());
        } finally {
            findings.flush();
        }
    }

    private record NodeUse(String where, long offset) {
    }

    /** Nodes of one scope (the model, or one local function) and the domains that scope imports. */
    private static final class Scope {
        String name;
        final Set<String> imported = new HashSet<>();
        final Map<String, NodeUse> firstUseByDomain = new LinkedHashMap<>();
        final Map<String, Long> importOffsets = new LinkedHashMap<>();

        Scope(String name) {
            this.name = name;
        }
    }

    private static final class Walk {
        private final FindingBudget findings;
        private final Path baseDirectory;
        private final Scope model = new Scope("model");
        private final List<Scope> functions = new ArrayList<>();
        private final Set<String> functionDomains = new HashSet<>();
        private final Map<String, Boolean> checkedLocations = new HashMap<>();
        private boolean irVersionSeen;
        private boolean unverifiedReported;
        private long items;

        Walk(FindingBudget findings, Path baseDirectory) {
            this.findings = findings;
            this.baseDirectory = baseDirectory;
        }

        void model(ProtoReader r) throws IOException, FormatViolation {
            int training = 0;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> {
                        if (r.wireType() == ProtoReader.VARINT) {
                            r.varint();
                            irVersionSeen = true;
                        } else {
                            r.skip();
                        }
                    }
                    case 7 -> graph(lenMessage(r), "graph", model, 0);
                    case 8 -> opset(lenMessage(r), model, r.tagOffset());
                    case 20 -> trainingInfo(lenMessage(r), "training_info[" + training++ + "]");
                    case 25 -> function(lenMessage(r));
                    default -> r.skip();
                }
            }
            if (!irVersionSeen) {
                findings.report("onnx.ir-version", Verdict.INVALID, "ModelProto has no ir_version", "", 0);
            }
            checkDomains(model);
            for (Scope f : functions) {
                checkDomains(f);
            }
        }

        private ProtoReader lenMessage(ProtoReader r) throws IOException, FormatViolation {
            if (r.wireType() != ProtoReader.LEN) {
                throw r.violation("field " + r.field() + " must be a message", r.tagOffset());
            }
            return r.message();
        }

        private void opset(ProtoReader r, Scope scope, long offset) throws IOException, FormatViolation {
            String domain = "";
            while (r.next()) {
                if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                    domain = r.string(MAX_NAME);
                } else {
                    r.skip();
                }
            }
            scope.imported.add(domain);
            scope.importOffsets.putIfAbsent(domain, offset);
        }

        private void trainingInfo(ProtoReader r, String where) throws IOException, FormatViolation {
            while (r.next()) {
                if ((r.field() == 1 || r.field() == 2) && r.wireType() == ProtoReader.LEN) {
                    graph(r.message(), where + (r.field() == 1 ? ".initialization" : ".algorithm"), model, 1);
                } else {
                    r.skip();
                }
            }
        }

        private void function(ProtoReader r) throws IOException, FormatViolation {
            Scope scope = new Scope("function");
            String name = null;
            String domain = "";
            int index = 0;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> name = r.wireType() == ProtoReader.LEN ? r.string(MAX_NAME) : skipNull(r);
                    case 7 -> node(r.tagOffset(), lenMessage(r), "function node[" + index++ + "]", scope, 1);
                    case 9 -> opset(lenMessage(r), scope, r.tagOffset());
                    case 10 -> domain = r.wireType() == ProtoReader.LEN ? r.string(MAX_NAME) : nullToEmpty(skipNull(r));
                    default -> r.skip();
                }
            }
            scope.name = "function " + domain + ":" + name;
            functions.add(scope);
            functionDomains.add(domain);
        }

        private static String skipNull(ProtoReader r) throws IOException, FormatViolation {
            r.skip();
            return null;
        }

        private static String nullToEmpty(String s) {
            return s == null ? "" : s;
        }

        private void graph(ProtoReader r, String where, Scope scope, int nesting) throws IOException, FormatViolation {
            if (nesting > MAX_GRAPH_NESTING) {
                findings.report("onnx.not-scanned", Verdict.SUSPICIOUS, "subgraphs nested deeper than "
                        + MAX_GRAPH_NESTING + " levels; the rest was not scanned", where, -1);
                return;
            }
            int nodeIndex = 0;
            int tensorIndex = 0;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> node(r.tagOffset(), lenMessage(r), where + ".node[" + nodeIndex++ + "]", scope, nesting);
                    case 5 -> tensor(r.tagOffset(), lenMessage(r), where + ".initializer[" + tensorIndex++ + "]");
                    case 15 -> sparseTensor(lenMessage(r), where + ".sparse_initializer");
                    default -> r.skip();
                }
            }
        }

        private void node(long start, ProtoReader r, String where, Scope scope, int nesting) throws IOException, FormatViolation {
            if ((++items & 0x3FF) == 0) {
                findings.context().checkDeadline();
            }
            String domain = "";
            String opType = null;
            List<ProtoReader> attributes = new ArrayList<>();
            while (r.next()) {
                if (r.field() == 4 && r.wireType() == ProtoReader.LEN) {
                    opType = r.string(MAX_NAME);
                } else if (r.field() == 7 && r.wireType() == ProtoReader.LEN) {
                    domain = r.string(MAX_NAME);
                } else if (r.field() == 5 && r.wireType() == ProtoReader.LEN) {
                    attributes.add(r.message());
                } else {
                    r.skip();
                }
            }
            String label = where + " " + (domain.isEmpty() ? "" : domain + ":") + opType;
            scope.firstUseByDomain.putIfAbsent(domain, new NodeUse(label, start));
            for (ProtoReader attribute : attributes) {
                attribute(attribute, label, scope, nesting);
            }
        }

        /** AttributeProto: t(5), g(6), tensors(10), graphs(11), sparse_tensor(22), sparse_tensors(23). */
        private void attribute(ProtoReader r, String where, Scope scope, int nesting) throws IOException, FormatViolation {
            while (r.next()) {
                switch (r.field()) {
                    case 5, 10 -> tensor(r.tagOffset(), lenMessage(r), where + " attribute tensor");
                    case 6, 11 -> graph(lenMessage(r), where + " subgraph", scope, nesting + 1);
                    case 22, 23 -> sparseTensor(lenMessage(r), where + " attribute sparse tensor");
                    default -> r.skip();
                }
            }
        }

        private void sparseTensor(ProtoReader r, String where) throws IOException, FormatViolation {
            while (r.next()) {
                if ((r.field() == 1 || r.field() == 2) && r.wireType() == ProtoReader.LEN) {
                    tensor(r.tagOffset(), r.message(), where + (r.field() == 1 ? ".values" : ".indices"));
                } else {
                    r.skip();
                }
            }
        }

        /** TensorProto: name(8), external_data(13) entries of key(1)/value(2), data_location(14). */
        private void tensor(long start, ProtoReader r, String where) throws IOException, FormatViolation {
            String name = null;
            List<String[]> entries = new ArrayList<>();
            boolean external = false;
            while (r.next()) {
                if (r.field() == 8 && r.wireType() == ProtoReader.LEN) {
                    name = r.stringUpTo(MAX_NAME);
                } else if (r.field() == 13 && r.wireType() == ProtoReader.LEN) {
                    ProtoReader entry = r.message();
                    String key = "";
                    String value = "";
                    while (entry.next()) {
                        if (entry.field() == 1 && entry.wireType() == ProtoReader.LEN) {
                            key = entry.string(MAX_NAME);
                        } else if (entry.field() == 2 && entry.wireType() == ProtoReader.LEN) {
                            value = entry.string(MAX_NAME);
                        } else {
                            entry.skip();
                        }
                    }
                    entries.add(new String[] {key, value});
                } else if (r.field() == 14 && r.wireType() == ProtoReader.VARINT) {
                    external = r.varint() == 1;
                } else {
                    r.skip();
                }
            }
            if (external || !entries.isEmpty()) {
                checkExternal(where + (name == null ? "" : " (" + name + ")"), entries, external, start);
            }
        }

        private void checkExternal(String where, List<String[]> entries, boolean external, long offset) {
            Map<String, String> values = new HashMap<>();
            for (String[] kv : entries) {
                if (!EXTERNAL_KEYS.contains(kv[0]) || values.containsKey(kv[0])) {
                    findings.report("onnx.external-data-key", Verdict.DANGEROUS,
                            (values.containsKey(kv[0]) ? "repeated" : "unexpected") + " external_data key: loaders set keys"
                                    + " as attributes, so extra or repeated keys override the checked ones (CVE-2026-34445)",
                            where + " " + kv[0] + "=" + kv[1], offset);
                }
                values.putIfAbsent(kv[0], kv[1]);
            }
            String location = values.get("location");
            if (location == null) {
                if (external) {
                    findings.report("onnx.external-data-invalid", Verdict.INVALID,
                            "tensor stored externally has no location", where, offset);
                }
                return;
            }
            String lexical = lexicalEscape(location);
            if (lexical != null) {
                findings.report("onnx.external-data-escape", Verdict.DANGEROUS, "external data location " + lexical
                        + " (CVE-2022-25882, CVE-2024-27318)", where + " location=" + printable(location), offset);
                return;
            }
            long dataOffset = parseNonNegative(values.get("offset"), where, "offset", offset);
            long dataLength = parseNonNegative(values.get("length"), where, "length", offset);
            if (dataOffset < -1 || dataLength < -1) {
                return;
            }
            checkOnDisk(location, where, dataOffset, dataLength, offset);
        }

        /** A reason the path can leave the model directory by its text alone, or null. */
        private static String lexicalEscape(String location) {
            if (location.isEmpty()) {
                return "is empty";
            }
            if (location.indexOf('\0') >= 0) {
                return "contains a NUL byte";
            }
            if (location.startsWith("\\\\") || location.startsWith("//")) {
                return "is a UNC or network path";
            }
            if (location.startsWith("/") || location.startsWith("\\")) {
                return "is an absolute path";
            }
            if (DRIVE.matcher(location).matches()) {
                return "starts with a drive letter";
            }
            Deque<String> parts = new ArrayDeque<>();
            for (String part : location.split("[/\\\\]")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (parts.isEmpty()) {
                        return "climbs out of the model directory with '..'";
                    }
                    parts.removeLast();
                } else {
                    parts.addLast(part);
                }
            }
            return parts.isEmpty() ? "names the model directory itself" : null;
        }

        /** -1 when absent, -2 after reporting a malformed value. */
        private long parseNonNegative(String value, String where, String key, long offset) {
            if (value == null) {
                return -1;
            }
            try {
                long v = Long.parseLong(value.strip());
                if (v >= 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            findings.report("onnx.external-data-invalid", Verdict.INVALID, "external data " + key
                    + " is not a non-negative integer", where + " " + key + "=" + printable(value), offset);
            return -2;
        }

        private void checkOnDisk(String location, String where, long dataOffset, long dataLength, long offset) {
            if (baseDirectory == null) {
                if (!unverifiedReported) {
                    unverifiedReported = true;
                    findings.report("onnx.external-data-unverified", Verdict.SUSPICIOUS,
                            "external data files could not be checked: the model is not a file in a directory",
                            where + " location=" + printable(location), offset);
                }
                return;
            }
            try {
                Path base = baseDirectory.toRealPath();
                Path candidate = base;
                for (String part : location.split("[/\\\\]")) {
                    if (part.isEmpty() || part.equals(".")) {
                        continue;
                    }
                    candidate = part.equals("..") ? candidate.getParent() : candidate.resolve(part);
                    if (Files.isSymbolicLink(candidate)) {
                        findings.report("onnx.external-data-symlink", Verdict.DANGEROUS,
                                "external data path goes through a symbolic link, which can point anywhere (CVE-2026-27489)",
                                where + " location=" + printable(location) + " link=" + base.relativize(candidate), offset);
                        return;
                    }
                }
                if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    if (checkedLocations.putIfAbsent(location, Boolean.TRUE) == null) {
                        findings.report("onnx.external-data-missing", Verdict.SUSPICIOUS,
                                "external data file is not next to the model; its range could not be checked",
                                where + " location=" + printable(location), offset);
                    }
                    return;
                }
                Path real = candidate.toRealPath();
                if (!real.startsWith(base)) {
                    findings.report("onnx.external-data-escape", Verdict.DANGEROUS,
                            "external data resolves outside the model directory", where + " location=" + printable(location), offset);
                    return;
                }
                if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                    findings.report("onnx.external-data-invalid", Verdict.INVALID,
                            "external data location is not a regular file", where + " location=" + printable(location), offset);
                    return;
                }
                long size = Files.size(real);
                long from = Math.max(0, dataOffset);
                boolean inside = from <= size && (dataLength < 0 || dataLength <= size - from);
                if (!inside) {
                    findings.report("onnx.external-data-out-of-bounds", Verdict.DANGEROUS,
                            "external data range lies outside its file (out-of-bounds read)",
                            where + " location=" + printable(location) + " offset=" + dataOffset + " length=" + dataLength
                                    + " file=" + size, offset);
                }
            } catch (IOException | SecurityException | InvalidPathException e) {
                findings.report("onnx.external-data-unverified", Verdict.SUSPICIOUS,
                        "external data file could not be inspected: " + e.getMessage(), where + " location=" + printable(location), offset);
            }
        }

        private void checkDomains(Scope scope) {
            for (Map.Entry<String, Long> e : scope.importOffsets.entrySet()) {
                String domain = e.getKey();
                if (STANDARD_DOMAINS.contains(domain) || functionDomains.contains(domain)) {
                    continue;
                }
                if (domain.equals("com.microsoft") || domain.startsWith("com.microsoft.")) {
                    findings.report("onnx.vendor-domain", Verdict.SUSPICIOUS, "operator domain " + domain
                                    + " needs ONNX Runtime contrib ops; a policy may allow it", scope.name + " opset_import " + domain,
                            e.getValue());
                } else {
                    findings.report("onnx.custom-domain", Verdict.SUSPICIOUS, "operator domain " + domain
                                    + " is not an ONNX domain: running the model loads a native custom-op library",
                            scope.name + " opset_import " + domain, e.getValue());
                }
            }
            for (Map.Entry<String, NodeUse> e : scope.firstUseByDomain.entrySet()) {
                String domain = e.getKey();
                boolean declared = scope.imported.contains(domain)
                        || (domain.isEmpty() && scope.imported.contains("ai.onnx"))
                        || (domain.equals("ai.onnx") && scope.imported.contains(""));
                if (!declared) {
                    findings.report("onnx.undeclared-domain", Verdict.INVALID, "node uses domain '" + domain
                            + "' that " + scope.name + " does not import", e.getValue().where(), e.getValue().offset());
                }
            }
        }

        private static String printable(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length() && i < 300; i++) {
                char c = s.charAt(i);
                out.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
            return out.toString();
        }
    }
}
