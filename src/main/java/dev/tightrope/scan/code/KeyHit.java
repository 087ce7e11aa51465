package dev.tightrope.scan.code;

import dev.tightrope.domain.Severity;

/**
 * An AI service key found in a text, already masked.
 *
 * @param rule     the rule's last part: the provider ({@code openai}, {@code hugging-face}, …) or
 *                 {@code ai-key-name} for a value given under an AI key's name without a known shape
 * @param line     1-based line in the text scanned
 * @param masked   how the key is shown: {@link dev.tightrope.scan.mcp.SecretValues#mask}
 */
public record KeyHit(String rule, String provider, Severity severity, int line, String masked, String how) {
}
