package dev.tightrope.sync.aws;

/**
 * An AWS access key, with the session token that temporary credentials (STS, SSO, an assumed
 * role) carry; {@code sessionToken} is null for long-term keys. {@link #toString()} shows the
 * access key id only: the secret and the token are credentials.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public AwsCredentials {
        requireOneLine(accessKeyId, "the access key id");
        requireOneLine(secretAccessKey, "the secret access key");
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
        if (sessionToken != null) {
            requireOneLine(sessionToken, "the session token");
        }
        accessKeyId = accessKeyId.strip();
        secretAccessKey = secretAccessKey.strip();
        sessionToken = sessionToken == null ? null : sessionToken.strip();
    }

    public boolean temporary() {
        return sessionToken != null;
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=(redacted), sessionToken="
                + (sessionToken == null ? "none" : "(redacted)") + "]";
    }

    private static void requireOneLine(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must be one line");
        }
    }
}
