package dev.tightrope.sync;

/** Looks up a secret by name (an environment variable or the credentials file); null when absent. */
@FunctionalInterface
public interface SecretResolver {
    String resolve(String name);

    SecretResolver ENVIRONMENT = System::getenv;
}
