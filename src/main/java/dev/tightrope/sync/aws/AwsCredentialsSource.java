package dev.tightrope.sync.aws;

import dev.tightrope.sync.ConnectorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * AWS credentials and region where AWS users keep them, in the AWS CLI's order: the environment
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), then the
 * profile ({@code AWS_PROFILE} or {@code default}) in {@code ~/.aws/credentials} ({@code [name]}),
 * then in {@code ~/.aws/config} ({@code [profile name]}, {@code [default]}). A profile named by the
 * source's settings wins over keys in the environment, as with {@code aws --profile}.
 * {@code AWS_SHARED_CREDENTIALS_FILE} and {@code AWS_CONFIG_FILE} move the two files.
 *
 * <p>The environment and the home directory are given, never read from the process, so that
 * tests and the caller decide. Errors name the file and the profile, never a key.
 */
public final class AwsCredentialsSource {

    /** Larger than any real credentials or config file; a bigger one is not one. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Map<String, String> environment;
    private final Path home;

    /**
     * Credentials with where they came from ("the environment", "profile ml in /home/u/.aws/credentials")
     * and the region, when the environment or the profile's config names one.
     */
    public record Resolved(AwsCredentials credentials, Optional<String> region, String origin) {
    }

    public AwsCredentialsSource(Map<String, String> environment, Path home) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.home = Objects.requireNonNull(home, "home");
    }

    /**
     * @param profile the profile the source's settings name, or null to follow the environment
     */
    public Resolved resolve(String profile) throws ConnectorException {
        Path credentialsFile = file("AWS_SHARED_CREDENTIALS_FILE", "credentials");
        Path configFile = file("AWS_CONFIG_FILE", "config");
        String keyId = env("AWS_ACCESS_KEY_ID");
        String secret = env("AWS_SECRET_ACCESS_KEY");
        if (profile == null && (keyId != null || secret != null)) {
            if (keyId == null || secret == null) {
                throw new ConnectorException("environment", (keyId == null ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
                        : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not") + "; set both, or neither to use a profile");
            }
            Optional<String> region = envRegion().or(() -> regionQuietly(configFile, envProfile()));
            return new Resolved(new AwsCredentials(keyId, secret, env("AWS_SESSION_TOKEN")), region, "the environment");
        }
        String name = profile != null ? profile.strip() : envProfile();
        Map<String, String> inCredentials = section(read(credentialsFile), name);
        Map<String, String> inConfig = section(read(configFile), configSection(name));
        Optional<String> region = envRegion().or(() -> Optional.ofNullable(inConfig.get("region")));
        if (inCredentials.containsKey("aws_access_key_id") || inCredentials.containsKey("aws_secret_access_key")) {
            return new Resolved(keys(inCredentials, name, credentialsFile), region, "profile " + name + " in " + credentialsFile);
        }
        if (inConfig.containsKey("aws_access_key_id") || inConfig.containsKey("aws_secret_access_key")) {
            return new Resolved(keys(inConfig, name, configFile), region, "profile " + name + " in " + configFile);
        }
        for (String unsupported : new String[] {"role_arn", "credential_process", "sso_session", "sso_start_url"}) {
            if (inConfig.containsKey(unsupported) || inCredentials.containsKey(unsupported)) {
                throw new ConnectorException(configFile.toString(), "profile " + name + " gets its credentials through " + unsupported
                        + ", which Tightrope does not run; export temporary keys (aws configure export-credentials --profile "
                        + name + " --format env) or name a profile with aws_access_key_id");
            }
        }
        throw new ConnectorException(credentialsFile.toString(), "no AWS credentials for profile " + name + ": neither "
                + credentialsFile + " [" + name + "] nor " + configFile + " [" + configSection(name) + "] has aws_access_key_id,"
                + " and AWS_ACCESS_KEY_ID is not set");
    }

    private static AwsCredentials keys(Map<String, String> section, String profile, Path file) throws ConnectorException {
        String keyId = section.get("aws_access_key_id");
        String secret = section.get("aws_secret_access_key");
        if (keyId == null || keyId.isBlank() || secret == null || secret.isBlank()) {
            throw new ConnectorException(file.toString(), "profile " + profile + " has "
                    + (keyId == null || keyId.isBlank() ? "aws_secret_access_key but no aws_access_key_id" : "aws_access_key_id but no aws_secret_access_key"));
        }
        return new AwsCredentials(keyId, secret, section.get("aws_session_token"));
    }

    private Optional<String> envRegion() {
        return Optional.ofNullable(env("AWS_REGION")).or(() -> Optional.ofNullable(env("AWS_DEFAULT_REGION")));
    }

    private Optional<String> regionQuietly(Path configFile, String profile) {
        try {
            return Optional.ofNullable(section(read(configFile), configSection(profile)).get("region"));
        } catch (ConnectorException unreadable) {
            // the keys came from the environment; an unreadable config only costs the region, which the source's settings can give
            return Optional.empty();
        }
    }

    private String envProfile() {
        String p = env("AWS_PROFILE");
        return p == null ? "default" : p;
    }

    private static String configSection(String profile) {
        return profile.equals("default") ? "default" : "profile " + profile;
    }

    private Path file(String variable, String name) {
        String moved = env(variable);
        return moved != null ? Path.of(moved.startsWith("~/") ? home + moved.substring(1) : moved) : home.resolve(".aws").resolve(name);
    }

    private String env(String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Sections of an INI file, each a map of lower-case keys to values; an absent file has none. */
    static Map<String, Map<String, String>> read(Path file) throws ConnectorException {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConnectorException(file.toString(), "the file is larger than " + MAX_FILE_BYTES + " bytes; it is not an AWS credentials or config file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return Map.of();
        } catch (IOException e) {
            throw new ConnectorException(file.toString(), "cannot read the file: " + e.getClass().getSimpleName());
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        boolean nested = false;
        int lineNumber = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && nested) {
                continue; // a nested setting ("s3 =" then indented lines): not about credentials
            }
            if (trimmed.startsWith("[")) {
                if (!trimmed.endsWith("]")) {
                    throw new ConnectorException(file + ":" + lineNumber, "a section header must end with ']'");
                }
                String name = trimmed.substring(1, trimmed.length() - 1).strip().replaceAll("\\s+", " ");
                current = sections.computeIfAbsent(name, n -> new HashMap<>());
                nested = false;
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (current == null || eq <= 0) {
                // no excerpt of the line: it may be a key
                throw new ConnectorException(file + ":" + lineNumber, current == null ? "a setting before any [section]" : "expected name = value");
            }
            String value = trimmed.substring(eq + 1).strip();
            nested = value.isEmpty();
            current.put(trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT), value);
        }
        return sections;
    }

    private static Map<String, String> section(Map<String, Map<String, String>> sections, String name) {
        return sections.getOrDefault(name, Map.of());
    }
}
