package dev.tightrope.service.workspace;

import dev.tightrope.base.AtomicFiles;
import dev.tightrope.sync.SecretResolver;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Secrets for sources: an environment variable of that name, else the workspace's
 * credentials file, which must be readable and writable by its owner only. Never cached, never
 * logged.
 */
public final class Credentials implements SecretResolver {

    /** A credentials file is a few lines; anything larger is not one. */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    /** What Tightrope itself writes into the file: plain names and URL-safe values that need no escaping. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final Path file;

    public Credentials(Path file) {
        this.file = file;
    }

    @Override
    public String resolve(String name) {
        String env = System.getenv(name);
        if (env != null && !env.isEmpty()) {
            return env;
        }
        return fromFile(name);
    }

    /** The credentials file's value for {@code name} (environment variables are not consulted), or null. */
    public synchronized String fromFile(String name) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return load().getProperty(name);
    }

    /**
     * The credentials file's value for {@code name}; when it has none, the value {@code create}
     * makes, added to the file first. The file keeps its other lines and comments; it is
     * rewritten atomically ({@link AtomicFiles}) through a temporary file that is 0600 before the
     * secret is written, so the secret is never readable by others and the file never half-written.
     */
    public synchronized String fromFileOrAdd(String name, Supplier<String> create) {
        String existing = fromFile(name);
        if (existing != null) {
            return existing;
        }
        String value = create.get();
        if (!PLAIN.matcher(name).matches() || !PLAIN.matcher(value).matches()) {
            throw new IllegalArgumentException("only plain names and URL-safe values are written to the credentials file");
        }
        String text = Files.isRegularFile(file) ? read() : "";
        if (!text.isEmpty() && !text.endsWith("\n")) {
            text += "\n";
        }
        write(text + name + "=" + value + "\n");
        return value;
    }

    private Properties load() {
        Properties props = new Properties();
        try {
            props.load(new StringReader(read()));
        } catch (IOException | IllegalArgumentException e) {
            throw new WorkspaceException("Cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
        return props;
    }

    /** The file's text, after checking that nobody else can read or change it. */
    private String read() {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(OTHERS::contains)) {
                throw new WorkspaceException("The credentials file " + file + " is readable or writable by other users ("
                        + PosixFilePermissions.toString(perms) + "); run chmod 600 on it before Tightrope will use it.");
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the per-user profile directory already restricts access
        } catch (IOException e) {
            throw new WorkspaceException("Cannot check the permissions of " + file + ": " + e.getMessage(), e);
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new WorkspaceException("The credentials file " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes; it is not one Tightrope wrote or reads.");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(String text) {
        try {
            AtomicFiles.replace(file, text.getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot write the credentials file " + file + ": " + e.getMessage(), e);
        }
    }
}
