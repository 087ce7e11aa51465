package dev.tightrope.scan.skills;

import dev.tightrope.domain.Severity;
import java.util.Objects;

/**
 * A risk seen in an extension's files.
 *
 * @param evidence the exact text that shows it, quoted (a secret is never part of it: scripts are quoted by line, masked by the rules)
 * @param location {@code file:line}, the file's absolute path
 */
public record ExtensionRisk(String ruleId, Severity severity, String title, String evidence, String location) {
    public static final String UNRESTRICTED_SHELL = "skill.unrestricted-shell";
    public static final String BUNDLED_SCRIPTS = "skill.bundled-scripts";
    public static final String SCRIPT_EXFILTRATION = "skill.script-exfiltration";
    public static final String HOOK_COMMAND = "skill.hook-command";

    public ExtensionRisk {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(location, "location");
    }

    /** The file of {@link #location()}, without its line. */
    public String file() {
        int colon = location.lastIndexOf(':');
        return line() > 0 ? location.substring(0, colon) : location;
    }

    /** The line of {@link #location()}, 0 when it names a folder or a whole file. */
    public int line() {
        int colon = location.lastIndexOf(':');
        if (colon < 0 || colon == location.length() - 1) {
            return 0;
        }
        String tail = location.substring(colon + 1);
        return tail.chars().allMatch(Character::isDigit) && tail.length() < 10 ? Integer.parseInt(tail) : 0;
    }
}
