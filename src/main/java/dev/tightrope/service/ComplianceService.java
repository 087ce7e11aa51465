package dev.tightrope.service;

import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.compliance.Control;
import dev.tightrope.service.compliance.ControlMapping;
import dev.tightrope.service.compliance.ControlResult;
import dev.tightrope.service.compliance.ControlStatus;
import dev.tightrope.service.compliance.EstateCoverage;
import dev.tightrope.service.compliance.Evidence;
import dev.tightrope.service.compliance.EvidenceKind;
import dev.tightrope.service.compliance.EvidenceLink;
import dev.tightrope.service.compliance.EvidenceLink.Type;
import dev.tightrope.service.compliance.Framework;
import dev.tightrope.service.compliance.ModelCompliance;
import dev.tightrope.service.workspace.Workspace;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The compliance mapping applied to models: for each control of the workspace's mapping
 * ({@link ControlMapping}), whether the evidence it asks for holds for a model, checked from the
 * cache (owners, lineage, findings), the approvals directory (the promotion gate) and the audit
 * log, with links to the records that show it; and across the estate, how many models have each
 * control evidenced. A control whose date has not come is not yet applicable; one that needs only
 * the organisation's own records says so instead of claiming anything.
 */
public final class ComplianceService {

    /** What can be assessed: models, their versions and the model files and directories they are. */
    static final Set<AssetKind> MODELS = Set.of(AssetKind.MODEL, AssetKind.MODEL_VERSION, AssetKind.MODEL_ARTIFACT);
    /** What the estate coverage counts: the models and versions the registries list (files are what they are). */
    static final Set<AssetKind> ESTATE_MODELS = Set.of(AssetKind.MODEL, AssetKind.MODEL_VERSION);
    /** How far lineage is followed for training data and build runs (as the ML-BOM does), and for deployments. */
    static final int UPSTREAM_DEPTH = BomService.UPSTREAM_DEPTH;
    static final int DOWNSTREAM_DEPTH = 6;
    /** The property a scanner sets on what it scanned (the model-files source's directories and files). */
    static final String SCANNER_PROPERTY = "scanner";
    /** Detectors whose findings show the bytes were scanned: Tightrope's model scanner and the Hugging Face Hub's scan. */
    static final List<String> SCANNER_DETECTORS = List.of("tightrope-scan/", "huggingface-hub-scan");
    private static final int AUDIT_LINKS = 20;
    private static final Set<AssetKind> RUNS = Set.of(AssetKind.TRAINING_RUN, AssetKind.PIPELINE_RUN);

    private final Workspace workspace;
    private final InventoryService inventory;
    private final LineageService lineage;
    private final ApprovalService approvals;
    private final AuditService audit;
    private final Clock clock;

    ComplianceService(Workspace workspace, InventoryService inventory, LineageService lineage, ApprovalService approvals,
                      AuditService audit, Clock clock) {
        this.workspace = workspace;
        this.inventory = inventory;
        this.lineage = lineage;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
    }

    /** The mapping in force: the workspace's {@code compliance.json} when there is one, else the bundled default (read each time: it is edited by hand). */
    public ControlMapping mapping() {
        return ControlMapping.forWorkspace(workspace.root());
    }

    /** Today by the workspace's clock, in UTC: the day dates of application are compared with. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * Every control for the model at {@code urn} (a model, model version or model file), or for
     * the model a deployment runs (the nearest model version upstream of it).
     */
    public ModelCompliance assess(Urn urn) {
        AssetDetail asked = inventory.detail(urn).orElseThrow(() -> new IllegalArgumentException("no asset " + urn + " in this workspace"));
        AssetDetail subject = asked;
        String via = null;
        if (urn.kind() == AssetKind.DEPLOYMENT) {
            subject = deployed(urn);
            via = urn.toString();
        } else if (!MODELS.contains(urn.kind())) {
            throw new IllegalArgumentException(urn + " is a " + urn.kind().label() + ": compliance is assessed for a model, a model version,"
                    + " a model file or a deployment (the model it runs)");
        }
        ControlMapping mapping = mapping();
        Checks checks = new Checks(approvals.gates(), audit.verify(), true);
        Map<EvidenceKind, Evidence> evidence = checks.evidence(subject);
        LocalDate today = today();
        List<ControlResult> results = new ArrayList<>();
        for (Framework f : mapping.frameworks()) {
            for (Control c : f.controls()) {
                results.add(result(c, evidence, today));
            }
        }
        return new ModelCompliance(subject.record().urn().toString(), subject.record().asset().name(), via, today, label(mapping),
                mapping.frameworks(), results);
    }

    /** Coverage across the models and model versions present in the inventory: one reading of the approvals and of the log for all. */
    public EstateCoverage estate() {
        ControlMapping mapping = mapping();
        LocalDate today = today();
        long[] ids = inventory.ids(AssetFilter.all().withKinds(ESTATE_MODELS), AssetSort.byName());
        Checks checks = new Checks(approvals.gates(), audit.verify(), false);
        List<Control> controls = mapping.frameworks().stream().flatMap(f -> f.controls().stream()).toList();
        long[] evidenced = new long[controls.size()];
        long[] gaps = new long[controls.size()];
        long models = 0;
        for (int from = 0; from < ids.length; from += 500) {
            long[] page = java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + 500));
            for (AssetSummary s : inventory.summaries(page)) {
                AssetDetail d = inventory.detail(Urn.parse(s.urn())).orElse(null);
                if (d == null) {
                    continue;
                }
                models++;
                Map<EvidenceKind, Evidence> evidence = checks.evidence(d);
                for (int i = 0; i < controls.size(); i++) {
                    ControlStatus status = result(controls.get(i), evidence, today).status();
                    if (status == ControlStatus.EVIDENCED) {
                        evidenced[i]++;
                    } else if (status == ControlStatus.GAP) {
                        gaps[i]++;
                    }
                }
            }
        }
        List<EstateCoverage.Coverage> coverage = new ArrayList<>();
        for (int i = 0; i < controls.size(); i++) {
            Control c = controls.get(i);
            ControlStatus notAssessed = notYet(c, today) ? ControlStatus.NOT_YET_APPLICABLE
                    : c.evidence().isEmpty() ? ControlStatus.NOT_ASSESSABLE_HERE : null;
            coverage.add(new EstateCoverage.Coverage(c, notAssessed, evidenced[i], gaps[i]));
        }
        return new EstateCoverage(today, label(mapping), models, mapping.frameworks(), coverage);
    }

    private static String label(ControlMapping m) {
        return m.origin() + ", version " + m.version();
    }

    private static boolean notYet(Control c, LocalDate today) {
        return c.appliesFrom() != null && today.isBefore(c.appliesFrom());
    }

    static ControlResult result(Control c, Map<EvidenceKind, Evidence> evidence, LocalDate today) {
        List<Evidence> asked = c.evidence().stream().map(evidence::get).toList();
        if (notYet(c, today)) {
            return new ControlResult(c, ControlStatus.NOT_YET_APPLICABLE, "applies from " + c.appliesFrom(), asked);
        }
        if (asked.isEmpty()) {
            return new ControlResult(c, ControlStatus.NOT_ASSESSABLE_HERE, "needs the organisation's own records, which Tightrope cannot see"
                    + (c.organisational() == null ? "" : ": " + c.organisational()), asked);
        }
        List<Evidence> missing = asked.stream().filter(e -> !e.present()).toList();
        if (missing.isEmpty()) {
            return new ControlResult(c, ControlStatus.EVIDENCED, asked.stream().map(e -> e.kind().token()).collect(Collectors.joining(", "))
                    + (c.organisational() == null ? "" : "; the organisation also holds: " + c.organisational()), asked);
        }
        return new ControlResult(c, ControlStatus.GAP, missing.stream().map(e -> "missing " + e.kind().token() + ": " + e.detail())
                .collect(Collectors.joining("; ")), asked);
    }

    /** The model a deployment runs: the nearest model version (else model or model file) upstream of it. */
    private AssetDetail deployed(Urn deployment) {
        LineageGraph up = lineage.walk(deployment, LineageGraph.Direction.UPSTREAM, 4).orElseThrow();
        return up.nodes().stream().filter(n -> MODELS.contains(n.kind()) && !n.gone())
                .min(Comparator.comparingInt(LineageGraph.Node::depth).thenComparing(n -> n.kind() == AssetKind.MODEL_VERSION ? 0 : 1))
                .flatMap(n -> inventory.detail(Urn.parse(n.urn())))
                .orElseThrow(() -> new IllegalArgumentException("no model upstream of the deployment " + deployment + " in the lineage"));
    }

    /** The evidence checks, with what is the same for every model read once. */
    private final class Checks {
        private final Function<String, GateResult> gates;
        private final AuditService.LogStatus log;
        private final boolean withAuditLinks;

        Checks(Function<String, GateResult> gates, AuditService.LogStatus log, boolean withAuditLinks) {
            this.gates = gates;
            this.log = log;
            this.withAuditLinks = withAuditLinks;
        }

        Map<EvidenceKind, Evidence> evidence(AssetDetail d) {
            AssetRecord r = d.record();
            Map<EvidenceKind, Evidence> out = new EnumMap<>(EvidenceKind.class);
            out.put(EvidenceKind.OWNER_ASSIGNED, r.owners().isEmpty() ? absent(EvidenceKind.OWNER_ASSIGNED, "nobody owns it")
                    : new Evidence(EvidenceKind.OWNER_ASSIGNED, true, r.owners().size() + (r.owners().size() == 1 ? " owner" : " owners"),
                    r.owners().stream().map(o -> new EvidenceLink(Type.OWNER, o.owner(), o.owner() + " (" + o.role().label() + ", "
                            + o.origin() + ")")).toList()));
            out.put(EvidenceKind.INVENTORIED, inventoried(r));
            boolean ourDescription = r.asset().properties().containsKey(SCANNER_PROPERTY);
            out.put(EvidenceKind.MODEL_CARD, r.asset().description() != null && !ourDescription
                    ? new Evidence(EvidenceKind.MODEL_CARD, true, "described by " + r.source(), List.of(asset(r.urn().toString(), r.asset().name())))
                    : absent(EvidenceKind.MODEL_CARD, ourDescription ? "only Tightrope's own scan summary describes it" : "its source gives no description"));

            LineageGraph up = lineage.walk(r.urn(), LineageGraph.Direction.UPSTREAM, UPSTREAM_DEPTH).orElseThrow();
            out.put(EvidenceKind.TRAINING_DATA_LINEAGE, nodes(EvidenceKind.TRAINING_DATA_LINEAGE, up, Set.of(AssetKind.DATASET), Integer.MAX_VALUE,
                    "datasets upstream", "no dataset upstream in its lineage (" + UPSTREAM_DEPTH + " hops)"));
            // the runs that produced it are the nearest ones; those further up produced its data
            int nearestRun = up.nodes().stream().filter(n -> RUNS.contains(n.kind()) && !n.gone()).mapToInt(LineageGraph.Node::depth)
                    .min().orElse(0);
            out.put(EvidenceKind.BUILD_PROVENANCE, nodes(EvidenceKind.BUILD_PROVENANCE, up, RUNS, nearestRun,
                    "nearest training or pipeline runs upstream", "no training or pipeline run upstream in its lineage"));
            LineageGraph down = lineage.walk(r.urn(), LineageGraph.Direction.DOWNSTREAM, DOWNSTREAM_DEPTH).orElseThrow();
            out.put(EvidenceKind.DEPLOYMENT_TRACKED, nodes(EvidenceKind.DEPLOYMENT_TRACKED, down, Set.of(AssetKind.DEPLOYMENT), Integer.MAX_VALUE,
                    "deployments downstream", "no deployment of it in the lineage"));

            scans(d, out);
            approvals(r, out);
            out.put(EvidenceKind.AUDIT_LOG_INTACT, auditLog(r));
            return out;
        }

        private Evidence inventoried(AssetRecord r) {
            if (r.source() == null) {
                return absent(EvidenceKind.INVENTORIED, "only lineage names it: no source lists it");
            }
            if (r.gone()) {
                return absent(EvidenceKind.INVENTORIED, "gone from " + r.source() + " since " + r.goneAt());
            }
            return new Evidence(EvidenceKind.INVENTORIED, true, "listed by " + r.source() + ", last seen " + r.lastSeen(),
                    List.of(new EvidenceLink(Type.SOURCE, r.source(), r.source() + (r.asset().sourceRef() == null ? "" : ": " + r.asset().sourceRef()))));
        }

        /** The assets of {@code kinds} in {@code g} (present, at most {@code maxDepth} hops away) as evidence of {@code kind}. */
        private Evidence nodes(EvidenceKind kind, LineageGraph g, Set<AssetKind> kinds, int maxDepth, String what, String none) {
            List<LineageGraph.Node> found = g.nodes().stream().filter(n -> kinds.contains(n.kind()) && !n.gone() && n.depth() <= maxDepth
                    && !n.urn().equals(g.root())).toList();
            if (found.isEmpty()) {
                return absent(kind, none);
            }
            return new Evidence(kind, true, what + ": " + found.size(),
                    found.stream().map(n -> asset(n.urn(), n.name())).toList());
        }

        private void scans(AssetDetail d, Map<EvidenceKind, Evidence> out) {
            AssetRecord r = d.record();
            List<EvidenceLink> scanned = new ArrayList<>();
            if (r.asset().properties().containsKey(SCANNER_PROPERTY)) {
                scanned.add(asset(r.urn().toString(), r.asset().name()));
            }
            for (AssetSummary same : d.sameContent()) {
                inventory.find(Urn.parse(same.urn())).filter(s -> s.asset().properties().containsKey(SCANNER_PROPERTY))
                        .ifPresent(s -> scanned.add(asset(same.urn(), same.name())));
            }
            Map<String, String> byScanner = new LinkedHashMap<>();
            for (StoredFinding f : d.findings()) {
                if (SCANNER_DETECTORS.stream().anyMatch(f.finding().detector()::startsWith)) {
                    byScanner.putIfAbsent(f.finding().asset().toString(), f.finding().detector());
                }
            }
            byScanner.forEach((urn, detector) -> {
                if (scanned.stream().noneMatch(l -> l.target().equals(urn))) {
                    scanned.add(new EvidenceLink(Type.ASSET, urn, urn + " (findings from " + detector + ")"));
                }
            });
            out.put(EvidenceKind.SCAN_PERFORMED, scanned.isEmpty()
                    ? absent(EvidenceKind.SCAN_PERFORMED, "neither it nor a file with its digest was scanned")
                    : new Evidence(EvidenceKind.SCAN_PERFORMED, true, "scanned: " + scanned.size() + (scanned.size() == 1 ? " asset" : " assets"), scanned));

            List<StoredFinding> open = d.findings().stream().filter(f -> f.finding().status() == FindingStatus.OPEN).toList();
            List<StoredFinding> severe = open.stream().filter(f -> f.finding().severity().compareTo(Severity.HIGH) <= 0).toList();
            if (scanned.isEmpty()) {
                out.put(EvidenceKind.SCAN_CLEAN, absent(EvidenceKind.SCAN_CLEAN, "not scanned"));
            } else if (!severe.isEmpty()) {
                out.put(EvidenceKind.SCAN_CLEAN, new Evidence(EvidenceKind.SCAN_CLEAN, false, severe.size() + " open critical or high "
                        + (severe.size() == 1 ? "finding" : "findings"), findingLinks(severe)));
            } else {
                out.put(EvidenceKind.SCAN_CLEAN, new Evidence(EvidenceKind.SCAN_CLEAN, true, "no open critical or high finding", scanned));
            }
            List<StoredFinding> triaged = d.findings().stream().filter(f -> f.finding().status() != FindingStatus.OPEN).toList();
            out.put(EvidenceKind.FINDINGS_TRIAGED, open.isEmpty()
                    ? new Evidence(EvidenceKind.FINDINGS_TRIAGED, true, d.findings().isEmpty() ? "no findings"
                    : triaged.size() + " findings, none open", findingLinks(triaged))
                    : new Evidence(EvidenceKind.FINDINGS_TRIAGED, false, open.size() + (open.size() == 1 ? " finding is" : " findings are")
                    + " open", findingLinks(open)));
        }

        private void approvals(AssetRecord r, Map<EvidenceKind, Evidence> out) {
            var digest = r.asset().digest();
            if (digest == null || !digest.algorithm().equals("sha256")) {
                String why = "it has no sha256 digest, so no signed approval can name it";
                out.put(EvidenceKind.APPROVAL_RECORDED, absent(EvidenceKind.APPROVAL_RECORDED, why));
                out.put(EvidenceKind.APPROVAL_VALID, absent(EvidenceKind.APPROVAL_VALID, why));
                return;
            }
            GateResult gate = gates.apply(digest.toString());
            List<EvidenceLink> all = gate.attestations().stream().map(Checks::approvalLink).toList();
            out.put(EvidenceKind.APPROVAL_RECORDED, all.isEmpty()
                    ? absent(EvidenceKind.APPROVAL_RECORDED, "no signed approval or rejection names " + digest)
                    : new Evidence(EvidenceKind.APPROVAL_RECORDED, true, all.size() + " signed " + (all.size() == 1 ? "decision" : "decisions"), all));
            List<EvidenceLink> counted = gate.attestations().stream().filter(ApprovalRecord::counted).map(Checks::approvalLink).toList();
            out.put(EvidenceKind.APPROVAL_VALID, gate.outcome() == GateResult.Outcome.PASS
                    ? new Evidence(EvidenceKind.APPROVAL_VALID, true, "passes " + gate.policy(), counted)
                    : new Evidence(EvidenceKind.APPROVAL_VALID, false, "the promotion gate says " + gate.outcome() + ": " + gate.summary(), all));
        }

        private static EvidenceLink approvalLink(ApprovalRecord a) {
            return new EvidenceLink(Type.APPROVAL, a.location(), (a.decision() == null ? "?" : a.decision().label()) + " by "
                    + (a.reviewer() == null ? "?" : a.reviewer()) + " (" + a.status() + ")");
        }

        private Evidence auditLog(AssetRecord r) {
            if (!log.intact()) {
                return absent(EvidenceKind.AUDIT_LOG_INTACT, "the audit log does not verify: " + (log.problems().isEmpty() ? "see tightrope log verify"
                        : log.problems().get(0).location() + ": " + log.problems().get(0).message()));
            }
            List<EvidenceLink> entries = new ArrayList<>();
            if (withAuditLinks) {
                List<AuditEntry> about = new ArrayList<>(audit.entries(new AuditQuery(null, null, r.urn().toString(), null, null, 0, AUDIT_LINKS)));
                if (r.asset().digest() != null) {
                    about.addAll(audit.entries(new AuditQuery(null, null, r.asset().digest().toString(), null, null, 0, AUDIT_LINKS)));
                }
                about.sort(Comparator.comparingLong(AuditEntry::index).reversed());
                about.stream().limit(AUDIT_LINKS).forEach(e -> entries.add(new EvidenceLink(Type.AUDIT_ENTRY, String.valueOf(e.index()),
                        "#" + e.index() + " " + e.event().action() + " by " + e.event().actor() + " at " + e.event().time())));
            }
            return new Evidence(EvidenceKind.AUDIT_LOG_INTACT, true, "the log's " + log.size() + " entries verify ("
                    + log.checkpointsVerified() + (log.checkpointsVerified() == 1 ? " signed checkpoint)" : " signed checkpoints)") + (withAuditLinks ? "; " + entries.size() + " about this model" : ""), entries);
        }

        private static List<EvidenceLink> findingLinks(List<StoredFinding> findings) {
            return findings.stream().map(f -> new EvidenceLink(Type.FINDING, String.valueOf(f.id()), f.finding().severity().name().toLowerCase(java.util.Locale.ROOT)
                    + " " + f.finding().ruleId() + " on " + f.finding().asset() + " (" + f.finding().status().name().toLowerCase(java.util.Locale.ROOT) + ")")).toList();
        }

        private static EvidenceLink asset(String urn, String name) {
            return new EvidenceLink(Type.ASSET, urn, name + " (" + urn + ")");
        }

        private static Evidence absent(EvidenceKind kind, String why) {
            return new Evidence(kind, false, why, List.of());
        }
    }
}
