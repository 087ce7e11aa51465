package dev.tightrope.sync.http;

import dev.tightrope.base.Hosts;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.ConnectorFactory.SettingSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The HTTP settings every live source shares: its {@code url} (https, or plain http only to a
 * loopback host), a {@code ca-bundle} of extra CA certificates (PEM) trusted besides the system's
 * — for corporate proxies that re-sign HTTPS; there is no switch to turn verification off — and a
 * {@code proxy} ({@code http://[user:pass@]host:port}); without one, {@code HTTPS_PROXY} /
 * {@code HTTP_PROXY} and {@code NO_PROXY} from the environment are honoured. Loopback is never proxied.
 */
public final class HttpSettings {

    public static final String URL = "url";
    public static final String CA_BUNDLE = "ca-bundle";
    public static final String PROXY = "proxy";

    private HttpSettings() {
    }

    /** The settings' descriptions, for a factory's {@code settings()} list. */
    public static List<SettingSpec> specs(String urlDescription) {
        return List.of(new SettingSpec(URL, urlDescription, false, false),
                new SettingSpec(CA_BUNDLE, "live: extra CA certificates (a PEM file) to trust besides the system's, e.g. a corporate proxy's", false, false),
                new SettingSpec(PROXY, "live: an HTTP proxy, http://host:port (default: HTTPS_PROXY/HTTP_PROXY and NO_PROXY from the environment)", false, false));
    }

    /** The two that follow {@code url} in {@link #specs}, for factories that describe their url themselves. */
    public static List<SettingSpec> transportSpecs() {
        return specs("").subList(1, 3);
    }

    /**
     * The source's base URL: {@code config}'s {@code url} or {@code defaultUrl}; https required
     * except for loopback hosts. Throws IllegalArgumentException saying what is wrong.
     */
    public static HttpUrl baseUrl(SourceConfig config, String defaultUrl) {
        String url = config.setting(URL) == null ? defaultUrl : config.setting(URL).strip();
        if (url == null) {
            throw new IllegalArgumentException("a " + config.type() + " source needs --url (or --set url=…)");
        }
        return parseBase(url);
    }

    public static HttpUrl parseBase(String url) {
        HttpUrl base = HttpUrl.parse(url);
        if (base == null) {
            throw new IllegalArgumentException("url is not an http(s) URL: '" + url + "'");
        }
        if (base.scheme().equals("http") && !Hosts.isLoopback(base.host())) {
            throw new IllegalArgumentException("url must use https (plain http only for a loopback host): '" + url + "'");
        }
        if (base.username().length() > 0 || base.password().length() > 0) {
            throw new IllegalArgumentException("url must not carry a user or password; put the credential in an environment variable and name it with --token-env");
        }
        return base;
    }

    /** An HTTP client for {@code config}: timeouts, its CA bundle and proxy. */
    public static OkHttpClient client(SourceConfig config) {
        return client(config, System.getenv());
    }

    static OkHttpClient client(SourceConfig config, Map<String, String> env) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(15))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofMinutes(3))
                .followRedirects(false)
                .followSslRedirects(false);
        String bundle = config.setting(CA_BUNDLE);
        if (bundle != null && !bundle.isBlank()) {
            X509TrustManager tm = trustManager(Path.of(bundle.strip()));
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new TrustManager[] {tm}, null);
                b.sslSocketFactory(ssl.getSocketFactory(), tm);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot set up TLS with the ca-bundle: " + e.getMessage(), e);
            }
        }
        String proxySetting = config.setting(PROXY);
        if (proxySetting != null && credentials(proxySetting) != null) {
            throw new IllegalArgumentException("proxy must not carry a user and password (settings are not secret);"
                    + " put them in HTTPS_PROXY in the environment instead");
        }
        ProxyChoice proxy = proxy(proxySetting, env);
        b.proxySelector(proxy.selector());
        if (proxy.credentials() != null) {
            String creds = proxy.credentials();
            b.proxyAuthenticator((route, response) -> response.request().header("Proxy-Authorization") != null ? null
                    : response.request().newBuilder().header("Proxy-Authorization", creds).build());
        }
        return b.build();
    }

    /** The system's trusted CAs plus those in the PEM file {@code bundle}. */
    static X509TrustManager trustManager(Path bundle) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            int i = 0;
            for (TrustManager t : system.getTrustManagers()) {
                if (t instanceof X509TrustManager x) {
                    for (X509Certificate c : x.getAcceptedIssuers()) {
                        ks.setCertificateEntry("system-" + i++, c);
                    }
                }
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(bundle)) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new IllegalArgumentException("ca-bundle " + bundle + " holds no PEM certificates");
            }
            for (Certificate c : extra) {
                ks.setCertificateEntry("bundle-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager t : tmf.getTrustManagers()) {
                if (t instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the ca-bundle " + bundle + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the ca-bundle " + bundle + " is not PEM certificates: " + e.getMessage(), e);
        }
    }

    record ProxyChoice(ProxySelector selector, String credentials) {
    }

    static ProxyChoice proxy(String setting, Map<String, String> env) {
        String https = setting != null ? setting : firstOf(env, "HTTPS_PROXY", "https_proxy");
        String http = setting != null ? setting : firstOf(env, "HTTP_PROXY", "http_proxy");
        List<String> noProxy = new ArrayList<>();
        String np = setting != null ? null : firstOf(env, "NO_PROXY", "no_proxy");
        if (np != null) {
            for (String s : np.split(",")) {
                if (!s.isBlank()) {
                    noProxy.add(s.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        Proxy httpsProxy = toProxy(https, setting != null);
        Proxy httpProxy = toProxy(http, setting != null);
        String creds = credentials(setting != null ? setting : https);
        ProxySelector selector = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
                if (Hosts.isLoopback(host) || bypass(host, noProxy)) {
                    return List.of(Proxy.NO_PROXY);
                }
                Proxy p = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
                return List.of(p == null ? Proxy.NO_PROXY : p);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        };
        return new ProxyChoice(selector, creds);
    }

    private static boolean bypass(String host, List<String> noProxy) {
        for (String n : noProxy) {
            if (n.equals("*")) {
                return true;
            }
            String suffix = n.startsWith(".") ? n : "." + n;
            if (host.equals(n.startsWith(".") ? n.substring(1) : n) || host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String firstOf(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private static Proxy toProxy(String value, boolean strict) {
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(value.contains("://") ? value : "http://" + value);
        } catch (IllegalArgumentException e) {
            if (strict) {
                throw new IllegalArgumentException("proxy is not a URL: '" + value + "'");
            }
            return null;
        }
        if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            if (strict) {
                throw new IllegalArgumentException("proxy must be http://host:port: '" + value + "'");
            }
            return null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    private static String credentials(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value.contains("://") ? value : "http://" + value);
            String info = uri.getRawUserInfo();
            if (info == null || !info.contains(":")) {
                return null;
            }
            String[] up = info.split(":", 2);
            return Credentials.basic(java.net.URLDecoder.decode(up[0], java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(up[1], java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
