/**
 * MCP client configurations found on a machine, read statically (nothing is started): where each
 * client keeps its configs on Linux, macOS and Windows ({@link dev.tightrope.scan.mcp.OsLayout},
 * {@link dev.tightrope.scan.mcp.ConfigLocations}), one normalised record per configured server
 * ({@link dev.tightrope.scan.mcp.McpServerEntry}), its launch identity
 * ({@link dev.tightrope.scan.mcp.LaunchParser}), its classification against the organisation's
 * allowlist in the MCP registry's {@code server.json} format ({@link dev.tightrope.scan.mcp.Allowlist},
 * {@link dev.tightrope.scan.mcp.Classifier}), the static risk rules on the config
 * ({@link dev.tightrope.scan.mcp.ConfigRules}) and the policy files that restrict servers
 * ({@link dev.tightrope.scan.mcp.McpPolicy}). Entry point: {@link dev.tightrope.scan.mcp.McpDiscovery}.
 *
 * <p>Secret values are read only to judge them: records keep environment variable and header
 * names, URLs without credentials, and arguments with anything secret-shaped masked.
 */
package dev.tightrope.scan.mcp;
