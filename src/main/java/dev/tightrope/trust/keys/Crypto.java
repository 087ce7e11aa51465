package dev.tightrope.trust.keys;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One Bouncy Castle provider instance, used explicitly (never installed globally). */
final class Crypto {

    static final Provider BC = new BouncyCastleProvider();

    private Crypto() {
    }
}
