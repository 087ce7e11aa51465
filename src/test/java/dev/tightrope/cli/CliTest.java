package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    final List<Path> guiLaunches = new ArrayList<>();

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Cli.run(all, new PrintWriter(out), new PrintWriter(err), (ws, demo) -> guiLaunches.add(ws),
                ws -> Tightrope.open(ws, ConnectorRegistry.defaults().with(SyntheticEstate.factory())));
        return new Result(code, out.toString(), err.toString());
    }

    void estate(int assets) {
        assertThat(run("sources", "add", "--type", "synthetic", "--name", "estate", "--set", "assets=" + assets).code()).isZero();
        assertThat(run("sync").code()).isZero();
    }

    @Test
    void aRepairMadeWhileOpeningIsReportedOnStandardError() throws Exception {
        estate(20);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            java.nio.file.Files.deleteIfExists(dir.resolve("cache-lineage.db" + suffix));
        }
        Result r = run("assets", "--json");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("tightrope: The lineage file").contains("Sync each source again");
        assertThat(run("sync").code()).isZero();
        assertThat(run("assets").err()).doesNotContain("lineage file");
    }

    @Test
    void sourcesAddListAndRemove() throws Exception {
        Result add = run("sources", "add", "--type", "synthetic", "--name", "estate", "--set", "assets=10");
        assertThat(add.code()).isZero();
        assertThat(add.out()).contains("Added source estate");
        Result list = run("sources", "list", "--json");
        JsonNode src = list.json().get(0);
        assertThat(src.get("name").asText()).isEqualTo("estate");
        assertThat(src.get("type").asText()).isEqualTo("synthetic");
        assertThat(src.get("settings").get("assets").asText()).isEqualTo("10");
        assertThat(src.get("lastRun").isNull()).isTrue();
        assertThat(run("sources", "remove", "estate").code()).isZero();
        Result again = run("sources", "remove", "estate");
        assertThat(again.code()).isEqualTo(Cli.ERROR);
        assertThat(again.err()).contains("no source named 'estate'");
    }

    @Test
    void cloudSourcesTakeTheirSettingsAsFlags() throws Exception {
        assertThat(run("sources", "add", "--type", "sagemaker", "--name", "sm", "--region", "eu-west-1", "--profile", "ml-readonly")
                .code()).isZero();
        Result azure = run("sources", "add", "--type", "azureml", "--name", "aml", "--subscription", "5e1f7c2a-9b4d-4c1e-8f3a-2d6b7e9c0a11",
                "--resource-group", "kestrel-ml-rg", "--workspace-name", "kestrel-ml");
        assertThat(azure.code()).as(azure.err()).isZero();
        Result vertex = run("sources", "add", "--type", "vertexai", "--name", "vx", "--project", "kestrel-support", "--location", "europe-west4");
        assertThat(vertex.code()).as(vertex.err()).isZero();
        java.util.Map<String, JsonNode> settings = new java.util.HashMap<>();
        run("sources", "list", "--json").json().forEach(s -> settings.put(s.get("name").asText(), s.get("settings")));
        assertThat(settings.get("sm").get("region").asText()).isEqualTo("eu-west-1");
        assertThat(settings.get("sm").get("profile").asText()).isEqualTo("ml-readonly");
        assertThat(settings.get("aml").get("subscription").asText()).isEqualTo("5e1f7c2a-9b4d-4c1e-8f3a-2d6b7e9c0a11");
        assertThat(settings.get("aml").get("resource-group").asText()).isEqualTo("kestrel-ml-rg");
        assertThat(settings.get("aml").get("workspace").asText()).isEqualTo("kestrel-ml");
        assertThat(settings.get("vx").get("project").asText()).isEqualTo("kestrel-support");
        assertThat(settings.get("vx").get("location").asText()).isEqualTo("europe-west4");
    }

    @Test
    void exportBomReportAndTableWriteTheirFiles() throws Exception {
        assertThat(run("demo").code()).isZero();
        java.nio.file.Path a = dir.resolve("a.cdx.json");
        Result wrote = run("export", "bom", "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3", "--out", a.toString());
        assertThat(wrote.code()).as(wrote.err()).isZero();
        assertThat(wrote.out()).startsWith("Wrote " + a).contains("datasets", "vulnerabilities", "approval reference");
        java.nio.file.Path b = dir.resolve("b.cdx.json");
        assertThat(run("export", "bom", "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/2", "--out", b.toString())
                .code()).isZero();
        assertThat(run("export", "bom", "--diff", a.toString(), a.toString()).out()).isEqualTo("No differences." + System.lineSeparator());
        Result diff = run("export", "bom", "--diff", a.toString(), b.toString());
        assertThat(diff.code()).isZero();
        assertThat(diff.out()).contains("removed   tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3",
                "added     tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/2");
        Result notBom = run("export", "bom", "--diff", a.toString(), dir.resolve("nope.json").toString());
        assertThat(notBom.code()).isEqualTo(Cli.ERROR);
        assertThat(notBom.err()).contains("nope.json");

        java.nio.file.Path estate = dir.resolve("estate.pdf");
        Result report = run("report", "--out", estate.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).startsWith("Wrote " + estate);
        assertThat(report.err()).as("no font warning").isEmpty();
        assertThat(java.nio.file.Files.readString(estate, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("%PDF-");
        Result dataset = run("report", "tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks", "--out", dir.resolve("d.pdf").toString());
        assertThat(dataset.code()).isEqualTo(Cli.ERROR);
        assertThat(dataset.err()).contains("a report is of a model");

        java.nio.file.Path findings = dir.resolve("findings.csv");
        Result table = run("export", "table", "findings", "--out", findings.toString());
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("Wrote ").contains(" rows of findings to " + findings);
        assertThat(java.nio.file.Files.readAllLines(findings).get(0)).startsWith("id,asset,severity,rule");
        assertThat(run("export", "table", "owners", "--out", findings.toString()).err()).contains("inventory, findings, approvals or audit");
        assertThat(run("export", "table", "audit", "--out", dir.resolve("audit.txt").toString()).err()).contains("--format csv or json");
    }

    @Test
    void sourcesTestSaysWhatItFoundOrWhatIsWrong() throws Exception {
        java.nio.file.Path events = java.nio.file.Files.createDirectories(dir.resolve("events"));
        assertThat(run("sources", "add", "--type", "openlineage", "--name", "lake", "--path", events.toString()).code()).isZero();
        Result ok = run("sources", "test", "lake");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("lake: OK").contains("can be read");

        java.nio.file.Files.delete(events);
        Result gone = run("sources", "test", "lake");
        assertThat(gone.code()).isEqualTo(Cli.ERROR);
        assertThat(gone.err()).contains(events.toString()).contains("does not exist");

        Result url = run("sources", "add", "--type", "huggingface", "--name", "hub", "--set", "author=acme",
                "--url", "http://hub.example.com", "--token-env", "HF_TOKEN");
        assertThat(url.err()).contains("must use https");
    }

    @Test
    void addingASourceWithBadSettingsIsAUsageError() {
        Result r = run("sources", "add", "--type", "nope", "--name", "x");
        assertThat(r.code()).isEqualTo(Cli.ERROR);
        assertThat(r.err()).contains("unknown source type 'nope'");
        Result missing = run("sources", "add", "--type", "synthetic", "--name", "x");
        assertThat(missing.err()).contains("needs --assets");
        Result unknown = run("sources", "add", "--type", "synthetic", "--name", "x", "--set", "assets=1", "--set", "colour=red");
        assertThat(unknown.err()).contains("no setting 'colour'");
    }

    @Test
    void syncPrintsASummaryAndProgress() {
        run("sources", "add", "--type", "synthetic", "--name", "estate", "--set", "assets=50");
        Result r = run("sync");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("SOURCE").contains("estate").contains("succeeded").contains("50");
        assertThat(r.err()).contains("estate: succeeded");
    }

    @Test
    void syncOfANonexistentSourceIsAnError() {
        Result r = run("sync", "--source", "ghost");
        assertThat(r.code()).isEqualTo(Cli.ERROR);
        assertThat(r.err()).contains("no source named 'ghost'");
    }

    @Test
    void assetsJsonHasTheDocumentedShape() throws Exception {
        estate(40);
        JsonNode all = run("assets", "--json").json();
        assertThat(all).hasSize(40);
        JsonNode a = all.get(0);
        assertThat(a.fieldNames()).toIterable()
                .containsExactly("urn", "kind", "name", "source", "owners", "lastSeen", "gone", "goneAt", "risk");
        JsonNode datasets = run("assets", "--kind", "dataset", "--json").json();
        assertThat(datasets).allSatisfy(n -> assertThat(n.get("kind").asText()).isEqualTo("dataset"));
        JsonNode unowned = run("assets", "--unowned", "--json").json();
        assertThat(unowned).allSatisfy(n -> assertThat(n.get("owners")).isEmpty());
        JsonNode found = run("assets", "--query", a.get("name").asText(), "--json").json();
        assertThat(found.get(0).get("urn").asText()).isEqualTo(a.get("urn").asText());
    }

    @Test
    void assetsSortByTheNamedOrder() throws Exception {
        estate(30);
        List<String> names = new ArrayList<>();
        run("assets", "--json").json().forEach(n -> names.add(n.get("name").asText()));
        List<String> byRisk = new ArrayList<>();
        // no finding anywhere: every asset has the same (no) risk, and the names break the tie
        run("assets", "--sort", "risk", "--json").json().forEach(n -> byRisk.add(n.get("name").asText()));
        assertThat(byRisk).isEqualTo(names);
        JsonNode newest = run("assets", "--sort", "last-seen", "--limit", "5", "--json").json();
        assertThat(newest).hasSize(5);
        Result bad = run("assets", "--sort", "colour");
        assertThat(bad.code()).isEqualTo(Cli.ERROR);
        assertThat(bad.err()).contains("unknown --sort 'colour'", "risk");
    }

    @Test
    void assetsTextIsATable() {
        estate(5);
        Result r = run("assets", "--limit", "3");
        assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("KIND").contains("NAME").contains("URN");
        assertThat(r.out().lines().count()).isEqualTo(4);
        assertThat(r.err()).contains("3 of 5 shown");
    }

    @Test
    void showPrintsOneAssetAndJson() throws Exception {
        estate(30);
        String urn = SyntheticEstate.urn(20).toString();
        Result text = run("show", urn);
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("urn:        " + urn).contains("Upstream (3):");
        JsonNode json = run("show", urn, "--json").json();
        assertThat(json.get("urn").asText()).isEqualTo(urn);
        assertThat(json.get("upstream")).hasSize(3);
        assertThat(json.get("properties").get("team")).isNotNull();
        Result missing = run("show", "tr:model:synthetic:nope");
        assertThat(missing.code()).isEqualTo(Cli.ERROR);
        Result bad = run("show", "not-an-urn");
        assertThat(bad.code()).isEqualTo(Cli.ERROR);
        assertThat(bad.err()).contains("not a Tightrope URN");
    }

    @Test
    void lineageInJsonCsvDotAndSvg() throws Exception {
        estate(60);
        String urn = SyntheticEstate.urn(50).toString();
        JsonNode g = run("lineage", urn, "--up", "--depth", "2").json();
        assertThat(g.get("nodes").size()).isGreaterThan(3);
        assertThat(g.get("edges").size()).isGreaterThanOrEqualTo(3);
        assertThat(g.get("edges").get(0).get("to")).isNotNull();
        for (JsonNode n : g.get("nodes")) {
            assertThat(n.get("depth").asInt()).isBetween(-2, 0);
        }
        String csv = run("lineage", urn, "--format", "csv").out();
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo("from_urn,from_kind,from_name,type,to_urn,to_kind,to_name,source,gone");
        String dot = run("lineage", SyntheticEstate.urn(2).toString(), "--down", "--format", "dot").out();
        assertThat(dot).startsWith("digraph lineage {").contains("->").endsWith("}\n");
        String svg = run("lineage", urn, "--up", "--depth", "2", "--format", "svg").out();
        var xml = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var doc = xml.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        // one route per edge, and the caption names the data it was drawn from
        assertThat(doc.getElementsByTagName("polyline").getLength()).isGreaterThanOrEqualTo(g.get("edges").size());
        assertThat(doc.getElementsByTagName("desc").item(0).getTextContent()).contains("data: sync run ");
        assertThat(run("lineage", urn, "--format", "xml").code()).isEqualTo(Cli.ERROR);
        assertThat(run("lineage", urn, "--up", "--down").code()).isEqualTo(Cli.ERROR);
    }

    @Test
    void ownersAssignedByHandSurviveSync() throws Exception {
        estate(20);
        String urn = SyntheticEstate.urn(3).toString();
        Result assign = run("owners", "assign", urn, "--owner", "dana.whitfield@kestrel.example", "--role", "business_owner");
        assertThat(assign.code()).isZero();
        run("sync", "--full");
        JsonNode owners = run("show", urn, "--json").json().get("owners");
        assertThat(owners).anySatisfy(o -> {
            assertThat(o.get("owner").asText()).isEqualTo("dana.whitfield@kestrel.example");
            assertThat(o.get("provenance").asText()).isEqualTo("manual");
            assertThat(o.get("role").asText()).isEqualTo("business_owner");
        });
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        Result r = run("frobnicate");
        assertThat(r.code()).isEqualTo(Cli.ERROR);
        assertThat(r.err()).contains("Unmatched argument").contains("--help");
        assertThat(run("assets", "--kind", "spaceship").err()).contains("unknown asset kind 'spaceship'");
    }

    @Test
    void guiCommandOpensTheConsole() {
        assertThat(run("gui").code()).isZero();
        assertThat(guiLaunches).containsExactly(dir.toAbsolutePath());
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version").out()).startsWith("Tightrope ");
        assertThat(run("--help").out()).contains("Usage: tightrope").contains("lineage");
    }
}
