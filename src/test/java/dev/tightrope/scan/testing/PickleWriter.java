package dev.tightrope.scan.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickles opcode by opcode, byte-exactly, so tests can build the odd and malicious
 * streams real picklers never emit. Payloads in tests are inert ({@code echo tightrope-test})
 * and nothing here is ever unpickled.
 */
public final class PickleWriter {

    public static final String INERT_COMMAND = "echo tightrope-test";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static PickleWriter proto(int protocol) {
        PickleWriter w = new PickleWriter();
        w.op(0x80).u8(protocol);
        return w;
    }

    /** No PROTO header: protocol 0/1. */
    public static PickleWriter bare() {
        return new PickleWriter();
    }

    /** {@code module.name(INERT_COMMAND)} through GLOBAL and REDUCE, protocol 2. */
    public static byte[] reduceCall(String module, String name) {
        return proto(2).global(module, name).shortUnicode(INERT_COMMAND).tuple1().reduce().stop().bytes();
    }

    public PickleWriter op(int code) {
        out.write(code);
        return this;
    }

    public PickleWriter u8(int v) {
        out.write(v & 0xff);
        return this;
    }

    public PickleWriter le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    public PickleWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public PickleWriter line(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        return this;
    }

    public PickleWriter global(String module, String name) {
        return op('c').line(module).line(name);
    }

    public PickleWriter inst(String module, String name) {
        return op('i').line(module).line(name);
    }

    public PickleWriter stackGlobal() {
        return op(0x93);
    }

    public PickleWriter shortUnicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(0x8c).u8(b.length).raw(b);
    }

    public PickleWriter unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').le(b.length, 4).raw(b);
    }

    /** Protocol 0 STRING: a quoted repr on one line. */
    public PickleWriter string(String s) {
        return op('S').line("'" + s + "'");
    }

    public PickleWriter shortBinstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return op('U').u8(b.length).raw(b);
    }

    public PickleWriter shortBinbytes(byte[] b) {
        return op('C').u8(b.length).raw(b);
    }

    public PickleWriter binbytes(byte[] b) {
        return op('B').le(b.length, 4).raw(b);
    }

    public PickleWriter binint1(int v) {
        return op('K').u8(v);
    }

    public PickleWriter binint(int v) {
        return op('J').le(v, 4);
    }

    public PickleWriter binint2(int v) {
        return op('M').le(v, 2);
    }

    public PickleWriter long1(byte[] littleEndian) {
        return op(0x8a).u8(littleEndian.length).raw(littleEndian);
    }

    public PickleWriter none() {
        return op('N');
    }

    public PickleWriter newTrue() {
        return op(0x88);
    }

    public PickleWriter newFalse() {
        return op(0x89);
    }

    public PickleWriter mark() {
        return op('(');
    }

    public PickleWriter tuple() {
        return op('t');
    }

    public PickleWriter tuple1() {
        return op(0x85);
    }

    public PickleWriter tuple2() {
        return op(0x86);
    }

    public PickleWriter tuple3() {
        return op(0x87);
    }

    public PickleWriter emptyTuple() {
        return op(')');
    }

    public PickleWriter emptyList() {
        return op(']');
    }

    public PickleWriter emptyDict() {
        return op('}');
    }

    public PickleWriter reduce() {
        return op('R');
    }

    public PickleWriter build() {
        return op('b');
    }

    public PickleWriter obj() {
        return op('o');
    }

    public PickleWriter newobj() {
        return op(0x81);
    }

    public PickleWriter newobjEx() {
        return op(0x92);
    }

    public PickleWriter binput(int key) {
        return op('q').u8(key);
    }

    public PickleWriter put(int key) {
        return op('p').line(Integer.toString(key));
    }

    public PickleWriter longBinput(long key) {
        return op('r').le(key, 4);
    }

    public PickleWriter memoize() {
        return op(0x94);
    }

    public PickleWriter binget(int key) {
        return op('h').u8(key);
    }

    public PickleWriter get(int key) {
        return op('g').line(Integer.toString(key));
    }

    public PickleWriter longBinget(long key) {
        return op('j').le(key, 4);
    }

    public PickleWriter pop() {
        return op('0');
    }

    public PickleWriter popMark() {
        return op('1');
    }

    public PickleWriter dup() {
        return op('2');
    }

    public PickleWriter append() {
        return op('a');
    }

    public PickleWriter appends() {
        return op('e');
    }

    public PickleWriter setitem() {
        return op('s');
    }

    public PickleWriter setitems() {
        return op('u');
    }

    public PickleWriter binpersid() {
        return op('Q');
    }

    public PickleWriter frame(long length) {
        return op(0x95).le(length, 8);
    }

    public PickleWriter ext1(int code) {
        return op(0x82).u8(code);
    }

    public PickleWriter nextBuffer() {
        return op(0x97);
    }

    /**
     * {@code NumpyArrayWrapper(subclass, shape, order, dtype, allow_mmap[, alignment])} built and
     * BUILD, as joblib writes it before the raw array bytes ({@code alignment} &lt;= 0: no padding).
     */
    public PickleWriter joblibArrayWrapper(String dtype, int count, int alignment) {
        global("joblib.numpy_pickle", "NumpyArrayWrapper").emptyTuple().newobj().emptyDict().mark()
                .shortBinstring("subclass").global("numpy", "ndarray")
                .shortBinstring("shape").binint1(count).tuple1()
                .shortBinstring("order").shortBinstring("C")
                .shortBinstring("dtype").global("numpy", "dtype").shortBinstring(dtype).newFalse().newTrue().tuple3().reduce()
                .mark().binint1(3).shortBinstring("<").none().none().none().binint(-1).binint(-1).binint1(0).tuple().build()
                .shortBinstring("allow_mmap").newFalse();
        if (alignment > 0) {
            shortBinstring("numpy_array_alignment_bytes").binint1(alignment);
        }
        return setitems().build();
    }

    public PickleWriter stop() {
        return op('.');
    }

    public int size() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
