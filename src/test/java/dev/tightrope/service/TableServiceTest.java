package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.service.TableService.Table;
import dev.tightrope.service.export.TableWriter.Format;
import dev.tightrope.trust.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's tables as files, read back. */
class TableServiceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Tightrope t;

    @BeforeAll
    static void load() {
        t = DemoWorkspaces.loaded(dir.resolve("ws"));
    }

    @AfterAll
    static void close() {
        t.close();
    }

    JsonNode export(Table table, AssetFilter filter, String name) throws Exception {
        Path out = dir.resolve(name);
        TableService.Exported e = t.tables().export(table, Format.JSON, filter, out);
        JsonNode rows = JSON.readTree(out.toFile());
        assertThat(e.rows()).isEqualTo(rows.size());
        assertThat(e.sha256()).isEqualTo(Sha256.hex(Files.readAllBytes(out)));
        return rows;
    }

    @Test
    void theInventoryIsEveryAssetTheFilterShows() throws Exception {
        assertThat(export(Table.INVENTORY, null, "all.json").size()).isEqualTo(t.inventory().count(AssetFilter.all()));
        JsonNode unowned = export(Table.INVENTORY, AssetFilter.all().withUnowned(true), "unowned.json");
        assertThat(unowned.size()).isEqualTo(t.inventory().count(AssetFilter.all().withUnowned(true))).isPositive();
        assertThat(unowned).allSatisfy(r -> assertThat(r.get("owners").isNull()).isTrue());
        assertThat(unowned).anySatisfy(r -> assertThat(r.get("urn").asText()).isEqualTo("tr:deployment:openlineage:k8s://prod-eu-1/marketing/churn-scorer"));
    }

    @Test
    void findingsApprovalsAndTheAuditLogAreThere() throws Exception {
        JsonNode findings = export(Table.FINDINGS, null, "findings.json");
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.get("asset").asText()).isEqualTo("tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks");
            assertThat(f.get("rule").asText()).isEqualTo("data-quality.assertion-failed");
            assertThat(f.get("status").asText()).isEqualTo("open");
        });
        assertThat(findings.get(0).get("severity").asText()).as("worst first").isEqualTo("critical");

        JsonNode approvals = export(Table.APPROVALS, null, "approvals.json");
        assertThat(approvals.size()).isEqualTo(t.approvals().all().size()).isPositive();
        assertThat(approvals).anySatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("COUNTED"));

        JsonNode audit = export(Table.AUDIT, null, "audit.json");
        assertThat(audit.size()).as("the entry recording this export comes after it").isEqualTo(t.audit().size() - 1);
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.get("action").asText()).isEqualTo("export.table");
            assertThat(a.get("details").get("table").asText()).isEqualTo("approvals");
        });
    }

    @Test
    void csvHasTheColumnsAsItsHeader() throws Exception {
        Path out = dir.resolve("findings.csv");
        TableService.Exported e = t.tables().export(Table.FINDINGS, Format.CSV, null, out);
        var lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo(String.join(",", Table.FINDINGS.columns()));
        assertThat(e.rows()).isPositive();
        assertThat(t.audit().entries(new AuditQuery(null, "export.table", "findings", null, null, 0, 10)))
                .anySatisfy(a -> assertThat(a.event().details()).containsEntry("format", "csv").containsEntry("sha256", e.sha256()));
    }
}
