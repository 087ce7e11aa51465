package dev.tightrope.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.Hosts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Talks to one OCI registry. Every manifest and blob read is checked against its digest (the
 * one asked for, and the {@code Docker-Content-Digest} the registry states); sizes are bounded.
 * Authentication follows the registry's {@code WWW-Authenticate} challenge: a bearer token from
 * its token service (with the user name and password, when given, sent to that service only
 * over HTTPS or loopback), or basic credentials. Redirects are followed here, not by the HTTP
 * library, and an {@code Authorization} header never goes to another host than the registry.
 * Not thread-safe: one client per operation.
 */
public final class RegistryClient {

    /** Blobs this client reads are attestations and configs: kilobytes. */
    public static final long MAX_BLOB_BYTES = 16L * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final String ACCEPT_MANIFESTS = String.join(", ", OciManifest.IMAGE_MANIFEST, OciManifest.IMAGE_INDEX,
            OciManifest.DOCKER_MANIFEST, OciManifest.DOCKER_LIST);

    /**
     * What to authenticate with: a user name and password (basic, or for the token service), or a
     * ready bearer token. Never stored, never logged.
     */
    public record Credentials(String username, String password, String token) {
        public static final Credentials NONE = new Credentials(null, null, null);

        boolean hasPassword() {
            return username != null && password != null;
        }

        @Override
        public String toString() {
            return "Credentials[" + (username == null ? "anonymous" : username) + "]";
        }
    }

    private final HttpUrl base;
    private final Credentials credentials;
    private final OkHttpClient http;
    private final Map<String, String> tokens = new HashMap<>();
    private boolean basicAuth;
    private String missingCredentials = "set TIGHTROPE_REGISTRY_USERNAME and TIGHTROPE_REGISTRY_PASSWORD, or TIGHTROPE_REGISTRY_TOKEN";

    /**
     * @param base        {@code https://host[:port]} (or {@code http://} for a loopback registry)
     * @param credentials how to authenticate when challenged
     */
    public RegistryClient(HttpUrl base, Credentials credentials, OkHttpClient http) {
        this.base = base;
        this.credentials = credentials;
        this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
    }

    /** How a refusal tells the user to give credentials when none were given (the default names the publishing variables). */
    public RegistryClient missingCredentialsHint(String hint) {
        this.missingCredentials = hint;
        return this;
    }

    /** A client for the registry of {@code ref}, with conservative timeouts. */
    public static RegistryClient forReference(OciReference ref, Credentials credentials) {
        HttpUrl base = HttpUrl.get((ref.loopback() ? "http://" : "https://") + ref.registry() + "/");
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(15))
                .readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofMinutes(5))
                .build();
        return new RegistryClient(base, credentials, http);
    }

    /** A fetched manifest: its exact bytes, its media type and its (checked) digest. */
    public record Fetched(byte[] bytes, String mediaType, String digest) {
        public OciManifest parse(String location) {
            return OciManifest.parse(bytes, mediaType, location);
        }
    }

    /** {@code GET /v2/<repo>/manifests/<reference>}; empty on 404. */
    public Optional<Fetched> manifest(String repository, String reference) {
        if (reference.contains(":") && !reference.startsWith("sha256:")) {
            // A tag cannot hold ':'; a digest of another algorithm could not be checked against the bytes.
            throw new RegistryException(repository + "@" + reference + ": only sha256 digests can be checked; refused", -1);
        }
        HttpUrl url = url(repository, "manifests", reference);
        try (Response r = send(new Request.Builder().url(url).header("Accept", ACCEPT_MANIFESTS).get(), repository, false)) {
            if (r.code() == 404) {
                return Optional.empty();
            }
            check(r, "GET " + url.encodedPath());
            byte[] bytes = read(r, OciManifest.MAX_BYTES, url.encodedPath());
            String digest = OciDigests.sha256(bytes);
            if (reference.startsWith("sha256:") && !reference.equals(digest)) {
                throw new RegistryException("GET " + url.encodedPath() + ": the manifest's content has digest " + digest
                        + ", not the " + reference + " asked for (tampered or corrupt)", -1);
            }
            String stated = r.header("Docker-Content-Digest");
            if (stated != null && stated.startsWith("sha256:") && !stated.equals(digest)) {
                throw new RegistryException("GET " + url.encodedPath() + ": the registry states digest " + stated
                        + " but the content has " + digest, -1);
            }
            String type = r.header("Content-Type");
            return Optional.of(new Fetched(bytes, type == null ? null : type.split(";")[0].strip(), digest));
        }
    }

    /** {@code GET /v2/<repo>/blobs/<digest>}, following redirects; the content must hash to {@code digest}. */
    public byte[] blob(String repository, String digest, long maxBytes) {
        HttpUrl url = url(repository, "blobs", digest);
        try (Response r = send(new Request.Builder().url(url).get(), repository, false)) {
            check(r, "GET " + url.encodedPath());
            byte[] bytes = read(r, maxBytes, url.encodedPath());
            String actual = OciDigests.sha256(bytes);
            if (!actual.equals(digest)) {
                throw new RegistryException("GET " + url.encodedPath() + ": the blob's content has digest " + actual
                        + ", not " + digest + " (tampered or corrupt)", -1);
            }
            return bytes;
        }
    }

    public boolean hasBlob(String repository, String digest) {
        HttpUrl url = url(repository, "blobs", digest);
        try (Response r = send(new Request.Builder().url(url).head(), repository, false)) {
            if (r.code() == 404) {
                return false;
            }
            check(r, "HEAD " + url.encodedPath());
            return true;
        }
    }

    /** Uploads a blob (monolithically, POST then PUT) unless the registry has it; returns its digest. */
    public String pushBlob(String repository, byte[] content) {
        String digest = OciDigests.sha256(content);
        if (hasBlob(repository, digest)) {
            return digest;
        }
        HttpUrl start = base.newBuilder().addPathSegment("v2").addEncodedPathSegments(repository)
                .addPathSegment("blobs").addPathSegment("uploads").addPathSegment("").build();
        HttpUrl location;
        try (Response r = send(new Request.Builder().url(start).post(RequestBody.create(new byte[0], null)), repository, true)) {
            if (r.code() != 202) {
                check(r, "POST " + start.encodedPath());
                throw new RegistryException("POST " + start.encodedPath() + ": expected 202 Accepted, got " + r.code(), r.code());
            }
            String loc = r.header("Location");
            location = loc == null ? null : start.resolve(loc);
            if (location == null) {
                throw new RegistryException("POST " + start.encodedPath() + ": the registry gave no upload location", r.code());
            }
        }
        HttpUrl put = location.newBuilder().addQueryParameter("digest", digest).build();
        try (Response r = send(new Request.Builder().url(put)
                .put(RequestBody.create(content, MediaType.get("application/octet-stream"))), repository, true)) {
            if (r.code() != 201) {
                check(r, "PUT " + put.encodedPath());
                throw new RegistryException("PUT " + put.encodedPath() + ": expected 201 Created, got " + r.code(), r.code());
            }
        }
        return digest;
    }

    /**
     * The registry's answer to a manifest upload.
     *
     * @param subjectProcessed whether the registry said (with {@code OCI-Subject}) that it indexed
     *                         the manifest's subject for the referrers API
     */
    public record Pushed(String digest, boolean subjectProcessed) {
    }

    /** {@code PUT /v2/<repo>/manifests/<reference>} (a tag, or the manifest's own digest). */
    public Pushed pushManifest(String repository, String reference, String mediaType, byte[] manifest) {
        String digest = OciDigests.sha256(manifest);
        HttpUrl url = url(repository, "manifests", reference);
        try (Response r = send(new Request.Builder().url(url).put(RequestBody.create(manifest, MediaType.get(mediaType))),
                repository, true)) {
            if (r.code() != 201) {
                check(r, "PUT " + url.encodedPath());
                throw new RegistryException("PUT " + url.encodedPath() + ": expected 201 Created, got " + r.code(), r.code());
            }
            String stated = r.header("Docker-Content-Digest");
            if (stated != null && !stated.equals(digest)) {
                throw new RegistryException("PUT " + url.encodedPath() + ": the registry stored digest " + stated
                        + " for a manifest whose digest is " + digest, r.code());
            }
            return new Pushed(digest, r.header("OCI-Subject") != null);
        }
    }

    /**
     * {@code GET /v2/<repo>/referrers/<digest>}: the image index of the manifests whose subject is
     * {@code digest}; empty when the registry has no referrers API (404), so the caller falls back
     * to the {@code sha256-<hex>} tag.
     */
    public Optional<OciManifest> referrers(String repository, String digest, String artifactType) {
        HttpUrl.Builder b = url(repository, "referrers", digest).newBuilder();
        if (artifactType != null) {
            b.addQueryParameter("artifactType", artifactType);
        }
        HttpUrl url = b.build();
        try (Response r = send(new Request.Builder().url(url).header("Accept", OciManifest.IMAGE_INDEX).get(), repository, false)) {
            if (r.code() == 404) {
                return Optional.empty();
            }
            check(r, "GET " + url.encodedPath());
            byte[] bytes = read(r, OciManifest.MAX_BYTES, url.encodedPath());
            String type = r.header("Content-Type");
            OciManifest index = OciManifest.parse(bytes, type == null ? OciManifest.IMAGE_INDEX : type.split(";")[0].strip(),
                    "referrers of " + digest);
            if (!index.isIndex()) {
                throw new RegistryException("GET " + url.encodedPath() + ": the referrers answer is a " + index.mediaType()
                        + ", not an image index", r.code());
            }
            return Optional.of(index);
        }
    }

    /** A page of names from {@code _catalog} or {@code tags/list}, and the next page's URL (null at the end). */
    private record Page(List<String> names, HttpUrl next) {
    }

    /**
     * {@code GET /v2/_catalog}, page by page ({@code n} and {@code last}, following the
     * {@code Link} header when the registry sends one) to the end: every repository the
     * credentials may see. Fails, rather than loops, on a page that does not advance, a link to
     * another host, or more than {@code maxPages} pages.
     */
    public List<String> catalog(int pageSize, int maxPages) {
        HttpUrl first = base.newBuilder().addPathSegment("v2").addPathSegment("_catalog")
                .addQueryParameter("n", Integer.toString(pageSize)).build();
        return pages(first, "repositories", "registry:catalog:*", pageSize, maxPages);
    }

    /** {@code GET /v2/<repo>/tags/list}, paged like {@link #catalog}; empty when the repository is unknown (404). */
    public List<String> tags(String repository, int pageSize, int maxPages) {
        HttpUrl first = base.newBuilder().addPathSegment("v2").addEncodedPathSegments(repository).addPathSegment("tags")
                .addPathSegment("list").addQueryParameter("n", Integer.toString(pageSize)).build();
        return pages(first, "tags", "repository:" + repository + ":pull", pageSize, maxPages);
    }

    private List<String> pages(HttpUrl first, String field, String scope, int pageSize, int maxPages) {
        List<String> all = new ArrayList<>();
        Set<String> seenLast = new HashSet<>();
        HttpUrl url = first;
        for (int page = 0; url != null; page++) {
            if (page >= maxPages) {
                throw new RegistryException("GET " + first.encodedPath() + ": more than " + maxPages + " pages of " + field
                        + "; stopped (raise the page limit if the registry really has that many)", -1);
            }
            Page p = page(url, field, scope);
            if (p == null) {
                return all;
            }
            all.addAll(p.names());
            HttpUrl next = p.next();
            if (next == null && p.names().size() >= pageSize && !p.names().isEmpty()) {
                // Registries that page without a Link header: ask again from the last name.
                next = first.newBuilder().setQueryParameter("last", p.names().get(p.names().size() - 1)).build();
            }
            if (next != null) {
                String last = next.queryParameter("last");
                if (p.names().isEmpty() || (last != null && !seenLast.add(last))) {
                    throw new RegistryException("GET " + url.encodedPath() + ": the registry's next page does not advance"
                            + " (last=" + last + "); stopped", -1);
                }
            }
            url = next;
        }
        return all;
    }

    private Page page(HttpUrl url, String field, String scope) {
        try (Response r = sendScoped(new Request.Builder().url(url).header("Accept", "application/json").get(), scope)) {
            if (r.code() == 404 && field.equals("tags")) {
                return null;
            }
            check(r, "GET " + url.encodedPath());
            byte[] bytes = read(r, OciManifest.MAX_BYTES, url.encodedPath());
            JsonNode body;
            try {
                body = OciManifest.REGISTRY_JSON.read(bytes);
            } catch (IOException e) {
                throw new RegistryException("GET " + url.encodedPath() + ": not a JSON document: "
                        + (e instanceof JsonProcessingException j ? OciManifest.REGISTRY_JSON.describe(j) : e.getMessage()), r.code());
            }
            if (body == null || !body.isObject()) {
                throw new RegistryException("GET " + url.encodedPath() + ": expected a JSON object", r.code());
            }
            JsonNode list = body.path(field);
            List<String> names = new ArrayList<>();
            if (!list.isMissingNode() && !list.isNull()) {
                if (!list.isArray()) {
                    throw new RegistryException("GET " + url.encodedPath() + ": '" + field + "' is not a list", r.code());
                }
                for (JsonNode n : list) {
                    if (!n.isTextual()) {
                        throw new RegistryException("GET " + url.encodedPath() + ": '" + field + "' holds a " + n.getNodeType()
                                + ", not a name", r.code());
                    }
                    names.add(n.asText());
                }
            }
            return new Page(names, nextLink(r, url));
        }
    }

    /** The {@code Link: <…>; rel="next"} target, which must stay on the registry. */
    private HttpUrl nextLink(Response r, HttpUrl from) {
        String link = r.header("Link");
        if (link == null) {
            return null;
        }
        Matcher m = NEXT_LINK.matcher(link);
        if (!m.find()) {
            return null;
        }
        HttpUrl next = from.resolve(m.group(1));
        if (next == null || !sameOrigin(next, base)) {
            throw new RegistryException("GET " + from.encodedPath() + ": the next-page link points to another host ("
                    + (next == null ? m.group(1) : next.host()) + "); refused", r.code());
        }
        return next;
    }

    private HttpUrl url(String repository, String kind, String reference) {
        return base.newBuilder().addPathSegment("v2").addEncodedPathSegments(repository).addPathSegment(kind)
                .addPathSegment(reference).build();
    }

    // Sending: authentication and redirects

    private Response send(Request.Builder request, String repository, boolean push) {
        return sendScoped(request, "repository:" + repository + ":" + (push ? "pull,push" : "pull"));
    }

    private Response sendScoped(Request.Builder request, String scope) {
        Request first = authorize(request.build(), scope);
        Response r = follow(first);
        if (r.code() != 401) {
            return r;
        }
        String challenge = r.header("WWW-Authenticate");
        r.close();
        if (challenge == null) {
            throw new RegistryException(first.method() + " " + first.url().encodedPath() + ": 401 without a WWW-Authenticate challenge", 401);
        }
        Map<String, String> params = challengeParams(challenge);
        String schemeName = challenge.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (schemeName.equals("bearer")) {
            String tokenScope = params.getOrDefault("scope", scope);
            tokens.put(scope, fetchToken(params, tokenScope));
        } else if (schemeName.equals("basic")) {
            if (!credentials.hasPassword()) {
                throw unauthorized(first);
            }
            basicAuth = true;
        } else {
            throw new RegistryException(first.url().encodedPath() + ": unsupported authentication scheme " + schemeName, 401);
        }
        Response again = follow(authorize(request.build(), scope));
        if (again.code() == 401) {
            again.close();
            throw unauthorized(first);
        }
        return again;
    }

    private RegistryException unauthorized(Request r) {
        return new RegistryException(r.method() + " " + r.url().encodedPath() + ": the registry refused the credentials "
                + (credentials.hasPassword() || credentials.token() != null ? "given" : "(none given: " + missingCredentials + ")"), 401);
    }

    /**
     * Adds the registry's credentials, but only to a request for the registry itself: an upload
     * location the registry hands out may name another host (storage), which gets none.
     */
    private Request authorize(Request request, String scope) {
        if (!sameOrigin(request.url(), base)) {
            return request;
        }
        String token = tokens.get(scope);
        if (token == null && credentials.token() != null) {
            token = credentials.token();
        }
        if (token != null) {
            return request.newBuilder().header("Authorization", "Bearer " + token).build();
        }
        if (basicAuth && credentials.hasPassword()) {
            return request.newBuilder().header("Authorization", basic()).build();
        }
        return request;
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Sends, following up to five redirects; the Authorization header is dropped when a redirect leaves the registry. */
    private Response follow(Request request) {
        Request current = request;
        for (int hops = 0; ; hops++) {
            Response r;
            try {
                r = http.newCall(current).execute();
            } catch (IOException e) {
                throw new RegistryException(current.method() + " " + current.url() + ": " + e.getMessage(), e);
            }
            if (!r.isRedirect()) {
                return r;
            }
            String location = r.header("Location");
            r.close();
            HttpUrl next = location == null ? null : current.url().resolve(location);
            if (next == null || hops >= MAX_REDIRECTS) {
                throw new RegistryException(current.method() + " " + current.url().encodedPath() + ": bad or endless redirect", r.code());
            }
            Request.Builder b = current.newBuilder().url(next);
            if (!sameOrigin(next, base)) {
                b.removeHeader("Authorization");
            }
            current = b.build();
        }
    }

    static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }

    private String fetchToken(Map<String, String> params, String scope) {
        String realm = params.get("realm");
        HttpUrl realmUrl = realm == null ? null : HttpUrl.parse(realm);
        if (realmUrl == null) {
            throw new RegistryException("the registry's bearer challenge names no usable token realm", 401);
        }
        HttpUrl.Builder url = realmUrl.newBuilder();
        if (params.containsKey("service")) {
            url.addQueryParameter("service", params.get("service"));
        }
        url.addQueryParameter("scope", scope);
        Request.Builder req = new Request.Builder().url(url.build()).get();
        boolean safeRealm = realmUrl.isHttps() || Hosts.isLoopback(realmUrl.host());
        if (credentials.hasPassword() && safeRealm) {
            req.header("Authorization", basic());
        }
        try (Response r = http.newCall(req.build()).execute()) {
            if (!r.isSuccessful()) {
                throw new RegistryException("token service " + realmUrl.host() + " answered " + r.code()
                        + (credentials.hasPassword() ? "" : " (no credentials given: " + missingCredentials + ")"),
                        r.code());
            }
            JsonNode body = OciManifest.REGISTRY_JSON.read(read(r, 1024 * 1024, "token"));
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new RegistryException("token service " + realmUrl.host() + " returned no token", r.code());
            }
            return token;
        } catch (JsonProcessingException e) {
            // Neither the parser's message nor the exception: they may quote the body, which holds the token.
            throw new RegistryException("token service " + realmUrl.host() + " did not answer with a JSON token document", -1);
        } catch (IOException e) {
            throw new RegistryException("token service " + realmUrl.host() + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code Bearer realm="…",service="…",scope="…"} (quoted values may hold commas). */
    static Map<String, String> challengeParams(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        String s = header.strip();
        int space = s.indexOf(' ');
        if (space < 0) {
            return out;
        }
        int i = space + 1;
        while (i < s.length()) {
            while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < s.length() && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            out.put(key, value.toString().strip());
        }
        return out;
    }

    private static void check(Response r, String what) {
        if (r.isSuccessful()) {
            return;
        }
        String detail = "";
        try {
            JsonNode errors = OciManifest.REGISTRY_JSON.read(read(r, 64 * 1024, what)).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                detail = " " + errors.get(0).path("code").asText() + ": " + errors.get(0).path("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // the status says enough when the body is not the registry's error JSON
        }
        throw new RegistryException(what + ": the registry answered " + r.code() + detail, r.code());
    }

    private static byte[] read(Response r, long max, String what) {
        long declared = r.body().contentLength();
        if (declared > max) {
            throw new RegistryException(what + ": " + declared + " bytes, more than the " + max + " allowed", r.code());
        }
        try (InputStream in = r.body().byteStream()) {
            return BoundedRead.readAtMost(in, max, declared);
        } catch (BoundedRead.TooLargeException e) {
            throw new RegistryException(what + ": " + e.getMessage(), r.code());
        } catch (IOException e) {
            throw new RegistryException(what + ": " + e.getMessage(), e);
        }
    }
}
