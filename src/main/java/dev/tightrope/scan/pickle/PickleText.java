package dev.tightrope.scan.pickle;

/** Decodes the text operands of protocol 0 the way CPython does, without evaluating anything. */
final class PickleText {

    private PickleText() {
    }

    /** {@code codecs.escape_decode} of {@code raw[from, to)}, then latin-1: the STRING opcode's operand between its quotes. */
    static String escapeDecode(byte[] raw, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int c = raw[i] & 0xff;
            if (c != '\\' || i + 1 >= to) {
                sb.append((char) c);
                i++;
                continue;
            }
            int e = raw[i + 1] & 0xff;
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append((char) 7);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append((char) 11);
                case 'x' -> {
                    int v = hex(raw, i, Math.min(to, i + 2));
                    if (v >= 0 && i + 2 <= to) {
                        sb.append((char) v);
                        i += 2;
                    } else {
                        sb.append("\\x");
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        int k = 0;
                        while (k < 2 && i < to && raw[i] >= '0' && raw[i] <= '7') {
                            v = v * 8 + (raw[i] - '0');
                            i++;
                            k++;
                        }
                        sb.append((char) (v & 0xff));
                    } else {
                        sb.append('\\').append((char) e);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** {@code raw-unicode-escape}: bytes are latin-1 except {@code \\uXXXX} and {@code \\UXXXXXXXX}. */
    static String rawUnicodeEscapeDecode(byte[] raw) {
        StringBuilder sb = new StringBuilder(raw.length);
        int i = 0;
        while (i < raw.length) {
            int c = raw[i] & 0xff;
            if (c == '\\' && i + 1 < raw.length && (raw[i + 1] == 'u' || raw[i + 1] == 'U')) {
                int digits = raw[i + 1] == 'u' ? 4 : 8;
                int v = i + 2 + digits <= raw.length ? hex(raw, i + 2, i + 2 + digits) : -1;
                if (v >= 0 && Character.isValidCodePoint(v)) {
                    sb.appendCodePoint(v);
                    i += 2 + digits;
                    continue;
                }
            }
            sb.append((char) c);
            i++;
        }
        return sb.toString();
    }

    private static int hex(byte[] raw, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(raw[i] & 0xff, 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
            if (v > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) v;
    }
}
