package dev.tightrope.service;

import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.scan.mcp.probe.ProbeRecords;
import dev.tightrope.service.workspace.WorkspaceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads the built-in demo workspace: Kestrel Lending, a fictional consumer-lending firm (see
 * sample-data/README.md). The sample files ship inside the application; they are unpacked into
 * the workspace and imported through the same connectors and services a real estate uses.
 */
public final class DemoWorkspace {

    static final String RESOURCE_ROOT = "/demo/sample-data";
    public static final String LINEAGE_SOURCE = "kestrel-lineage";
    public static final String MODELS_SOURCE = "kestrel-models";
    /** Priya Natarajan's laptop: the MCP servers her assistants are configured with, against Kestrel's allowlist. */
    public static final String LAPTOP_SOURCE = "kestrel-laptop-priya";

    /** One of the demo's sources: its name, type and the sample-data folder it reads offline. */
    public record DemoSource(String name, String type, String folder) {
    }

    /**
     * The demo's sources, synced in this order (later ones join the earlier by digest and name).
     * The registry, the Hub and the notebooks come first: the first source to report a URN owns its
     * description, and they are the sources of truth for the models, versions and notebooks the
     * lineage events also name.
     */
    public static final List<DemoSource> SOURCES = List.of(
            new DemoSource("kestrel-registry", "mlflow", "mlflow"),
            new DemoSource("kestrel-hub", "huggingface", "huggingface"),
            new DemoSource("kestrel-notebooks", "jupyter", "jupyter"),
            new DemoSource(LINEAGE_SOURCE, "openlineage", "openlineage"),
            new DemoSource(MODELS_SOURCE, "model-files", "models"),
            new DemoSource("kestrel-artifacts", "artifactory", "artifactory"),
            new DemoSource("kestrel-images", "oci", "oci"),
            new DemoSource("kestrel-ci", "github-actions", "github-actions"),
            new DemoSource("kestrel-gitlab", "gitlab-ci", "gitlab-ci"),
            new DemoSource("kestrel-sagemaker", "sagemaker", "sagemaker"),
            new DemoSource("kestrel-vertex", "vertexai", "vertexai"),
            new DemoSource("kestrel-azureml", "azureml", "azureml"),
            new DemoSource(LAPTOP_SOURCE, "local-discovery", "laptops"));


    /**
     * The demo's accepted finding about to expire: the Hub's caution on Llama's original
     * {@code .pth} checkpoint, which Kestrel never downloads. Accepted when the demo loads, for
     * {@link #DEMO_ACCEPTANCE_DAYS} days from the workspace's clock, so whenever the demo is built
     * it is an acceptance that ends within two weeks.
     */
    public static final Urn ACCEPTED_ASSET = Urn.parse("tr:model_version:huggingface:huggingface.co/meta-llama/"
            + "Llama-3.1-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659");
    public static final String ACCEPTED_RULE = "hf-scan-caution";
    public static final int DEMO_ACCEPTANCE_DAYS = 10;
    static final String ACCEPTED_BY = "dana.whitfield@kestrel.example";
    static final String ACCEPTANCE_JUSTIFICATION = "Support AI serves the safetensors weights only; original/consolidated.00.pth "
            + "is never downloaded (allow_patterns *.safetensors in the training job). Review again before the next base-model upgrade.";

    private final Tightrope tightrope;

    public DemoWorkspace(Tightrope tightrope) {
        this.tightrope = tightrope;
    }

    /** True when the workspace has no sources yet: the console then offers the demo. */
    public boolean workspaceIsEmpty() {
        return tightrope.sources().list().isEmpty();
    }

    /** Unpacks the sample files and imports them; returns the sync runs. */
    public List<SyncRun> load(SyncListener listener, Cancellation cancel) {
        Path target = tightrope.workspace().demoDataDirectory();
        unpack(target);
        installOwnerRules(target.resolve("ownership").resolve(OwnershipService.RULES_FILE));
        List<SyncRun> runs = new ArrayList<>();
        for (DemoSource s : SOURCES) {
            if (cancel.isCancelled()) {
                break;
            }
            if (tightrope.sources().find(s.name()).isEmpty()) {
                Path folder = target.resolve(s.folder());
                tightrope.sources().add(new SourceConfig(s.name(), s.type(),
                        s.type().equals("local-discovery") ? laptopSettings(folder) : Map.of("path", folder.toString())));
            }
            runs.addAll(tightrope.sources().sync(s.name(), true, listener, cancel));
        }
        importTrust(target.resolve("trust"));
        acceptTheHubCaution();
        importRecordedProbes(target.resolve("laptops").resolve("probes"));
        return runs;
    }

    /**
     * Priya's two probes of the lookalike postgres server (sample-data/laptops/probes, in the
     * format the workspace keeps probes in), oldest first, judged as if she had made them here:
     * the second is a rug pull. Nothing is started. A server already probed in this workspace
     * keeps its own probes.
     */
    private void importRecordedProbes(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        Map<String, List<ProbeRecords.Recorded>> byServer = new java.util.TreeMap<>();
        try (var files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                ProbeRecords.Recorded r = ProbeRecords.read(f);
                byServer.computeIfAbsent(r.serverUrn(), k -> new ArrayList<>()).add(r);
            }
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read the demo's recorded probes in " + folder + ": " + e.getMessage(), e);
        }
        byServer.forEach((urn, probes) -> {
            Urn server = Urn.parse(urn);
            if (!tightrope.probes().probed(server)) {
                probes.stream().sorted(Comparator.comparing(r -> r.result().probedAt()))
                        .forEach(r -> tightrope.probes().importProbe(server, r.result(), "the demo's recorded probe of " + r.result().probedAt()));
            }
        });
    }

    /** Dana's acceptance of the Hub's caution on Llama; a second load leaves a standing acceptance alone. */
    private void acceptTheHubCaution() {
        FindingsService findings = tightrope.findings();
        findings.list(ACCEPTED_ASSET, FindingStatus.OPEN, 100).stream()
                .filter(f -> f.finding().ruleId().equals(ACCEPTED_RULE) && f.finding().asset().equals(ACCEPTED_ASSET))
                .findFirst()
                .ifPresent(f -> findings.acceptFor(f.id(), ACCEPTANCE_JUSTIFICATION, Duration.ofDays(DEMO_ACCEPTANCE_DAYS),
                        ACCEPTED_BY));
    }

    /**
     * Kestrel's owner rules (sample-data/ownership), put in the workspace before the syncs so they
     * apply as each source is read; a workspace that has its own rules file keeps it.
     */
    private void installOwnerRules(Path rules) {
        Path target = tightrope.ownership().rulesFile();
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.copy(rules, target);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot put the demo owner rules in " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The laptop source reads a home, two repositories in it (their MCP configs, AI SDKs and keys),
     * the machine's managed files and Kestrel's
     * allowlist (sample-data/laptops), laid out as Linux whatever machine the demo runs on.
     */
    private static Map<String, String> laptopSettings(Path laptops) {
        Path home = laptops.resolve("priya-linux");
        return Map.of("home", home.toString(), "roots", home.resolve("code/credit-risk") + "," + home.resolve("code/loan-assistant"), "os", "linux",
                "system", laptops.resolve("priya-linux-system").toString(), "allowlist", laptops.resolve("allowlist.json").toString(),
                "owner", "priya.natarajan@kestrel.example");
    }

    /**
     * Kestrel's reviewers, promotion policy and signed approvals (sample-data/trust), imported
     * through the same services a user's would be: {@code reviewers.json} is Kestrel's reviewed
     * trust store, taken whole as the organisation's; each change lands in the audit log, and a
     * second load adds nothing but its own entry.
     */
    private void importTrust(Path trust) {
        int reviewers = tightrope.trust().useReviewedTrustStore(trust.resolve("reviewers.json")).added().size();
        tightrope.trust().importPolicy(trust.resolve("policy.json"));
        List<Path> bundles;
        try (Stream<Path> files = Files.list(trust.resolve("approvals"))) {
            bundles = files.filter(p -> p.getFileName().toString().endsWith(".sigstore.json")).sorted().toList();
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read the demo approvals in " + trust + ": " + e.getMessage(), e);
        }
        bundles.forEach(tightrope.approvals()::importApproval);
        tightrope.audit().record("demo.load", "Kestrel Lending", Map.of("reviewersAdded", String.valueOf(reviewers),
                "approvals", String.valueOf(bundles.size())));
        tightrope.audit().checkpointIfBehind();
    }

    /** Copies the bundled sample-data tree to {@code target}, replacing an older copy. */
    static void unpack(Path target) {
        URL marker = DemoWorkspace.class.getResource(RESOURCE_ROOT + "/README.md");
        if (marker == null) {
            throw new WorkspaceException("This build does not contain the demo files (" + RESOURCE_ROOT + ").");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean opened = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    copyTree(fs.getPath(RESOURCE_ROOT), target);
                } finally {
                    if (opened) {
                        fs.close();
                    }
                }
            } else {
                copyTree(Path.of(uri).getParent(), target);
            }
        } catch (IOException | URISyntaxException e) {
            throw new WorkspaceException("Cannot unpack the demo files into " + target + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path rel = source.relativize(p);
                Path dest = target.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
