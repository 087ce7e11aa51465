package dev.tightrope.sync.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Why a connection failed, in the words a user can act on: DNS, refused, timeout, TLS. */
public final class Reachability {
    private Reachability() {
    }

    public static String describe(IOException e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException
                    || t instanceof java.security.cert.CertificateException) {
                root = t;
                break;
            }
        }
        if (root instanceof SSLPeerUnverifiedException) {
            return "TLS: the server's certificate is not for this host name (" + message(root) + ")";
        }
        if (root instanceof SSLHandshakeException || root instanceof java.security.cert.CertificateException) {
            return "TLS: the server's certificate is not trusted — if a corporate proxy re-signs HTTPS, set the source's"
                    + " ca-bundle to its CA certificates (PEM) (" + message(root) + ")";
        }
        if (e instanceof UnknownHostException) {
            return "DNS: the host name " + message(e) + " does not resolve (check the url, or the network/VPN)";
        }
        if (e instanceof ConnectException) {
            return "the connection was refused (is the server running, and is the port right?)";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to the host (network, VPN or firewall)";
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return "timed out waiting for the server";
        }
        return message(e);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
