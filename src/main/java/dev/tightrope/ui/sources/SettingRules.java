package dev.tightrope.ui.sources;

import dev.tightrope.base.Hosts;
import dev.tightrope.domain.SourceType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the source form can tell about a setting from its name and description alone, before the
 * connector sees it: the https-or-loopback rule for a {@code url}, and which settings are
 * switches (their description says "default true" or "default false"). The connector still
 * checks everything when the source is added or saved.
 */
final class SettingRules {
    private static final Pattern DEFAULT_BOOLEAN = Pattern.compile("\\(default (true|false)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    /** How the tokens of the services Tightrope reads begin: one pasted where its variable's name goes would be stored. */
    private static final Pattern TOKEN = Pattern.compile("(hf_|ghp_|gho_|ghs_|github_pat_|glpat-|eyJ)[A-Za-z0-9_.-]{8,}.*");

    private SettingRules() {
    }

    /** The switch's default when {@code setting} is an on/off setting, else empty (a text field then). */
    static Optional<Boolean> booleanDefault(SourceType.Setting setting) {
        if (setting.secret()) {
            return Optional.empty();
        }
        Matcher m = DEFAULT_BOOLEAN.matcher(setting.description());
        return m.find() ? Optional.of(Boolean.parseBoolean(m.group(1).toLowerCase(Locale.ROOT))) : Optional.empty();
    }

    /** What is wrong with {@code value} for {@code setting}, or null (also when it is empty: required is checked apart). */
    static String problem(SourceType.Setting setting, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (setting.secret() && TOKEN.matcher(value.strip()).matches()) {
            return setting.key() + " looks like the secret itself: put it in an environment variable and type the variable's name"
                    + " (settings are stored in the workspace, secrets never are)";
        }
        if (setting.secret() && !SECRET_NAME.matcher(value.strip()).matches()) {
            return setting.key() + " is the name of an environment variable (letters, digits, '_'), not the secret itself";
        }
        return setting.key().equals("url") || setting.key().endsWith("-url") ? urlProblem(setting.key(), value.strip()) : null;
    }

    /** The rule every live source follows: https, plain http only to this machine, no credentials in the URL. */
    static String urlProblem(String key, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return key + " is not a URL (" + e.getReason() + ")";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return key + " must start with https://";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return key + " needs a host, e.g. https://registry.example.com";
        }
        if (scheme.equals("http") && !Hosts.isLoopback(uri.getHost())) {
            return key + " must use https (plain http only for this machine: localhost, 127.0.0.1 or ::1)";
        }
        if (uri.getRawUserInfo() != null) {
            return key + " must not carry a user or password: name the environment variable that holds the credential instead";
        }
        return null;
    }
}
