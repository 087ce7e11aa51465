package dev.tightrope.scan.mcp;

/**
 * What the allowlist says about a server's launch identity (reference §5). The token is the
 * {@code classification} property of an {@code mcp_server} asset.
 *
 * @param server     the approved server it matched (by identity, or by name only), or null
 * @param reason     why, in words
 * @param lookalikeOf an approved identifier this one is a typosquat of (edit distance ≤ 2 or another scope), or null
 */
public record Classification(Verdict verdict, Allowlist.ApprovedServer server, String reason, String lookalikeOf) {

    /** The four outcomes, worst last. */
    public enum Verdict {
        APPROVED("approved"),
        APPROVED_UNPINNED("approved-unpinned"),
        NAME_ONLY("name-only"),
        UNREGISTERED("unregistered");

        private final String token;

        Verdict(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }
}
