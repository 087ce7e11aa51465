package dev.tightrope.scan;

/** A resource bound was hit; the engine turns this into a SUSPICIOUS "not fully scanned" finding. */
public final class ScanLimitException extends RuntimeException {
    public ScanLimitException(String message) {
        super(message, null, false, false);
    }
}
