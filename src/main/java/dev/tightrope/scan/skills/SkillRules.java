package dev.tightrope.scan.skills;

import dev.tightrope.domain.Severity;
import dev.tightrope.scan.code.CodeSecrets;
import dev.tightrope.scan.code.KeyHit;
import dev.tightrope.scan.mcp.probe.DescriptionRules;
import dev.tightrope.scan.mcp.probe.ProbeFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The risks of an extension seen in its files alone: instructions hidden in its text (the
 * description rules, line by line so each finding says file:line), a tool grant of unrestricted
 * shell, bundled scripts the assistant can run, a script or hook command that sends local secrets
 * over the network, and the shell commands hooks run. Deterministic; each finding quotes the span.
 */
final class SkillRules {
    /** A program or call that sends data off the machine. */
    private static final Pattern SENDS = Pattern.compile("(?i)\\b(curl|wget|ncat|netcat|nc|scp|rsync|ftp|sftp|telnet|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\\b"
            + "|\\brequests\\.(post|put|get)\\b|\\burllib\\.request\\b|\\bhttp\\.client\\b|\\bfetch\\s*\\(|\\baxios\\b|\\bXMLHttpRequest\\b|/dev/tcp/");
    /** A place local secrets are kept: key files, credential files, the assistants' configs, secret-named environment variables. */
    private static final Pattern SECRETS = Pattern.compile("(?i)~/\\.ssh\\b|\\.ssh/|\\bid_(rsa|ed25519|ecdsa)\\b|\\.aws/credentials|\\.npmrc\\b|\\.netrc\\b|\\.pypirc\\b"
            + "|\\.git-credentials|\\.docker/config\\.json|\\.kube/config|\\.env\\b|claude_desktop_config\\.json|\\.claude\\.json|\\bmcp\\.json\\b"
            + "|\\$\\{?[A-Z0-9_]*(API_KEY|TOKEN|SECRET|PASSWORD)[A-Z0-9_]*\\}?|\\bprintenv\\b|\\bos\\.environ\\b|\\bprocess\\.env\\b"
            + "|\\bsecurity\\s+find-generic-password\\b|\\bkeychain\\b");
    /** Tool grants of the whole shell: {@code Bash}, {@code Bash(*)}, {@code Bash(:*)}; Gemini's and Codex's shell tools. */
    private static final Pattern UNRESTRICTED_SHELL = Pattern.compile("(?i)(bash|shell|run_shell_command)(\\(\\s*\\*?\\s*:?\\s*\\*?\\s*\\))?");
    private static final int QUOTE = 160;

    private SkillRules() {
    }

    /**
     * The description rules over every line of {@code text}, and over each paragraph read as one
     * text for what spans lines (reported at the paragraph's first line when no line of it had the
     * same rule); {@code shown} is in the title, {@code file} with the line is the location.
     */
    static void text(String shown, String file, List<String> lines, List<ExtensionRisk> out) {
        int paragraph = -1;
        java.util.Set<String> found = new java.util.HashSet<>();
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            if (line.isBlank()) {
                if (paragraph >= 0 && i - paragraph > 1) {
                    // what only a paragraph read as one text shows: a phrase or a comment broken over lines, at its first line
                    String joined = String.join("\n", lines.subList(paragraph, i));
                    for (ProbeFinding f : DescriptionRules.checkText(shown + ":" + (paragraph + 1), joined)) {
                        if (!found.contains(f.ruleId())) {
                            out.add(new ExtensionRisk(f.ruleId(), f.severity(), f.title(), f.evidence() == null ? "" : f.evidence(),
                                    file + ":" + (paragraph + 1)));
                        }
                    }
                }
                paragraph = -1;
                found.clear();
                continue;
            }
            if (paragraph < 0) {
                paragraph = i;
            }
            for (ProbeFinding f : DescriptionRules.checkText(shown + ":" + (i + 1), line)) {
                found.add(f.ruleId());
                out.add(new ExtensionRisk(f.ruleId(), f.severity(), f.title(), f.evidence() == null ? "" : f.evidence(), file + ":" + (i + 1)));
            }
        }
    }

    /**
     * The AI service keys written into a skill's file, by the repository scan's rules (keyword,
     * shape and entropy checks), masked: {@code secret.skill-<provider>}. {@code documentation}
     * for prose, where examples are shown.
     */
    static void keys(String file, String text, boolean documentation, List<ExtensionRisk> out) {
        for (KeyHit hit : CodeSecrets.find(text, documentation)) {
            out.add(new ExtensionRisk("secret.skill-" + hit.rule(), hit.severity(), "An AI service key (" + hit.provider()
                    + ") is written into the skill's files", hit.masked() + " (" + hit.how() + ")", file + ":" + hit.line()));
        }
    }

    /** A grant of the whole shell in {@code field} of the frontmatter. */
    static void tools(List<String> tools, String field, String file, int line, List<ExtensionRisk> out) {
        for (String tool : tools) {
            if (UNRESTRICTED_SHELL.matcher(tool.strip()).matches()) {
                out.add(new ExtensionRisk(ExtensionRisk.UNRESTRICTED_SHELL, Severity.HIGH,
                        "It grants the assistant the whole shell without asking", field + ": " + String.join(", ", tools),
                        line > 0 ? file + ":" + line : file));
                return;
            }
        }
    }

    /** One finding listing the scripts an extension bundles (the assistant may run them on its say-so). */
    static void scripts(List<BundledFile> bundled, String folder, List<ExtensionRisk> out) {
        List<String> scripts = bundled.stream().filter(BundledFile::executable).map(BundledFile::describe).toList();
        if (!scripts.isEmpty()) {
            out.add(new ExtensionRisk(ExtensionRisk.BUNDLED_SCRIPTS, Severity.MEDIUM,
                    "It bundles " + scripts.size() + (scripts.size() == 1 ? " script" : " scripts") + " the assistant can run",
                    String.join("; ", scripts), folder));
        }
    }

    /** A script that both reads where secrets are kept and sends data off the machine. */
    static void exfiltration(String file, List<String> lines, List<ExtensionRisk> out) {
        int sends = -1;
        int reads = -1;
        for (int i = 0; i < lines.size() && (sends < 0 || reads < 0); i++) {
            String l = lines.get(i);
            String code = l.strip();
            if (code.startsWith("#") && !code.startsWith("#!") || code.startsWith("//") || code.startsWith("REM ")) {
                continue; // a comment that names a key file is documentation, not a read
            }
            if (sends < 0 && SENDS.matcher(l).find()) {
                sends = i;
            }
            if (reads < 0 && SECRETS.matcher(l).find()) {
                reads = i;
            }
        }
        if (sends >= 0 && reads >= 0) {
            String evidence = reads == sends ? "line " + (reads + 1) + ": " + quote(lines.get(reads))
                    : "line " + (reads + 1) + ": " + quote(lines.get(reads)) + " / line " + (sends + 1) + ": " + quote(lines.get(sends));
            out.add(new ExtensionRisk(ExtensionRisk.SCRIPT_EXFILTRATION, Severity.CRITICAL,
                    "A bundled script reads local secrets and sends data off the machine", evidence, file + ":" + (Math.min(reads, sends) + 1)));
        }
    }

    /** Each hook's shell command; one that reads secrets and sends data is critical. */
    static void hooks(List<Hook> hooks, List<ExtensionRisk> out) {
        for (Hook h : hooks) {
            boolean exfiltrates = SENDS.matcher(h.command()).find() && SECRETS.matcher(h.command()).find();
            out.add(new ExtensionRisk(exfiltrates ? ExtensionRisk.SCRIPT_EXFILTRATION : ExtensionRisk.HOOK_COMMAND,
                    exfiltrates ? Severity.CRITICAL : Severity.HIGH,
                    exfiltrates ? "A hook reads local secrets and sends data off the machine"
                            : "A hook runs a shell command on " + h.event() + " without asking",
                    h.event() + (h.matcher() == null ? "" : " [" + h.matcher() + "]") + ": " + quote(h.command()), h.location()));
        }
    }

    private static String quote(String line) {
        String s = line.strip();
        return s.length() > QUOTE ? s.substring(0, QUOTE) + "…" : s;
    }

    /** Whether a file name is a script by its extension. */
    static boolean scriptName(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "sh", "bash", "zsh", "fish", "ps1", "psm1", "bat", "cmd", "py", "js", "mjs", "cjs", "ts", "rb", "pl", "php", "lua" -> true;
            default -> false;
        };
    }
}
