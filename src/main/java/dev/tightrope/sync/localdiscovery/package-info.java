/**
 * The local-discovery source: the MCP servers configured on one machine (a home directory, its
 * repository roots, its managed files), found by {@code scan.mcp} without starting anything,
 * classified against the organisation's allowlist and checked by the static config rules.
 */
package dev.tightrope.sync.localdiscovery;
