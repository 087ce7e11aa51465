/**
 * The formats Tightrope writes for others to read: the JSON of assets, owners and findings
 * ({@code --json} output and evidence), lineage as JSON, CSV, Graphviz DOT and OpenLineage
 * events, the evidence documents a reviewer signs over, and the evidence bundle zip. Pure
 * formats: no workspace, no use cases; checking a bundle is {@code service.EvidenceBundleVerifier}.
 */
package dev.tightrope.service.export;
