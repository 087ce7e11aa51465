package dev.tightrope.sync.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Signature V4 against the AWS test suite (v4 cases, as copied in awslabs/aws-c-auth) and the AWS docs' signing key. */
class SigV4Test {

    static final AwsCredentials SUITE = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    static final SigV4 SUITE_SIGNER = new SigV4("us-east-1", "service");
    static final String SCOPE = "20150830/us-east-1/service/aws4_request";

    @Test
    void getVanillaMatchesTheSuite() {
        SigV4.Signature s = SUITE_SIGNER.sign("GET", HttpUrl.get("https://example.amazonaws.com/"), Headers.of(),
                SigV4.EMPTY_PAYLOAD_SHA256, SUITE, SUITE_TIME);

        assertThat(s.canonicalRequest()).isEqualTo("""
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        assertThat(SigV4.sha256Hex(s.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
        assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n" + SCOPE
                + "\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
        assertThat(s.signature()).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + SCOPE
                + ", SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        assertThat(s.headers()).containsOnlyKeys("X-Amz-Date", "Authorization").containsEntry("X-Amz-Date", "20150830T123600Z");
    }

    @Test
    void queryParametersAreSortedByNameWithUpperCaseFirst() {
        SigV4.Signature s = SUITE_SIGNER.sign("GET", HttpUrl.get("https://example.amazonaws.com/?Param2=value2&Param1=value1"),
                Headers.of("Host", "example.amazonaws.com"), SigV4.EMPTY_PAYLOAD_SHA256, SUITE, SUITE_TIME);

        assertThat(s.canonicalRequest().split("\n")[2]).isEqualTo("Param1=value1&Param2=value2");
        assertThat(SigV4.sha256Hex(s.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
        assertThat(s.stringToSign()).endsWith("\n" + SCOPE + "\n816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
        assertThat(s.signature()).isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void sessionTokenIsSignedAndSent() {
        String token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
        AwsCredentials temporary = new AwsCredentials(SUITE.accessKeyId(), SUITE.secretAccessKey(), token);

        SigV4.Signature s = SUITE_SIGNER.sign("GET", HttpUrl.get("https://example.amazonaws.com/"), Headers.of(),
                SigV4.EMPTY_PAYLOAD_SHA256, temporary, SUITE_TIME);

        assertThat(s.signedHeaders()).isEqualTo("host;x-amz-date;x-amz-security-token");
        assertThat(s.canonicalRequest()).contains("\nx-amz-security-token:" + token + "\n");
        assertThat(SigV4.sha256Hex(s.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b");
        assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n" + SCOPE
                + "\n067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b");
        assertThat(s.signature()).isEqualTo("07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
        assertThat(s.headers()).containsEntry("X-Amz-Security-Token", token);
    }

    @Test
    void signingKeyMatchesTheAwsDocumentation() {
        byte[] key = SigV4.signingKey(SUITE.secretAccessKey(), "20150830", "us-east-1", "iam");

        assertThat(HexFormat.of().formatHex(key)).isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void sageMakerJsonRequestMatchesBotocore() {
        byte[] body = "{\"MaxResults\":10}".getBytes(StandardCharsets.UTF_8);
        SigV4.Signature s = new SigV4("us-east-1", "sagemaker").sign("POST", HttpUrl.get("https://api.sagemaker.us-east-1.amazonaws.com/"),
                Headers.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "SageMaker.ListModelPackageGroups"),
                SigV4.sha256Hex(body), SUITE, SUITE_TIME);

        assertThat(s.signedHeaders()).isEqualTo("content-type;host;x-amz-date;x-amz-target");
        assertThat(SigV4.sha256Hex(s.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("3cb94429a98eae85580f5a3c2091155df6c3d8f41cff36436c90c408fb090ad4");
        assertThat(s.signature()).isEqualTo("cfad01c3dd6caa44aa66b25fcb6611cee307e84f3235a1638ad4ae2661997332");
    }

    @Test
    void pathsAreEncodedTwiceAndQueryValuesOnceWithSpacesAsPercent20() {
        SigV4.Signature s = SUITE_SIGNER.sign("GET", HttpUrl.get("https://example.amazonaws.com/a b/./c/../d~e?x=a b&flag&y=é"),
                Headers.of(), SigV4.EMPTY_PAYLOAD_SHA256, SUITE, SUITE_TIME);

        String[] lines = s.canonicalRequest().split("\n");
        assertThat(lines[1]).isEqualTo("/a%2520b/d~e");
        assertThat(lines[2]).isEqualTo("flag=&x=a%20b&y=%C3%A9");
    }

    @Test
    void theWireFormOfThePathIsWhatGetsEncodedAgain() {
        SigV4.Signature s = SUITE_SIGNER.sign("GET", HttpUrl.get("https://example.amazonaws.com/models/fraud:v2/%E1%88%B4"),
                Headers.of(), SigV4.EMPTY_PAYLOAD_SHA256, SUITE, SUITE_TIME);

        assertThat(s.canonicalRequest().split("\n")[1]).isEqualTo("/models/fraud%3Av2/%25E1%2588%25B4");
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndRepeatsJoined() {
        SigV4.Signature s = SUITE_SIGNER.sign("GET", HttpUrl.get("https://example.amazonaws.com/"),
                new Headers.Builder().add("My-Header1", "  value1  ").add("My-Header2", "\"a   b   c\"")
                        .add("my-header1", "value2").build(),
                SigV4.EMPTY_PAYLOAD_SHA256, SUITE, SUITE_TIME);

        assertThat(s.canonicalRequest()).contains("\nmy-header1:value1,value2\nmy-header2:\"a b c\"\n");
        assertThat(s.signedHeaders()).isEqualTo("host;my-header1;my-header2;x-amz-date");
    }

    @Test
    void aPortOtherThanTheDefaultIsPartOfTheHost() {
        SigV4.Signature s = SUITE_SIGNER.sign("GET", HttpUrl.get("http://127.0.0.1:8443/"), Headers.of(),
                SigV4.EMPTY_PAYLOAD_SHA256, SUITE, SUITE_TIME);

        assertThat(s.canonicalRequest()).contains("\nhost:127.0.0.1:8443\n");
    }

    @Test
    void credentialsNeverShowTheSecretOrTheToken() {
        AwsCredentials c = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "the-session-token");

        assertThat(c.toString()).contains("AKIDEXAMPLE").doesNotContain("wJalr").doesNotContain("the-session-token");
        assertThat(SUITE.toString()).contains("sessionToken=none");
    }
}
