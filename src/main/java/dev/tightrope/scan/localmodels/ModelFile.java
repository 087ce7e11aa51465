package dev.tightrope.scan.localmodels;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file of a cached model or one loose model file.
 *
 * @param name           its name within the model ({@code model.safetensors}, {@code onnx/model.onnx}, Ollama's layer
 *                       kind {@code model}); the scanner judges formats by it
 * @param path           where the model shows it (a Hugging Face snapshot's link, an Ollama layer's blob)
 * @param content        the regular file read: the link's blob, or {@code path} itself
 * @param expectedSha256 the SHA-256 the cache names the content by (lower-case hex), or null when it names none
 */
public record ModelFile(String name, Path path, Path content, String expectedSha256) {
    public ModelFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (expectedSha256 != null && !expectedSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("expected sha256 must be 64 lower-case hex digits: " + expectedSha256);
        }
    }
}
