package dev.tightrope.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Maps a URN to the 64-bit key the cache uses for it: SipHash-2-4 under a secret that is random
 * per cache. Ingest can then write edges and owners without looking anything up, and a source
 * cannot aim a collision at another asset because it does not know the secret. Collisions that
 * happen anyway are detected on write (the stored URN differs) and reported.
 */
public final class UrnKeys {

    private final long k0;
    private final long k1;

    UrnKeys(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("SipHash needs a 16-byte key");
        }
        ByteBuffer b = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        this.k0 = b.getLong();
        this.k1 = b.getLong();
    }

    public long key(String urn) {
        return sipHash24(urn.getBytes(StandardCharsets.UTF_8));
    }

    long sipHash24(byte[] data) {
        SipState s = new SipState(k0, k1);
        int len = data.length;
        int end = len - (len % 8);
        for (int i = 0; i < end; i += 8) {
            long m = (data[i] & 0xffL)
                    | (data[i + 1] & 0xffL) << 8
                    | (data[i + 2] & 0xffL) << 16
                    | (data[i + 3] & 0xffL) << 24
                    | (data[i + 4] & 0xffL) << 32
                    | (data[i + 5] & 0xffL) << 40
                    | (data[i + 6] & 0xffL) << 48
                    | (data[i + 7] & 0xffL) << 56;
            s.compress(m);
        }
        long last = ((long) len) << 56;
        for (int i = len - 1; i >= end; i--) {
            last |= (data[i] & 0xffL) << (8 * (i - end));
        }
        s.compress(last);
        return s.finish();
    }

    /** SipHash-2-4 state; small enough for the JIT to keep in registers. */
    private static final class SipState {
        private long v0;
        private long v1;
        private long v2;
        private long v3;

        SipState(long k0, long k1) {
            v0 = 0x736f6d6570736575L ^ k0;
            v1 = 0x646f72616e646f6dL ^ k1;
            v2 = 0x6c7967656e657261L ^ k0;
            v3 = 0x7465646279746573L ^ k1;
        }

        void compress(long m) {
            v3 ^= m;
            round();
            round();
            v0 ^= m;
        }

        long finish() {
            v2 ^= 0xff;
            round();
            round();
            round();
            round();
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private void round() {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
    }
}
