package dev.tightrope.scan.localmodels;

/**
 * Bounds on one machine's local-model discovery.
 *
 * @param maxFiles         files looked at per model folder or repository root; past this the rest is reported as not read
 * @param maxDepth         folder depth inside a model (a Hugging Face snapshot, an LM Studio repo) or a repository root
 * @param maxManifestBytes an Ollama manifest larger than this is reported, not parsed (real ones are about 1 KB)
 */
public record LocalModelLimits(int maxFiles, int maxDepth, int maxManifestBytes) {

    public static final LocalModelLimits STANDARD = new LocalModelLimits(200_000, 32, 1 << 20);

    public LocalModelLimits {
        if (maxFiles < 1 || maxDepth < 1 || maxManifestBytes < 1) {
            throw new IllegalArgumentException("local model limits must be positive");
        }
    }
}
