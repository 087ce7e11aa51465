package dev.tightrope.scan.localmodels;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One model (or Hugging Face dataset) held in a local cache, by the name its hub knows it by.
 *
 * @param id       Hugging Face {@code org/name}, Ollama {@code name:tag} ({@code namespace/name:tag} outside the
 *                 library, {@code host/namespace/name:tag} outside registry.ollama.ai), LM Studio {@code publisher/repo}
 * @param revision the Hugging Face snapshot's commit, or null
 * @param refs     the Hugging Face branches or tags that point at that commit ({@code main}); empty elsewhere
 * @param dataset  a Hugging Face dataset rather than a model
 * @param dir      the cache folder of this model (an Ollama manifest file)
 */
public record LocalModel(ModelCache cache, String id, String revision, List<String> refs, boolean dataset, Path dir, List<ModelFile> files) {
    public LocalModel {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dir, "dir");
        refs = List.copyOf(refs);
        files = List.copyOf(files);
    }

    /** {@code huggingface:org/name@rev}, {@code huggingface:datasets/org/name@rev}, {@code ollama:llama3.2:latest}, {@code lmstudio:publisher/repo}. */
    public String identity() {
        return cache.token() + ":" + (dataset ? "datasets/" : "") + id + (revision == null ? "" : "@" + revision);
    }
}
