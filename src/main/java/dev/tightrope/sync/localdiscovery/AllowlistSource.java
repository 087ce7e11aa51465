package dev.tightrope.sync.localdiscovery;

import dev.tightrope.base.BoundedRead;
import dev.tightrope.scan.mcp.Allowlist;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.Auth;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Where the organisation's approved MCP servers come from: a local file of {@code server.json}
 * documents, or a registry speaking the MCP registry API ({@code GET /v0.1/servers}, cursor paging,
 * {@code reference/mcp.md} §4), e.g. a private subregistry. Only a registry uses the network, and
 * only when it is read.
 */
public abstract sealed class AllowlistSource {

    static final long MAX_FILE_BYTES = Allowlist.LIMITS.maxDocumentLength();

    /** The pages one registry read may take: at 100 servers a page, far more than any organisation approves. */
    static final int MAX_PAGES = 500;
    static final int PAGE_SIZE = 100;

    /**
     * The file or registry {@code where} names: an {@code https://} URL (plain {@code http://} only to
     * a loopback host) is a registry, anything else a file. {@code http} builds the HTTP client, only for a registry.
     */
    public static AllowlistSource of(String where, Supplier<OkHttpClient> http, RetryPolicy retry) {
        String w = where.strip();
        if (w.startsWith("https://") || w.startsWith("http://")) {
            return new Registry(HttpSettings.parseBase(w), http, retry);
        }
        return new LocalFile(Path.of(w).toAbsolutePath().normalize());
    }

    /** The approved servers, read now. */
    public abstract Allowlist read() throws ConnectorException, InterruptedException;

    /** The file or the registry's URL, for messages. */
    public abstract String where();

    /** A local file of server.json documents (an array, one document, or a saved registry page). */
    static final class LocalFile extends AllowlistSource {
        private final Path file;

        LocalFile(Path file) {
            this.file = file;
        }

        @Override
        public Allowlist read() throws ConnectorException {
            try (InputStream in = Files.newInputStream(file)) {
                return Allowlist.parse(BoundedRead.readAtMost(in, MAX_FILE_BYTES));
            } catch (Allowlist.InvalidAllowlist e) {
                throw new ConnectorException(file.toString(), "the allowlist is not valid: " + e.getMessage());
            } catch (BoundedRead.TooLargeException e) {
                throw new ConnectorException(file.toString(), "the allowlist is larger than the " + MAX_FILE_BYTES + " bytes allowed");
            } catch (IOException e) {
                throw new ConnectorException(file.toString(), "cannot read the allowlist: " + e.getMessage(), e);
            }
        }

        @Override
        public String where() {
            return file.toString();
        }
    }

    /**
     * A registry: {@code <url>/v0.1/servers?limit=100} then {@code &cursor=<metadata.nextCursor>}
     * until a page has none. Every server version listed is one approved entry; a server the
     * registry marks {@code deleted} approves nothing. A page that is not the registry's shape, a
     * cursor that comes back, or more than {@value #MAX_PAGES} pages fail the read, saying why.
     */
    static final class Registry extends AllowlistSource {
        private final HttpUrl base;
        private final Supplier<OkHttpClient> http;
        private final RetryPolicy retry;

        Registry(HttpUrl base, Supplier<OkHttpClient> http, RetryPolicy retry) {
            this.base = base;
            this.http = http;
            this.retry = retry;
        }

        /** The list endpoint: the URL as given when it already names {@code /v0.1/servers}, else that path under it. */
        HttpUrl servers() {
            if (base.encodedPath().replaceAll("/+$", "").endsWith("/v0.1/servers")) {
                return base;
            }
            HttpUrl.Builder b = base.newBuilder();
            if (base.pathSegments().get(base.pathSize() - 1).isEmpty()) {
                b.removePathSegment(base.pathSize() - 1);
            }
            return b.addPathSegment("v0.1").addPathSegment("servers").build();
        }

        @Override
        public Allowlist read() throws ConnectorException, InterruptedException {
            JsonApi api = new JsonApi("the MCP registry", base, Auth.none(), http.get(), Allowlist.LIMITS, retry);
            HttpUrl list = servers();
            List<Allowlist.ApprovedServer> servers = new ArrayList<>();
            Set<String> cursors = new HashSet<>();
            String cursor = null;
            for (int page = 1; ; page++) {
                if (page > MAX_PAGES) {
                    throw new ConnectorException(JsonApi.where(list), "the registry has more than " + MAX_PAGES + " pages of "
                            + PAGE_SIZE + " servers; refused as runaway paging");
                }
                HttpUrl.Builder url = list.newBuilder().setQueryParameter("limit", String.valueOf(PAGE_SIZE));
                if (cursor != null) {
                    url.setQueryParameter("cursor", cursor);
                }
                Allowlist.Page answer;
                try {
                    answer = Allowlist.page(api.get(url.build()).body());
                } catch (Allowlist.InvalidAllowlist e) {
                    throw new ConnectorException(JsonApi.where(list), "page " + page + " of the registry is not a server list: " + e.getMessage());
                }
                servers.addAll(answer.servers());
                cursor = answer.nextCursor();
                if (cursor == null) {
                    return new Allowlist(servers);
                }
                if (!cursors.add(cursor)) {
                    throw new ConnectorException(JsonApi.where(list), "the registry gave the cursor '" + JsonApi.clean(cursor)
                            + "' twice; refused, its paging loops");
                }
            }
        }

        @Override
        public String where() {
            return JsonApi.where(base);
        }
    }
}
