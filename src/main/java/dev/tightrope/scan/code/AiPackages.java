package dev.tightrope.scan.code;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The AI SDKs of {@code reference/mcp.md} §9 by ecosystem, and which of them build MCP servers.
 * PyPI names are compared normalised (PEP 503: case and runs of {@code -_.} ignored), npm names
 * as written, Maven coordinates as {@code group:artifact}.
 */
public final class AiPackages {

    private static final Set<String> PYPI = Set.of("openai", "anthropic", "google-genai", "google-generativeai", "mistralai", "cohere",
            "groq", "together", "replicate", "xai-sdk", "ollama", "litellm", "langchain", "langgraph", "langsmith", "llama-index",
            "haystack-ai", "crewai", "autogen-agentchat", "pyautogen", "dspy", "semantic-kernel", "pydantic-ai", "openai-agents",
            "instructor", "transformers", "huggingface-hub", "sentence-transformers", "torch", "tensorflow", "keras", "accelerate", "peft",
            "diffusers", "vllm", "llama-cpp-python", "gpt4all", "onnxruntime", "tiktoken", "chromadb", "pinecone", "pinecone-client",
            "qdrant-client", "weaviate-client", "voyageai", "mcp", "fastmcp");
    private static final List<String> PYPI_PREFIXES = List.of("langchain-", "llama-index-");
    private static final Set<String> PYPI_MCP = Set.of("mcp", "fastmcp");

    private static final Set<String> NPM = Set.of("openai", "@anthropic-ai/sdk", "@anthropic-ai/claude-agent-sdk", "ai", "langchain",
            "llamaindex", "@google/genai", "@google/generative-ai", "cohere-ai", "@mistralai/mistralai", "groq-sdk", "ollama", "replicate",
            "@huggingface/inference", "@huggingface/transformers", "@xenova/transformers", "@openai/agents",
            "@aws-sdk/client-bedrock-runtime", "@azure/openai", "@pinecone-database/pinecone", "chromadb", "@modelcontextprotocol/sdk",
            "fastmcp", "mcp-remote");
    private static final List<String> NPM_PREFIXES = List.of("@ai-sdk/", "@langchain/");
    private static final Set<String> NPM_MCP = Set.of("@modelcontextprotocol/sdk", "fastmcp");

    private static final Set<String> MAVEN = Set.of("com.openai:openai-java", "com.anthropic:anthropic-java", "com.google.genai:google-genai",
            "com.azure:azure-ai-openai", "software.amazon.awssdk:bedrockruntime");
    private static final Set<String> MAVEN_GROUPS = Set.of("dev.langchain4j", "org.springframework.ai", "io.modelcontextprotocol.sdk", "ai.djl");
    private static final String MAVEN_MCP_GROUP = "io.modelcontextprotocol.sdk";

    private AiPackages() {
    }

    /** The name as the ecosystem compares it: PEP 503 for PyPI, as written for npm and Maven. */
    public static String normalised(Ecosystem ecosystem, String name) {
        String n = name.strip();
        return ecosystem == Ecosystem.PYPI ? n.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-") : n;
    }

    /** Whether {@code name} (a Maven one as {@code group:artifact}) is an AI SDK of the reference. */
    public static boolean isAiSdk(Ecosystem ecosystem, String name) {
        String n = normalised(ecosystem, name);
        return switch (ecosystem) {
            case PYPI -> PYPI.contains(n) || PYPI_PREFIXES.stream().anyMatch(n::startsWith);
            case NPM -> NPM.contains(n) || NPM_PREFIXES.stream().anyMatch(p -> n.startsWith(p) && n.length() > p.length());
            case MAVEN -> MAVEN.contains(n) || MAVEN_GROUPS.contains(group(n));
        };
    }

    /** Whether a repository depending on {@code name} probably is an MCP server itself (it uses an MCP server SDK). */
    public static boolean isMcpSdk(Ecosystem ecosystem, String name) {
        String n = normalised(ecosystem, name);
        return switch (ecosystem) {
            case PYPI -> PYPI_MCP.contains(n);
            case NPM -> NPM_MCP.contains(n);
            case MAVEN -> MAVEN_MCP_GROUP.equals(group(n));
        };
    }

    private static String group(String coordinates) {
        int colon = coordinates.indexOf(':');
        return colon < 0 ? coordinates : coordinates.substring(0, colon);
    }
}
