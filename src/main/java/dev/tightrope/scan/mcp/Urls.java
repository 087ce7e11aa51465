package dev.tightrope.scan.mcp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** Server URLs as they may be stored and shown: no user info, no query (where keys are put), and the query parameter names. */
public final class Urls {

    private Urls() {
    }

    /** {@code https://user:pw@host/mcp?key=…} as {@code https://host/mcp}. */
    public static String withoutQueryOrCredentials(String url) {
        String u = url.strip();
        try {
            URI uri = new URI(u);
            if (uri.getScheme() != null && uri.getRawAuthority() != null) {
                String host = uri.getHost() == null ? uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1) : uri.getHost();
                String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
                return uri.getScheme() + "://" + host + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
            }
        } catch (URISyntaxException e) {
            // not a well-formed URI: fall through to the textual cut, which still drops anything after '?' and before '@'
        }
        int q = u.indexOf('?');
        String noQuery = q < 0 ? u : u.substring(0, q);
        int scheme = noQuery.indexOf("://");
        int at = noQuery.indexOf('@');
        return scheme > 0 && at > scheme ? noQuery.substring(0, scheme + 3) + noQuery.substring(at + 1) : noQuery;
    }

    /** Whether the URL carries a user-info password ({@code user:pw@host}). */
    static boolean hasPassword(String url) {
        try {
            String info = new URI(url.strip()).getRawUserInfo();
            return info != null && info.contains(":") && info.length() > info.indexOf(':') + 1;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The query's parameters as name/value pairs. */
    static List<String[]> queryParameters(String url) {
        List<String[]> out = new ArrayList<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return out;
        }
        String query = url.substring(q + 1);
        int hash = query.indexOf('#');
        for (String pair : (hash < 0 ? query : query.substring(0, hash)).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.add(new String[] {pair.substring(0, eq), pair.substring(eq + 1)});
            }
        }
        return out;
    }

    /** The host, lower case, or null. */
    static String host(String url) {
        try {
            String h = new URI(url.strip()).getHost();
            return h == null ? null : h.toLowerCase(java.util.Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
