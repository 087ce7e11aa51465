/**
 * What a repository's own files say about AI ({@code reference/mcp.md} §8 and §9), read
 * statically: the AI SDKs its dependency manifests declare ({@link dev.tightrope.scan.code.Manifests},
 * {@link dev.tightrope.scan.code.AiPackages}), whether it is probably an MCP server itself, and AI
 * service keys written into its code and its notebooks' cells and outputs
 * ({@link dev.tightrope.scan.code.CodeSecrets}). Entry point: {@link dev.tightrope.scan.code.CodeScanner}.
 *
 * <p>Keys are matched to be judged and masked: no record, message or log carries one in clear.
 */
package dev.tightrope.scan.code;
