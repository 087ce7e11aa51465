package dev.tightrope.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the benchmarks from Maven: {@code mvn -Pbench verify -Dbench.args="<name> [args]"}. Each
 * prints its figures and the target it is measured against. Names and arguments:
 * <ul>
 *   <li>{@code ingest [assets] [edgesPerAsset] [dir]} — sync-ingest vs bare JDBC (see {@link IngestBenchmark})</li>
 *   <li>{@code search <dir> [queries]} — FTS latency on an existing cache ({@link SearchBenchmark})</li>
 *   <li>{@code sort <dir> [runs]} — the inventory's id list by name and by risk on an existing cache ({@link SortBenchmark})</li>
 *   <li>{@code inventory <dir> [scrollSteps]} — first window and heap, forked with a 512 MB heap ({@link InventoryBenchmark})</li>
 *   <li>{@code lineage-queries [dir] [rounds]} — k-hop walks, the impact set of a dataset with ~50,000 downstream assets and
 *       a 10-hop path on an existing cache, or on the 1M estate ingested first ({@link LineageQueryBenchmark})</li>
 *   <li>{@code openlineage [events] [dir]} — OpenLineage file import ({@link OpenLineageImportBench})</li>
 *   <li>{@code scan-zip [sizeMiB]} — a 2 GB PyTorch zip vs plain SHA-256 ({@link ScanZipBenchmark})</li>
 *   <li>{@code scan-pickle [files] [denseMiB]} — small pickles per second and pickle MB/s vs Python ({@link ScanPickleBenchmark})</li>
 *   <li>{@code scan-large-pickle [sizeMB]} — a 200 MB plain-data pickle scanned fully in 512 MB of heap vs
 *       pickletools.genops ({@link ScanLargePickleBenchmark})</li>
 *   <li>{@code sign-model [bytes] [shards] [threads]} — hash and sign a model directory vs sha256sum ({@link SignModelBenchmark})</li>
 *   <li>{@code audit-log [entries] [batch] [proofs]} — log appends per second and proof latency ({@link AuditLogBenchmark})</li>
 *   <li>{@code sync-connectors [mlflowVersions] [hfModels] [dir]} — 50,000 MLflow versions and 20,000 Hugging Face models
 *       synced from local servers into a cache, with the time in HTTP, mapping and ingest ({@link SyncConnectorsBenchmark})</li>
 *   <li>{@code sagemaker-sync [packages] [endpoints] [dir]} — 10,000 SageMaker model packages and 1,000 endpoints synced
 *       from a local server, every call signed ({@link SageMakerSyncBenchmark})</li>
 *   <li>{@code risk [assets] [changed]} — the risk of every asset at the first sync, the refresh after an incremental sync
 *       that changed 10,000 assets, and the dashboard's figures on 1,000,000 assets ({@link RiskBenchmark})</li>
 *   <li>{@code ownership [assets]} — owner rules, inheritance and coverage ({@link OwnershipBenchmark})</li>
 *   <li>{@code code-scan [files]} — a repository of 100,000 files scanned for AI SDKs and keys ({@link CodeScanBenchmark})</li>
 *   <li>{@code shadow-scan [files]} — {@code tightrope shadow scan} of a home and 38 repositories, 100,000 files with 200 MCP
 *       configs and 2,000 manifests ({@link ShadowScanBenchmark})</li>
 *   <li>{@code report [rounds] [dir]} — the PDF of one model and of the estate, and the model's ML-BOM, on the demo
 *       workspace ({@link ReportBenchmark})</li>
 *   <li>{@code lineage-view [frames]} — lineage layout at 1,000 and 10,000 boxes, frame time while panning, first paint
 *       of a 100,000-asset lineage ({@link dev.tightrope.ui.lineage.LineageViewBenchmark})</li>
 *   <li>{@code cache} — ingest 1M, then search, sort, inventory and lineage queries on that cache</li>
 *   <li>{@code all} (default) — every benchmark at its full size</li>
 * </ul>
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "all" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        switch (name) {
            case "ingest" -> IngestBenchmark.main(rest);
            case "search" -> SearchBenchmark.main(rest);
            case "sort" -> SortBenchmark.main(rest);
            case "inventory" -> System.exit(InventoryBenchmark.fork(Path.of(rest[0]), rest.length > 1 ? Integer.parseInt(rest[1]) : 400));
            case "lineage-queries" -> LineageQueryBenchmark.main(rest);
            case "openlineage" -> OpenLineageImportBench.main(rest);
            case "scan-zip" -> ScanZipBenchmark.main(rest);
            case "scan-pickle" -> ScanPickleBenchmark.main(rest);
            case "scan-large-pickle" -> ScanLargePickleBenchmark.main(rest);
            case "sign-model" -> SignModelBenchmark.main(rest);
            case "audit-log" -> AuditLogBenchmark.main(rest);
            case "sync-connectors" -> SyncConnectorsBenchmark.main(rest);
            case "sagemaker-sync" -> SageMakerSyncBenchmark.main(rest);
            case "report" -> ReportBenchmark.main(rest);
            case "ownership" -> OwnershipBenchmark.main(rest);
            case "code-scan" -> CodeScanBenchmark.main(rest);
            case "shadow-scan" -> ShadowScanBenchmark.main(rest);
            case "risk" -> RiskBenchmark.main(rest);
            case "lineage-view" -> dev.tightrope.ui.lineage.LineageViewBenchmark.main(rest);
            case "cache" -> cache();
            case "all" -> {
                cache();
                OpenLineageImportBench.main(new String[0]);
                ScanZipBenchmark.main(new String[0]);
                ScanPickleBenchmark.main(new String[0]);
                ScanLargePickleBenchmark.main(new String[0]);
                SignModelBenchmark.main(new String[0]);
                AuditLogBenchmark.main(new String[0]);
                SyncConnectorsBenchmark.main(new String[0]);
                SageMakerSyncBenchmark.main(new String[0]);
                ReportBenchmark.main(new String[0]);
                dev.tightrope.ui.lineage.LineageViewBenchmark.main(new String[0]);
            }
            default -> {
                System.err.println("unknown benchmark " + name + "; see the javadoc of dev.tightrope.bench.Benchmarks");
                System.exit(2);
            }
        }
    }

    private static void cache() throws Exception {
        IngestBenchmark.Result r = IngestBenchmark.run(1_000_000, 3, Files.createTempDirectory("tightrope-bench-"));
        IngestBenchmark.print(r);
        SearchBenchmark.main(new String[] {r.workspace().toString()});
        SortBenchmark.main(new String[] {r.workspace().toString()});
        InventoryBenchmark.fork(r.workspace(), 400);
        LineageQueryBenchmark.main(new String[] {r.workspace().toString()});
    }
}
