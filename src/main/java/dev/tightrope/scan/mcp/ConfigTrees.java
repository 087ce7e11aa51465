package dev.tightrope.scan.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a config file's text into one bounded tree, whatever its syntax: JSON through
 * {@link UntrustedJson}, JSONC the same after its comments and trailing commas are blanked (line
 * numbers kept), YAML and TOML through Jackson's dataformats under the same depth and length
 * bounds, duplicate keys refused. Errors say why, never quote the input (it may hold a secret).
 */
public final class ConfigTrees {

    /** Why a file could not be read as its syntax. */
    public static final class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason);
        }
    }

    private final JsonLimits limits;
    private final UntrustedJson json;
    private final ObjectReader yaml;
    private final ObjectReader toml;

    public ConfigTrees(JsonLimits limits) {
        this.limits = limits;
        this.json = UntrustedJson.withLimits(limits);
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxDocumentLength(limits.maxDocumentLength())
                .build();
        LoaderOptions loader = new LoaderOptions();
        loader.setNestingDepthLimit(limits.maxDepth());
        loader.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxDocumentLength()));
        loader.setMaxAliasesForCollections(16);
        loader.setAllowDuplicateKeys(false);
        YAMLFactory yamlFactory = YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.yaml = new YAMLMapper(yamlFactory).enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).readerFor(JsonNode.class);
        TomlFactory tomlFactory = TomlFactory.builder().streamReadConstraints(constraints).build();
        this.toml = new TomlMapper(tomlFactory).readerFor(JsonNode.class);
    }

    /** The tree of {@code text} in {@code syntax}; an empty document is an empty object. */
    public JsonNode read(String text, ConfigShape.Syntax syntax) throws Rejected {
        try {
            JsonNode node = switch (syntax) {
                case JSON -> json.read(text.getBytes(StandardCharsets.UTF_8));
                case JSONC -> json.read(Jsonc.toJson(text).getBytes(StandardCharsets.UTF_8));
                case YAML -> yaml.readTree(text);
                case TOML -> toml.readTree(text);
            };
            return node == null || node.isMissingNode() || node.isNull() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : node;
        } catch (JsonProcessingException e) {
            throw new Rejected(describe(e, syntax));
        } catch (IOException | RuntimeException e) {
            // snakeyaml and the TOML lexer throw their own runtime exceptions for some malformed input and limits
            throw new Rejected("invalid " + label(syntax) + ": " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new Rejected(label(syntax) + " is nested too deeply to read");
        }
    }

    private String describe(JsonProcessingException e, ConfigShape.Syntax syntax) {
        if (syntax == ConfigShape.Syntax.JSON || syntax == ConfigShape.Syntax.JSONC) {
            return json.describe(e);
        }
        String reason = json.describe(e);
        return reason.replace("JSON", label(syntax));
    }

    private static String label(ConfigShape.Syntax syntax) {
        return syntax == ConfigShape.Syntax.JSONC ? "JSON" : syntax.name();
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse("unreadable");
        // parser messages may quote the offending token; keep them short so a secret is never echoed whole
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    public JsonLimits limits() {
        return limits;
    }
}
