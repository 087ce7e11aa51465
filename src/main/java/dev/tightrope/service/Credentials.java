package dev.tightrope.service;

import dev.tightrope.sync.SecretResolver;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Properties;
import java.util.Set;

/**
 * Secrets for sources: an environment variable of that name, else the workspace's
 * credentials file, which must be readable by its owner only. Never cached, never logged.
 */
public final class Credentials implements SecretResolver {
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
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new WorkspaceException("The credentials file " + file + " is readable by other users; "
                        + "run chmod 600 on it before Tightrope will read it.");
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the per-user profile directory already restricts access
        } catch (IOException e) {
            throw new WorkspaceException("Cannot check the permissions of " + file + ": " + e.getMessage(), e);
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new WorkspaceException("Cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
        return props.getProperty(name);
    }
}
