package dev.tightrope.scan.formats;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.Verdict;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caps repeated findings of one rule so a file with a million bad entries yields a readable report
 * (and bounded memory in the engine): the first {@value #PER_RULE} are reported as found, the rest
 * are counted and summarised once, with the same verdict, by {@link #flush()}.
 */
final class FindingBudget {
    static final int PER_RULE = 25;

    private final AnalysisContext context;
    private final Map<String, Integer> reported = new HashMap<>();
    private final Map<String, Verdict> suppressedVerdict = new LinkedHashMap<>();
    private final Map<String, Integer> suppressed = new HashMap<>();

    FindingBudget(AnalysisContext context) {
        this.context = context;
    }

    AnalysisContext context() {
        return context;
    }

    void report(String ruleId, Verdict verdict, String message, String evidence, long offset) {
        int n = reported.merge(ruleId, 1, Integer::sum);
        if (n <= PER_RULE) {
            context.report(ruleId, verdict, message, evidence, offset);
            return;
        }
        suppressed.merge(ruleId, 1, Integer::sum);
        suppressedVerdict.merge(ruleId, verdict, Verdict::worst);
    }

    void flush() {
        for (Map.Entry<String, Verdict> e : suppressedVerdict.entrySet()) {
            int count = suppressed.get(e.getKey());
            context.report(e.getKey(), e.getValue(),
                    count + " more findings of this rule were not listed individually", "count=" + count, -1);
        }
        suppressedVerdict.clear();
        suppressed.clear();
    }
}
