package dev.tightrope.service;

/**
 * The passphrase does not open the key, or a new passphrase is unacceptable. Nothing was signed
 * or written; the console asks again, the command line exits with the message.
 */
public final class PassphraseException extends RuntimeException {
    PassphraseException(String message, Throwable cause) {
        super(message, cause);
    }
}
