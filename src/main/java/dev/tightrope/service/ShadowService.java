package dev.tightrope.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.scan.localmodels.ModelCache;
import dev.tightrope.scan.mcp.Allowlist;
import dev.tightrope.scan.mcp.McpClient;
import dev.tightrope.scan.mcp.probe.DescriptionRules;
import dev.tightrope.sync.localdiscovery.LocalDiscoveryConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Shadow AI view's use cases over the cache: the MCP servers the local-discovery sources
 * found, each with every place it is configured, and approving one into its source's allowlist
 * file (a {@code server.json} entry with our {@code _meta} approval, written atomically and
 * audit-logged as {@code mcp.approve}), after which a re-sync of that source classifies it anew;
 * and the agent skills and plugins and the local models (cached models and loose model files)
 * the same sources found, each with its findings, bundled files and hooks, or files and verdicts.
 */
public final class ShadowService {

    /** The audit action of an approval into an allowlist file. */
    public static final String APPROVE_ACTION = "mcp.approve";
    /** The most servers one listing reads; far more than the machines of one workspace configure. */
    static final int MAX_SERVERS = 5_000;
    /** The most skills, or local models and model files, one listing reads per source. */
    static final int MAX_PER_SOURCE = 5_000;
    /** Cache kind of a model file found loose in a repository, not in a model cache. */
    public static final String LOOSE_FILE = "loose file";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final UntrustedJson ALLOWLIST_JSON = UntrustedJson.withLimits(Allowlist.LIMITS);

    private final InventoryService inventory;
    private final SourceService sources;
    private final AuditService audit;
    private final Clock clock;

    ShadowService(InventoryService inventory, SourceService sources, AuditService audit, Clock clock) {
        this.inventory = inventory;
        this.sources = sources;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * One MCP server as the view lists it.
     *
     * @param classification {@code approved}, {@code approved-unpinned}, {@code name-only} or {@code unregistered}
     * @param machine        the home directory's name of the source that found it
     * @param findings       its open findings
     * @param evidence       the first place it is configured, {@code file:line}, a file under the home as {@code ~/…}
     * @param installed      {@code yes}, {@code no} or {@code unknown}; null when nothing installs here (a remote endpoint) or the sync predates the check
     * @param installedMatches whether an installed version is the configured one; null when the launch names none or nothing is installed
     * @param installedNote  where and which versions were found, or why it is no or unknown
     * @param running        {@code yes}, {@code no} or {@code unknown}; null when no local process runs it
     * @param runningNote    the processes (pid, user, start), or why it is no or unknown
     */
    public record Server(Urn urn, String name, String classification, String reason, String packageType, String identifier,
                         String version, List<String> clients, String machine, String owner, int findings, String evidence,
                         String source, String lookalikeOf, String installed, Boolean installedMatches, String installedNote, String running,
                         String runningNote) {
        public Server {
            clients = List.copyOf(clients);
        }

        /** "npm @org/pkg 1.2.0", "remote https://…", the version left out when the launch names none. */
        public String launch() {
            return (packageType == null ? "" : packageType + " ") + (identifier == null ? "" : identifier)
                    + (version == null ? "" : " " + version);
        }
    }

    /**
     * One place a server is configured.
     *
     * @param line    the line in the file, 0 when unknown
     * @param shown   {@code file:line} as the machine's user knows it: {@code ~/…} under the home
     * @param envKeys the names of the environment variables the entry sets (values are never read into the cache)
     * @param notes   "disabled", "blocked by policy", "project …", "headers …": what else the entry says
     */
    public record Place(String client, String scope, Path file, int line, String shown, String name, List<String> envKeys,
                        List<String> notes) {
        public Place {
            envKeys = List.copyOf(envKeys);
            notes = List.copyOf(notes);
        }

        public String location() {
            return line > 0 ? file + ":" + line : file.toString();
        }
    }

    /**
     * Everything the detail pane shows about one server.
     *
     * @param allowlistEntry the allowlist entry the classification matched (for a name-only server, the one whose name it borrows), or null
     * @param allowlist    the allowlist file an approval would be written to, or null
     * @param cannotApprove why it cannot be approved here, or null when it can
     */
    public record Detail(Server server, List<Place> places, List<StoredFinding> findings, String allowlistEntry, String approvedBy,
                         String approvedAt, String approvedVersions, Path allowlist, String cannotApprove) {
        public Detail {
            places = List.copyOf(places);
            findings = List.copyOf(findings);
        }
    }

    /** What an approval wrote. */
    public record Approved(Urn server, String source, Path allowlist, String entryName, String version, boolean newEntry) {
    }

    /** An approval and the re-sync of its source that followed it. */
    public record ApprovedAndSynced(Approved approved, List<SyncRun> runs) {
        public ApprovedAndSynced {
            runs = List.copyOf(runs);
        }
    }

    /**
     * One agent skill, plugin, command, subagent, extension or rule as the view lists it.
     *
     * @param kind     {@code skill}, {@code plugin}, {@code command}, {@code subagent}, {@code extension} or {@code rule}
     * @param client   the assistant's label ("Claude Code")
     * @param repo     the repository folder's name for a project-scope one, else null
     * @param worst    the worst open finding's severity, null when it has none
     * @param scripts  how many bundled files are scripts or programs
     * @param path     its folder (or its one file) as the machine's user knows it: {@code ~/…} under the home
     */
    public record Skill(Urn urn, String name, String kind, String client, String scope, String machine, String repo, String owner,
                        Severity worst, int findings, int scripts, int hooks, String path, String source) {
    }

    /**
     * A file a skill carries besides its markdown.
     *
     * @param sha256 hex SHA-256, null for a symbolic link (not followed) or a file too large to hash
     */
    public record BundledFile(String path, long size, String sha256, boolean executable, boolean link) {
    }

    /** A shell command a plugin's hooks run on an assistant event; {@code matcher} null for every tool. */
    public record Hook(String event, String matcher, String command, String location) {
    }

    /**
     * Everything the detail pane shows about one skill.
     *
     * @param description  what it says it does, each run of hidden characters shown as {@code ⟨N hidden characters⟩}
     * @param file         its SKILL.md or manifest, what Open file opens
     * @param allowedTools what its frontmatter lets the assistant use without asking; empty when it says nothing
     * @param frontmatterProblem why its frontmatter did not read, or null
     */
    public record SkillDetail(Skill skill, String description, Path file, List<String> allowedTools, String plugin, String version,
                              String frontmatterProblem, List<StoredFinding> findings, List<BundledFile> bundled, List<Hook> hooks) {
        public SkillDetail {
            allowedTools = List.copyOf(allowedTools);
            findings = List.copyOf(findings);
            bundled = List.copyOf(bundled);
            hooks = List.copyOf(hooks);
        }
    }

    /**
     * Whether a registry source in the cache knows a local model: the asset at its hub URN, or a
     * file with the same SHA-256 from another source.
     *
     * @param how what it is known as, or what was looked for when it is not
     */
    public record Registration(boolean registered, String how) {
    }

    /**
     * One model, dataset or loose model file found on a machine.
     *
     * @param identity {@code org/name@revision} (Hugging Face), {@code name:tag} (Ollama), {@code publisher/repo} (LM Studio), the path of a loose file
     * @param cache    the cache's label ("Hugging Face cache", "Ollama", "LM Studio") or {@link #LOOSE_FILE}
     * @param size     bytes in all, null when unknown
     * @param verdict  the model scanner's verdict ({@code SAFE}, {@code SUSPICIOUS}, {@code INVALID}, {@code DANGEROUS}), null when not scanned
     */
    public record LocalModel(Urn urn, String name, String identity, String cache, int files, Long size, String verdict, Severity worst,
                             int findings, Registration registration, String machine, String owner, String path, String source) {
    }

    /** One file of a local model as its detail lists it. */
    public record ModelFile(Urn urn, String name, String format, String verdict, Long size, String sha256, String path, int findings) {
    }

    /** A local model with its files and their verdicts, and its open findings. */
    public record LocalModelDetail(LocalModel model, List<ModelFile> files, List<StoredFinding> findings) {
        public LocalModelDetail {
            files = List.copyOf(files);
            findings = List.copyOf(findings);
        }
    }

    /** Why an approval was refused; nothing was written. */
    public static final class CannotApprove extends RuntimeException {
        public CannotApprove(String message) {
            super(message);
        }
    }

    /** True when at least one local-discovery source is configured. */
    public boolean hasDiscoverySource() {
        return sources.list().stream().anyMatch(s -> s.config().type().equals(LocalDiscoveryConnector.TYPE));
    }

    /** Every present MCP server in the cache, by name. */
    public List<Server> servers() {
        AssetFilter filter = AssetFilter.all().withKinds(Set.of(AssetKind.MCP_SERVER)).withPresence(AssetFilter.Presence.PRESENT);
        List<Server> out = new ArrayList<>();
        Map<String, Optional<SourceConfig>> configs = new LinkedHashMap<>();
        for (AssetSummary s : inventory.list(filter, AssetSort.byName(), MAX_SERVERS)) {
            inventory.detail(Urn.parse(s.urn())).ifPresent(d -> out.add(server(d, configs)));
        }
        return out;
    }

    /** One server with its places, findings and whether it can be approved here. */
    public Optional<Detail> detail(Urn urn) {
        return inventory.detail(urn).filter(d -> d.record().asset().urn().kind() == AssetKind.MCP_SERVER).map(d -> {
            Map<String, String> p = d.record().asset().properties();
            Server server = server(d, new LinkedHashMap<>());
            Path allowlist = null;
            String refused;
            try {
                allowlist = allowlistOf(d.record());
                refused = refusal(p);
            } catch (CannotApprove e) {
                refused = e.getMessage();
            }
            return new Detail(server, places(p), open(d.findings()), p.get("allowlist.server"), p.get("approval.by"), p.get("approval.at"),
                    p.get("approval.versions"), allowlist, refused);
        });
    }

    /**
     * Writes an approval of {@code urn}'s launch identity at {@code version} into its source's
     * allowlist file: a new {@code server.json} entry, or, for a package the allowlist already
     * approves at other versions, {@code version} added to that entry's approved versions. The
     * file is read and validated first; a file that is not a valid allowlist is left as it is.
     */
    public Approved approve(Urn urn, String approver, String version) {
        if (approver == null || approver.isBlank()) {
            throw new CannotApprove("An approval needs the name of who approves it.");
        }
        AssetRecord record = inventory.find(urn).filter(r -> r.urn().kind() == AssetKind.MCP_SERVER)
                .orElseThrow(() -> new CannotApprove("There is no MCP server " + urn + " in the cache."));
        Map<String, String> p = record.asset().properties();
        Path file = allowlistOf(record);
        String type = p.get("package.type");
        String allowed = version == null || version.isBlank() ? null : version.strip();
        boolean versioned = !"remote".equals(type) && !"local".equals(type);
        if (versioned && allowed == null) {
            throw new CannotApprove("Say which version of " + p.get("package.identifier") + " is approved.");
        }
        String why = refusal(p);
        if (why != null) {
            throw new CannotApprove(why);
        }
        JsonNode root = readAllowlist(file);
        String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        ObjectNode existing = "approved-unpinned".equals(p.get("classification")) ? find(root, p.get("allowlist.server")) : null;
        String entryName;
        if (existing != null) {
            addVersion(existing, allowed, approver.strip(), today);
            entryName = existing.path("name").asText();
        } else {
            ObjectNode entry = entry(p, record.asset().name(), allowed, approver.strip(), today);
            entryName = entry.path("name").asText();
            root = append(root, entry);
        }
        try {
            AtomicFiles.replace(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new CannotApprove("Cannot write the allowlist " + file + ": " + e.getMessage());
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("allowlist", file.toString());
        details.put("entry", entryName);
        details.put("launch", urn.nativeId());
        if (allowed != null) {
            details.put("version", allowed);
        }
        details.put("was", p.get("classification"));
        details.put("change", existing != null ? "version added" : "entry added");
        audit.record(approver.strip(), APPROVE_ACTION, urn.toString(), details);
        return new Approved(urn, record.source(), file, entryName, allowed, existing == null);
    }

    /** {@link #approve} then a full re-sync of the server's source, so its classification is read anew. */
    public ApprovedAndSynced approveAndResync(Urn urn, String approver, String version, SyncListener listener, Cancellation cancel) {
        Approved a = approve(urn, approver, version);
        return new ApprovedAndSynced(a, sources.sync(a.source(), true, listener, cancel));
    }

    /** Every present skill, plugin, command, subagent, extension and rule the local-discovery sources found, by name. */
    public List<Skill> skills() {
        List<Skill> out = new ArrayList<>();
        for (SourceConfig source : discoverySources()) {
            for (AssetSummary s : fromSource(source, Set.of(AssetKind.AGENT_SKILL))) {
                inventory.detail(Urn.parse(s.urn())).ifPresent(d -> out.add(skill(d, source)));
            }
        }
        out.sort(java.util.Comparator.comparing(Skill::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Skill::path));
        return out;
    }

    /** One skill with its description, allowed tools, findings, bundled files and hooks. */
    public Optional<SkillDetail> skillDetail(Urn urn) {
        return inventory.detail(urn).filter(d -> d.record().asset().kind() == AssetKind.AGENT_SKILL).map(d -> {
            Map<String, String> p = d.record().asset().properties();
            Skill skill = skill(d, sources.find(d.record().source()).orElse(null));
            String allowed = p.get("allowed_tools");
            String description = d.record().asset().description();
            return new SkillDetail(skill, description == null ? null : DescriptionRules.withHiddenMarked(description), p.get("file") == null ? null : Path.of(p.get("file")),
                    allowed == null ? List.of() : Arrays.stream(allowed.split(", ")).filter(t -> !t.isBlank()).toList(),
                    p.get("plugin"), p.get("version"), p.get("frontmatter.problem"), open(d.findings()), bundled(p), hooks(p));
        });
    }

    /** Every present model, dataset and loose model file the local-discovery sources found, by identity. */
    public List<LocalModel> localModels() {
        List<LocalModel> out = new ArrayList<>();
        for (SourceConfig source : discoverySources()) {
            for (AssetSummary s : fromSource(source, Set.of(AssetKind.MODEL, AssetKind.DATASET, AssetKind.MODEL_ARTIFACT))) {
                inventory.detail(Urn.parse(s.urn())).filter(ShadowService::isLocalModel).ifPresent(d -> out.add(localModel(d, source)));
            }
        }
        out.sort(java.util.Comparator.comparing(LocalModel::identity, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    /** One local model with each of its files' format, verdict, size and digest. */
    public Optional<LocalModelDetail> localModelDetail(Urn urn) {
        return inventory.detail(urn).filter(ShadowService::isLocalModel).map(d -> {
            LocalModel model = localModel(d, sources.find(d.record().source()).orElse(null));
            List<ModelFile> files = new ArrayList<>();
            if (d.record().asset().kind() == AssetKind.MODEL_ARTIFACT) {
                files.add(modelFile(d));
            } else {
                for (Urn file : fileUrns(d)) {
                    inventory.detail(file).ifPresent(f -> files.add(modelFile(f)));
                }
            }
            return new LocalModelDetail(model, files, open(d.findings()));
        });
    }

    private List<SourceConfig> discoverySources() {
        return sources.list().stream().map(s -> s.config()).filter(c -> c.type().equals(LocalDiscoveryConnector.TYPE)).toList();
    }

    private List<AssetSummary> fromSource(SourceConfig source, Set<AssetKind> kinds) {
        AssetFilter filter = AssetFilter.all().withKinds(kinds).withSource(source.name()).withPresence(AssetFilter.Presence.PRESENT);
        return inventory.list(filter, AssetSort.byName(), MAX_PER_SOURCE);
    }

    private Skill skill(AssetDetail d, SourceConfig source) {
        AssetRecord r = d.record();
        Map<String, String> p = r.asset().properties();
        List<StoredFinding> open = open(d.findings());
        Severity worst = open.stream().map(f -> f.finding().severity()).max(Severity.BY_RISK).orElse(null);
        String project = p.get("project");
        return new Skill(r.urn(), r.asset().name(), p.getOrDefault("kind", "skill"), clientLabel(p.get("client")), p.get("scope"),
                machine(source, r.source()), project == null ? null : fileName(project), owner(r), worst, open.size(),
                number(p.get("scripts")), hooks(p).size(), shown(source, p.getOrDefault("path", r.urn().nativeId())), r.source());
    }

    /** The assistant's label for a client token ("claude_code" is "Claude Code"); an unknown token as it is. */
    private static String clientLabel(String token) {
        return Arrays.stream(McpClient.values()).filter(c -> c.token().equals(token)).map(McpClient::label).findFirst()
                .orElse(token == null ? "" : token);
    }

    private static List<BundledFile> bundled(Map<String, String> p) {
        List<BundledFile> out = new ArrayList<>();
        for (JsonNode f : jsonArray(p.get("bundled.json"))) {
            out.add(new BundledFile(f.path("path").asText(), f.path("size").asLong(), f.path("sha256").isTextual() ? f.path("sha256").asText() : null,
                    f.path("executable").asBoolean(), f.path("link").asBoolean()));
        }
        return out;
    }

    private static List<Hook> hooks(Map<String, String> p) {
        List<Hook> out = new ArrayList<>();
        for (JsonNode h : jsonArray(p.get("hooks.json"))) {
            int line = h.path("line").asInt();
            out.add(new Hook(h.path("event").asText(), h.path("matcher").isTextual() ? h.path("matcher").asText() : null,
                    h.path("command").asText(), h.path("file").asText() + (line > 0 ? ":" + line : "")));
        }
        return out;
    }

    /** A JSON array the connector wrote; a skill synced before these properties existed has none until its source syncs again. */
    private static JsonNode jsonArray(String json) {
        if (json == null) {
            return JsonNodeFactory.instance.arrayNode();
        }
        try {
            JsonNode n = JSON.readTree(json);
            return n.isArray() ? n : JsonNodeFactory.instance.arrayNode();
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.arrayNode();
        }
    }

    /** A model or dataset in a machine's model cache, or a model file of local discovery that no cached model holds (a loose file). */
    private static boolean isLocalModel(AssetDetail d) {
        Urn urn = d.record().urn();
        if (!urn.sourceType().equals(LocalDiscoveryConnector.TYPE)) {
            return false;
        }
        return switch (urn.kind()) {
            case MODEL, DATASET -> true;
            case MODEL_ARTIFACT -> d.upstream().stream().noneMatch(n -> n.type() == EdgeType.PART_OF
                    && (n.kind() == AssetKind.MODEL || n.kind() == AssetKind.DATASET));
            default -> false;
        };
    }

    private LocalModel localModel(AssetDetail d, SourceConfig source) {
        AssetRecord r = d.record();
        Map<String, String> p = r.asset().properties();
        List<StoredFinding> open = open(d.findings());
        Severity worst = open.stream().map(f -> f.finding().severity()).max(Severity.BY_RISK).orElse(null);
        boolean loose = r.asset().kind() == AssetKind.MODEL_ARTIFACT;
        String identity = loose ? shown(source, p.getOrDefault("path", r.asset().name())) : identity(p, r.asset().name());
        String cache = loose ? LOOSE_FILE : Arrays.stream(ModelCache.values()).filter(c -> c.token().equals(p.get("cache")))
                .map(ModelCache::label).findFirst().orElse(p.getOrDefault("cache", ""));
        String size = p.get("size");
        return new LocalModel(r.urn(), r.asset().name(), identity, cache, loose ? 1 : number(p.get("files")),
                size == null || !size.matches("\\d{1,19}") ? null : Long.valueOf(size), p.get("verdict"), worst, open.size(),
                registration(d, p), machine(source, r.source()), owner(r), shown(source, p.getOrDefault("path", r.asset().sourceRef())), r.source());
    }

    /** {@code org/name@revision}, {@code name:tag}, {@code publisher/repo}: the name its hub knows it by. */
    private static String identity(Map<String, String> p, String name) {
        if (p.get("huggingface.repo") != null) {
            String revision = p.get("huggingface.revision");
            return p.get("huggingface.repo") + (revision == null ? "" : "@" + revision);
        }
        return p.getOrDefault("ollama.name", p.getOrDefault("lmstudio.model", name));
    }

    /**
     * Registered when the cache holds the asset at the model's hub URN from a registry source, or a
     * model file of another source with the SHA-256 of one of its files.
     */
    private Registration registration(AssetDetail d, Map<String, String> p) {
        String hub = p.get("hub.urn");
        if (hub != null) {
            try {
                Optional<AssetRecord> known = inventory.find(Urn.parse(hub)).filter(a -> !a.gone());
                if (known.isPresent()) {
                    return new Registration(true, "known to " + known.get().source() + " as " + hub);
                }
            } catch (IllegalArgumentException e) {
                // a hub URN that does not parse names nothing in the cache; the digests below still may
            }
        }
        List<AssetDetail> files = d.record().asset().kind() == AssetKind.MODEL_ARTIFACT ? List.of(d)
                : fileUrns(d).stream().map(inventory::detail).flatMap(Optional::stream).toList();
        for (AssetDetail f : files) {
            if (f.record().asset().digest() == null) {
                continue;
            }
            for (AssetSummary same : inventory.byDigest(f.record().asset().digest())) {
                if (!Urn.parse(same.urn()).sourceType().equals(LocalDiscoveryConnector.TYPE) && same.goneAt() == null) {
                    return new Registration(true, f.record().asset().name() + " is " + same.name() + " in " + same.source()
                            + " (same SHA-256)");
                }
            }
        }
        return new Registration(false, (hub == null ? "" : "no asset at " + hub + ", ") + "no registry file with the same SHA-256");
    }

    private static List<Urn> fileUrns(AssetDetail model) {
        return model.downstream().stream().filter(n -> n.type() == EdgeType.PART_OF && n.kind() == AssetKind.MODEL_ARTIFACT && !n.gone())
                .map(n -> Urn.parse(n.urn())).toList();
    }

    private static ModelFile modelFile(AssetDetail f) {
        Map<String, String> p = f.record().asset().properties();
        String size = p.get("size");
        return new ModelFile(f.record().urn(), f.record().asset().name(), p.get("format"), p.get("verdict"),
                size == null || !size.matches("\\d{1,19}") ? null : Long.valueOf(size),
                f.record().asset().digest() == null ? null : f.record().asset().digest().hex(), p.get("path"), open(f.findings()).size());
    }

    /** The home directory's name of the source, or the source's name when it has none. */
    private static String machine(SourceConfig source, String sourceName) {
        return Optional.ofNullable(source).map(c -> c.setting("home")).filter(h -> !h.isBlank()).map(ShadowService::fileName)
                .orElse(sourceName);
    }

    /** {@code path} as the machine's user knows it: {@code ~/…} under the source's home. */
    private static String shown(SourceConfig source, String path) {
        String home = source == null ? null : source.setting("home");
        if (path == null || home == null || home.isBlank()) {
            return path;
        }
        try {
            Path h = Path.of(home).toAbsolutePath().normalize();
            Path p = Path.of(path);
            return p.startsWith(h) ? (p.equals(h) ? "~" : "~/" + h.relativize(p).toString().replace('\\', '/')) : path;
        } catch (java.nio.file.InvalidPathException e) {
            return path;
        }
    }

    private static String fileName(String path) {
        try {
            Path name = Path.of(path).getFileName();
            return name == null ? path : name.toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path;
        }
    }

    private static String owner(AssetRecord r) {
        return r.owners().stream().map(OwnerAssignment::owner).distinct().reduce((a, b) -> a + ", " + b).orElse(null);
    }

    private static int number(String value) {
        return value != null && value.matches("\\d{1,9}") ? Integer.parseInt(value) : 0;
    }

    private Server server(AssetDetail d, Map<String, Optional<SourceConfig>> configs) {
        AssetRecord r = d.record();
        Map<String, String> p = r.asset().properties();
        Optional<SourceConfig> config = configs.computeIfAbsent(r.source(), sources::find);
        String machine = config.map(c -> c.setting("home")).filter(h -> !h.isBlank())
                .map(h -> Path.of(h).getFileName()).map(Path::toString).orElse(r.source());
        String owner = owner(r);
        List<Place> places = places(p);
        String evidence = !places.isEmpty() ? places.get(0).shown() : r.asset().sourceRef();
        List<String> clients = places.stream().map(Place::client).distinct().toList();
        return new Server(r.urn(), r.asset().name(), p.getOrDefault("classification", "unregistered"), p.get("classification.reason"),
                p.get("package.type"), p.get("package.identifier"), p.get("package.version"), clients, machine, owner,
                open(d.findings()).size(), evidence, r.source(), p.get("lookalike.of"), p.get("installed"),
                p.get("installed.matches") == null ? null : p.get("installed.matches").equals("yes"), installedNote(p), p.get("running"),
                p.get("running.processes") != null ? p.get("running.processes") : p.get("running.reason"));
    }

    /** "~/.npm/_npx/…/@org/pkg (1.2.0)" per place found, and whether one is the configured version; or why none was found. */
    static String installedNote(Map<String, String> p) {
        if (!"yes".equals(p.get("installed"))) {
            return p.get("installed.reason");
        }
        String where = p.getOrDefault("installed.where", "");
        return "no".equals(p.get("installed.matches")) ? "not the configured version " + p.get("package.version") + "\n" + where
                : where;
    }

    private static List<StoredFinding> open(List<StoredFinding> findings) {
        return findings.stream().filter(f -> f.finding().status() == FindingStatus.OPEN).toList();
    }

    /**
     * The places of a server: its {@code entries} lines ("Cursor · user · ~/.cursor/mcp.json:3 ·
     * 'github' · env A, B") with the absolute file:line of {@code entries.locations}, line for line.
     */
    static List<Place> places(Map<String, String> p) {
        String json = p.get("entries.json");
        if (json != null) {
            try {
                List<Place> out = new ArrayList<>();
                for (JsonNode e : JSON.readTree(json)) {
                    List<String> notes = new ArrayList<>();
                    if (!e.path("project").isNull() && e.path("project").isTextual()) {
                        notes.add("project " + e.path("project").asText());
                    }
                    if (!e.path("enabled").asBoolean(true)) {
                        notes.add("disabled");
                    }
                    if (e.path("blocked").asBoolean(false)) {
                        notes.add("blocked by policy");
                    }
                    List<String> headers = strings(e.path("headerNames"));
                    if (!headers.isEmpty()) {
                        notes.add("headers " + String.join(", ", headers));
                    }
                    out.add(new Place(e.path("client").asText(), e.path("scope").asText(), Path.of(e.path("file").asText()),
                            e.path("line").asInt(), e.path("shown").asText(), e.path("name").asText(), strings(e.path("envKeys")), notes));
                }
                return out;
            } catch (JsonProcessingException | java.nio.file.InvalidPathException e) {
                // written by the connector; a value that does not read falls back to the lines below
            }
        }
        // a server synced by a build before entries.json: its entries lines
        List<String> entries = lines(p.get("entries"));
        List<String> locations = lines(p.get("entries.locations"));
        List<Place> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            List<String> parts = Arrays.asList(entries.get(i).split(" · "));
            String client = parts.get(0);
            String scope = parts.size() > 1 ? parts.get(1) : "";
            String name = "";
            List<String> env = List.of();
            List<String> notes = new ArrayList<>();
            for (String part : parts.subList(Math.min(3, parts.size()), parts.size())) {
                if (part.length() > 1 && part.startsWith("'") && part.endsWith("'") && name.isEmpty()) {
                    name = part.substring(1, part.length() - 1);
                } else if (part.startsWith("env ")) {
                    env = Arrays.stream(part.substring(4).split(", ")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                } else {
                    notes.add(part);
                }
            }
            String where = i < locations.size() ? locations.get(i) : parts.size() > 2 ? parts.get(2) : "";
            int colon = where.lastIndexOf(':');
            int line = 0;
            String file = where;
            if (colon > 0 && where.substring(colon + 1).matches("\\d{1,9}")) {
                line = Integer.parseInt(where.substring(colon + 1));
                file = where.substring(0, colon);
            }
            out.add(new Place(client, scope, Path.of(file), line, parts.size() > 2 ? parts.get(2) : where, name, env, notes));
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> lines(String value) {
        return value == null || value.isBlank() ? List.of() : value.lines().toList();
    }

    /** The allowlist file of the source that found {@code record}; refused when it has none or names a registry. */
    private Path allowlistOf(AssetRecord record) {
        SourceConfig config = sources.find(record.source()).orElseThrow(() -> new CannotApprove(
                "The source " + record.source() + " that found this server is no longer configured."));
        if (!config.type().equals(LocalDiscoveryConnector.TYPE)) {
            throw new CannotApprove("The source " + record.source() + " is not a local-discovery source.");
        }
        String where = config.setting("allowlist");
        if (where == null || where.isBlank()) {
            throw new CannotApprove("The source " + record.source() + " has no allowlist file: set one in Sources (Edit source → allowlist).");
        }
        String w = where.strip();
        if (w.startsWith("https://") || w.startsWith("http://")) {
            throw new CannotApprove("The allowlist of " + record.source() + " is the registry " + w
                    + "; approve the server in that registry, Tightrope writes only allowlist files.");
        }
        return Path.of(w).toAbsolutePath().normalize();
    }

    /** Why a server with these properties cannot be approved, or null when it can. */
    private static String refusal(Map<String, String> p) {
        if ("approved".equals(p.get("classification"))) {
            return "This launch is approved already" + (p.get("allowlist.server") == null ? "." : " (" + p.get("allowlist.server") + ").");
        }
        String type = p.get("package.type");
        if (type == null || p.get("package.identifier") == null || p.get("package.identifier").startsWith("(")) {
            return "Tightrope could not tell what this server launches, so there is nothing exact to approve.";
        }
        if ("local".equals(type) && p.get("sha256") == null) {
            return "The local executable " + p.get("package.identifier") + " could not be read, so it has no digest to approve.";
        }
        return null;
    }

    private static JsonNode readAllowlist(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CannotApprove("Cannot read the allowlist " + file + ": " + e.getMessage() + ". Nothing was written.");
        }
        try {
            Allowlist.parse(bytes);
            return ALLOWLIST_JSON.read(bytes);
        } catch (Allowlist.InvalidAllowlist e) {
            throw new CannotApprove("The allowlist " + file + " is not valid (" + e.getMessage() + "); it was left as it is. Fix it, then approve again.");
        } catch (JsonProcessingException e) {
            throw new CannotApprove("The allowlist " + file + " is not valid (" + ALLOWLIST_JSON.describe(e) + "); it was left as it is.");
        } catch (IOException e) {
            throw new CannotApprove("Cannot read the allowlist " + file + ": " + e.getMessage() + ". Nothing was written.");
        }
    }

    /** The entry named {@code name} in an allowlist document, or null. */
    private static ObjectNode find(JsonNode root, String name) {
        if (name == null) {
            return null;
        }
        JsonNode list = root.isArray() ? root : root.path("servers");
        if (!list.isArray()) {
            return root.isObject() && name.equals(root.path("name").asText()) ? (ObjectNode) root : null;
        }
        for (JsonNode item : list) {
            JsonNode server = item.has("server") ? item.path("server") : item;
            if (server.isObject() && name.equals(server.path("name").asText())) {
                return (ObjectNode) server;
            }
        }
        return null;
    }

    /** Adds {@code version} to the entry's approved versions, and who approved it when to its version history. */
    private static void addVersion(ObjectNode server, String version, String approver, String today) {
        ObjectNode meta = object(object(server, "_meta"), Allowlist.APPROVAL_KEY);
        ArrayNode versions = meta.path("approvedVersions").isArray() ? (ArrayNode) meta.get("approvedVersions") : meta.putArray("approvedVersions");
        boolean listed = false;
        for (JsonNode v : versions) {
            listed |= v.asText().equals(version);
        }
        if (!listed) {
            versions.add(version);
        }
        ArrayNode history = meta.path("versionApprovals").isArray() ? (ArrayNode) meta.get("versionApprovals") : meta.putArray("versionApprovals");
        history.addObject().put("version", version).put("approvedBy", approver).put("approvedAt", today);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n instanceof ObjectNode o ? o : parent.putObject(field);
    }

    /** The server.json entry approving exactly this launch identity. */
    private static ObjectNode entry(Map<String, String> p, String configuredName, String version, String approver, String today) {
        String type = p.get("package.type");
        String identifier = p.get("package.identifier");
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("$schema", "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json");
        e.put("name", "local.tightrope/" + identifier.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|[-.]+$", ""));
        e.put("title", configuredName);
        e.put("description", "Approved in Tightrope: " + p.get("classification.reason"));
        if (version != null) {
            e.put("version", version);
        }
        switch (type) {
            case "remote" -> e.putArray("remotes").addObject().put("type", "sse".equals(p.get("transport")) ? "sse" : "streamable-http")
                    .put("url", identifier);
            case "local" -> e.putArray("packages").addObject().put("registryType", "mcpb").put("identifier", identifier)
                    .put("version", version == null ? "local" : version).put("fileSha256", p.get("sha256"))
                    .putObject("transport").put("type", "stdio");
            default -> e.putArray("packages").addObject().put("registryType", type).put("identifier", identifier).put("version", version)
                    .putObject("transport").put("type", "stdio");
        }
        ObjectNode approval = e.putObject("_meta").putObject(Allowlist.APPROVAL_KEY);
        approval.put("approvedBy", approver).put("approvedAt", today);
        if (version != null) {
            approval.putArray("approvedVersions").add(version);
        }
        return e;
    }

    /** {@code root} with {@code entry} added: to the array, to a registry page's servers, or a single document made an array. */
    private static JsonNode append(JsonNode root, ObjectNode entry) {
        if (root instanceof ArrayNode array) {
            array.add(entry);
            return array;
        }
        if (root.path("servers") instanceof ArrayNode servers) {
            servers.addObject().set("server", entry);
            return root;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        array.add(root);
        array.add(entry);
        return array;
    }
}
