package dev.tightrope.scan.localmodels;

import dev.tightrope.scan.formats.GgufWriter;
import dev.tightrope.scan.formats.SafetensorsWriter;
import dev.tightrope.scan.testing.PickleWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Model caches laid out as Hugging Face, Ollama and LM Studio write them, with tiny real files:
 * a safetensors header, a GGUF header, a pickle that calls {@code os.system} (written opcode by
 * opcode, never by Python, never unpickled).
 */
public final class CacheFixtures {

    public static final String REVISION = "a9b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8";

    private CacheFixtures() {
    }

    public static byte[] safetensors() {
        return new SafetensorsWriter().member("\"__metadata__\":{\"format\":\"pt\"}").tensor("w", "F32", new long[] {2}, 8).build();
    }

    public static byte[] gguf() {
        return new GgufWriter().string("general.architecture", "llama").string("general.name", "tiny").tensor("w", 0, 4).build();
    }

    /** A pickle whose loading would run {@code os.system("echo tightrope-test")}. */
    public static byte[] maliciousPickle() {
        return PickleWriter.reduceCall("os", "system");
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path hubCache(Path home) {
        return home.resolve(".cache/huggingface/hub");
    }

    /**
     * A Hugging Face cache entry {@code models--org--name}: each file a blob named by its SHA-256
     * (git SHA-1-like for {@code .json}, as the hub names small non-LFS files), linked from
     * {@code snapshots/<rev>/<name>} by a relative link, and {@code refs/main} pointing at the revision.
     *
     * @return the snapshot folder
     */
    public static Path huggingFace(Path home, String folder, String revision, Map<String, byte[]> files) throws IOException {
        Path repo = hubCache(home).resolve(folder);
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(revision));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String blob = f.getKey().endsWith(".json") ? sha256(f.getValue()).substring(0, 40) : sha256(f.getValue());
            Files.write(blobs.resolve(blob), f.getValue());
            Path link = snapshot.resolve(f.getKey());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(blobs.resolve(blob)));
        }
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), revision);
        return snapshot;
    }

    /** An Ollama model {@code <namespace>/<model>:<tag>} of registry.ollama.ai with its weights as the model layer. */
    public static Path ollama(Path home, String namespace, String model, String tag, byte[] weights) throws IOException {
        Path store = home.resolve(".ollama/models");
        String hex = sha256(weights);
        Files.createDirectories(store.resolve("blobs"));
        Files.write(store.resolve("blobs/sha256-" + hex), weights);
        byte[] template = "{{ .Prompt }}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(store.resolve("blobs/sha256-" + sha256(template)), template);
        return ollamaManifest(home, namespace, model, tag, """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                 "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:%s","size":2},
                 "layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:%s","size":%d},
                           {"mediaType":"application/vnd.ollama.image.template","digest":"sha256:%s","size":%d}]}
                """.formatted(sha256(template), hex, weights.length, sha256(template), template.length));
    }

    public static Path ollamaManifest(Path home, String namespace, String model, String tag, String json) throws IOException {
        Path manifest = home.resolve(".ollama/models/manifests/registry.ollama.ai").resolve(namespace).resolve(model).resolve(tag);
        Files.createDirectories(manifest.getParent());
        return Files.writeString(manifest, json);
    }

    /** An LM Studio model file {@code <models>/<publisher>/<repo>/<name>}. */
    public static Path lmStudio(Path models, String publisher, String repo, String name, byte[] bytes) throws IOException {
        Path file = models.resolve(publisher).resolve(repo).resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }
}
