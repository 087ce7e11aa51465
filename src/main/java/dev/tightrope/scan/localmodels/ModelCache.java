package dev.tightrope.scan.localmodels;

/** Where a locally cached model came from: the tool whose cache holds it. */
public enum ModelCache {
    HUGGING_FACE("huggingface", "Hugging Face cache"),
    OLLAMA("ollama", "Ollama"),
    LM_STUDIO("lmstudio", "LM Studio");

    private final String token;
    private final String label;

    ModelCache(String token, String label) {
        this.token = token;
        this.label = label;
    }

    /** The stable lower-case name in URNs and reports. */
    public String token() {
        return token;
    }

    public String label() {
        return label;
    }
}
