package dev.tightrope.trust.keys;

import dev.tightrope.trust.TrustFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM armour written the one way OpenSSF model signing hashes it: 64-character base64 lines,
 * every line ending in {@code \n}, whatever the platform's line separator.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)\\s*-----END \\1-----", Pattern.DOTALL);

    private Pem() {
    }

    public static String encode(String type, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END ").append(type).append("-----\n").toString();
    }

    /** The DER bytes of the first block of {@code type}. */
    public static byte[] decode(String text, String type, String location) {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                String body = m.group(2);
                if (body.contains(":")) {
                    throw new TrustFormatException(location, "PEM block " + type + " has headers; only plain blocks are supported");
                }
                try {
                    return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
                } catch (IllegalArgumentException e) {
                    throw new TrustFormatException(location, "PEM block " + type + " is not valid base64", e);
                }
            }
        }
        throw new TrustFormatException(location, "no '" + type + "' PEM block found");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
