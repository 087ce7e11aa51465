package dev.tightrope.scan;

/** Which byte values are pickle opcodes, by the protocol that introduced them. */
public final class Opcodes {

    private static final boolean[] VALID = new boolean[256];
    private static final boolean[] PROTOCOL_0_1 = new boolean[256];

    static {
        String p01 = "(.0123FIJKLMNPQRSTUVXabcdeghijlopqrstu}])G";
        for (char c : p01.toCharArray()) {
            VALID[c] = true;
            PROTOCOL_0_1[c] = true;
        }
        VALID['B'] = true;
        VALID['C'] = true;
        for (int op = 0x80; op <= 0x98; op++) {
            VALID[op] = true;
        }
    }

    private Opcodes() {
    }

    public static boolean isOpcode(int b) {
        return b >= 0 && b < 256 && VALID[b];
    }

    /** Opcodes of protocols 0 and 1, which have no PROTO header: a bare pickle starts with one of these. */
    public static boolean isProtocol01Opcode(int b) {
        return b >= 0 && b < 256 && PROTOCOL_0_1[b];
    }
}
