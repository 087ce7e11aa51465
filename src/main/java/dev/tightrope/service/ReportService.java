package dev.tightrope.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.base.BuildInfo;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EstateOverview;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.RiskDashboard;
import dev.tightrope.domain.RiskScore;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.compliance.ControlResult;
import dev.tightrope.service.compliance.ControlStatus;
import dev.tightrope.service.compliance.EstateCoverage;
import dev.tightrope.service.compliance.Framework;
import dev.tightrope.service.compliance.ModelCompliance;
import dev.tightrope.service.export.PdfDocument;
import dev.tightrope.service.export.PdfDocument.Bar;
import dev.tightrope.service.export.PdfDocument.Figure;
import dev.tightrope.trust.Sha256;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PDF reports, from the cache: the estate (figures, findings and ownership charts, what needs
 * attention, the releases and their gate, the sources) or one model (owners, the promotion gate
 * with each rule and each approval's verification, findings, a lineage picture, training data and
 * deployments), each with its control coverage under the compliance mapping. Every page says which data it was drawn from; every export is in the audit log.
 */
public final class ReportService {

    static final Map<Severity, Color> SEVERITY_COLOURS = Map.of(Severity.CRITICAL, new Color(0xb3, 0x1d, 0x28),
            Severity.HIGH, new Color(0xd9, 0x48, 0x2b), Severity.MEDIUM, new Color(0xd4, 0x8a, 0x06),
            Severity.LOW, new Color(0x3b, 0x82, 0xc4), Severity.INFO, new Color(0x8a, 0x94, 0x9e));
    private static final Color GOOD = new Color(0x1a, 0x7f, 0x37);
    private static final Color WARN = new Color(0xbf, 0x87, 0x00);
    private static final Color BAD = new Color(0xb3, 0x1d, 0x28);
    private static final Color BLUE = new Color(0x09, 0x69, 0xda);

    /** How many releases the estate report puts through the gate. */
    static final int MAX_RELEASES = 500;

    private final InventoryService inventory;
    private final SourceService sources;
    private final LineageService lineage;
    private final LineageViewService lineageView;
    private final ApprovalService approvals;
    private final BomService bom;
    private final ComplianceService compliance;
    private final RiskService risk;
    private final AuditService audit;
    private final Clock clock;

    ReportService(InventoryService inventory, SourceService sources, LineageService lineage, LineageViewService lineageView,
                  ApprovalService approvals, BomService bom, ComplianceService compliance, RiskService risk, AuditService audit,
                  Clock clock) {
        this.inventory = inventory;
        this.sources = sources;
        this.lineage = lineage;
        this.lineageView = lineageView;
        this.approvals = approvals;
        this.bom = bom;
        this.compliance = compliance;
        this.risk = risk;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a report wrote. */
    public record Exported(Path file, String sha256, int bytes, long auditIndex) {
    }

    /** Writes the report of {@code urn}, or of the whole estate when null, to {@code out} (replaced atomically), and logs it. */
    public Exported export(Urn urn, Path out) {
        byte[] pdf = urn == null ? estate() : model(urn);
        try {
            AtomicFiles.replace(out, pdf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        String sha256 = Sha256.hex(pdf);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("file", out.getFileName().toString());
        details.put("sha256", sha256);
        details.put("dataVersion", lineageView.dataVersion().label());
        long index = audit.record("export.report", urn == null ? "estate" : urn.toString(), details).index();
        return new Exported(out, sha256, pdf.length, index);
    }

    private String footer() {
        return "Tightrope " + BuildInfo.version().orElse("(development build)") + " · data: " + lineageView.dataVersion().label()
                + " · generated " + clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The estate report. */
    public byte[] estate() {
        EstateOverview o = inventory.overview(25);
        try (PdfDocument pdf = new PdfDocument("Tightrope estate report", footer())) {
            pdf.title("AI estate report", "What the workspace knows about the AI supply chain, drawn from "
                    + lineageView.dataVersion().label() + ". Generated " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + ".");
            long critical = o.openFindingsBySeverity().getOrDefault(Severity.CRITICAL, 0L);
            long high = o.openFindingsBySeverity().getOrDefault(Severity.HIGH, 0L);
            List<ApprovalService.QueueItem> releases = approvals.queue(true, MAX_RELEASES);
            // the gate verifies each release's signatures: a report looks at a bounded number, and says so when it stopped
            String considered = releases.size() >= MAX_RELEASES ? " (the first " + MAX_RELEASES + " considered)" : "";
            long failing = releases.stream().filter(q -> q.gate().outcome() != GateResult.Outcome.PASS).count();
            pdf.heading("Summary").figures(List.of(
                    new Figure(String.format(Locale.ROOT, "%,d", o.assets()), "assets in the inventory", BLUE),
                    new Figure(String.format(Locale.ROOT, "%,d", o.unowned()), "assets nobody owns (" + percent(o.unowned(), o.assets()) + ")",
                            o.unowned() == 0 ? GOOD : WARN),
                    new Figure(critical + " / " + high, "open critical / high findings", critical + high == 0 ? GOOD : BAD),
                    new Figure(failing + " of " + releases.size(), "model versions failing the promotion gate" + considered, failing == 0 ? GOOD : BAD),
                    new Figure(String.valueOf(o.sources()), "sources", BLUE),
                    new Figure(String.valueOf(o.failingSources()), "sources whose last sync failed", o.failingSources() == 0 ? GOOD : BAD),
                    new Figure(String.valueOf(o.sourcesWithProblems()), "sources with records they could not import",
                            o.sourcesWithProblems() == 0 ? GOOD : WARN),
                    new Figure(String.format(Locale.ROOT, "%,d", o.gone()), "assets gone from their source", BLUE)));

            estateRisk(pdf, risk.dashboard());

            List<Bar> findings = new ArrayList<>();
            for (Severity s : Severity.values()) {
                long n = o.openFindingsBySeverity().getOrDefault(s, 0L);
                findings.add(new Bar(s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT), n, String.valueOf(n),
                        SEVERITY_COLOURS.get(s)));
            }
            pdf.heading("Open findings").bars("Open findings by severity", findings, 0);

            List<Bar> coverage = new ArrayList<>();
            o.byKind().entrySet().stream().sorted(Map.Entry.<AssetKind, Long>comparingByValue().reversed()).forEach(e -> {
                long unowned = o.unownedByKind().getOrDefault(e.getKey(), 0L);
                double owned = e.getValue() == 0 ? 0 : 100.0 * (e.getValue() - unowned) / e.getValue();
                coverage.add(new Bar(e.getKey().label(), owned, String.format(Locale.ROOT, "%.0f%% of %,d", owned, e.getValue()),
                        owned >= 90 ? GOOD : owned >= 60 ? WARN : BAD));
            });
            pdf.heading("Ownership").bars("Share of each kind with an owner", coverage, 100);

            pdf.heading("Needs attention");
            if (o.attention().isEmpty()) {
                pdf.paragraph("Nothing: no asset has an open finding or lacks an owner where one is required.");
            } else {
                pdf.table(List.of("Asset", "Kind", "Worst finding", "Owners", "Source"), new float[] {0.36f, 0.14f, 0.14f, 0.22f, 0.14f},
                        o.attention().stream().map(a -> List.of(a.name(), a.kind().label(), severity(a.worstFinding()),
                                a.owners() == null || a.owners().isBlank() ? "no owner" : a.owners(), a.source())).toList());
            }

            pdf.heading("Releases and their promotion gate");
            if (releases.isEmpty()) {
                pdf.paragraph("No model version with a sha256 digest is in the inventory: there is nothing a gate could decide on.");
            } else {
                pdf.table(List.of("Model version", "Gate", "Why", "Owners"), new float[] {0.30f, 0.10f, 0.42f, 0.18f},
                        releases.stream().limit(60).map(q -> List.of(q.name(), q.gate().outcome().name(), q.why() == null ? "" : q.why(),
                                q.owners() == null || q.owners().isBlank() ? "no owner" : q.owners())).toList());
            }

            estateCoverage(pdf, compliance.estate());

            pdf.heading("Sources");
            List<SourceStatus> all = sources.list();
            pdf.table(List.of("Source", "Type", "Assets", "Last sync", "Problems"), new float[] {0.24f, 0.16f, 0.12f, 0.36f, 0.12f},
                    all.stream().map(s -> List.of(s.config().name(), s.config().type(), String.format(Locale.ROOT, "%,d", s.assets()),
                            s.lastRun() == null ? "never synced" : s.lastRun().status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                                    + (s.lastRun().finishedAt() == null ? "" : " at " + s.lastRun().finishedAt()),
                            String.valueOf(s.openProblems()))).toList());
            return pdf.toBytes();
        }
    }

    /** The report of one model, model version or model artifact. */
    public byte[] model(Urn urn) {
        AssetDetail d = inventory.detail(urn).orElseThrow(() -> new IllegalArgumentException("no asset " + urn + " in this workspace"));
        if (urn.kind() != AssetKind.MODEL && urn.kind() != AssetKind.MODEL_VERSION && urn.kind() != AssetKind.MODEL_ARTIFACT) {
            throw new IllegalArgumentException(urn + " is a " + urn.kind().label() + ": a report is of a model, a model version or a model"
                    + " artifact, or of the whole estate without a URN");
        }
        JsonNode ml = bom.bom(urn);
        var a = d.record().asset();
        try (PdfDocument pdf = new PdfDocument("Tightrope report: " + a.name(), footer())) {
            pdf.title(a.name(), a.kind().label() + " · " + urn + " · from " + d.record().source() + " · data: "
                    + lineageView.dataVersion().label());

            List<StoredFinding> open = d.findings().stream().filter(f -> f.finding().status().name().equals("OPEN")).toList();
            Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
            open.forEach(f -> bySeverity.merge(f.finding().severity(), 1L, Long::sum));
            GateResult gate = a.digest() != null && a.digest().algorithm().equals("sha256") ? approvals.gate(a.digest().toString()) : null;
            long counted = gate == null ? 0 : gate.attestations().stream().filter(ApprovalRecord::counted).count();
            pdf.heading("Summary").figures(List.of(
                    new Figure(gate == null ? "n/a" : gate.outcome().name(), "promotion gate", gate == null ? WARN
                            : gate.outcome() == GateResult.Outcome.PASS ? GOOD : BAD),
                    new Figure(counted + " of " + (gate == null ? 0 : gate.attestations().size()), "signed decisions that count", BLUE),
                    new Figure(String.valueOf(open.size()), "open findings" + (open.isEmpty() ? "" : ", worst "
                            + severity(open.stream().map(f -> f.finding().severity()).min(Enum::compareTo).orElse(null))),
                            open.isEmpty() ? GOOD : SEVERITY_COLOURS.get(open.stream().map(f -> f.finding().severity()).min(Enum::compareTo).orElseThrow())),
                    new Figure(String.valueOf(d.record().owners().size()), d.record().owners().isEmpty() ? "owners: nobody" : "owners",
                            d.record().owners().isEmpty() ? BAD : GOOD)));
            pdf.paragraph("Digest: " + (a.digest() == null ? "none (nothing an approval could be about)" : a.digest().toString()));
            if (a.description() != null && !a.description().isBlank()) {
                pdf.paragraph(a.description());
            }

            pdf.heading("Ownership");
            if (d.record().owners().isEmpty()) {
                pdf.paragraph("Nobody owns this asset.");
            } else {
                pdf.table(List.of("Owner", "Role", "Claimed by", "Since"), new float[] {0.32f, 0.2f, 0.32f, 0.16f},
                        d.record().owners().stream().map(o -> List.of(o.owner(), o.role().label(), o.origin(),
                                o.since() == null ? "" : o.since().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10))).toList());
            }

            pdf.heading("Promotion gate and approvals");
            if (gate == null) {
                pdf.paragraph("The asset has no sha256 digest, so no approval can name it and the gate cannot decide.");
            } else {
                pdf.paragraph("Policy: " + gate.policy() + ". Outcome: " + gate.outcome().name() + ".");
                pdf.table(List.of("Rule", "Passed", "Detail"), new float[] {0.22f, 0.1f, 0.68f},
                        gate.rules().stream().map(r -> List.of(r.name(), r.passed() ? "yes" : "no", r.detail())).toList());
                if (gate.attestations().isEmpty()) {
                    pdf.paragraph("No signed approval or rejection names this digest.");
                } else {
                    pdf.table(List.of("Decision", "Reviewer", "When", "Verification", "Reason"), new float[] {0.12f, 0.16f, 0.18f, 0.16f, 0.38f},
                            gate.attestations().stream().map(r -> List.of(r.decision() == null ? "?" : r.decision().label(),
                                    r.reviewer() == null ? "?" : r.reviewer(), r.time() == null ? "" : r.time().toString(),
                                    r.status() + (r.verified() ? ", signature verified" : ", signature not verified"), r.reason())).toList());
                }
            }

            pdf.heading("Findings");
            List<Bar> bars = new ArrayList<>();
            for (Severity s : Severity.values()) {
                long n = bySeverity.getOrDefault(s, 0L);
                bars.add(new Bar(s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT), n, String.valueOf(n), SEVERITY_COLOURS.get(s)));
            }
            if (open.isEmpty()) {
                pdf.paragraph("No open finding on the asset or on the files it is.");
            } else {
                pdf.bars("Open findings by severity", bars, 0);
                pdf.table(List.of("Severity", "Rule", "Finding", "Where"), new float[] {0.1f, 0.22f, 0.4f, 0.28f},
                        open.stream().sorted((x, y) -> x.finding().severity().compareTo(y.finding().severity()))
                                .map(f -> List.of(severity(f.finding().severity()), f.finding().ruleId(), f.finding().title()
                                        + (f.finding().evidence() == null ? "" : ": " + f.finding().evidence()),
                                        f.finding().location() == null ? f.finding().asset().nativeId() : f.finding().location())).toList());
            }

            pdf.heading("Lineage", 240);
            LineageGraph g = lineage.walk(urn, LineageGraph.Direction.BOTH, 2).orElseThrow();
            pdf.image(lineageView.png(g, 2, 1), 330, "Two hops upstream and downstream of " + a.name() + ", siblings grouped as in the explorer.");

            pdf.heading("Training data");
            Map<String, JsonNode> data = new LinkedHashMap<>();
            for (JsonNode c : ml.path("components")) {
                data.put(c.path("bom-ref").asText(), c);
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode ref : ml.path("metadata").path("component").path("modelCard").path("modelParameters").path("datasets")) {
                JsonNode c = data.get(ref.path("ref").asText());
                if (c != null) {
                    JsonNode first = c.path("data").path(0);
                    rows.add(List.of(c.path("name").asText(), first.path("classification").asText(""),
                            first.path("sensitiveData").isArray() ? join(first.get("sensitiveData")) : "",
                            c.path("bom-ref").asText()));
                }
            }
            if (rows.isEmpty()) {
                pdf.paragraph("Unknown: no lineage says which data trained it.");
            } else {
                pdf.table(List.of("Dataset", "Classification", "Sensitive", "URN"), new float[] {0.26f, 0.14f, 0.12f, 0.48f}, rows);
            }

            pdf.heading("Deployments");
            LineageGraph down = lineage.walk(urn, LineageGraph.Direction.DOWNSTREAM, 6).orElseThrow();
            List<LineageGraph.Node> deployments = down.nodes().stream().filter(n -> n.kind() == AssetKind.DEPLOYMENT && !n.gone()).toList();
            if (deployments.isEmpty()) {
                pdf.paragraph("Not deployed, as far as the lineage says.");
            } else {
                pdf.table(List.of("Deployment", "Hops", "Source", "URN"), new float[] {0.3f, 0.08f, 0.16f, 0.46f},
                        deployments.stream().map(n -> List.of(n.name(), String.valueOf(n.depth()), n.source(), n.urn())).toList());
            }

            modelCoverage(pdf, compliance.assess(urn));
            return pdf.toBytes();
        }
    }


    /** The risk model's view of the estate: assets by band, risk by team, and the riskiest assets with their reasons. */
    private static void estateRisk(PdfDocument pdf, RiskDashboard d) {
        pdf.heading("Risk");
        pdf.paragraph("Each asset's risk score is the sum of the points of its reasons (README, Risk model): open findings, a"
                + " deployment without a valid approval or with a rejection, no owner, unknown training data, model files never scanned,"
                + " an MCP server outside the allowlist, a stale source.");
        List<Bar> bands = List.of(
                new Bar("Critical (70+)", d.assetsByRisk().getOrDefault(Severity.CRITICAL, 0L),
                        String.valueOf(d.assetsByRisk().getOrDefault(Severity.CRITICAL, 0L)), SEVERITY_COLOURS.get(Severity.CRITICAL)),
                new Bar("High (40+)", d.assetsByRisk().getOrDefault(Severity.HIGH, 0L),
                        String.valueOf(d.assetsByRisk().getOrDefault(Severity.HIGH, 0L)), SEVERITY_COLOURS.get(Severity.HIGH)),
                new Bar("Medium (15+)", d.assetsByRisk().getOrDefault(Severity.MEDIUM, 0L),
                        String.valueOf(d.assetsByRisk().getOrDefault(Severity.MEDIUM, 0L)), SEVERITY_COLOURS.get(Severity.MEDIUM)),
                new Bar("Low", d.assetsByRisk().getOrDefault(Severity.LOW, 0L),
                        String.valueOf(d.assetsByRisk().getOrDefault(Severity.LOW, 0L)), SEVERITY_COLOURS.get(Severity.LOW)));
        pdf.bars("Assets by risk band", bands, 0);
        if (!d.byTeam().isEmpty()) {
            pdf.bars("Risk by team (sum of the scores of each owner's assets)", d.byTeam().stream().map(r -> new Bar(r.label(), r.score(),
                    String.format(Locale.ROOT, "%,d over %,d assets", r.score(), r.risky()), r.worst() >= RiskScore.CRITICAL_FROM ? BAD
                    : r.worst() >= RiskScore.HIGH_FROM ? WARN : BLUE)).toList(), 0);
        }
        pdf.paragraph("MCP servers outside the allowlist: " + d.unregisteredMcpServers() + " of " + d.mcpServers() + ". Open leaked-key"
                + " findings: " + d.leakedKeys() + ". Deployments without a valid approval: " + d.deploymentsUnapproved() + " of "
                + d.deployments() + ". Accepted findings whose acceptance ends within 14 days: " + d.expiringAcceptances() + ".");
        if (!d.top().isEmpty()) {
            pdf.table(List.of("Risk", "Asset", "Kind", "Reasons"), new float[] {0.08f, 0.34f, 0.14f, 0.44f}, d.top().stream()
                    .map(t -> List.of(String.valueOf(t.score()), t.asset().name(), t.asset().kind().label(),
                            t.reasons().stream().map(RiskScore.Item::text).collect(Collectors.joining("; ")))).toList());
        }
    }

    /** The model's controls per framework: evidenced (with what), gaps (with what is missing), and those Tightrope cannot judge. */
    private static void modelCoverage(PdfDocument pdf, ModelCompliance m) {
        pdf.heading("Control coverage", 60);
        pdf.paragraph("Each control of the compliance mapping (" + m.mapping() + ") on " + m.assessedOn() + ": evidenced when every kind"
                + " of evidence the mapping asks for holds in this workspace; a gap says what is missing. Controls that need the"
                + " organisation's own records say so; Tightrope does not claim them.");
        for (Framework f : m.frameworks()) {
            long gaps = m.count(f, ControlStatus.GAP);
            pdf.paragraph(f.name() + ": " + m.count(f, ControlStatus.EVIDENCED) + " evidenced, " + gaps + (gaps == 1 ? " gap, " : " gaps, ")
                    + m.count(f, ControlStatus.NOT_ASSESSABLE_HERE) + " not assessable here, " + m.count(f, ControlStatus.NOT_YET_APPLICABLE)
                    + " not yet applicable.");
            pdf.table(List.of("Control", "Status", "Evidence, or what is missing"), new float[] {0.19f, 0.21f, 0.60f},
                    m.of(f).stream().map(r -> List.of(r.control().id(), r.status().label().toLowerCase(java.util.Locale.ROOT).replace('-', ' '), coverageText(r))).toList());
        }
    }

    private static String coverageText(ControlResult r) {
        return switch (r.status()) {
            case EVIDENCED -> r.evidence().stream().map(e -> e.kind().token() + " (" + e.detail() + ")").collect(Collectors.joining("; "));
            case NOT_ASSESSABLE_HERE -> r.control().organisational() == null ? r.reason() : "organisation's records: " + r.control().organisational();
            default -> r.reason();
        };
    }

    /** Per framework, the share of the estate's models with each control evidenced. */
    private static void estateCoverage(PdfDocument pdf, EstateCoverage e) {
        pdf.heading("Control coverage", 120);
        pdf.paragraph("How many of the " + e.models() + " models and model versions have each control of the compliance mapping ("
                + e.mapping() + ") evidenced on " + e.assessedOn() + ". Controls that need the organisation's own records are listed"
                + " apart: Tightrope does not claim them.");
        for (Framework f : e.frameworks()) {
            List<EstateCoverage.Coverage> of = e.of(f);
            List<Bar> bars = of.stream().filter(c -> c.notAssessed() == null).map(c -> {
                double share = e.models() == 0 ? 0 : 100.0 * c.evidenced() / e.models();
                return new Bar(c.control().id(), share, c.evidenced() + " of " + e.models(), share >= 90 ? GOOD : share >= 50 ? WARN : BAD);
            }).toList();
            pdf.bars(f.name() + ": models with the control evidenced", bars, 100);
            String notAssessable = of.stream().filter(c -> c.notAssessed() == ControlStatus.NOT_ASSESSABLE_HERE).map(c -> c.control().id())
                    .collect(Collectors.joining(", "));
            String notYet = of.stream().filter(c -> c.notAssessed() == ControlStatus.NOT_YET_APPLICABLE).map(c -> c.control().id() + " (from "
                    + c.control().appliesFrom() + ")").collect(Collectors.joining(", "));
            if (!notAssessable.isEmpty()) {
                pdf.paragraph("Not assessable here: " + notAssessable + ".");
            }
            if (!notYet.isEmpty()) {
                pdf.paragraph("Not yet applicable: " + notYet + ".");
            }
        }
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(", ", out);
    }

    private static String severity(Severity s) {
        return s == null ? "none" : s.name().toLowerCase(Locale.ROOT);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }
}
