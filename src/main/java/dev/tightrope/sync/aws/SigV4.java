package dev.tightrope.sync.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * AWS Signature Version 4 for one region and service, written on the JDK so that Tightrope needs
 * no AWS SDK. {@link #sign} returns every intermediate (canonical request, string to sign) so that
 * the AWS test-suite vectors can be checked step by step, and a mismatch reported by AWS
 * ({@code SignatureDoesNotMatch} shows AWS's canonical request) can be compared with ours.
 *
 * <p>Paths are signed the way every service except S3 expects: the path as it goes on the wire
 * (already percent-encoded once) is URI-encoded again, as botocore does; {@code /a b} is sent as
 * {@code /a%20b} and signed as {@code /a%2520b}. Dot segments are already resolved by {@link HttpUrl}.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of no bytes, the payload hash of a GET. */
    public static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SCOPE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String region;
    private final String service;

    /**
     * One signed request: what to add to it ({@link #headers()}) and how the signature came about.
     *
     * @param headers the headers to set on the request: {@code X-Amz-Date}, {@code X-Amz-Security-Token}
     *                for temporary credentials, {@code Authorization}
     */
    public record Signature(String canonicalRequest, String stringToSign, String signedHeaders, String signature, Map<String, String> headers) {

        /** The {@code Authorization} header's value. */
        public String authorization() {
            return headers.get("Authorization");
        }

        @Override
        public String toString() {
            return "Signature[signedHeaders=" + signedHeaders + ", signature=" + signature + "]";
        }
    }

    public SigV4(String region, String service) {
        this.region = requireScopePart(region, "region");
        this.service = requireScopePart(service, "service");
    }

    public String region() {
        return region;
    }

    public String service() {
        return service;
    }

    /**
     * Signs a request. {@code headers} are the ones the request will carry (names in any case);
     * all are signed, plus {@code host} (from {@code url} when absent), {@code x-amz-date} and, for
     * temporary credentials, {@code x-amz-security-token}.
     *
     * @param payloadSha256 lower-case hex SHA-256 of the body ({@link #EMPTY_PAYLOAD_SHA256} for none)
     */
    public Signature sign(String method, HttpUrl url, Headers headers, String payloadSha256, AwsCredentials credentials, Instant time) {
        String amzDate = AMZ_DATE.format(time);
        String scopeDate = SCOPE_DATE.format(time);
        TreeMap<String, String> canonical = canonicalHeaders(headers);
        canonical.putIfAbsent("host", hostHeader(url));
        canonical.put("x-amz-date", amzDate);
        if (credentials.temporary()) {
            canonical.put("x-amz-security-token", credentials.sessionToken());
        }
        String signedHeaders = String.join(";", canonical.keySet());
        StringBuilder headerLines = new StringBuilder();
        canonical.forEach((name, value) -> headerLines.append(name).append(':').append(value).append('\n'));
        String canonicalRequest = method.toUpperCase(Locale.ROOT) + '\n'
                + canonicalPath(url) + '\n'
                + canonicalQuery(url) + '\n'
                + headerLines + '\n'
                + signedHeaders + '\n'
                + payloadSha256;
        String scope = scopeDate + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = signingKey(credentials.secretAccessKey(), scopeDate, region, service);
        String signature = HEX.formatHex(hmac(key, stringToSign));

        Map<String, String> add = new LinkedHashMap<>();
        add.put("X-Amz-Date", amzDate);
        if (credentials.temporary()) {
            add.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        add.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return new Signature(canonicalRequest, stringToSign, signedHeaders, signature, Collections.unmodifiableMap(add));
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
    public static byte[] signingKey(String secretAccessKey, String scopeDate, String region, String service) {
        byte[] kDate = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scopeDate);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, service);
        return hmac(kService, "aws4_request");
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** RFC 3986 percent-encoding of UTF-8 bytes: everything but {@code A-Z a-z 0-9 - _ . ~} becomes {@code %XX}. */
    static String uriEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String canonicalPath(HttpUrl url) {
        StringBuilder out = new StringBuilder();
        for (String segment : url.encodedPathSegments()) {
            out.append('/').append(uriEncode(segment));
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private record QueryPair(String name, String value) {
    }

    private static String canonicalQuery(HttpUrl url) {
        List<QueryPair> pairs = new ArrayList<>();
        for (int i = 0; i < url.querySize(); i++) {
            String value = url.queryParameterValue(i);
            pairs.add(new QueryPair(uriEncode(url.queryParameterName(i)), value == null ? "" : uriEncode(value)));
        }
        // by name, then value: sorting whole "name=value" strings would put "a-b=1" before "a=1" ('-' < '=')
        pairs.sort(Comparator.comparing(QueryPair::name).thenComparing(QueryPair::value));
        StringBuilder out = new StringBuilder();
        for (QueryPair pair : pairs) {
            out.append(out.length() == 0 ? "" : "&").append(pair.name()).append('=').append(pair.value());
        }
        return out.toString();
    }

    private static TreeMap<String, String> canonicalHeaders(Headers headers) {
        TreeMap<String, String> out = new TreeMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            String value = headers.value(i).strip().replaceAll("\\s+", " ");
            out.merge(name, value, (first, next) -> first + ',' + next);
        }
        return out;
    }

    static String hostHeader(HttpUrl url) {
        String host = url.host().contains(":") ? '[' + url.host() + ']' : url.host();
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ':' + url.port();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no HmacSHA256", e);
        }
    }

    private static String requireScopePart(String value, String what) {
        if (value == null || !value.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("the " + what + " must be lower-case letters, digits and '-': '" + value + "'");
        }
        return value;
    }
}
