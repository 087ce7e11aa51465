package dev.tightrope.sync.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SageMaker JSON 1.1 call signed by the interceptor, checked from what the server received: the
 * test rebuilds the canonical request from the received method, headers and body and computes the
 * HMAC chain itself, independently of {@link SigV4}.
 */
class SigV4InterceptorTest {

    static final Instant NOW = Instant.parse("2026-12-07T15:04:05Z");
    static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    OkHttpClient client(Supplier<AwsCredentials> credentials) {
        return new OkHttpClient.Builder()
                .addInterceptor(new SigV4Interceptor(new SigV4("eu-west-1", "sagemaker"), credentials, Clock.fixed(NOW, ZoneOffset.UTC)))
                .build();
    }

    static Request listModelPackages(HttpUrl url) {
        byte[] body = "{\"ModelPackageGroupName\":\"fraud\",\"ModelPackageType\":\"Both\"}".getBytes(StandardCharsets.UTF_8);
        return new Request.Builder().url(url)
                .header("X-Amz-Target", "SageMaker.ListModelPackages")
                .post(RequestBody.create(body, MediaType.get("application/x-amz-json-1.1")))
                .build();
    }

    @Test
    void postJsonIsSignedOverWhatTheServerReceives() throws Exception {
        AwsCredentials keys = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLE");
        server.enqueue(new MockResponse.Builder().code(200).body("{\"ModelPackageSummaryList\":[]}").build());

        try (Response r = client(() -> keys).newCall(listModelPackages(server.url("/"))).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }

        RecordedRequest received = server.takeRequest();
        Matcher auth = AUTHORIZATION.matcher(received.getHeaders().get("Authorization"));
        assertThat(auth.matches()).isTrue();
        assertThat(auth.group(1)).isEqualTo("AKIDEXAMPLE");
        assertThat(auth.group(2)).isEqualTo("20261207");
        assertThat(auth.group(3)).isEqualTo("eu-west-1");
        assertThat(auth.group(4)).isEqualTo("sagemaker");
        assertThat(auth.group(5)).isEqualTo("content-type;host;x-amz-date;x-amz-security-token;x-amz-target");
        assertThat(received.getHeaders().get("X-Amz-Date")).isEqualTo("20261207T150405Z");
        assertThat(received.getHeaders().get("X-Amz-Security-Token")).isEqualTo("FwoGZXIvYXdzEXAMPLE");

        assertThat(auth.group(6)).isEqualTo(recomputedSignature(received, auth.group(5).split(";"), keys.secretAccessKey()));
    }

    @Test
    void eachRequestAsksForCredentialsAgainSoRenewedOnesAreUsed() throws Exception {
        Deque<AwsCredentials> issued = new ArrayDeque<>();
        issued.add(new AwsCredentials("ASIAFIRST", "first-secret", "token-1"));
        issued.add(new AwsCredentials("ASIASECOND", "second-secret", "token-2"));
        OkHttpClient client = client(issued::poll);
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        client.newCall(listModelPackages(server.url("/"))).execute().close();
        client.newCall(listModelPackages(server.url("/"))).execute().close();

        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertThat(first.getHeaders().get("Authorization")).contains("Credential=ASIAFIRST/");
        assertThat(second.getHeaders().get("Authorization")).contains("Credential=ASIASECOND/");
        assertThat(second.getHeaders().get("X-Amz-Security-Token")).isEqualTo("token-2");
        Matcher auth = AUTHORIZATION.matcher(second.getHeaders().get("Authorization"));
        assertThat(auth.matches()).isTrue();
        assertThat(auth.group(6)).isEqualTo(recomputedSignature(second, auth.group(5).split(";"), "second-secret"));
    }

    @Test
    void aGetWithoutBodySignsTheEmptyPayload() throws Exception {
        AwsCredentials keys = new AwsCredentials("AKIDEXAMPLE", "secret", null);
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        client(() -> keys).newCall(new Request.Builder().url(server.url("/models/fraud:v2/a%20b?b=2&a=1")).build()).execute().close();

        RecordedRequest received = server.takeRequest();
        Matcher auth = AUTHORIZATION.matcher(received.getHeaders().get("Authorization"));
        assertThat(auth.matches()).isTrue();
        assertThat(auth.group(5)).isEqualTo("host;x-amz-date");
        assertThat(received.getHeaders().get("X-Amz-Security-Token")).isNull();
        assertThat(auth.group(6)).isEqualTo(recomputedSignature(received, auth.group(5).split(";"), "secret"));
    }

    /** The canonical request and signature as AWS would compute them from the received request. */
    static String recomputedSignature(RecordedRequest received, String[] signedHeaders, String secret) throws Exception {
        StringBuilder canonical = new StringBuilder();
        canonical.append(received.getMethod()).append('\n');
        HttpUrl url = received.getUrl();
        StringBuilder path = new StringBuilder();
        for (String segment : url.encodedPathSegments()) {
            path.append('/').append(SigV4.uriEncode(segment));
        }
        canonical.append(path.length() == 0 ? "/" : path).append('\n');
        List<String> query = new ArrayList<>();
        for (int i = 0; i < url.querySize(); i++) {
            query.add(SigV4.uriEncode(url.queryParameterName(i)) + "=" + SigV4.uriEncode(String.valueOf(url.queryParameterValue(i))));
        }
        Collections.sort(query);
        canonical.append(String.join("&", query)).append('\n');
        for (String name : signedHeaders) {
            canonical.append(name).append(':').append(received.getHeaders().get(name).strip()).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        canonical.append(hex(MessageDigest.getInstance("SHA-256").digest(received.getBody() == null ? new byte[0] : received.getBody().toByteArray())));

        String amzDate = received.getHeaders().get("X-Amz-Date");
        String scope = amzDate.substring(0, 8) + "/eu-west-1/sagemaker/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        key = hmac(key, "eu-west-1");
        key = hmac(key, "sagemaker");
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
