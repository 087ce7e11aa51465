package dev.tightrope.scan.code;

import java.nio.file.Path;
import java.util.List;

/**
 * What one repository's files say about AI.
 *
 * @param dependencies  the AI SDKs its manifests declare, one per declaration
 * @param secrets       the AI service keys written into its files, masked
 * @param skipped       manifests and notebooks that could not be read, limits reached: file and reason
 * @param declaresMcpName a package.json of it names the MCP server it publishes ({@code mcpName})
 * @param filesRead     text files read
 * @param binaryFiles   files not read because they are binary (by extension or content)
 * @param largeFiles    files not read because they are over the size limit
 */
public record RepositoryScan(Path root, List<AiDependency> dependencies, List<CodeSecret> secrets, List<Skipped> skipped,
                             boolean declaresMcpName, int filesRead, int binaryFiles, int largeFiles) {

    /** An AI SDK a manifest declares. {@code manifest} is relative to the root, with {@code /}. */
    public record AiDependency(Ecosystem ecosystem, String name, String version, String manifest, int line, boolean mcpSdk) {
        /** {@code manifest:line}, or the manifest alone when the line is unknown. */
        public String location() {
            return line > 0 ? manifest + ":" + line : manifest;
        }
    }

    /**
     * A key in a file. {@code file} is relative to the root; {@code cell} is the notebook cell
     * (0-based) or -1 outside notebooks, {@code output} whether it was in that cell's output.
     */
    public record CodeSecret(KeyHit hit, String file, int cell, boolean output) {
        public boolean inNotebook() {
            return cell >= 0;
        }

        /** {@code secret.code-<provider>} or {@code secret.notebook-<provider>}. */
        public String ruleId() {
            return (inNotebook() ? "secret.notebook-" : "secret.code-") + hit.rule();
        }

        /** {@code file:line}, or for a notebook {@code file:cell N (output), line L} with the line inside that cell or output. */
        public String location() {
            return inNotebook() ? file + ": cell " + cell + (output ? " output" : " source") + ", line " + hit.line() : file + ":" + hit.line();
        }
    }

    /** A file or folder that was not read, and why. */
    public record Skipped(String location, String reason) {
    }

    public boolean probableMcpServer() {
        return declaresMcpName || dependencies.stream().anyMatch(AiDependency::mcpSdk);
    }
}
