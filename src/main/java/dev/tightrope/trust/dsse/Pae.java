package dev.tightrope.trust.dsse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** DSSE v1 pre-authentication encoding: the exact bytes a DSSE signature covers. */
public final class Pae {

    private Pae() {
    }

    /** {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in bytes, decimal. */
    public static byte[] encode(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * The malformed encoding {@code model_signing} 0.2.0 signed:
     * {@code "DSSEV1 <len> <type> <len> " + Python repr(body)} (upper-case V, the body as a
     * Python {@code bytes} literal). Verifiers use it only to recognise, and flag, such legacy
     * signatures; nothing here signs it.
     */
    public static byte[] legacyModelSigning(String payloadType, byte[] body) {
        String text = "DSSEV1 " + payloadType.length() + " " + payloadType + " " + body.length + " " + pythonBytesRepr(body);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Python's {@code repr(bytes)}: single quotes unless the data has ' and no ", escapes as CPython prints them. */
    static String pythonBytesRepr(byte[] data) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : data) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder(data.length + 3).append('b').append(quote);
        for (byte b : data) {
            int c = b & 0xff;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }
}
