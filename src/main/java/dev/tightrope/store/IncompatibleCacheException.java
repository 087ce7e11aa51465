package dev.tightrope.store;

import java.nio.file.Path;

/** The cache was written by a newer Tightrope; it is left untouched. */
public final class IncompatibleCacheException extends CacheException {
    public IncompatibleCacheException(Path file, int found, int supported) {
        super("The cache " + file + " has schema version " + found + ", written by a newer Tightrope; this build "
                + "understands versions up to " + supported + ". It was not changed. Open it with a newer Tightrope, "
                + "or choose another workspace with --workspace.");
    }
}
