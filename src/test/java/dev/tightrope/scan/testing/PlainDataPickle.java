package dev.tightrope.scan.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a large plain-data pickle the way CPython's {@code pickle.dump(obj, f, protocol=4)}
 * writes a cached dataset, {@code {"shard_000000": {"text": [str…], "label": [str…], "score":
 * [float…]}, …}}: 64 KiB frames, every string and container memoised, the repeated column names
 * fetched from the memo, lists and dicts filled in batches of 1000. Streams to the file, so a
 * benchmark can write hundreds of MB with little heap. Nothing here executes anything.
 */
public final class PlainDataPickle {

    /** What was written; {@code opcodes} and {@code memoEntries} leave out the prelude and epilogue. */
    public record Written(long bytes, long opcodes, long memoEntries) {
    }

    private static final int ROWS_PER_SHARD = 1000;
    private static final int BATCH = 1000;
    private static final int FRAME_TARGET = 64 * 1024;
    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "token", "label", "news", "sport", "tech", "world"};
    private static final String[] LABELS = {"a0", "b1", "c2", "d3", "e4", "f5", "g6"};
    private static final String[] COLUMNS = {"text", "label", "score"};

    private final long targetBytes;
    private byte[] prelude = new byte[0];
    private int preludeMemoEntries;
    private byte[] epilogue = new byte[0];

    private PlainDataPickle(long targetBytes) {
        this.targetBytes = targetBytes;
    }

    /** A pickle of at least {@code bytes} bytes of data. */
    public static PlainDataPickle ofAtLeast(long bytes) {
        return new PlainDataPickle(bytes);
    }

    /** Opcodes written right after PROTO that leave the stack empty, and the memo entries they store. */
    public PlainDataPickle prelude(byte[] opcodes, int memoEntries) {
        this.prelude = opcodes.clone();
        this.preludeMemoEntries = memoEntries;
        return this;
    }

    /**
     * Opcodes written after the data, before STOP, with the data's dict on the stack; they must
     * leave it there. They start outside any frame, as what a pickler writes after committing its
     * frame (joblib's raw arrays) does.
     */
    public PlainDataPickle epilogue(byte[] opcodes) {
        this.epilogue = opcodes.clone();
        return this;
    }

    public Written writeTo(Path file) throws IOException {
        Framer f;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            f = new Framer(out);
            out.write(0x80);
            out.write(4);
            f.opcodes++;
            f.raw(prelude);
            f.memo = preludeMemoEntries;
            f.op(0x7d).memoize();
            long[] columnKeys = new long[COLUMNS.length];
            long dataBytes = 0;
            int shard = 0;
            while (dataBytes < targetBytes) {
                f.op('(');
                for (int entry = 0; entry < BATCH && dataBytes < targetBytes; entry++, shard++) {
                    long before = f.written;
                    f.shortUnicode(String.format("shard_%06d", shard)).memoize();
                    f.op(0x7d).memoize().op('(');
                    for (int c = 0; c < COLUMNS.length; c++) {
                        if (shard == 0) {
                            columnKeys[c] = f.memo;
                            f.shortUnicode(COLUMNS[c]).memoize();
                        } else {
                            f.longBinget(columnKeys[c]);
                        }
                        f.op(']').memoize().op('(');
                        for (int row = 0; row < ROWS_PER_SHARD; row++) {
                            switch (c) {
                                case 0 -> f.shortUnicode(WORDS[(shard + row) % WORDS.length] + row).memoize();
                                case 1 -> f.shortUnicode(LABELS[(row * 7 + shard) % LABELS.length]).memoize();
                                default -> f.binfloat(row / 3.0 + shard);
                            }
                        }
                        f.op('e');
                    }
                    f.op('u');
                    dataBytes += f.written - before;
                }
                f.op('u');
            }
            f.commit();
            out.write(epilogue);
            out.write('.');
            f.opcodes++;
        }
        return new Written(Files.size(file), f.opcodes, f.memo - preludeMemoEntries);
    }

    /** Collects opcodes into a frame and writes it, FRAME header first, once it reaches 64 KiB. */
    private static final class Framer {
        private final OutputStream out;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(FRAME_TARGET * 2);
        long written;
        long opcodes;
        long memo;

        Framer(OutputStream out) {
            this.out = out;
        }

        Framer op(int code) throws IOException {
            body.write(code);
            written++;
            return opcodeEnds();
        }

        /** Frames close only between opcodes, as CPython's framer closes them. */
        private Framer opcodeEnds() throws IOException {
            opcodes++;
            if (body.size() >= FRAME_TARGET) {
                commit();
            }
            return this;
        }

        Framer memoize() throws IOException {
            memo++;
            return op(0x94);
        }

        Framer shortUnicode(String s) throws IOException {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            body.write(0x8c);
            body.write(utf8.length);
            body.writeBytes(utf8);
            written += utf8.length + 2;
            return opcodeEnds();
        }

        Framer binfloat(double d) throws IOException {
            long bits = Double.doubleToLongBits(d);
            body.write('G');
            for (int i = 7; i >= 0; i--) {
                body.write((int) (bits >>> (8 * i)));
            }
            written += 9;
            return opcodeEnds();
        }

        Framer longBinget(long key) throws IOException {
            body.write('j');
            for (int i = 0; i < 4; i++) {
                body.write((int) (key >>> (8 * i)));
            }
            written += 5;
            return opcodeEnds();
        }

        void raw(byte[] opcodes) {
            body.writeBytes(opcodes);
            written += opcodes.length;
        }

        void commit() throws IOException {
            if (body.size() == 0) {
                return;
            }
            out.write(0x95);
            long n = body.size();
            for (int i = 0; i < 8; i++) {
                out.write((int) (n >>> (8 * i)));
            }
            body.writeTo(out);
            opcodes++;
            body.reset();
        }
    }
}
