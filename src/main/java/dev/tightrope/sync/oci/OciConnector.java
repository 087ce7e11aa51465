package dev.tightrope.sync.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.oci.Descriptor;
import dev.tightrope.oci.OciManifest;
import dev.tightrope.oci.RegistryClient;
import dev.tightrope.oci.RegistryException;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SettingValues;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.SyncResult;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryInterceptor;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The repositories of one OCI registry, live over the Distribution API or offline from OCI image
 * layouts. Every sync reads every tag (the API has no change feed), so what is no longer tagged
 * goes gone — unless a repository or manifest could not be read, in which case the sync says
 * so, keeps what it could not see as it was and marks nothing gone.
 */
public final class OciConnector implements Connector {

    static final int DEFAULT_MAX_TAGS = 1_000;
    static final int DEFAULT_MAX_REPOSITORIES = 10_000;
    static final int MAX_INDEX_CHILDREN = 32;
    static final long MAX_CONFIG_BYTES = 1024 * 1024;
    /** cosign's tag schema: {@code sha256-<hex>.sig|.att|.sbom}; the bare {@code sha256-<hex>} tag is the referrers fallback index. */
    private static final Pattern COSIGN_TAG = Pattern.compile("sha256-([0-9a-f]{64})(?:\\.(sig|att|sbom))?");
    private static final UntrustedJson CONFIG_JSON = UntrustedJson.withLimits(
            new JsonLimits(32, 256 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_CONFIG_BYTES));

    private final Settings settings;
    private final OkHttpClient http;

    record Settings(HttpUrl base, List<String> repositories, String username, String passwordName, String tokenName, int maxTags,
                    Path path) {
    }

    private OciConnector(Settings settings, OkHttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    public static ConnectorFactory factory() {
        return factory(RetryPolicy.standard());
    }

    /** The factory with its own retry policy (tests: one that records instead of sleeping). */
    public static ConnectorFactory factory(RetryPolicy retry) {
        return new OciConnectorFactory(retry);
    }

    @Override
    public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
        List<Registry> registries = new ArrayList<>();
        if (settings.path() != null) {
            registries.addAll(ImageLayouts.under(settings.path()));
        } else {
            registries.add(live(context));
        }
        boolean complete = true;
        for (Registry registry : registries) {
            complete &= new Reading(registry, sink, context).all();
        }
        return complete ? SyncResult.full(null) : SyncResult.incremental(null);
    }

    /** Test connection: one listing call with the credentials — the first repository's tags, or one catalog page. */
    @Override
    public String check(SyncContext context) throws ConnectorException, InterruptedException {
        if (settings.path() != null) {
            String base = Connector.super.check(context);
            int repos = 0;
            for (ImageLayouts l : ImageLayouts.under(settings.path())) {
                repos += l.repositories().size();
            }
            return base + "; " + repos + (repos == 1 ? " OCI image layout" : " OCI image layouts");
        }
        LiveRegistry registry = live(context);
        if (!settings.repositories().isEmpty()) {
            String repo = settings.repositories().get(0);
            List<String> tags = registry.tags(repo);
            return "the registry " + registry.host() + " answered; " + repo + " has " + tags.size() + (tags.size() == 1 ? " tag" : " tags");
        }
        List<String> repos = registry.repositories();
        return "the registry " + registry.host() + " answered; its catalog lists " + repos.size()
                + (repos.size() == 1 ? " repository" : " repositories");
    }

    private LiveRegistry live(SyncContext context) throws ConnectorException {
        String where = settings.base().host();
        String password = secret(context, settings.passwordName(), where);
        String token = secret(context, settings.tokenName(), where);
        if (password != null && settings.username() == null) {
            throw new ConnectorException(where, "a password is set but no username: --set username=…");
        }
        RegistryClient.Credentials credentials = new RegistryClient.Credentials(settings.username(), password, token);
        RegistryClient client = new RegistryClient(settings.base(), credentials, http)
                .missingCredentialsHint("set the source's username and password (an environment variable's name), or token");
        return new LiveRegistry(client, hostOf(settings.base()), settings.repositories(), DEFAULT_MAX_REPOSITORIES, settings.maxTags());
    }

    private static String secret(SyncContext context, String name, String where) throws ConnectorException {
        if (name == null) {
            return null;
        }
        String value = context.secret(name);
        if (value == null || value.isBlank()) {
            throw new ConnectorException(where, "the secret " + name + " is not set (an environment variable or a line in credentials.properties)");
        }
        return value.strip();
    }

    static String hostOf(HttpUrl base) {
        return base.port() == HttpUrl.defaultPort(base.scheme()) ? base.host() : base.host() + ":" + base.port();
    }

    /** One registry's sync: every repository, every tag, what is attached to each manifest. */
    private final class Reading {
        private final Registry registry;
        private final RecordSink sink;
        private final SyncContext context;
        private final OciMapper mapper;
        private boolean complete = true;

        Reading(Registry registry, RecordSink sink, SyncContext context) {
            this.registry = registry;
            this.sink = sink;
            this.context = context;
            this.mapper = new OciMapper(registry.host(), sink);
        }

        boolean all() throws ConnectorException, InterruptedException {
            List<String> repositories = registry.repositories();
            int done = 0;
            for (String repository : repositories) {
                context.checkCancelled();
                context.progress(done++, repositories.size(), registry.host() + "/" + repository);
                repository(repository);
            }
            return complete;
        }

        private void problem(String where, String message) {
            complete = false;
            sink.problem(new Problem(where, message));
        }

        private void repository(String repository) throws ConnectorException, InterruptedException {
            String where = registry.host() + "/" + repository;
            List<String> tags = registry.tags(repository);
            if (tags.size() > settings.maxTags()) {
                problem(where, tags.size() + " tags; only the first " + settings.maxTags() + " were read (raise max-tags)");
                tags = tags.subList(0, settings.maxTags());
            }
            Map<String, List<String>> tagsByDigest = new LinkedHashMap<>();
            Map<String, OciManifest> manifests = new LinkedHashMap<>();
            Map<String, byte[]> bytes = new LinkedHashMap<>();
            Map<String, Map<String, String>> notes = new TreeMap<>();
            Map<String, String> fallbackIndexes = new TreeMap<>();
            for (String tag : tags) {
                context.checkCancelled();
                Matcher cosign = COSIGN_TAG.matcher(tag);
                if (cosign.matches()) {
                    String subject = "sha256:" + cosign.group(1);
                    if (cosign.group(2) == null) {
                        fallbackIndexes.put(subject, tag);
                    } else {
                        String label = switch (cosign.group(2)) {
                            case "sig" -> "cosign signature";
                            case "att" -> "cosign attestation";
                            default -> "cosign SBOM";
                        };
                        notes.computeIfAbsent(subject, k -> new TreeMap<>())
                                .merge("signatures", label + " (tag " + tag + ")", (a, b) -> a + "; " + b);
                    }
                    continue;
                }
                Optional<RegistryClient.Fetched> fetched = readManifest(repository, tag, where + ":" + tag);
                if (fetched.isEmpty()) {
                    continue;
                }
                OciManifest m = parse(fetched.get(), where + ":" + tag);
                if (m == null) {
                    continue;
                }
                String digest = fetched.get().digest();
                tagsByDigest.computeIfAbsent(digest, k -> new ArrayList<>()).add(tag);
                manifests.put(digest, m);
                bytes.put(digest, fetched.get().bytes());
            }
            for (Map.Entry<String, List<String>> e : tagsByDigest.entrySet()) {
                context.checkCancelled();
                String digest = e.getKey();
                Map<String, String> attached = new TreeMap<>(notes.getOrDefault(digest, Map.of()));
                referrers(repository, digest, fallbackIndexes.get(digest), attached);
                emit(repository, digest, e.getValue(), manifests.get(digest), bytes.get(digest), attached, null);
            }
        }

        private Urn emit(String repository, String digest, List<String> tags, OciManifest m, byte[] raw, Map<String, String> attached,
                         String platform)
                throws ConnectorException, InterruptedException {
            String where = registry.host() + "/" + repository + "@" + digest;
            JsonNode config = config(repository, m, where);
            if (!m.isIndex()) {
                return mapper.manifest(repository, digest, tags, m, config, attached, platform);
            }
            List<String> attestations = new ArrayList<>();
            List<String> platforms = new ArrayList<>();
            List<Descriptor> children = new ArrayList<>();
            for (Descriptor d : m.layers()) {
                if ("attestation-manifest".equals(d.annotations().get("vnd.docker.reference.type"))) {
                    attestations.add("build attestation for " + d.annotations().getOrDefault("vnd.docker.reference.digest", "?"));
                } else if (children.size() < MAX_INDEX_CHILDREN) {
                    children.add(d);
                }
            }
            if (!attestations.isEmpty()) {
                attached.merge("attestations", String.join("; ", attestations), (a, b) -> a + "; " + b);
            }
            Map<String, String> childPlatforms = platformsOf(raw);
            for (Descriptor d : children) {
                String p = childPlatforms.get(d.digest());
                if (p != null) {
                    platforms.add(p);
                }
            }
            if (!platforms.isEmpty()) {
                attached.put("oci.platforms", String.join(", ", platforms));
            }
            Urn index = mapper.manifest(repository, digest, tags, m, config, attached, platform);
            if (m.layers().size() > MAX_INDEX_CHILDREN + attestations.size()) {
                problem(where, "the index lists " + m.layers().size() + " manifests; the first " + MAX_INDEX_CHILDREN + " were read");
            }
            for (Descriptor d : children) {
                Optional<RegistryClient.Fetched> child = readManifest(repository, d.digest(), where + " → " + d.digest());
                OciManifest cm = child.isEmpty() ? null : parse(child.get(), where + " → " + d.digest());
                if (cm == null || cm.isIndex()) {
                    continue;
                }
                Urn childUrn = emit(repository, d.digest(), List.of(), cm, child.get().bytes(), new TreeMap<>(), childPlatforms.get(d.digest()));
                mapper.child(index, childUrn);
            }
            return index;
        }

        /** Signatures and attestations attached through the referrers API, or its {@code sha256-<hex>} tag fallback. */
        private void referrers(String repository, String digest, String fallbackTag, Map<String, String> attached)
                throws InterruptedException {
            String where = registry.host() + "/" + repository + "@" + digest;
            Optional<OciManifest> index;
            try {
                index = registry.referrers(repository, digest);
                if (index.isEmpty() && fallbackTag != null) {
                    index = readManifest(repository, fallbackTag, where + " referrers tag").flatMap(f -> Optional.ofNullable(parse(f, where)));
                }
            } catch (ConnectorException e) {
                problem(where, "its referrers could not be read: " + e.getMessage());
                return;
            }
            if (index.isEmpty() || index.get().layers().isEmpty()) {
                return;
            }
            Map<String, Integer> byType = new TreeMap<>();
            for (Descriptor d : index.get().layers()) {
                byType.merge(d.artifactType() == null ? d.mediaType() : d.artifactType(), 1, Integer::sum);
            }
            List<String> parts = new ArrayList<>();
            byType.forEach((type, n) -> parts.add(type + (n > 1 ? " ×" + n : "")));
            attached.put("referrers", index.get().layers().size() + ": " + String.join(", ", parts));
        }

        private Optional<RegistryClient.Fetched> readManifest(String repository, String reference, String where)
                throws InterruptedException, ConnectorException {
            try {
                return registry.manifest(repository, reference);
            } catch (ConnectorException e) {
                if (e.getCause() instanceof RegistryException re && re.status() == 401) {
                    throw e;
                }
                problem(where, e.getMessage());
                return Optional.empty();
            }
        }

        private OciManifest parse(RegistryClient.Fetched fetched, String where) {
            try {
                return fetched.parse(where);
            } catch (RegistryException e) {
                problem(where, e.getMessage());
                return null;
            }
        }

        /** The image or model config, when the manifest has one worth reading; a bad one is a problem, not a failure. */
        private JsonNode config(String repository, OciManifest m, String where) throws InterruptedException {
            Descriptor c = m.config();
            if (c == null || c.size() > MAX_CONFIG_BYTES || c.size() <= 2) {
                return null;
            }
            String t = c.mediaType();
            boolean wanted = t.equals(OciManifest.IMAGE_CONFIG) || t.equals(OciMapper.DOCKER_IMAGE_CONFIG) || OciMapper.isModelType(t);
            if (!wanted) {
                return null;
            }
            try {
                JsonNode node = CONFIG_JSON.read(registry.blob(repository, c.digest(), MAX_CONFIG_BYTES));
                return node != null && node.isObject() ? node : null;
            } catch (ConnectorException e) {
                problem(where, "its config " + c.digest() + " could not be read: " + e.getMessage());
            } catch (JsonProcessingException e) {
                problem(where, "its config " + c.digest() + " is not readable JSON: " + CONFIG_JSON.describe(e));
            } catch (IOException e) {
                problem(where, "its config " + c.digest() + " could not be read: " + e.getMessage());
            }
            return null;
        }
    }

    /** An index's {@code manifests[].platform} as {@code os/architecture[/variant]}, by digest (the descriptor model keeps no platform). */
    static Map<String, String> platformsOf(byte[] index) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = CONFIG_JSON.read(index);
        } catch (IOException e) {
            return out; // parsed once already; cannot happen for bytes OciManifest accepted
        }
        for (JsonNode d : root.path("manifests")) {
            JsonNode p = d.path("platform");
            String os = p.path("os").asText("");
            String arch = p.path("architecture").asText("");
            if (d.path("digest").isTextual() && !os.isEmpty() && !arch.isEmpty() && !os.equals("unknown")) {
                String variant = p.path("variant").asText("");
                out.put(d.get("digest").asText(), os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
            }
        }
        return out;
    }

    static boolean validRepository(String name) {
        return name.matches("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    }

    static OciConnector create(SourceConfig config, RetryPolicy retry) {
        List<String> repos = SettingValues.list(config, "repositories", OciConnector::validRepository,
                "repository names (lower case, '/'-separated)");
        int maxTags = SettingValues.count(config, "max-tags", DEFAULT_MAX_TAGS, 1, 999_999);
        String path = config.setting("path");
        if (path != null) {
            if (config.setting("url") != null) {
                throw new IllegalArgumentException("an oci source needs either --url (live) or --path (OCI image layouts), not both");
            }
            return new OciConnector(new Settings(null, List.copyOf(repos), null, null, null, maxTags, Path.of(path)), null);
        }
        if (config.setting("url") == null) {
            throw new IllegalArgumentException("an oci source needs either --url https://<registry> (live) or --path DIR (OCI image layouts)");
        }
        HttpUrl base = HttpSettings.baseUrl(config, null);
        if (!base.encodedPath().equals("/")) {
            throw new IllegalArgumentException("url must be the registry's address without a path (e.g. https://registry.example.com): '"
                    + config.setting("url") + "'");
        }
        String username = config.setting("username");
        OkHttpClient http = HttpSettings.client(config).newBuilder().addInterceptor(new RetryInterceptor(retry)).build();
        return new OciConnector(new Settings(base, List.copyOf(repos), username == null || username.isBlank() ? null : username.strip(),
                config.setting("password"), config.setting("token"), maxTags, null), http);
    }
}
