package dev.tightrope.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.testing.LocalRegistry;
import dev.tightrope.testing.LocalServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The registry client: bearer tokens from the challenge, digests checked, no credentials sent to another host. */
@ExtendWith(LocalServers.class)
class RegistryClientTest {

    MockWebServer registry = new MockWebServer();
    MockWebServer storage = new MockWebServer();
    static final byte[] MANIFEST = OciManifest.imageManifest(null, Descriptor.of(OciManifest.EMPTY_CONFIG, OciManifest.EMPTY_JSON),
            List.of(), null, null).toBytes();

    @BeforeEach
    void start() throws Exception {
        registry.start();
        storage.start();
    }

    @AfterEach
    void stop() {
        registry.close();
        storage.close();
    }

    RegistryClient client(RegistryClient.Credentials credentials) {
        return new RegistryClient(registry.url("/"), credentials, new OkHttpClient());
    }

    static MockResponse manifest(byte[] bytes, String statedDigest) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", OciManifest.IMAGE_MANIFEST)
                .setHeader("Docker-Content-Digest", statedDigest).body(new String(bytes, StandardCharsets.UTF_8)).build();
    }

    @Test
    void aBearerChallengeIsAnsweredWithATokenFromTheRealmUsingTheCredentials() throws Exception {
        String realm = registry.url("/token").toString();
        registry.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate",
                "Bearer realm=\"" + realm + "\",service=\"registry.kestrel.example\",scope=\"repository:models/fraud:pull\"").build());
        registry.enqueue(new MockResponse.Builder().code(200).body("{\"token\":\"t0k3n\",\"expires_in\":300}").build());
        registry.enqueue(manifest(MANIFEST, OciDigests.sha256(MANIFEST)));

        RegistryClient.Fetched m = client(new RegistryClient.Credentials("ci", "s3cret", null))
                .manifest("models/fraud", "v3").orElseThrow();
        assertThat(m.digest()).isEqualTo(OciDigests.sha256(MANIFEST));

        RecordedRequest first = registry.takeRequest();
        assertThat(first.getHeaders().get("Authorization")).isNull();
        RecordedRequest token = registry.takeRequest();
        assertThat(token.getUrl().encodedPath()).isEqualTo("/token");
        assertThat(token.getUrl().queryParameter("service")).isEqualTo("registry.kestrel.example");
        assertThat(token.getUrl().queryParameter("scope")).isEqualTo("repository:models/fraud:pull");
        assertThat(token.getHeaders().get("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8)));
        RecordedRequest retry = registry.takeRequest();
        assertThat(retry.getHeaders().get("Authorization")).isEqualTo("Bearer t0k3n");
        assertThat(retry.getHeaders().get("Accept")).contains(OciManifest.IMAGE_MANIFEST, OciManifest.IMAGE_INDEX);
    }

    @Test
    void withoutCredentialsARefusalSaysWhichEnvironmentVariablesToSet() {
        registry.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Basic realm=\"registry\"").build());
        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).manifest("models/fraud", "v3"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("TIGHTROPE_REGISTRY_USERNAME");
    }

    @Test
    void aManifestWhoseBytesDoNotMatchTheDigestAskedForIsRejected() {
        byte[] other = "{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
        registry.enqueue(manifest(other, OciDigests.sha256(other)));
        String wanted = OciDigests.sha256(MANIFEST);
        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).manifest("models/fraud", wanted))
                .isInstanceOf(RegistryException.class).hasMessageContaining("tampered or corrupt");
    }

    @Test
    void aManifestWhoseStatedDigestIsNotItsContentIsRejected() {
        registry.enqueue(manifest(MANIFEST, "sha256:" + "0".repeat(64)));
        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).manifest("models/fraud", "v3"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("the registry states digest");
    }

    @Test
    void aBlobRedirectedToAnotherHostIsFetchedWithoutTheRegistryCredentials() throws Exception {
        byte[] blob = "{\"payloadType\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        String digest = OciDigests.sha256(blob);
        registry.enqueue(new MockResponse.Builder().code(307).setHeader("Location", storage.url("/blobs/abc?sig=1")).build());
        storage.enqueue(new MockResponse.Builder().code(200).body(new String(blob, StandardCharsets.UTF_8)).build());

        byte[] got = client(new RegistryClient.Credentials(null, null, "registry-token")).blob("models/fraud", digest, 1024);
        assertThat(got).isEqualTo(blob);
        assertThat(registry.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer registry-token");
        RecordedRequest atStorage = storage.takeRequest();
        assertThat(atStorage.getUrl().queryParameter("sig")).isEqualTo("1");
        assertThat(atStorage.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void aTamperedBlobIsDetected() {
        byte[] blob = "original".getBytes(StandardCharsets.UTF_8);
        registry.enqueue(new MockResponse.Builder().code(200).body("tampered").build());
        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).blob("models/fraud", OciDigests.sha256(blob), 1024))
                .isInstanceOf(RegistryException.class).hasMessageContaining("tampered or corrupt");
    }

    @Test
    void aBlobLargerThanAllowedIsNotRead() {
        registry.enqueue(new MockResponse.Builder().code(200).body("x".repeat(2048)).build());
        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).blob("models/fraud", OciDigests.sha256(new byte[1]), 1024))
                .isInstanceOf(RegistryException.class).hasMessageContaining("1024");
    }

    @Test
    void registryErrorsAreReportedWithTheirCode() {
        registry.enqueue(new MockResponse.Builder().code(403)
                .body("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}").build());
        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).manifest("models/fraud", "v3"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("403 DENIED: requested access to the resource is denied");
    }

    @Test
    void aManifestWithADuplicateKeyIsRefused() {
        // Two media types: a registry or a verifier that keeps the other one would see another kind of document.
        byte[] twoTypes = ("{\"schemaVersion\":2,\"mediaType\":\"" + OciManifest.IMAGE_MANIFEST + "\",\"mediaType\":\""
                + OciManifest.IMAGE_INDEX + "\",\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        registry.enqueue(manifest(twoTypes, OciDigests.sha256(twoTypes)));

        RegistryClient.Fetched fetched = client(RegistryClient.Credentials.NONE).manifest("models/fraud", "v3").orElseThrow();
        assertThatThrownBy(() -> fetched.parse("models/fraud:v3"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("models/fraud:v3: invalid JSON: duplicate key 'mediaType'");
    }

    @Test
    void aReferrersIndexWithADuplicateKeyIsRefused() {
        registry.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", OciManifest.IMAGE_INDEX)
                .body("{\"schemaVersion\":2,\"mediaType\":\"" + OciManifest.IMAGE_INDEX + "\",\"manifests\":[],\"manifests\":[]}").build());

        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).referrers("models/fraud", OciDigests.sha256(MANIFEST), null))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("duplicate key 'manifests'");
    }

    @Test
    void aTokenAnswerWithTwoTokensIsRefusedWithoutQuotingIt() {
        registry.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate",
                "Bearer realm=\"" + registry.url("/token") + "\",service=\"r\"").build());
        registry.enqueue(new MockResponse.Builder().code(200).body("{\"token\":\"first-t0k3n\",\"token\":\"second-t0k3n\"}").build());

        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).manifest("models/fraud", "v3"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("did not answer with a JSON token document")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("t0k3n"))
                .hasNoCause();
    }

    @Test
    void anUploadLocationOnAnotherHostGetsNoRegistryCredentials() throws Exception {
        registry.enqueue(new MockResponse.Builder().code(404).build());
        registry.enqueue(new MockResponse.Builder().code(202).setHeader("Location", storage.url("/upload/1?state=x")).build());
        storage.enqueue(new MockResponse.Builder().code(201).build());

        client(new RegistryClient.Credentials(null, null, "registry-token")).pushBlob("models/fraud", "blob".getBytes(StandardCharsets.UTF_8));

        assertThat(registry.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer registry-token");
        assertThat(registry.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer registry-token");
        RecordedRequest put = storage.takeRequest();
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(put.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void aDigestOfAnotherAlgorithmIsRefusedBecauseItCannotBeChecked() {
        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).manifest("models/fraud", "sha512:" + "ab".repeat(64)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("only sha256 digests can be checked");
        assertThat(registry.getRequestCount()).isZero();
    }

    @Test
    void aManifestServedAsAnotherTypeIsRefused() {
        // Served as an index, declares itself a manifest: one reader would walk 'manifests', another 'layers'.
        registry.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", OciManifest.IMAGE_INDEX)
                .body(new String(MANIFEST, StandardCharsets.UTF_8)).build());

        RegistryClient.Fetched fetched = client(RegistryClient.Credentials.NONE).manifest("models/fraud", "v3").orElseThrow();
        assertThatThrownBy(() -> fetched.parse("models/fraud:v3")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("says it is " + OciManifest.IMAGE_MANIFEST + " but was served as " + OciManifest.IMAGE_INDEX);
    }

    @Test
    void aDocumentWithBothLayersAndManifestsIsRefused() {
        byte[] both = "{\"schemaVersion\":2,\"layers\":[],\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OciManifest.parse(both, null, "x")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("neither an index nor a manifest");
        byte[] indexWithLayers = ("{\"schemaVersion\":2,\"mediaType\":\"" + OciManifest.IMAGE_INDEX + "\",\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OciManifest.parse(indexWithLayers, null, "x")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("holds 'layers'");
    }

    @Test
    void aReferrersAnswerThatIsNotAnIndexIsRefused() {
        registry.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", OciManifest.IMAGE_MANIFEST)
                .body(new String(MANIFEST, StandardCharsets.UTF_8)).build());

        assertThatThrownBy(() -> client(RegistryClient.Credentials.NONE).referrers("models/fraud", OciDigests.sha256(MANIFEST), null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("not an image index");
    }

    @Test
    void challengeParametersMayHoldCommasInQuotes() {
        assertThat(RegistryClient.challengeParams(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\""))
                .containsEntry("realm", "https://auth.example/token")
                .containsEntry("service", "registry.example")
                .containsEntry("scope", "repository:a/b:pull,push");
    }

    @Test
    void referencesNameRegistryRepositoryAndDigest() {
        OciReference r = OciReference.parse("oci://127.0.0.1:5000/models/fraud-bert@sha256:" + "a".repeat(64));
        assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(r.repository()).isEqualTo("models/fraud-bert");
        assertThat(r.digest()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(r.loopback()).isTrue();
        assertThat(OciReference.parse("oci://registry.kestrel.example/serving/credit:7.0.0").loopback()).isFalse();
        assertThatThrownBy(() -> OciReference.parse("oci://registry.kestrel.example/serving/credit"))
                .hasMessageContaining("no tag or digest");
        assertThatThrownBy(() -> OciReference.parse("https://x/y@sha256:00")).hasMessageContaining("not an OCI reference");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // drives a docker-registry process
    void imagesPushToARealRegistryAndReadBackByDigest(@TempDir Path dir) throws Exception {
        try (LocalRegistry real = LocalRegistry.start(dir)) {
            String digest = real.pushImage("models/scorer", "v1", "scorer");
            RegistryClient.Fetched m = real.client().manifest("models/scorer", "v1").orElseThrow();
            assertThat(m.digest()).isEqualTo(digest);
            OciManifest parsed = m.parse("scorer");
            assertThat(real.client().blob("models/scorer", parsed.config().digest(), 4096)).isNotEmpty();
            assertThat(real.client().referrers("models/scorer", digest, null)).as("Distribution 2.8 has no referrers API").isEmpty();
            assertThat(real.client().manifest("models/scorer", "nope")).isEmpty();
        }
    }
}
