/**
 * Probing one MCP server on the user's request, never automatically: start it (a cleared
 * environment, a temporary home, no shell) or reach its Streamable HTTP endpoint, speak the MCP
 * handshake, list its tools, prompts and resources without ever calling a tool, then stop it and
 * every process it started. Each tool's definition is pinned by a SHA-256 of its canonical JSON,
 * so a later probe that differs is a rug pull ({@link dev.tightrope.scan.mcp.probe.ProbeComparison}).
 * Entry points: {@link dev.tightrope.scan.mcp.probe.StdioProbe}, {@link dev.tightrope.scan.mcp.probe.HttpProbe}.
 *
 * <p>This is the one package that starts processes (see LayerTest).
 */
package dev.tightrope.scan.mcp.probe;
