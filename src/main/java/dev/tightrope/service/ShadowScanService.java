package dev.tightrope.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tightrope.base.BuildInfo;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.scan.code.CodeScanLimits;
import dev.tightrope.scan.code.CodeScanner;
import dev.tightrope.scan.code.RepositoryScan;
import dev.tightrope.scan.code.RepositorySection;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.localmodels.LocalModelLimits;
import dev.tightrope.scan.localmodels.LocalModelReport;
import dev.tightrope.scan.localmodels.LocalModelScan;
import dev.tightrope.scan.mcp.Allowlist;
import dev.tightrope.scan.mcp.ClassifiedServer;
import dev.tightrope.scan.mcp.Classifier;
import dev.tightrope.scan.mcp.DiscoveryLimits;
import dev.tightrope.scan.mcp.DiscoveryReport;
import dev.tightrope.scan.mcp.LocalState;
import dev.tightrope.scan.mcp.LocalStateCheck;
import dev.tightrope.scan.mcp.McpDiscovery;
import dev.tightrope.scan.mcp.OsLayout;
import dev.tightrope.scan.mcp.ShadowReport;
import dev.tightrope.scan.report.SarifLog;
import dev.tightrope.scan.skills.SkillDiscovery;
import dev.tightrope.scan.skills.SkillReport;
import dev.tightrope.scan.skills.SkillSection;
import dev.tightrope.scan.report.ReportSection;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.sync.localdiscovery.AllowlistSource;
import dev.tightrope.sync.localdiscovery.LocalDiscoveryConnector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The shadow-AI scan of one machine without a workspace, for CI and managed machines: the MCP
 * servers its clients configure, classified against the allowlist, with their findings and
 * whether each is installed and running (processes and images only when the home is the user's
 * own), and the model files in its model caches and repositories with their scans. Reads
 * files only; the network is used only to read an allowlist given as a registry URL.
 */
public final class ShadowScanService {

    /** Output formats of a shadow scan. */
    public enum Format {
        TEXT,
        JSON,
        SARIF
    }

    /**
     * What to scan.
     *
     * @param os        {@code linux}, {@code macos} or {@code windows}; null for this machine's layout
     * @param system    where managed (machine-wide) configs are looked for, or null for none
     * @param allowlist a file of server.json documents or a registry URL, or null for none
     */
    /** The in-toto predicate type of a signed shadow-AI scan: the predicate is the scan's JSON report. */
    public static final String PREDICATE_TYPE = "https://tightrope.dev/shadow-scan/v1";

    public record Request(Path home, List<Path> roots, String os, Path system, String allowlist) {
        public Request {
            roots = List.copyOf(roots);
        }
    }

    /** The result, with the exit condition of the command line. */
    public static final class Outcome {
        private final ShadowReport report;
        private final LocalModelReport models;

        Outcome(ShadowReport report, LocalModelReport models) {
            this.report = report;
            this.models = models;
        }

        /** Whether a server is UNREGISTERED, a literal secret is written into a config, an AI key into a repository, a skill or
         * plugin has a critical risk, or a local model file is dangerous or altered. */
        public boolean fails() {
            return report.fails() || models.fails();
        }

        public String summary() {
            return report.summary() + "\n" + models.summary();
        }

        /** Per classification token ({@code approved}, …, {@code unregistered}), how many servers. */
        public Map<String, Long> counts() {
            Map<String, Long> out = new java.util.LinkedHashMap<>();
            report.counts().forEach((v, n) -> out.put(v.token(), n));
            return out;
        }

        /** The report as JSON, as {@code --json} prints it: the bytes a signed statement is about. */
        public byte[] json() {
            java.io.StringWriter text = new java.io.StringWriter();
            write(Format.JSON, new PrintWriter(text));
            return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        public void write(Format format, PrintWriter out) {
            try {
                switch (format) {
                    case TEXT -> {
                        report.writeText(out);
                        models.writeText(out, report.home());
                    }
                    case JSON -> {
                        com.fasterxml.jackson.databind.node.ObjectNode root = report.json();
                        root.put("fails", fails());
                        root.set("localModels", models.json());
                        out.write(JSON.writeValueAsString(root));
                        out.write('\n');
                        out.flush();
                    }
                    case SARIF -> {
                        String version = BuildInfo.version().orElse("dev");
                        SarifLog log = report.sarif(version);
                        models.sarif(log, version, report.home());
                        log.write(out);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The allowlist could not be read: the file or registry, and why. */
    public static final class AllowlistUnavailable extends Exception {
        AllowlistUnavailable(ConnectorException cause) {
            super(cause.toString(), cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Supplier<OkHttpClient> http;
    private final RetryPolicy retry;

    /** @param http builds the client that reads a registry allowlist; called only when one is given */
    public ShadowScanService(Supplier<OkHttpClient> http, RetryPolicy retry) {
        this.http = http;
        this.retry = retry;
    }

    /** With the sources' HTTP client (timeouts, no redirects, {@code HTTPS_PROXY}) and retries. */
    public static ShadowScanService standard() {
        return new ShadowScanService(() -> HttpSettings.client(new SourceConfig("shadow-scan", LocalDiscoveryConnector.TYPE, Map.of())),
                RetryPolicy.standard());
    }

    /**
     * Scans {@code request}. A home that is not a directory or an unknown OS is an
     * IllegalArgumentException; an allowlist that cannot be read is {@link AllowlistUnavailable}, saying where and why.
     */
    public Outcome scan(Request request) throws AllowlistUnavailable, InterruptedException {
        Path home = request.home().toAbsolutePath().normalize();
        if (!Files.isDirectory(home)) {
            throw new IllegalArgumentException("the home " + home + " is not a directory");
        }
        OsLayout os = request.os() == null ? OsLayout.current() : OsLayout.fromToken(request.os().toLowerCase(Locale.ROOT));
        AllowlistSource source = request.allowlist() == null ? null : AllowlistSource.of(request.allowlist(), http, retry);
        Allowlist allowlist;
        try {
            allowlist = source == null ? Allowlist.empty() : source.read();
        } catch (ConnectorException e) {
            throw new AllowlistUnavailable(e);
        }
        List<Path> roots = request.roots().stream().map(r -> r.toAbsolutePath().normalize()).toList();
        Path system = request.system() == null ? null : request.system().toAbsolutePath().normalize();
        DiscoveryReport discovery = new McpDiscovery(DiscoveryLimits.STANDARD).discover(new McpDiscovery.Request(home, roots, os, system),
                () -> Thread.currentThread().isInterrupted());
        List<ClassifiedServer> servers = ClassifiedServer.of(discovery, new Classifier(allowlist));
        LocalStateCheck check = LocalStateCheck.of(home, os, null);
        Map<String, LocalState> local = new java.util.LinkedHashMap<>();
        servers.forEach(s -> local.put(s.key(), check.check(s)));
        SkillReport skills = new SkillDiscovery(DiscoveryLimits.STANDARD).discover(new McpDiscovery.Request(home, roots, os, system),
                () -> Thread.currentThread().isInterrupted());
        CodeScanner code = new CodeScanner(CodeScanLimits.STANDARD);
        List<RepositoryScan> repositories = new java.util.ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) { // a root that is not a directory is in the discovery's skipped files already
                repositories.add(code.scan(root, () -> Thread.currentThread().isInterrupted()));
            }
        }
        LocalModelReport models = new LocalModelScan(LocalModelLimits.STANDARD, ModelScanner.standard()).scan(home, roots, os,
                () -> Thread.currentThread().isInterrupted());
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled");
        }
        return new Outcome(new ShadowReport(home, os, source == null ? null : source.where(), allowlist.servers().size(), discovery, servers,
                local, sections(repositories, skills)), models);
    }

    /** The report's sections besides the servers: the repositories, and the skills and plugins when any were found. */
    private static List<ReportSection> sections(List<RepositoryScan> repositories, SkillReport skills) {
        List<ReportSection> out = new java.util.ArrayList<>();
        if (!repositories.isEmpty()) {
            out.add(new RepositorySection(repositories));
        }
        if (!skills.extensions().isEmpty() || !skills.skipped().isEmpty()) {
            out.add(new SkillSection(skills));
        }
        return out;
    }
}
