package dev.tightrope.scan;

import java.util.concurrent.CancellationException;

/** The caller cancelled a running scan; no partial report is returned. */
public final class ScanCancelledException extends CancellationException {
    public ScanCancelledException() {
        super("scan cancelled");
    }
}
