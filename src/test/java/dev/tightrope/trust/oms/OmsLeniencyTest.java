package dev.tightrope.trust.oms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.dsse.Dsse;
import dev.tightrope.trust.dsse.Envelope;
import dev.tightrope.trust.dsse.SigstoreBundle;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What model_signing writes that the schema does not allow, and Tightrope accepts when verifying. */
class OmsLeniencyTest {

    @TempDir
    Path tmp;

    private final Signer signer = Signer.generate(KeyAlgorithm.P256);

    private Path sign(String payload) throws Exception {
        Envelope env = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload.getBytes(StandardCharsets.UTF_8), signer, "");
        return Files.write(tmp.resolve("model.sig"), SigstoreBundle.keyBased(env, signer.verificationKey()).toBytes());
    }

    private static String digest(String content) {
        return Sha256.hex(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String root(String... hexDigests) {
        StringBuilder all = new StringBuilder();
        for (String d : hexDigests) {
            all.append(d);
        }
        return Sha256.hex(HexFormat.of().parseHex(all.toString()));
    }

    @Test
    void payloadOrderIsKeptShardAlgorithmNamesAndFloatShardSizesAreAccepted() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(model.resolve("w.bin"), "0123456789");
        Files.writeString(model.resolve("a.json"), "{}");
        String s1 = digest("01234567");
        String s2 = digest("89");
        String a = digest("{}");
        // Payload order w.bin before a.json (not code point order); root digest follows it.
        String payload = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"m\",\"digest\":{\"sha256\":\""
                + root(s1, s2, a) + "\"}}],\"predicateType\":\"https://model_signing/signature/v1.0\",\"predicate\":{"
                + "\"serialization\":{\"method\":\"shards\",\"hash_type\":\"sha256\",\"shard_size\":8.0,\"allow_symlinks\":false},"
                + "\"resources\":["
                + "{\"name\":\"w.bin:0:8\",\"digest\":\"" + s1 + "\",\"algorithm\":\"sha256-sharded-8\"},"
                + "{\"name\":\"w.bin:8:10\",\"digest\":\"" + s2 + "\",\"algorithm\":\"sha256-sharded-8\"},"
                + "{\"name\":\"a.json:0:2\",\"digest\":\"" + a + "\",\"algorithm\":\"sha256-sharded-8\",\"extra\":1}]}}";
        ModelVerification v = new ModelSignatures(new ModelHasher(2)).verify(model, sign(payload), signer.verificationKey(),
                ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).isEmpty();
        assertThat(v.rootDigest().hex()).isEqualTo(root(s1, s2, a));
    }

    @Test
    void subjectThatIsNotTheRootOfTheResourcesFails() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(model.resolve("a.json"), "{}");
        String a = digest("{}");
        String payload = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"m\",\"digest\":{\"sha256\":\""
                + "f".repeat(64) + "\"}}],\"predicateType\":\"https://model_signing/signature/v1.0\",\"predicate\":{"
                + "\"serialization\":{\"method\":\"files\",\"hash_type\":\"sha256\",\"allow_symlinks\":false},"
                + "\"resources\":[{\"name\":\"a.json\",\"digest\":\"" + a + "\",\"algorithm\":\"sha256\"}]}}";
        ModelVerification v = new ModelSignatures(new ModelHasher(2)).verify(model, sign(payload), signer.verificationKey(),
                ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).singleElement().asString().contains("is not the root digest");
    }

    @Test
    void unsupportedHashTypeIsReported() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(model.resolve("a.json"), "{}");
        String payload = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"m\",\"digest\":{\"sha256\":\""
                + "f".repeat(64) + "\"}}],\"predicateType\":\"https://model_signing/signature/v1.0\",\"predicate\":{"
                + "\"serialization\":{\"method\":\"files\",\"hash_type\":\"blake2b\",\"allow_symlinks\":false},\"resources\":[]}}";
        ModelVerification v = new ModelSignatures(new ModelHasher(2)).verify(model, sign(payload), signer.verificationKey(),
                ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).singleElement().asString().contains("hash_type 'blake2b' is not supported");
    }
}
