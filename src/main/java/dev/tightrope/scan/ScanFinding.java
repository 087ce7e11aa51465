package dev.tightrope.scan;

import java.util.Objects;

/**
 * One observation in a model file.
 *
 * @param ruleId   stable rule identifier, e.g. {@code pickle.denied-import}, {@code safetensors.overlap}
 * @param verdict  what this observation alone makes of the file
 * @param message  one sentence for a human
 * @param evidence the offending import, operator, field or value, as found ({@code os.system})
 * @param member   the container member it is in ({@code archive/data.pkl}), or "" for the file itself
 * @param offset   byte offset within that member, or -1 when not meaningful
 */
public record ScanFinding(String ruleId, Verdict verdict, String message, String evidence, String member, long offset) {
    public ScanFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(message, "message");
        evidence = evidence == null ? "" : evidence;
        member = member == null ? "" : member;
    }

    /** "archive/data.pkl@1234", "@1234", "archive/data.pkl" or "". */
    public String location() {
        if (offset < 0) {
            return member;
        }
        return member + "@" + offset;
    }
}
