package dev.tightrope.domain;

import java.util.Locale;

/** Every kind of thing Tightrope governs. The token is the URN's kind segment and the cache's value. */
public enum AssetKind {
    MODEL("Model"),
    MODEL_VERSION("Model version"),
    MODEL_ARTIFACT("Model file"),
    DATASET("Dataset"),
    NOTEBOOK("Notebook"),
    TRAINING_RUN("Training run"),
    PIPELINE("Pipeline"),
    PIPELINE_RUN("Pipeline run"),
    /** What a CI run uploaded (a GitHub Actions artifact, a GitLab job's artifacts), by its digest when the service gives one. */
    BUILD_ARTIFACT("Build artifact"),
    CONTAINER_IMAGE("Container image"),
    DEPLOYMENT("Deployment"),
    MCP_SERVER("MCP server"),
    /** A developer's machine (a home directory and its repositories) whose MCP client configs were read. */
    MACHINE("Machine"),
    AGENT("Agent / app"),
    /** An agent skill, assistant plugin, command, subagent, extension or rule installed for an assistant (its {@code kind} property says which). */
    AGENT_SKILL("Agent skill / plugin"),
    AI_SDK("AI SDK dependency");

    private final String label;

    AssetKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Lower-case token used in URNs, the CLI and the cache, e.g. {@code model_version}. */
    public String token() {
        return Labels.token(this);
    }

    public static AssetKind fromToken(String token) {
        String normalised = token.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (AssetKind kind : values()) {
            if (kind.name().equals(normalised)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown asset kind '" + token + "'; expected one of " + tokens());
    }

    public static String tokens() {
        StringBuilder sb = new StringBuilder();
        for (AssetKind kind : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(kind.token());
        }
        return sb.toString();
    }
}
