package dev.tightrope.scan.formats;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.ScanLimitException;
import dev.tightrope.scan.ScanLimits;
import dev.tightrope.scan.Verdict;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test double for the engine: collects findings and nested-scan calls, enforces a deadline. */
final class RecordingContext implements AnalysisContext {
    final List<ScanFinding> findings = new ArrayList<>();
    final List<String> nestedScans = new ArrayList<>();
    private final Path baseDirectory;
    private final long deadlineNanos;

    RecordingContext(Path baseDirectory) {
        this(baseDirectory, Duration.ofSeconds(30));
    }

    RecordingContext(Path baseDirectory, Duration budget) {
        this.baseDirectory = baseDirectory;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    @Override
    public void report(ScanFinding finding) {
        findings.add(finding);
    }

    @Override
    public String member() {
        return "";
    }

    @Override
    public void scanNested(String memberName, ScanInput content) {
        nestedScans.add(memberName);
    }

    @Override
    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public ScanLimits limits() {
        return ScanLimits.defaults();
    }

    @Override
    public void checkDeadline() {
        if (System.nanoTime() > deadlineNanos) {
            throw new ScanLimitException("per-file time budget spent");
        }
    }

    Verdict verdict() {
        Verdict worst = Verdict.SAFE;
        for (ScanFinding f : findings) {
            worst = worst.worst(f.verdict());
        }
        return worst;
    }

    List<String> ruleIds() {
        return findings.stream().map(ScanFinding::ruleId).toList();
    }

    ScanFinding first(String ruleId) {
        return findings.stream().filter(f -> f.ruleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + ruleId + " in " + findings));
    }
}
