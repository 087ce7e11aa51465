package dev.tightrope.scan.pickle;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.Magic;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.Opcodes;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.ScanLimitException;
import dev.tightrope.scan.SliceInput;
import dev.tightrope.scan.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Symbolic simulation of the pickle virtual machine (protocols 0 to 5). Nothing is imported or
 * called: every value is a symbol (literal, container, global reference, call result) and every
 * import and call site is judged by the {@link PicklePolicy} where the real unpickler would
 * perform it. Stack, marks, memo and frames are tracked exactly, so memo tricks, STACK_GLOBAL
 * operands from anywhere and calls whose result is discarded are seen as the unpickler sees them.
 *
 * <p>Memory stays bounded whatever the file's size: the stack is parallel primitive arrays, the
 * memo one tagged long per entry ({@link PickleMemo}), strings are offsets into the input decoded
 * only when one feeds an import or a persistent id, and plain data is not materialised. Objects
 * exist only where an import or a call can reach them (global references, the calls whose
 * arguments the scan reads) and for the containers kept within the capture budgets, which
 * layouts read back (persistent ids, joblib array headers, legacy key lists); containers that
 * hold an import have a budget of their own. A container beyond the budgets is opaque, and every
 * reader of one fails closed. Literal-dense pickles run without per-opcode allocation.
 */
public final class PickleMachine {

    static final byte NONE = 1;
    static final byte BOOL = 2;
    static final byte INT = 3;
    static final byte BIGINT = 4;
    static final byte FLOAT = 5;
    static final byte STR_UTF8 = 6;
    static final byte STR_QUOTED = 7;
    static final byte STR_RAW = 8;
    static final byte STR_BIN = 9;
    static final byte BYTES = 10;
    static final byte LIST = 11;
    static final byte DICT = 12;
    static final byte TUPLE = 13;
    static final byte SET = 14;
    static final byte FROZENSET = 15;
    static final byte GLOBAL = 16;
    static final byte CALL = 17;
    static final byte PID = 18;
    static final byte UNKNOWN = 19;
    static final byte BYTEARRAY = 20;

    private static final int LINE_CAP = 1 << 20;
    private static final int BUFFER_CAP = 1 << 20;
    /** Items kept per container. */
    private static final int CONTAINER_CAPTURE = 100_000;
    /** Items and containers of plain data kept per pickle; beyond it containers are opaque. */
    private static final int PLAIN_CAPTURE = 400_000;
    /**
     * Of the plain budget, what list and dict contents leave to tuples: a large plain structure
     * early in a pickle must not cost the shapes of the arrays that follow it.
     */
    private static final int TUPLE_RESERVE = 100_000;
    /**
     * Items kept per pickle in containers that hold an import: what layouts read back (a PyTorch
     * storage id names its storage class, a joblib array header its ndarray subclass) is not
     * starved by plain data before it.
     */
    private static final int IMPORT_CAPTURE = 400_000;
    /** In the first slot of an uncaptured list, dict or set: nothing was added yet, so it may still be captured. */
    private static final long FRESH = 1;
    private static final int NESTED_MIN = 8;
    private static final int MAX_FRAME_VIEWS = 4;
    private static final long SWEEP_AFTER_ERROR = 16L << 20;
    private static final String NUMPY_WRAPPER = "joblib.numpy_pickle.NumpyArrayWrapper";
    /**
     * Callees whose arguments and state the scan reads (joblib sizes the raw array after each
     * wrapper from them); every other call result is opaque, so object-heavy pickles cost no
     * object per call.
     */
    private static final Set<String> STRUCTURE_CALLEES = Set.of(NUMPY_WRAPPER, "numpy.dtype");

    /** A symbolic value taken off the stack. */
    public static final class Value {
        final byte tag;
        final long a;
        final long b;
        final Object obj;

        Value(byte tag, long a, long b, Object obj) {
            this.tag = tag;
            this.a = a;
            this.b = b;
            this.obj = obj;
        }

        boolean isString() {
            return tag >= STR_UTF8 && tag <= STR_BIN;
        }
    }

    static final class Container {
        /** Immutable and shared: {@code ()} is the arguments of most calls. */
        static final Container EMPTY_TUPLE = new Container(List.of());

        final List<Value> items;
        boolean truncated;
        /** Holds an import: its items are charged to the import budget. */
        boolean holdsImport;

        Container() {
            this(new ArrayList<>());
        }

        private Container(List<Value> items) {
            this.items = items;
        }
    }

    record GlobalRef(String module, String name, PicklePolicy.Decision decision) {
    }

    static final class Call {
        final Value callee;
        final Value args;
        Value state;

        Call(Value callee, Value args) {
            this.callee = callee;
            this.args = args;
        }
    }

    /** A PyTorch storage referenced by a persistent id. */
    public record StorageRef(String key, String storageType, long numel) {
    }

    /** What one pickle (from PROTO or first opcode to STOP) showed. */
    public static final class Result {
        private final long start;
        private final long end;
        private final boolean complete;
        private final boolean pickle;
        private final Value value;

        Result(long start, long end, boolean complete, boolean pickle, Value value) {
            this.start = start;
            this.end = end;
            this.complete = complete;
            this.pickle = pickle;
            this.value = value;
        }

        public long start() {
            return start;
        }

        /** Offset just after STOP, or where analysis ended. */
        public long end() {
            return end;
        }

        /** Reached STOP. */
        public boolean complete() {
            return complete;
        }

        /** The bytes were a pickle (always true outside probe mode). */
        public boolean isPickle() {
            return pickle;
        }

        Value value() {
            return value;
        }
    }

    private static final class NotAPickle extends RuntimeException {
        NotAPickle() {
            super(null, null, false, false);
        }
    }

    private final ScanInput in;
    private final long end;
    private final AnalysisContext ctx;
    private final PicklePolicy policy;
    private final long maxOps;
    private final int maxStack;

    private final byte[] buf;
    private long bufStart;
    private int bufLen;
    private long pos;

    private byte[] tags = new byte[64];
    private long[] as = new long[64];
    private long[] bs = new long[64];
    private Object[] objs = new Object[64];
    private int sp;
    /** No slot above this one holds an import (an upper bound: pops leave it where it was). */
    private int highestImport = -1;
    private int[] marks = new int[16];
    private int mp;

    private final PickleMemo memo;

    private long opsTotal;
    private long gets;
    private long puts;
    private long dups;
    private int plainCaptureLeft;
    private int importCaptureLeft;
    private int frameViews;

    private boolean probing;
    private boolean evidence;
    private List<ScanFinding> pending;
    private final List<long[]> pendingNested = new ArrayList<>();
    private boolean broken;
    private long brokenAt;
    private boolean frameOpen;
    private long frameEnd;
    private long pickleStart;

    private final Set<String> imports = new LinkedHashSet<>();
    private final List<StorageRef> storages = new ArrayList<>();
    private boolean classifiedJoblib;
    private boolean usesPersistentIds;

    /** A machine over {@code [start, end)} of {@code in}, positioned at {@code start}. */
    public static PickleMachine over(ScanInput in, long start, long end, AnalysisContext ctx, PicklePolicy policy) {
        return new PickleMachine(in, start, end, ctx, policy);
    }

    /** Moves to {@code offset}, for layouts that put raw data between pickles. */
    public void seek(long offset) {
        if (offset < 0 || offset > end) {
            throw new IllegalArgumentException("seek to " + offset + " outside [0, " + end + "]");
        }
        pos = offset;
    }

    public long end() {
        return end;
    }

    /** Accepts plain-string persistent ids, as the legacy PyTorch tar layout uses for tensor keys. */
    void acceptPlainPersistentIds() {
        plainPersistentIds = true;
    }

    private boolean plainPersistentIds;

    PickleMachine(ScanInput in, long start, long end, AnalysisContext ctx, PicklePolicy policy) {
        this.in = in;
        this.end = end;
        this.ctx = ctx;
        this.policy = policy;
        this.maxOps = ctx.limits().maxPickleOpcodes();
        this.maxStack = ctx.limits().maxPickleStack();
        this.memo = new PickleMemo(ctx.limits().maxPickleMemoBytes());
        this.buf = new byte[(int) Math.max(16, Math.min(end - start, BUFFER_CAP))];
        this.pos = start;
        this.bufStart = start;
        this.bufLen = 0;
    }

    /** Imports seen so far, as written ({@code module.name}). */
    public Set<String> imports() {
        return Collections.unmodifiableSet(imports);
    }

    /** Storages referenced through PyTorch persistent ids. */
    public List<StorageRef> storages() {
        return Collections.unmodifiableList(storages);
    }

    /** Whether any persistent id was loaded. */
    public boolean usesPersistentIds() {
        return usesPersistentIds;
    }

    public long position() {
        return pos;
    }

    /** Runs one pickle from the current position to its STOP; reports everything through the context. */
    public Result runOne() throws IOException {
        return run(false);
    }

    /**
     * Runs one pickle in probe mode: the bytes may not be a pickle at all. Returns a result whose
     * {@link Result#isPickle()} is false, reporting nothing, when the bytes fail as a pickle
     * before anything was imported or called.
     */
    public Result probeOne() throws IOException {
        return run(true);
    }

    private Result run(boolean probe) throws IOException {
        long start = pos;
        resetPerPickle(probe);
        try {
            Value v = loop();
            scanPendingNested();
            if (v == null) {
                return new Result(start, pos, false, true, null);
            }
            checkExpansion();
            return new Result(start, pos, true, true, v);
        } catch (NotAPickle e) {
            pos = start;
            return new Result(start, start, false, false, null);
        } catch (ScanLimitException e) {
            if (probing && !evidence) {
                pos = start;
                return new Result(start, start, false, false, null);
            }
            throw e;
        }
    }

    private void resetPerPickle(boolean probe) {
        sp = 0;
        mp = 0;
        highestImport = -1;
        Arrays.fill(objs, null);
        memo.clear();
        plainCaptureLeft = PLAIN_CAPTURE;
        importCaptureLeft = IMPORT_CAPTURE;
        gets = 0;
        puts = 0;
        dups = 0;
        broken = false;
        frameOpen = false;
        frameEnd = 0;
        probing = probe;
        evidence = !probe;
        pending = probe ? new ArrayList<>() : null;
        pendingNested.clear();
        pickleStart = pos;
    }

    private void scanPendingNested() throws IOException {
        for (long[] n : pendingNested) {
            ctx.scanNested("bytes@" + n[0], new SliceInput(in, n[0], n[1], in.name() + "@" + n[0]));
        }
        pendingNested.clear();
    }

    private void flushPending() {
        if (pending != null) {
            for (ScanFinding f : pending) {
                ctx.report(f);
            }
            pending = null;
        }
    }

    private void report(String rule, Verdict verdict, String message, String evidenceText, long offset) {
        ScanFinding f = new ScanFinding(rule, verdict, message, evidenceText, ctx.member(), offset);
        if (probing && !evidence) {
            pending.add(f);
        } else {
            ctx.report(f);
        }
    }

    private void markEvidence() {
        if (!evidence) {
            evidence = true;
            flushPending();
        }
    }

    // ---- reading -------------------------------------------------------------------------

    private void refill() throws IOException {
        int want = (int) Math.min(buf.length, end - pos);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, want);
        long at = pos;
        while (bb.hasRemaining()) {
            int n = in.read(at, bb);
            if (n < 0) {
                break;
            }
            at += n;
        }
        bufStart = pos;
        bufLen = bb.position();
    }

    /** Makes {@code n} (at most 16) bytes from pos available in {@link #buf}; false at end of input. */
    private boolean ensure(int n) throws IOException {
        if (pos + n <= bufStart + bufLen) {
            return true;
        }
        if (pos + n > end) {
            return false;
        }
        refill();
        return pos + n <= bufStart + bufLen;
    }

    private int idx() {
        return (int) (pos - bufStart);
    }

    private void operand(long length, long opOffset) {
        if (frameOpen && opOffset < frameEnd && pos + length > frameEnd) {
            frameStraddle(opOffset, pos + length);
        }
    }

    private int u8(long op) throws IOException {
        if (!ensure(1)) {
            truncated(op);
        }
        operand(1, op);
        int v = buf[idx()] & 0xff;
        pos++;
        return v;
    }

    private long le(int n, long op) throws IOException {
        if (!ensure(n)) {
            truncated(op);
        }
        operand(n, op);
        int i = idx();
        long v = 0;
        for (int k = n - 1; k >= 0; k--) {
            v = (v << 8) | (buf[i + k] & 0xff);
        }
        pos += n;
        return v;
    }

    /** Reads a newline-terminated text operand (protocol 0), without the newline. */
    private byte[] line(long op) throws IOException {
        long start = pos;
        if (pos >= bufStart + bufLen && pos < end) {
            refill();
        }
        int i = idx();
        for (int k = i; k < bufLen; k++) {
            if (buf[k] == '\n') {
                operand(k - i + 1L, op);
                pos = start + (k - i) + 1;
                return Arrays.copyOfRange(buf, i, k);
            }
        }
        if (bufStart + bufLen >= end) {
            truncated(op);
        }
        int n = (int) Math.min(end - start, LINE_CAP + 1L);
        byte[] chunk = in.readFully(start, n);
        for (int k = 0; k < n; k++) {
            if (chunk[k] == '\n') {
                operand(k + 1L, op);
                pos = start + k + 1;
                return Arrays.copyOf(chunk, k);
            }
        }
        if (n > LINE_CAP) {
            throw new ScanLimitException("pickle text operand longer than " + LINE_CAP + " bytes at offset " + op);
        }
        truncated(op);
        return new byte[0];
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }

    /** Skips a length-prefixed operand of {@code len} bytes; returns its offset. */
    private long skip(long len, long op) throws IOException {
        if (len < 0 || len > end - pos) {
            truncated(op);
        }
        operand(len, op);
        long at = pos;
        pos += len;
        return at;
    }

    private byte[] readAt(long offset, int len) throws IOException {
        if (offset >= bufStart && offset + len <= bufStart + bufLen) {
            int i = (int) (offset - bufStart);
            return Arrays.copyOfRange(buf, i, i + len);
        }
        return in.readFully(offset, len);
    }

    private void truncated(long op) {
        if (probing && !evidence) {
            throw new NotAPickle();
        }
        report("pickle.truncated", Verdict.INVALID, "pickle ends inside the operand of the opcode at offset " + op, "", op);
        throw new Truncated();
    }

    private static final class Truncated extends RuntimeException {
        Truncated() {
            super(null, null, false, false);
        }
    }

    private void frameStraddle(long op, long operandEnd) {
        report("pickle.frame-straddle", Verdict.DANGEROUS,
                "operand of the opcode at offset " + op + " runs past the end of its FRAME (" + frameEnd + " < " + operandEnd
                        + "): framed and unframed readers see different opcodes",
                "frame end " + frameEnd, op);
        long at = frameEnd;
        frameOpen = false;
        if (frameViews++ < MAX_FRAME_VIEWS && at < end) {
            PickleMachine view = new PickleMachine(in, at, end, ctx.member("frame-view@" + at), policy);
            view.pos = at;
            try {
                view.runOne();
            } catch (Truncated | IOException e) {
                // the framed view is analysed for its imports; its own truncation is already reported
            }
            imports.addAll(view.imports);
        }
    }

    // ---- stack -------------------------------------------------------------------------------

    private int bottom() {
        return mp == 0 ? 0 : marks[mp - 1];
    }

    private void push(byte tag, long a, long b, Object obj) {
        if (sp == tags.length) {
            growStack();
        }
        if (tag == GLOBAL) {
            highestImport = sp;
        }
        tags[sp] = tag;
        as[sp] = a;
        bs[sp] = b;
        objs[sp] = obj;
        sp++;
    }

    private void growStack() {
        if (sp >= maxStack) {
            throw new ScanLimitException("pickle stack deeper than " + maxStack + " at offset " + pos);
        }
        int n = Math.min(maxStack + 1, tags.length * 2);
        tags = Arrays.copyOf(tags, n);
        as = Arrays.copyOf(as, n);
        bs = Arrays.copyOf(bs, n);
        objs = Arrays.copyOf(objs, n);
    }

    /**
     * Pushes a literal. Slots at and above {@code sp} always hold a null object (every pop clears
     * it), so literals skip the reference store, the costliest write in the hot loop. A literal is
     * never an import (a global reference always carries its object), so it cannot raise
     * {@link #highestImport}.
     */
    private void pushLiteral(byte tag, long a, long b) {
        if (sp == tags.length) {
            growStack();
        }
        tags[sp] = tag;
        as[sp] = a;
        bs[sp] = b;
        sp++;
    }

    private void pushValue(Value v) {
        push(v.tag, v.a, v.b, v.obj);
    }

    private Value val(int i) {
        return new Value(tags[i], as[i], bs[i], objs[i]);
    }

    /** Pops the top value; on underflow reports the error and yields an unknown value. */
    private Value pop(long op) {
        if (sp > bottom()) {
            sp--;
            Value v = val(sp);
            objs[sp] = null;
            return v;
        }
        structural("stack underflow", op);
        return new Value(UNKNOWN, 0, 0, null);
    }

    private byte topTag(long op) {
        if (sp > bottom()) {
            return tags[sp - 1];
        }
        structural("stack underflow", op);
        pushLiteral(UNKNOWN, 0, 0);
        return UNKNOWN;
    }

    /** Pops everything above the last mark and the mark itself. */
    private List<Value> popMark(long op, boolean capture) {
        if (mp == 0) {
            structural("no MARK on the stack", op);
            return List.of();
        }
        int m = marks[--mp];
        List<Value> items;
        if (capture) {
            items = new ArrayList<>(Math.min(sp - m, 64));
            for (int i = m; i < sp; i++) {
                items.add(val(i));
            }
        } else {
            items = null;
        }
        for (int i = m; i < sp; i++) {
            objs[i] = null;
        }
        sp = m;
        return items;
    }

    /** How many values sit above the last mark. */
    private int aboveMark() {
        return mp == 0 ? 0 : sp - marks[mp - 1];
    }

    /** Pops {@code n} values without looking at them. */
    private void discard(int n, long op) {
        for (int i = 0; i < n; i++) {
            if (sp > bottom()) {
                objs[--sp] = null;
            } else {
                structural("stack underflow", op);
            }
        }
    }

    private void structural(String what, long op) {
        if (probing && !evidence) {
            throw new NotAPickle();
        }
        if (!broken) {
            broken = true;
            brokenAt = op;
            report("pickle.malformed", Verdict.INVALID,
                    what + " at offset " + op + ": the unpickler stops here, after running everything before it", what, op);
        }
    }

    // ---- memo --------------------------------------------------------------------------------

    private void memoPut(long key, long op) {
        puts++;
        if (sp <= bottom()) {
            structural("memo store with an empty stack", op);
            return;
        }
        int t = sp - 1;
        memo.put(key, tags[t], as[t], bs[t], objs[t]);
    }

    private void memoGet(long key, long op) {
        gets++;
        long w = memo.word(key);
        if (w != 0) {
            Value boxed = memo.boxed(w);
            if (boxed != null) {
                pushValue(boxed);
            } else {
                pushLiteral(PickleMemo.tagOf(w), PickleMemo.aOf(w), PickleMemo.bOf(w));
            }
            return;
        }
        if (probing && !evidence) {
            throw new NotAPickle();
        }
        report("pickle.missing-memo", Verdict.DANGEROUS,
                "memo key " + key + " is read before it is stored: the unpickler fails only after running the opcodes before it,"
                        + " and scanners that guess the memo map it to the wrong value",
                "memo " + key, op);
        pushLiteral(UNKNOWN, 0, 0);
    }

    // ---- the machine ---------------------------------------------------------------------------

    private Value loop() throws IOException {
        boolean first = true;
        try {
            while (true) {
                if (pos >= end) {
                    if (probing && !evidence) {
                        throw new NotAPickle();
                    }
                    report("pickle.truncated", Verdict.INVALID, "pickle ends without STOP", "", pos);
                    return null;
                }
                if (broken && pos - brokenAt > SWEEP_AFTER_ERROR) {
                    return null;
                }
                if (++opsTotal > maxOps) {
                    throw new ScanLimitException("more than " + maxOps + " pickle opcodes");
                }
                if ((opsTotal & 0xffff) == 0) {
                    ctx.checkDeadline();
                }
                if (frameOpen && pos >= frameEnd) {
                    frameOpen = false;
                }
                if (pos >= bufStart + bufLen) {
                    refill();
                }
                long op = pos;
                int code = buf[idx()] & 0xff;
                pos++;
                if (first && probing && !Opcodes.isProtocol01Opcode(code) && code != 0x80) {
                    throw new NotAPickle();
                }
                boolean wasFirst = first;
                first = false;
                switch (code) {
                    case '(' -> {
                        if (mp == marks.length) {
                            if (mp >= maxStack) {
                                throw new ScanLimitException("more than " + maxStack + " nested MARKs");
                            }
                            marks = Arrays.copyOf(marks, marks.length * 2);
                        }
                        marks[mp++] = sp;
                    }
                    case '.' -> {
                        Value v = sp > bottom() ? val(sp - 1) : null;
                        if (v == null) {
                            structural("STOP with an empty stack", op);
                            v = new Value(UNKNOWN, 0, 0, null);
                        }
                        markEvidence();
                        return v;
                    }
                    case '0' -> {
                        if (sp > bottom()) {
                            objs[--sp] = null;
                        } else if (mp > 0) {
                            mp--;
                        } else {
                            structural("POP on an empty stack", op);
                        }
                    }
                    case '1' -> popMark(op, false);
                    case '2' -> {
                        byte t = topTag(op);
                        dups++;
                        int i = sp - 1;
                        // two references to one uncaptured container: neither may claim to know all its items
                        if (objs[i] == null && as[i] == FRESH) {
                            as[i] = 0;
                        }
                        push(t, as[i], bs[i], objs[i]);
                    }
                    case 'F' -> {
                        if (!isFloat(text(line(op)))) {
                            structural("FLOAT operand is not a number", op);
                        }
                        pushLiteral(FLOAT, 0, 0);
                    }
                    case 'I' -> {
                        String s = text(line(op)).trim();
                        if (s.equals("01") || s.equals("00")) {
                            pushLiteral(BOOL, s.equals("01") ? 1 : 0, 0);
                        } else {
                            pushIntText(s, op);
                        }
                    }
                    case 'J' -> pushLiteral(INT, (int) le(4, op), 0);
                    case 'K' -> pushLiteral(INT, u8(op), 0);
                    case 'L' -> {
                        String s = text(line(op)).trim();
                        pushIntText(s.endsWith("L") ? s.substring(0, s.length() - 1) : s, op);
                    }
                    case 'M' -> pushLiteral(INT, le(2, op), 0);
                    case 'N' -> pushLiteral(NONE, 0, 0);
                    case 'P' -> persistentId(new Value(STR_BIN, 0, 0, new String(line(op), StandardCharsets.ISO_8859_1)), op);
                    case 'Q' -> persistentId(pop(op), op);
                    case 'R' -> {
                        Value args = pop(op);
                        Value fn = pop(op);
                        call(fn, args, op, "REDUCE");
                    }
                    case 'S' -> {
                        byte[] raw = line(op);
                        int n = raw.length;
                        if (n < 2 || raw[0] != raw[n - 1] || (raw[0] != '\'' && raw[0] != '"')) {
                            structural("STRING operand is not quoted", op);
                        }
                        pushLiteral(STR_QUOTED, op + 1, n);
                    }
                    case 'T' -> pushBytesLike(STR_BIN, le(4, op), op, true);
                    case 'U' -> pushBytesLike(STR_BIN, u8(op), op, true);
                    case 'V' -> pushLiteral(STR_RAW, op + 1, line(op).length);
                    case 'X' -> pushBytesLike(STR_UTF8, le(4, op), op, false);
                    case 'a' -> {
                        if (capturesInto(LIST, sp - 2, bottom())) {
                            Value v = pop(op);
                            appendTo(List.of(v), op, "APPEND");
                        } else {
                            discard(1, op);
                            appendTo(null, op, "APPEND");
                        }
                    }
                    case 'b' -> build(op);
                    case 'c' -> {
                        String module = text(line(op));
                        String name = text(line(op));
                        Value g = importGlobal(module, name, op, "GLOBAL");
                        pushValue(g);
                    }
                    case 'd' -> {
                        int n = aboveMark();
                        List<Value> items = popMark(op, capturesAboveMark(true));
                        if (n % 2 != 0) {
                            structural("DICT with an odd number of items", op);
                        }
                        push(DICT, 0, 0, container(DICT, items, true));
                    }
                    case '}' -> pushLiteral(DICT, FRESH, 0);
                    case 'e' -> {
                        List<Value> items = popMark(op, markedItemsGoInto(LIST));
                        appendTo(items, op, "APPENDS");
                    }
                    case 'g' -> memoGet(parseKey(line(op), op), op);
                    case 'h' -> memoGet(u8(op), op);
                    case 'i' -> {
                        String module = text(line(op));
                        String name = text(line(op));
                        List<Value> args = popMark(op, true);
                        Value cls = importGlobal(module, name, op, "INST");
                        call(cls, callArguments(cls, args), op, "INST");
                    }
                    case 'j' -> memoGet(le(4, op), op);
                    case 'l' -> push(LIST, 0, 0, container(LIST, popMark(op, capturesAboveMark(true)), true));
                    case ']' -> pushLiteral(LIST, FRESH, 0);
                    case 'o' -> {
                        List<Value> items = popMark(op, true);
                        if (items.isEmpty()) {
                            structural("OBJ without a class", op);
                            pushLiteral(UNKNOWN, 0, 0);
                        } else {
                            call(items.get(0), callArguments(items.get(0), items.subList(1, items.size())), op, "OBJ");
                        }
                    }
                    case 'p' -> memoPut(parseKey(line(op), op), op);
                    case 'q' -> memoPut(u8(op), op);
                    case 'r' -> memoPut(le(4, op), op);
                    case 's' -> {
                        if (capturesInto(DICT, sp - 3, bottom())) {
                            Value v = pop(op);
                            Value k = pop(op);
                            setItems(List.of(k, v), op, "SETITEM");
                        } else {
                            discard(2, op);
                            setItems(null, op, "SETITEM");
                        }
                    }
                    case 't' -> push(TUPLE, 0, 0, container(TUPLE, popMark(op, capturesAboveMark(false)), false));
                    case ')' -> push(TUPLE, 0, 0, Container.EMPTY_TUPLE);
                    case 'u' -> {
                        int n = aboveMark();
                        List<Value> items = popMark(op, markedItemsGoInto(DICT));
                        if (n % 2 != 0) {
                            structural("SETITEMS with an odd number of items", op);
                        }
                        setItems(items, op, "SETITEMS");
                    }
                    case 'G' -> {
                        le(8, op);
                        pushLiteral(FLOAT, 0, 0);
                    }
                    case 'B' -> pushBytesLike(BYTES, le(4, op), op, true);
                    case 'C' -> pushBytesLike(BYTES, u8(op), op, true);
                    case 0x80 -> {
                        int proto = u8(op);
                        if (!wasFirst) {
                            report("pickle.misplaced-proto", Verdict.SUSPICIOUS,
                                    "PROTO at offset " + op + " is not the first opcode of its pickle", "PROTO " + proto, op);
                        }
                        if (proto > 5) {
                            structural("unsupported pickle protocol " + proto, op);
                        }
                    }
                    case 0x81 -> {
                        Value args = pop(op);
                        Value cls = pop(op);
                        call(cls, args, op, "NEWOBJ");
                    }
                    case 0x82 -> extension(u8(op), op);
                    case 0x83 -> extension(le(2, op), op);
                    case 0x84 -> extension(le(4, op), op);
                    case 0x85 -> pushTuple(1, op);
                    case 0x86 -> pushTuple(2, op);
                    case 0x87 -> pushTuple(3, op);
                    case 0x88 -> pushLiteral(BOOL, 1, 0);
                    case 0x89 -> pushLiteral(BOOL, 0, 0);
                    case 0x8a -> pushLong(u8(op), op);
                    case 0x8b -> {
                        long n = (int) le(4, op);
                        if (n < 0) {
                            structural("LONG4 with a negative length", op);
                            n = 0;
                        }
                        pushLong(n, op);
                    }
                    case 0x8c -> pushBytesLike(STR_UTF8, u8(op), op, false);
                    case 0x8d -> pushBytesLike(STR_UTF8, le(8, op), op, false);
                    case 0x8e -> pushBytesLike(BYTES, le(8, op), op, true);
                    case 0x8f -> pushLiteral(SET, 0, 0);
                    case 0x90 -> {
                        List<Value> items = popMark(op, false);
                        addItems(items, op);
                    }
                    case 0x91 -> {
                        popMark(op, false);
                        pushLiteral(FROZENSET, 0, 0);
                    }
                    case 0x92 -> {
                        Value kwargs = pop(op);
                        Value args = pop(op);
                        Value cls = pop(op);
                        call(cls, callArguments(cls, List.of(args, kwargs)), op, "NEWOBJ_EX");
                    }
                    case 0x93 -> stackGlobal(op);
                    case 0x94 -> memoPut(memo.size(), op);
                    case 0x95 -> {
                        long len = le(8, op);
                        if (frameOpen && pos < frameEnd) {
                            structural("FRAME before the end of the current frame", op);
                        }
                        if (len < 0 || len > end - pos) {
                            if (probing && !evidence) {
                                throw new NotAPickle();
                            }
                            report("pickle.truncated", Verdict.INVALID, "FRAME at offset " + op + " declares " + len
                                    + " bytes but only " + (end - pos) + " remain", "FRAME " + len, op);
                            frameOpen = false;
                        } else {
                            frameOpen = true;
                            frameEnd = pos + len;
                        }
                    }
                    case 0x96 -> pushBytesLike(BYTEARRAY, le(8, op), op, true);
                    case 0x97 -> {
                        report("pickle.out-of-band-buffer", Verdict.SUSPICIOUS,
                                "NEXT_BUFFER takes data from outside the pickle stream, which the scan cannot see", "NEXT_BUFFER", op);
                        pushLiteral(UNKNOWN, 0, 0);
                    }
                    case 0x98 -> topTag(op);
                    default -> {
                        if (probing && !evidence) {
                            throw new NotAPickle();
                        }
                        structural(String.format("unknown opcode 0x%02x", code), op);
                        if (!broken) {
                            return null;
                        }
                    }
                }
            }
        } catch (Truncated t) {
            return null;
        }
    }

    private static boolean isFloat(String s) {
        String t = s.trim();
        if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("-inf") || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("+inf")) {
            return true;
        }
        try {
            Double.parseDouble(t.replace("_", ""));
            return !t.isEmpty() && !t.endsWith("d") && !t.endsWith("D") && !t.endsWith("f") && !t.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void pushIntText(String s, long op) {
        try {
            pushLiteral(INT, Long.parseLong(s.startsWith("+") ? s.substring(1) : s), 0);
        } catch (NumberFormatException e) {
            if (s.matches("[+-]?[0-9]+")) {
                pushLiteral(BIGINT, 0, 0);
            } else {
                structural("INT/LONG operand is not a number", op);
                pushLiteral(UNKNOWN, 0, 0);
            }
        }
    }

    private long parseKey(byte[] line, long op) {
        String s = text(line).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            structural("memo key '" + s + "' is not a number", op);
            return -1;
        }
    }

    private void pushLong(long n, long op) throws IOException {
        if (n <= 8) {
            if (!ensure((int) n)) {
                truncated(op);
            }
            operand(n, op);
            int i = idx();
            long v = 0;
            for (int k = (int) n - 1; k >= 0; k--) {
                v = (v << 8) | (buf[i + k] & 0xff);
            }
            if (n > 0 && n < 8 && (buf[i + (int) n - 1] & 0x80) != 0) {
                v -= 1L << (8 * n);
            }
            pos += n;
            pushLiteral(INT, v, 0);
        } else {
            long at = skip(n, op);
            pushLiteral(BIGINT, at, n);
        }
    }

    private void pushTuple(int n, long op) {
        if (!budgetLasts(anyImport(Math.max(bottom(), sp - n), sp), false)) {
            discard(n, op);
            pushLiteral(TUPLE, 0, 0);
            return;
        }
        Value[] items = new Value[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop(op);
        }
        push(TUPLE, 0, 0, container(TUPLE, Arrays.asList(items), false));
    }

    private void pushBytesLike(byte tag, long len, long op, boolean mayNest) throws IOException {
        long at = skip(len, op);
        pushLiteral(tag, at, len);
        if (mayNest && len >= NESTED_MIN) {
            int n = (int) Math.min(len, 64 * 1024);
            byte[] head = readAt(at, Math.min(n, 16));
            if (Magic.isPickleWithProto(head, head.length) || Magic.isZip(head, head.length) || Magic.isNpy(head, head.length)
                    || Magic.compression(head, head.length) != null) {
                byte[] more = n > 16 ? readAt(at, n) : head;
                if (Magic.isNestedCandidate(more, more.length)) {
                    if (probing && !evidence) {
                        pendingNested.add(new long[] {at, len});
                    } else {
                        ctx.scanNested("bytes@" + at, new SliceInput(in, at, len, in.name() + "@" + at));
                    }
                }
            }
        }
    }

    // ---- capture ----------------------------------------------------------------------------------

    private boolean anyImport(int from, int to) {
        int last = Math.min(to - 1, highestImport);
        for (int i = Math.max(from, 0); i <= last; i++) {
            if (tags[i] == GLOBAL) {
                return true;
            }
        }
        if (to >= sp) {
            highestImport = Math.min(highestImport, from - 1);
        }
        return false;
    }

    /** Whether the budget for this kind of content lasts; list and dict contents ({@code bulk}) stop at the tuple reserve. */
    private boolean budgetLasts(boolean holdsImport, boolean bulk) {
        return holdsImport ? importCaptureLeft > 0 : plainCaptureLeft > (bulk ? TUPLE_RESERVE : 0);
    }

    /** Whether a container built from the values above the last mark will keep them. */
    private boolean capturesAboveMark(boolean bulk) {
        return budgetLasts(anyImport(mp == 0 ? sp : marks[mp - 1], sp), bulk);
    }

    /** Whether APPENDS or SETITEMS will keep the values above the last mark in the container under it. */
    private boolean markedItemsGoInto(byte kind) {
        return mp > 0 && capturesInto(kind, marks[mp - 1] - 1, mp > 1 ? marks[mp - 2] : 0);
    }

    /** Whether the values above slot {@code target} will be kept when added to the container there. */
    private boolean capturesInto(byte kind, int target, int floor) {
        if (target < floor || target >= sp || tags[target] != kind) {
            return false;
        }
        Container c = (Container) objs[target];
        if (c == null && as[target] != FRESH) {
            return false;
        }
        return budgetLasts((c != null && c.holdsImport) || anyImport(target + 1, sp), true);
    }

    /** A container of {@code items}, or null (opaque) when they were not kept. */
    private Container container(byte kind, List<Value> items, boolean bulk) {
        if (items == null) {
            return null;
        }
        if (items.isEmpty() && kind == TUPLE) {
            return Container.EMPTY_TUPLE;
        }
        Container c = new Container();
        capture(c, items, bulk);
        spend(c.holdsImport);
        return c;
    }

    private void capture(Container c, List<Value> items, boolean bulk) {
        for (int i = 0; i < items.size() && !c.holdsImport; i++) {
            c.holdsImport = items.get(i).tag == GLOBAL;
        }
        for (Value v : items) {
            if (c.items.size() >= CONTAINER_CAPTURE || !budgetLasts(c.holdsImport, bulk)) {
                c.truncated = true;
                return;
            }
            c.items.add(v);
            spend(c.holdsImport);
        }
    }

    /** Charges one kept item or container to its budget. */
    private void spend(boolean holdsImport) {
        if (holdsImport) {
            importCaptureLeft--;
        } else {
            plainCaptureLeft--;
        }
    }

    // ---- imports and calls ------------------------------------------------------------------------

    private Value importGlobal(String module, String name, long op, String via) {
        boolean wellFormed = PicklePolicy.isDottedIdentifier(module, name);
        if (probing && !evidence && !wellFormed) {
            throw new NotAPickle();
        }
        markEvidence();
        PicklePolicy.Decision d = policy.classify(module, name);
        String written = module + "." + name;
        imports.add(written);
        String renamed = d.normalized().equals(written) ? "" : " (resolves to " + d.normalized() + ")";
        switch (d.kind()) {
            case DENIED -> report("pickle.denied-import", Verdict.DANGEROUS,
                    via + " imports " + written + renamed + ", denied as " + d.matched() + ": a route to code execution, file or network access",
                    written, op);
            case DUNDER -> report("pickle.dunder-import", Verdict.DANGEROUS,
                    via + " imports " + written + renamed + ": a dunder component reaches interpreter internals", written, op);
            case UNKNOWN -> report("pickle.unknown-import", Verdict.SUSPICIOUS,
                    via + " imports " + written + renamed + " (" + d.matched() + "); loading it runs that class's code", written, op);
            case ALLOWED -> {
            }
        }
        if (!classifiedJoblib && d.normalized().equals(NUMPY_WRAPPER)) {
            classifiedJoblib = true;
            ctx.classify(ModelFormat.JOBLIB);
        }
        return new Value(GLOBAL, op, 0, new GlobalRef(module, name, d));
    }

    private void stackGlobal(long op) throws IOException {
        Value name = pop(op);
        Value module = pop(op);
        if (module.isString() && name.isString()) {
            pushValue(importGlobal(str(module), str(name), op, "STACK_GLOBAL"));
            return;
        }
        if (probing && !evidence) {
            throw new NotAPickle();
        }
        if (!(broken && (module.tag == UNKNOWN || name.tag == UNKNOWN))) {
            markEvidence();
            report("pickle.unresolvable-import", Verdict.DANGEROUS,
                    "STACK_GLOBAL takes its module and name from values that are not both strings (" + describe(module) + ", "
                            + describe(name) + "): the import cannot be resolved statically",
                    describe(module) + "." + describe(name), op);
        }
        pushLiteral(UNKNOWN, 0, 0);
    }

    /** Whether the scan reads this call's arguments and state, so its result keeps them. */
    private static boolean keepsCall(Value fn) {
        return fn.tag == GLOBAL && STRUCTURE_CALLEES.contains(((GlobalRef) fn.obj).decision().normalized());
    }

    /** The argument tuple of an INST, OBJ or NEWOBJ_EX call, built only when the call keeps it. */
    private Value callArguments(Value fn, List<Value> items) {
        return new Value(TUPLE, 0, 0, keepsCall(fn) ? container(TUPLE, items, false) : null);
    }

    private void call(Value fn, Value args, long op, String via) {
        switch (fn.tag) {
            case GLOBAL, CALL -> {
                markEvidence();
                push(CALL, op, 0, keepsCall(fn) ? new Call(fn, args) : null);
            }
            case PID, UNKNOWN -> {
                markEvidence();
                report("pickle.call-on-unknown", Verdict.SUSPICIOUS,
                        via + " at offset " + op + " calls " + describe(fn) + ", whose target the scan cannot know", describe(fn), op);
                pushLiteral(CALL, op, 0);
            }
            default -> {
                structural(via + " calls a " + describe(fn) + ", which is not callable", op);
                pushLiteral(UNKNOWN, 0, 0);
            }
        }
    }

    private void build(long op) throws IOException {
        Value state = pop(op);
        if (sp <= bottom()) {
            structural("BUILD with no object", op);
            return;
        }
        byte t = tags[sp - 1];
        switch (t) {
            case GLOBAL -> {
                markEvidence();
                GlobalRef g = (GlobalRef) objs[sp - 1];
                report("pickle.build-on-global", Verdict.DANGEROUS,
                        "BUILD sets attributes on the imported object " + g.module() + "." + g.name()
                                + " itself (setattr on a module or class), which can rewire code that runs later",
                        g.module() + "." + g.name(), op);
            }
            case CALL -> {
                Call c = (Call) objs[sp - 1];
                if (c != null) {
                    c.state = state;
                    if (((GlobalRef) c.callee.obj).decision().normalized().equals(NUMPY_WRAPPER)) {
                        skipJoblibArray(c, op);
                    }
                }
            }
            case PID, UNKNOWN -> {
                markEvidence();
                report("pickle.call-on-unknown", Verdict.SUSPICIOUS,
                        "BUILD at offset " + op + " calls __setstate__ of " + describe(val(sp - 1)) + ", which the scan cannot know",
                        describe(val(sp - 1)), op);
            }
            default -> {
                if (state.tag != NONE) {
                    structural("BUILD with state on a " + describe(val(sp - 1)), op);
                }
            }
        }
    }

    private void appendTo(List<Value> items, long op, String via) {
        addToContainer(items, op, via, LIST, "list", "append/extend");
    }

    private void setItems(List<Value> items, long op, String via) {
        addToContainer(items, op, via, DICT, "dict", "__setitem__");
    }

    /** Adds items to the container under them, or records the method call when it is not that container. */
    private void addToContainer(List<Value> items, long op, String via, byte expected, String noun, String method) {
        if (sp <= bottom()) {
            structural(via + " with no " + noun, op);
            return;
        }
        byte t = tags[sp - 1];
        if (t == expected) {
            Container c = (Container) objs[sp - 1];
            if (c == null && as[sp - 1] == FRESH && items != null) {
                c = new Container();
                objs[sp - 1] = c;
                spend(false);
            }
            as[sp - 1] = 0;
            if (c == null) {
                return;
            }
            if (items == null) {
                c.truncated = true;
            } else {
                capture(c, items, true);
            }
        } else {
            containerMethod(t, via, method, op);
        }
    }

    private void addItems(List<Value> items, long op) {
        if (sp <= bottom()) {
            structural("ADDITEMS with no set", op);
            return;
        }
        byte t = tags[sp - 1];
        if (t != SET) {
            containerMethod(t, "ADDITEMS", "add", op);
        }
    }

    /** APPEND, SETITEM and ADDITEMS call the target's own method when it is not a plain container. */
    private void containerMethod(byte t, String via, String method, long op) {
        switch (t) {
            case GLOBAL -> {
                markEvidence();
                GlobalRef g = (GlobalRef) objs[sp - 1];
                report("pickle.method-call-on-global", Verdict.DANGEROUS,
                        via + " calls " + method + " on the imported object " + g.module() + "." + g.name() + " itself",
                        g.module() + "." + g.name(), op);
            }
            case CALL -> markEvidence();
            case PID, UNKNOWN -> {
                markEvidence();
                report("pickle.call-on-unknown", Verdict.SUSPICIOUS,
                        via + " at offset " + op + " calls " + method + " on a value the scan cannot know", describe(val(sp - 1)), op);
            }
            default -> structural(via + " on a " + describe(val(sp - 1)), op);
        }
    }

    private void extension(long code, long op) {
        markEvidence();
        report("pickle.extension-code", Verdict.SUSPICIOUS,
                "EXT opcode loads object " + code + " from the copyreg extension registry, which the scan cannot see", "EXT " + code, op);
        pushLiteral(UNKNOWN, 0, 0);
    }

    private void persistentId(Value pid, long op) throws IOException {
        usesPersistentIds = true;
        if (probing && !evidence) {
            throw new NotAPickle();
        }
        StorageRef ref = storageRef(pid);
        if (ref != null) {
            storages.add(ref);
        } else if (plainPersistentIds && (pid.isString() || pid.tag == INT)) {
            storages.add(new StorageRef(pid.isString() ? str(pid) : Long.toString(pid.a), "", -1));
        } else {
            report("pickle.persistent-id", Verdict.SUSPICIOUS,
                    "persistent id " + describe(pid) + " is resolved by the loader's own persistent_load, outside the pickle",
                    describe(pid), op);
        }
        pushLiteral(PID, op, 0);
    }

    /** {@code ('storage', <storage type>, key, location, numel[, view metadata])} as torch.save writes it. */
    private StorageRef storageRef(Value pid) throws IOException {
        List<Value> items = tupleItems(pid);
        if (items == null || items.size() < 5 || items.size() > 6 || !"storage".equals(str(items.get(0))) || items.get(1).tag != GLOBAL) {
            return null;
        }
        Value key = items.get(2);
        String k = key.isString() ? str(key) : key.tag == INT ? Long.toString(key.a) : null;
        if (k == null) {
            return null;
        }
        GlobalRef type = (GlobalRef) items.get(1).obj;
        Value numel = items.get(4);
        return new StorageRef(k, type.decision().normalized(), numel.tag == INT ? numel.a : -1);
    }

    // ---- joblib -----------------------------------------------------------------------------------

    /** joblib writes the raw array bytes straight after the wrapper's BUILD; skip them and carry on with the pickle. */
    private void skipJoblibArray(Call wrapper, long op) throws IOException {
        Map<String, Value> state = dictItems(wrapper.state);
        Value dtype = state.get("dtype");
        String typestr = null;
        long elsize = -1;
        if (dtype != null && dtype.tag == CALL) {
            Call dc = (Call) dtype.obj;
            List<Value> args = dc == null ? null : tupleItems(dc.args);
            if (args != null && !args.isEmpty()) {
                typestr = str(args.get(0));
            }
            List<Value> dtypeState = dc == null ? null : tupleItems(dc.state);
            if (dtypeState != null && dtypeState.size() > 5) {
                Value es = dtypeState.get(5);
                elsize = es.tag == INT ? es.a : -1;
            }
        }
        if (typestr != null && typestr.startsWith("O")) {
            PickleMachine inner = new PickleMachine(in, pos, end, ctx.member("object-array@" + pos), policy);
            inner.opsTotal = opsTotal;
            Result r = inner.runOne();
            imports.addAll(inner.imports);
            opsTotal = inner.opsTotal;
            pos = r.end();
            bufLen = 0;
            bufStart = pos;
            if (!r.complete()) {
                throw new Truncated();
            }
            return;
        }
        long itemsize = elsize > 0 ? elsize : typestr == null ? -1 : DtypeSize.of(typestr);
        long count = shapeProduct(state.get("shape"));
        if (itemsize <= 0 || count < 0) {
            report("joblib.resync-failed", Verdict.SUSPICIOUS,
                    "not fully scanned: the array after the NumpyArrayWrapper at offset " + op
                            + " has a dtype or shape the scan cannot size, so the rest of the pickle cannot be found",
                    typestr == null ? "dtype ?" : typestr, op);
            throw new Truncated();
        }
        Value align = state.get("numpy_array_alignment_bytes");
        if (align != null && align.tag == INT) {
            if (!ensure(1)) {
                truncated(op);
            }
            int pad = buf[idx()] & 0xff;
            pos++;
            if (pad > align.a || pad > end - pos) {
                report("joblib.padding", Verdict.SUSPICIOUS, "array padding of " + pad + " bytes exceeds the alignment of "
                        + align.a, "padding " + pad, pos - 1);
            }
            if (pad <= end - pos) {
                byte[] padding = readAt(pos, pad);
                for (byte p : padding) {
                    if (p != (byte) 0xff) {
                        report("joblib.padding", Verdict.SUSPICIOUS, "array padding holds bytes other than 0xff", "padding", pos);
                        break;
                    }
                }
            }
            pos += Math.min(pad, end - pos);
        }
        long nbytes;
        try {
            nbytes = Math.multiplyExact(count, itemsize);
        } catch (ArithmeticException e) {
            nbytes = -1;
        }
        if (nbytes < 0 || nbytes > end - pos) {
            report("pickle.truncated", Verdict.INVALID, "the joblib array after offset " + op + " needs " + nbytes
                    + " bytes but only " + (end - pos) + " remain", "array", pos);
            throw new Truncated();
        }
        pos += nbytes;
        frameOpen = false;
    }

    private long shapeProduct(Value shape) {
        if (shape == null) {
            return -1;
        }
        if (shape.tag == INT) {
            return shape.a;
        }
        List<Value> dims = completeItems(shape, TUPLE);
        if (dims == null) {
            return -1;
        }
        long p = 1;
        for (Value d : dims) {
            if (d.tag != INT || d.a < 0) {
                return -1;
            }
            try {
                p = Math.multiplyExact(p, d.a);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return p;
    }

    private Map<String, Value> dictItems(Value dict) throws IOException {
        Map<String, Value> m = new HashMap<>();
        List<Value> items = capturedItems(dict, DICT);
        if (items == null) {
            return m;
        }
        for (int i = 0; i + 1 < items.size(); i += 2) {
            String k = str(items.get(i));
            if (k != null) {
                m.put(k, items.get(i + 1));
            }
        }
        return m;
    }

    // ---- values ---------------------------------------------------------------------------------

    /** The text of a string value, or null for anything else. */
    String str(Value v) throws IOException {
        if (v == null) {
            return null;
        }
        switch (v.tag) {
            case STR_UTF8, STR_BIN -> {
                if (v.obj instanceof String s) {
                    return s;
                }
                if (v.b > LINE_CAP) {
                    throw new ScanLimitException("string operand of " + v.b + " bytes used as a name");
                }
                byte[] raw = readAt(v.a, (int) v.b);
                return v.tag == STR_BIN ? new String(raw, StandardCharsets.ISO_8859_1) : new String(raw, StandardCharsets.UTF_8);
            }
            case STR_QUOTED -> {
                byte[] raw = readAt(v.a, (int) v.b);
                return raw.length >= 2 ? PickleText.escapeDecode(raw, 1, raw.length - 1) : "";
            }
            case STR_RAW -> {
                return PickleText.rawUnicodeEscapeDecode(readAt(v.a, (int) v.b));
            }
            default -> {
                return null;
            }
        }
    }

    /** A list value's captured string items, or null when it is not a fully captured list of strings. */
    List<String> stringList(Value v) throws IOException {
        List<Value> items = completeItems(v, LIST);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Value item : items) {
            String s = str(item);
            if (s == null) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    /** The value as a Java long when it is an int literal. */
    static Long intValue(Value v) {
        return v != null && v.tag == INT ? v.a : null;
    }

    /** The items of a tuple value, or null when it is no tuple or its items were not kept. */
    static List<Value> tupleItems(Value v) {
        return capturedItems(v, TUPLE);
    }

    /** The items kept of a container of {@code kind}, or null when it is none or opaque. */
    private static List<Value> capturedItems(Value v, byte kind) {
        return v != null && v.tag == kind && v.obj != null ? ((Container) v.obj).items : null;
    }

    /** Like {@link #capturedItems}, but null unless every item was kept. */
    private static List<Value> completeItems(Value v, byte kind) {
        List<Value> items = capturedItems(v, kind);
        return items == null || ((Container) v.obj).truncated ? null : items;
    }

    /** {@code module.name} (normalised) when the value is a global reference. */
    static String globalName(Value v) {
        return v != null && v.tag == GLOBAL ? ((GlobalRef) v.obj).decision().normalized() : null;
    }

    private static String describe(Value v) {
        return switch (v.tag) {
            case NONE -> "None";
            case BOOL -> "bool";
            case INT, BIGINT -> "int";
            case FLOAT -> "float";
            case STR_UTF8, STR_QUOTED, STR_RAW, STR_BIN -> "str";
            case BYTES -> "bytes";
            case BYTEARRAY -> "bytearray";
            case LIST -> "list";
            case DICT -> "dict";
            case TUPLE -> "tuple";
            case SET -> "set";
            case FROZENSET -> "frozenset";
            case GLOBAL -> "global " + ((GlobalRef) v.obj).module() + "." + ((GlobalRef) v.obj).name();
            case CALL -> "call result";
            case PID -> "persistent object";
            default -> "unknown value";
        };
    }

    private void checkExpansion() {
        if (gets > 1000 && puts > 0 && gets > 10 * puts) {
            report("pickle.expansion-bomb", Verdict.SUSPICIOUS,
                    "memo reads outnumber writes " + gets + " to " + puts + ": shared references can expand to far more memory than the file",
                    "GET:PUT " + gets + ":" + puts, pickleStart);
        }
        if (dups > 100) {
            report("pickle.expansion-bomb", Verdict.SUSPICIOUS, dups + " DUP opcodes: shared references can expand to far more memory than the file",
                    "DUP " + dups, pickleStart);
        }
    }
}
