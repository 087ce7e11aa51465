/** Scan report writers: text for people, JSON lines for tools, SARIF 2.1.0 for code-scanning uploads. */
package dev.tightrope.scan.report;
