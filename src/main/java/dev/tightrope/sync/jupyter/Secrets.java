package dev.tightrope.sync.jupyter;

import java.util.regex.Pattern;

/**
 * Text that looks like it holds a credential: API keys by their well-known prefixes, private
 * keys, signed URLs and literal assignments to names such as {@code api_key}. Such a line is
 * never quoted as evidence and such a string never names an asset; a false alarm only costs a
 * quotation.
 */
final class Secrets {

    private static final Pattern SECRET = Pattern.compile(String.join("|",
            "sk-[A-Za-z0-9_-]{8,}",                       // OpenAI, Anthropic (sk-ant-…)
            "hf_[A-Za-z0-9]{8,}",                          // Hugging Face
            "(AKIA|ASIA)[0-9A-Z]{12,}",                    // AWS access key ids
            "gh[pousr]_[A-Za-z0-9]{8,}", "github_pat_",    // GitHub
            "glpat-[A-Za-z0-9_-]{8,}",                     // GitLab
            "xox[abprs]-[A-Za-z0-9-]{8,}",                 // Slack
            "AIza[0-9A-Za-z_-]{20,}",                      // Google API keys
            "-----BEGIN [A-Z ]*PRIVATE KEY",
            "(?i)x-amz-(signature|credential|security-token)", "(?i)[?&](sig|signature|token|access_token|api_key)=",
            "(?i)(api_?key|secret|passw(or)?d|token|auth)[A-Za-z0-9_]*[\"']?\\s*[:=]\\s*[rbuf]{0,2}[\"'][^\"']{4,}"));

    private Secrets() {
    }

    static boolean looksLikeSecret(String text) {
        return text != null && SECRET.matcher(text).find();
    }
}
