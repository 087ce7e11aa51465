package dev.tightrope.trust.keys;

/** The passphrase does not decrypt the key (or a new passphrase is unacceptable); nothing was written. */
public final class BadPassphraseException extends KeyException {
    public BadPassphraseException(String message) {
        super(message);
    }
}
