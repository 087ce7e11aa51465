/**
 * The use cases the console and the CLI share, behind the {@link dev.tightrope.service.Tightrope}
 * facade over one open workspace: inventory, sources and sync, lineage, live lineage, scans,
 * trust (keys, reviewers, policy), approvals, verification, publishing, evidence and the audit
 * log. What they write for others is in {@code service.export}; where a workspace lives and its
 * configuration in {@code service.workspace}.
 */
package dev.tightrope.service;
