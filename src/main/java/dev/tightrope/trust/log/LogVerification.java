package dev.tightrope.trust.log;

import dev.tightrope.domain.Problem;
import java.util.List;

/**
 * What {@code log verify} found.
 *
 * @param intact              no problem found
 * @param size                entries in the log
 * @param checkpointsVerified stored checkpoints whose signature, root and consistency checked out
 * @param latest              the newest valid signed checkpoint, or null
 * @param problems            each with its location ({@code entry 42}, {@code checkpoint 1000}, {@code node 3/17})
 * @param notes               facts that are not problems (entries after the latest checkpoint)
 */
public record LogVerification(boolean intact, long size, int checkpointsVerified, Checkpoint latest,
                              List<Problem> problems, List<String> notes) {
    public LogVerification {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** What {@code tightrope log verify} prints. */
    public String toText() {
        StringBuilder sb = new StringBuilder(intact ? "INTACT" : "TAMPERED").append(": ").append(size).append(" entries, ")
                .append(checkpointsVerified).append(" checkpoint(s) verified");
        if (latest != null) {
            sb.append(", latest signed size ").append(latest.size()).append(" (").append(latest.origin()).append(')');
        }
        sb.append('\n');
        problems.forEach(p -> sb.append("  problem: ").append(p).append('\n'));
        notes.forEach(n -> sb.append("  note: ").append(n).append('\n'));
        return sb.toString();
    }
}
