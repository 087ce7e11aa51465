package dev.tightrope.trust.log;

import dev.tightrope.trust.TrustFormatException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP signed note: text ending in a newline, a blank line, then signature lines
 * {@code "— <key name> <base64(keyID[4] || signature)>"} (U+2014 EM DASH, space).
 */
public record SignedNote(String text, List<Line> signatures) {

    static final String DASH = "\u2014 ";

    /** One signature line. */
    public record Line(String keyName, byte[] keyId, byte[] signature) {
        public Line {
            keyId = keyId.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] keyId() {
            return keyId.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    public SignedNote {
        Objects.requireNonNull(text, "text");
        signatures = List.copyOf(signatures);
    }

    public String encode() {
        StringBuilder sb = new StringBuilder(text).append('\n');
        for (Line l : signatures) {
            byte[] blob = new byte[4 + l.signature().length];
            System.arraycopy(l.keyId(), 0, blob, 0, 4);
            System.arraycopy(l.signature(), 0, blob, 4, l.signature().length);
            sb.append(DASH).append(l.keyName()).append(' ').append(Base64.getEncoder().encodeToString(blob)).append('\n');
        }
        return sb.toString();
    }

    public static SignedNote parse(String note, String location) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new TrustFormatException(location, "not a signed note (text, blank line, signature lines)");
        }
        String text = note.substring(0, split + 1);
        List<Line> lines = new ArrayList<>();
        for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
            if (!line.startsWith(DASH)) {
                throw new TrustFormatException(location, "signature line does not start with an em dash: '" + line + "'");
            }
            String[] parts = line.substring(DASH.length()).split(" ", -1);
            if (parts.length != 2) {
                throw new TrustFormatException(location, "signature line is not '— <name> <signature>'");
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new TrustFormatException(location, "signature is not base64");
            }
            if (blob.length < 5) {
                throw new TrustFormatException(location, "signature too short");
            }
            byte[] id = new byte[4];
            byte[] sig = new byte[blob.length - 4];
            System.arraycopy(blob, 0, id, 0, 4);
            System.arraycopy(blob, 4, sig, 0, sig.length);
            lines.add(new Line(parts[0], id, sig));
        }
        return new SignedNote(text, lines);
    }
}
