package dev.tightrope.sync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.SourceConfig;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSettingsTest {

    @TempDir
    Path dir;

    static SourceConfig config(Map<String, String> settings) {
        return new SourceConfig("s", "mlflow", settings);
    }

    @Test
    void plainHttpOnlyToLoopbackAndNoCredentialsInTheUrl() {
        assertThat(HttpSettings.baseUrl(config(Map.of("url", "http://127.0.0.1:5000")), null).port()).isEqualTo(5000);
        assertThat(HttpSettings.baseUrl(config(Map.of()), "https://huggingface.co").host()).isEqualTo("huggingface.co");
        assertThatThrownBy(() -> HttpSettings.baseUrl(config(Map.of("url", "http://mlflow.corp")), null))
                .hasMessageContaining("must use https");
        assertThatThrownBy(() -> HttpSettings.baseUrl(config(Map.of("url", "https://u:p@mlflow.corp")), null))
                .hasMessageContaining("must not carry a user or password");
        assertThatThrownBy(() -> HttpSettings.baseUrl(config(Map.of()), null)).hasMessageContaining("needs --url");
    }

    @Test
    void environmentProxiesAreHonouredWithNoProxyAndNeverForLoopback() {
        HttpSettings.ProxyChoice p = HttpSettings.proxy(null, Map.of("HTTPS_PROXY", "http://user:pw@proxy.corp:3128",
                "NO_PROXY", "internal.corp,.svc"));

        assertThat(p.selector().select(URI.create("https://huggingface.co/api"))).containsExactly(
                new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128)));
        assertThat(p.selector().select(URI.create("https://mlflow.internal.corp/"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.selector().select(URI.create("https://registry.svc/"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.selector().select(URI.create("http://127.0.0.1:5000/"))).containsExactly(Proxy.NO_PROXY);
        assertThat(p.credentials()).startsWith("Basic ");
    }

    @Test
    void aProxySettingMayNotHoldAPassword() {
        assertThatThrownBy(() -> HttpSettings.client(config(Map.of("proxy", "http://u:p@proxy.corp:3128")), Map.of()))
                .hasMessageContaining("must not carry a user and password");
        assertThatThrownBy(() -> HttpSettings.client(config(Map.of("proxy", "socks5://proxy.corp:1080")), Map.of()))
                .hasMessageContaining("must be http://host:port");
    }

    @Test
    void aCaBundleThatIsNotPemIsRefusedClearly() throws Exception {
        Path junk = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> HttpSettings.client(config(Map.of("ca-bundle", junk.toString())), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ca-bundle");
        assertThatThrownBy(() -> HttpSettings.client(config(Map.of("ca-bundle", dir.resolve("missing.pem").toString())), Map.of()))
                .hasMessageContaining("cannot read the ca-bundle");
    }
}
