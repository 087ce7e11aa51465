/**
 * Model-file scanning: finds malicious and malformed model artifacts without executing them.
 *
 * <p>Entry point: {@link dev.tightrope.scan.ModelScanner} ({@code scanFile(Path)},
 * {@code scan(Path...)}, {@code scan(List, ScanProgress.Listener, BooleanSupplier)}), which
 * returns {@link dev.tightrope.scan.FileScanResult}s rolled up in a {@link dev.tightrope.scan.ScanReport}
 * with the OpenSSF model signing manifest. Formats are detected by content through the ordered
 * {@link dev.tightrope.scan.FormatRegistry}; each {@link dev.tightrope.scan.FormatAnalyzer} reports
 * {@link dev.tightrope.scan.ScanFinding}s whose rule ids are catalogued in
 * {@link dev.tightrope.scan.ScanRules}. Anything not fully analysed is at least SUSPICIOUS.
 */
package dev.tightrope.scan;
