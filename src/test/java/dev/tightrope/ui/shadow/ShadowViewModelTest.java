package dev.tightrope.ui.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.scan.localmodels.CacheFixtures;
import dev.tightrope.scan.mcp.Allowlist;
import dev.tightrope.service.DemoLaptop;
import dev.tightrope.service.ShadowService;
import dev.tightrope.ui.common.TestConsole;
import dev.tightrope.ui.shadow.ShadowViewModel.Classification;
import dev.tightrope.ui.shell.AppModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ShadowViewModelTest {
    @TempDir
    Path dir;
    private TestConsole console;
    private Path laptops;

    @AfterEach
    void close() {
        console.close();
    }

    private ShadowViewModel onTheLaptop() {
        console = TestConsole.open(dir.resolve("ws"), 0);
        laptops = DemoLaptop.copyInto(dir);
        console.tightrope.sources().add(DemoLaptop.source("priya-laptop", laptops));
        console.tightrope.sources().sync("priya-laptop", true, SyncListener.NONE, new Cancellation());
        ShadowViewModel vm = new ShadowViewModel(console.app);
        vm.refresh();
        return vm;
    }

    @Test
    void aWorkspaceWithoutADiscoverySourceOffersOne() {
        console = TestConsole.open(dir.resolve("ws"), 0);
        ShadowViewModel vm = new ShadowViewModel(console.app);
        vm.refresh();
        assertThat(vm.hasSourceProperty().get()).isFalse();
        assertThat(vm.shown()).isEmpty();
        vm.addSource();
        assertThat(console.app.viewProperty().get()).isEqualTo(AppModel.View.SOURCES);
    }

    @Test
    void theChipsCountEveryClassificationAndFilterByIt() {
        ShadowViewModel vm = onTheLaptop();
        assertThat(vm.hasSourceProperty().get()).isTrue();
        int all = vm.servers().size();
        assertThat(all).isEqualTo(vm.count(Classification.APPROVED).get() + vm.count(Classification.APPROVED_UNPINNED).get()
                + vm.count(Classification.NAME_ONLY).get() + vm.count(Classification.UNREGISTERED).get());
        assertThat(vm.count(Classification.UNREGISTERED).get()).isEqualTo(1);
        // jira-mcp-community and the typosquat @modelcontext-protocol/server-postgres borrow approved names
        assertThat(vm.count(Classification.NAME_ONLY).get()).isEqualTo(2);

        vm.classificationProperty().set(Classification.NAME_ONLY);
        assertThat(vm.shown()).hasSize(2).allSatisfy(s -> assertThat(s.classification()).isEqualTo("name-only"));
        vm.clientProperty().set("Cursor");
        assertThat(vm.shown()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("jira"));
        vm.clearFilters();
        assertThat(vm.shown()).hasSize(all);
    }

    @Test
    void theFilterChoicesAreTheServersClientsMachinesAndOwners() {
        ShadowViewModel vm = onTheLaptop();
        assertThat(vm.clients()).contains("Cursor", "VS Code");
        assertThat(vm.machines()).containsExactly("priya-linux");
        assertThat(vm.owners()).containsExactly("priya.natarajan@kestrel.example");
        vm.ownerProperty().set("nobody@kestrel.example");
        assertThat(vm.shown()).isEmpty();
    }

    @Test
    void selectingAServerReadsItsPlacesAndFindings() {
        ShadowViewModel vm = onTheLaptop();
        ShadowService.Server excel = server(vm, "excel-helper");
        vm.selectedProperty().set(excel);
        ShadowService.Detail d = vm.detailProperty().get();
        assertThat(d.server()).isEqualTo(excel);
        assertThat(d.places()).singleElement().satisfies(p -> assertThat(p.envKeys()).containsExactly("PERPLEXITY_API_KEY"));
        assertThat(d.findings()).isNotEmpty();
        assertThat(vm.configUri(d.places().get(0))).startsWith("file:").endsWith("mcp.json");
        vm.openInInventory();
        assertThat(console.app.inventoryTargetProperty().get().urn()).isEqualTo(excel.urn().toString());
    }

    @Test
    void approvingWritesTheAllowlistResyncsAndKeepsTheServerSelected() throws Exception {
        ShadowViewModel vm = onTheLaptop();
        ShadowService.Server jira = server(vm, "jira");
        assertThat(jira.classification()).isEqualTo("name-only");
        assertThat(ShadowViewModel.suggestedVersion(jira)).isEqualTo("0.9.1");
        vm.selectedProperty().set(jira);
        int version = console.app.dataVersionProperty().get();

        vm.approve("Ravi Kapoor", "0.9.1");

        assertThat(console.app.dataVersionProperty().get()).isGreaterThan(version);
        assertThat(console.notifications.statusProperty().get()).contains("Approved jira 0.9.1").contains("re-synced");
        assertThat(Allowlist.parse(Files.readAllBytes(DemoLaptop.allowlist(laptops))).servers())
                .anySatisfy(s -> assertThat(s.name()).isEqualTo("local.tightrope/jira-mcp-community"));
        vm.refresh();
        assertThat(server(vm, "jira").classification()).isEqualTo("approved");
        assertThat(vm.selectedProperty().get().classification()).isEqualTo("approved");
        assertThat(vm.detailProperty().get().cannotApprove()).contains("approved already");
        assertThat(vm.count(Classification.NAME_ONLY).get()).isEqualTo(1);
    }

    @Test
    void aRefusedApprovalIsReportedWithItsReason() throws Exception {
        ShadowViewModel vm = onTheLaptop();
        Files.writeString(DemoLaptop.allowlist(laptops), "{ not json");
        vm.selectedProperty().set(server(vm, "jira"));
        vm.approve("Ravi Kapoor", "0.9.1");
        assertThat(console.errors()).singleElement().satisfies(n -> assertThat(n.text()).contains("is not valid"));
        assertThat(Files.readString(DemoLaptop.allowlist(laptops))).isEqualTo("{ not json");
    }

    @Test
    void theViewOpensOnTheServersAndItsOtherSectionsAreReadWithThem() {
        ShadowViewModel vm = onTheLaptop();
        assertThat(vm.sectionProperty().get()).isEqualTo(ShadowViewModel.Section.SERVERS);
        assertThat(vm.skills().skills()).extracting(ShadowService.Skill::name).contains("xlsx-summary");
        assertThat(vm.skills().criticalCount().get()).isEqualTo(1);
        // Priya's laptop holds no model cache and no model file in its repository
        assertThat(vm.models().models()).isEmpty();
    }

    @Test
    void theSkillFiltersNarrowByClientMachineOwnerAndFindings() {
        ShadowViewModel vm = onTheLaptop();
        SkillsSectionViewModel skills = vm.skills();
        int all = skills.skills().size();
        assertThat(skills.clients()).contains("Claude Code");
        assertThat(skills.machines()).containsExactly("priya-linux");
        skills.withFindingsProperty().set(true);
        assertThat(skills.shown()).hasSize(skills.withFindingsCount().get()).allSatisfy(s -> assertThat(s.findings()).isPositive())
                .extracting(ShadowService.Skill::name).contains("xlsx-summary");
        skills.clientProperty().set("Cursor");
        assertThat(skills.shown()).noneMatch(s -> s.name().equals("xlsx-summary"));
        skills.clearFilters();
        assertThat(skills.shown()).hasSize(all);
        skills.ownerProperty().set("nobody@kestrel.example");
        assertThat(skills.shown()).isEmpty();
        // the servers' filters are their own
        assertThat(vm.shown()).hasSize(vm.servers().size());
    }

    @Test
    void selectingASkillReadsItsFindingsAndBundledScriptAndOpensItsSkillFile() {
        ShadowViewModel vm = onTheLaptop();
        SkillsSectionViewModel skills = vm.skills();
        ShadowService.Skill xlsx = skills.skills().stream().filter(s -> s.name().equals("xlsx-summary")).findFirst().orElseThrow();
        assertThat(SkillsSectionViewModel.kindLabel(xlsx.kind())).isEqualTo("Skill");
        assertThat(SkillsSectionViewModel.place(xlsx)).isEqualTo("priya-linux");
        skills.selectedProperty().set(xlsx);
        ShadowService.SkillDetail d = skills.detailProperty().get();
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.finding().ruleId()).isEqualTo("skill.script-exfiltration"));
        assertThat(d.bundled()).singleElement().satisfies(b -> assertThat(b.executable()).isTrue());
        assertThat(skills.fileUri()).startsWith("file:").endsWith("xlsx-summary/SKILL.md");
        skills.openInInventory();
        assertThat(console.app.inventoryTargetProperty().get().urn()).isEqualTo(xlsx.urn().toString());

        vm.refresh();
        assertThat(skills.selectedProperty().get()).isEqualTo(xlsx);
        assertThat(skills.detailProperty().get()).isNotNull();
    }

    @Test
    void localModelsSayWhetherARegistryKnowsThemAndFilterToTheUnknownOnes() throws Exception {
        console = TestConsole.open(dir.resolve("ws"), 0);
        laptops = DemoLaptop.copyInto(dir);
        Path home = laptops.resolve("priya-linux");
        CacheFixtures.ollama(home, "library", "llama3.2", "latest", CacheFixtures.gguf());
        Files.write(home.resolve("code/credit-risk/scorer.pkl"), CacheFixtures.maliciousPickle());
        console.tightrope.sources().add(DemoLaptop.source("priya-laptop", laptops));
        console.tightrope.sources().sync("priya-laptop", true, SyncListener.NONE, new Cancellation());
        ShadowViewModel vm = new ShadowViewModel(console.app);
        vm.refresh();

        LocalModelsSectionViewModel models = vm.models();
        assertThat(models.models()).extracting(ShadowService.LocalModel::identity)
                .containsExactly("llama3.2:latest", "~/code/credit-risk/scorer.pkl");
        assertThat(models.unregisteredCount().get()).isEqualTo(2);
        assertThat(models.caches()).containsExactly("loose file", "Ollama");
        assertThat(LocalModelsSectionViewModel.registration(models.models().get(0)))
                .satisfies(b -> assertThat(b.text()).isEqualTo("not in any registry"));
        models.withFindingsProperty().set(true);
        assertThat(models.shown()).singleElement().satisfies(m -> assertThat(m.verdict()).isEqualTo("DANGEROUS"));
        models.clearFilters();
        models.cacheProperty().set("Ollama");
        models.selectedProperty().set(models.shown().get(0));
        assertThat(models.detailProperty().get().files()).singleElement().satisfies(f -> assertThat(f.format()).isNotBlank());
        models.openInInventory();
        assertThat(console.app.inventoryTargetProperty().get().urn()).isEqualTo(models.shown().get(0).urn().toString());
    }

    private static ShadowService.Server server(ShadowViewModel vm, String name) {
        return vm.servers().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aProbeShowsTheExactLaunchWithTheKeyMaskedBeforeAnythingStarts() {
        ShadowViewModel vm = onTheLaptop();
        vm.selectedProperty().set(vm.servers().stream().filter(s -> s.name().equals("excel-helper")).findFirst().orElseThrow());
        java.util.concurrent.atomic.AtomicReference<ShadowViewModel.ProbeRequest> asked = new java.util.concurrent.atomic.AtomicReference<>();
        vm.prepareProbe(asked::set);
        assertThat(asked.get()).as(String.valueOf(console.shown())).isNotNull();

        ShadowViewModel.ProbeRequest r = asked.get();
        assertThat(r.startsAProcess()).isTrue();
        assertThat(r.commandLine()).isEqualTo("uvx excel-mcp-server");
        assertThat(r.environment()).singleElement().satisfies(e -> assertThat(e).startsWith("PERPLEXITY_API_KEY=")
                .doesNotContain("KestrelDemoNotARealKey"));
        // nothing was started: preparing reads the config only
        assertThat(console.tightrope.audit().entries(new dev.tightrope.domain.AuditQuery(null, "mcp.probe", null, null, null, 0, 5)))
                .isEmpty();
    }
}
