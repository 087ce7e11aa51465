package dev.tightrope.scan.mcp;

import dev.tightrope.scan.mcp.Allowlist.ApprovedPackage;
import dev.tightrope.scan.mcp.Allowlist.ApprovedServer;
import dev.tightrope.scan.mcp.Classification.Verdict;
import dev.tightrope.scan.mcp.LaunchIdentity.PackageType;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Classifies a server by what it launches, never by what it is called: the same package at an
 * approved version is APPROVED, at another or no version APPROVED-UNPINNED; a remote URL matching
 * an approved {@code remotes[].url} template, or a local file whose SHA-256 an approved
 * {@code mcpb} package lists, is APPROVED. A server whose only link to the allowlist is its
 * user-chosen name is NAME-ONLY; anything else is UNREGISTERED, and a lookalike of an approved
 * identifier (edit distance 1 or 2, or the same name under another npm scope) is named as such.
 */
public final class Classifier {

    private final Allowlist allowlist;

    public Classifier(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    public Classification classify(LaunchIdentity identity, String configuredName) {
        for (ApprovedServer server : allowlist.servers()) {
            if (identity.type() == PackageType.REMOTE) {
                for (String template : server.remoteUrls()) {
                    if (template(template).matcher(identity.identifier()).matches()) {
                        return new Classification(Verdict.APPROVED, server, "remote URL matches the approved " + template, null);
                    }
                }
                continue;
            }
            for (ApprovedPackage pkg : server.packages()) {
                if (identity.type() == PackageType.LOCAL) {
                    if (identity.sha256() != null && identity.sha256().equalsIgnoreCase(pkg.fileSha256() == null ? "" : pkg.fileSha256())) {
                        return new Classification(Verdict.APPROVED, server, "file SHA-256 is the approved " + pkg.identifier(), null);
                    }
                    continue;
                }
                if (!sameType(identity.type(), pkg.registryType())) {
                    continue;
                }
                String[] approved = approvedIdentity(identity.type(), pkg);
                if (!approved[0].equals(normalise(identity.type(), identity.identifier()))) {
                    continue;
                }
                java.util.Set<String> versions = server.versions(pkg);
                if (approved[1] != null) {
                    versions.add(approved[1]);
                }
                if (identity.pinned() && versions.contains(identity.version())) {
                    return new Classification(Verdict.APPROVED, server, identity.type().token() + " " + identity.identifier() + " "
                            + identity.version() + " is approved", null);
                }
                return new Classification(Verdict.APPROVED_UNPINNED, server, identity.type().token() + " " + identity.identifier()
                        + " is approved at " + String.join(", ", versions) + " but launched "
                        + (identity.pinned() ? "at " + identity.version() : "without a version"), null);
            }
        }
        String lookalike = lookalike(identity);
        for (ApprovedServer server : allowlist.servers()) {
            if (configuredName != null && nameMatches(server, configuredName)) {
                return new Classification(Verdict.NAME_ONLY, server, "only the name '" + configuredName + "' matches the approved "
                        + server.name() + "; it launches " + identity.key(), lookalike);
            }
        }
        return new Classification(Verdict.UNREGISTERED, null, identity.key() + " is not in the allowlist"
                + (lookalike == null ? "" : "; it looks like the approved " + lookalike), lookalike);
    }

    private static boolean nameMatches(ApprovedServer server, String configured) {
        String c = configured.strip().toLowerCase(Locale.ROOT);
        String name = server.name().toLowerCase(Locale.ROOT);
        String last = name.substring(name.lastIndexOf('/') + 1);
        return c.equals(name) || c.equals(last) || server.title() != null && c.equals(server.title().strip().toLowerCase(Locale.ROOT));
    }

    private static boolean sameType(PackageType type, String registryType) {
        return type.token().equalsIgnoreCase(registryType);
    }

    /** An approved package's identifier as launches are compared (and, for an image, the tag it names). */
    private static String[] approvedIdentity(PackageType type, ApprovedPackage pkg) {
        if (type == PackageType.OCI) {
            LaunchIdentity image = LaunchParser.image(pkg.identifier());
            return new String[] {image.identifier(), image.version()};
        }
        return new String[] {normalise(type, pkg.identifier()), null};
    }

    private static String normalise(PackageType type, String identifier) {
        return switch (type) {
            case PYPI -> LaunchParser.normalisePypi(identifier);
            case NUGET -> identifier.toLowerCase(Locale.ROOT);
            case OCI -> LaunchParser.normaliseImage(identifier);
            default -> identifier;
        };
    }

    private String lookalike(LaunchIdentity identity) {
        if (identity.type() == PackageType.REMOTE || identity.type() == PackageType.LOCAL || identity.identifier().startsWith("(")) {
            return null;
        }
        String mine = normalise(identity.type(), identity.identifier());
        for (ApprovedServer server : allowlist.servers()) {
            for (ApprovedPackage pkg : server.packages()) {
                if (!sameType(identity.type(), pkg.registryType())) {
                    continue;
                }
                String theirs = approvedIdentity(identity.type(), pkg)[0];
                if (mine.equals(theirs)) {
                    continue;
                }
                if (EditDistance.atMost(mine, theirs, 2) || identity.type() == PackageType.NPM && otherScope(mine, theirs)) {
                    return pkg.identifier();
                }
            }
        }
        return null;
    }

    /** {@code @evil/server-github} or {@code server-github} against {@code @modelcontextprotocol/server-github}. */
    static boolean otherScope(String a, String b) {
        return bare(a).equals(bare(b)) && (a.startsWith("@") || b.startsWith("@"));
    }

    private static String bare(String npm) {
        return npm.startsWith("@") && npm.contains("/") ? npm.substring(npm.indexOf('/') + 1) : npm;
    }

    /** A {@code remotes[].url} template: {@code {var}} stands for one path or host segment, {@code *} for anything. */
    static Pattern template(String url) {
        StringBuilder re = new StringBuilder();
        String t = Urls.withoutQueryOrCredentials(url);
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            int close = t.indexOf('}', i);
            if (c == '{' && close > i) {
                re.append("[^/.]+");
                i = close + 1;
            } else if (c == '*') {
                re.append(".*");
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(re.toString().replace("\\E\\Q", "") + "/?");
    }
}
