package dev.tightrope.ui.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.ImpactSet;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.Tightrope;
import dev.tightrope.service.lineage.ExportFormat;
import dev.tightrope.service.lineage.GraphView;
import dev.tightrope.ui.common.NotificationCenter;
import dev.tightrope.ui.common.UiExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lineage explorer's view model on the demo estate, without a toolkit: every task runs at once on the test's thread. */
class LineageViewModelTest {
    static final String FRAUD_V3 = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3";
    static final String IMAGE = "tr:container_image:openlineage:oci://registry.kestrel.example/kestrel/fraud-scoring:3.0.0"
            + "@sha256:d46c0b26a89e14f7273b8e39321b3d1fd239303574a1bdf35d29d83df6d9d03e";
    static final String TRAINING_SET = "tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set";

    @TempDir
    static Path dir;

    static Tightrope t;
    NotificationCenter notifications;
    List<String> opened;
    LineageViewModel vm;

    @BeforeAll
    static void load() {
        t = demo(dir);
    }

    /** A workspace with the demo estate loaded, in {@code dir}. */
    static Tightrope demo(Path dir) {
        Tightrope t = Tightrope.open(dir.resolve("ws"));
        new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
        return t;
    }

    @AfterAll
    static void close() {
        t.close();
    }

    @BeforeEach
    void viewModel() {
        notifications = new NotificationCenter();
        opened = new ArrayList<>();
        vm = new LineageViewModel(t.lineage(), t.lineageView(), UiExecutor.currentThread(notifications::error), notifications, opened::add);
    }

    GraphView view() {
        return vm.sceneProperty().get().layout().view();
    }

    List<String> ids() {
        return view().nodes().stream().map(GraphView.Node::id).toList();
    }

    @Test
    void opensAtDepthOneAndExpandsAndCollapsesOneBox() {
        vm.open(FRAUD_V3);
        assertThat(vm.problemProperty().get()).isNull();
        assertThat(view().nodes()).allSatisfy(n -> assertThat(Math.abs(n.depth())).as(n.name()).isLessThanOrEqualTo(1));
        assertThat(ids()).contains(FRAUD_V3, IMAGE, TRAINING_SET);
        assertThat(view().nodes()).noneMatch(n -> n.kind() == AssetKind.DEPLOYMENT);
        assertThat(vm.statusProperty().get()).contains("boxes").contains("edges");

        vm.expand(IMAGE);
        assertThat(view().nodes()).anyMatch(n -> n.kind() == AssetKind.DEPLOYMENT && n.depth() == 2);

        vm.collapse(IMAGE);
        assertThat(view().nodes()).noneMatch(n -> n.kind() == AssetKind.DEPLOYMENT);
        assertThat(ids()).contains(IMAGE);
    }

    @Test
    void depthShowsMoreAndAFilterPassesThroughHiddenAssets() {
        vm.open(FRAUD_V3);
        vm.setDepth(3);
        assertThat(view().nodes()).anyMatch(n -> n.kind() == AssetKind.DEPLOYMENT);
        int all = view().nodes().size();

        vm.kinds().add(AssetKind.DEPLOYMENT);
        vm.kinds().add(AssetKind.DATASET);
        assertThat(view().nodes()).allSatisfy(n -> assertThat(n.id().equals(FRAUD_V3) || n.kind() == AssetKind.DEPLOYMENT
                || n.kind() == AssetKind.DATASET).as(n.name()).isTrue());
        assertThat(view().hiddenNodes()).isPositive();
        assertThat(view().nodes().size()).isLessThan(all);
        // the model reaches its deployment through the hidden image: one edge says how many it skips
        assertThat(view().edges()).anySatisfy(e -> {
            assertThat(e.from()).isEqualTo(FRAUD_V3);
            assertThat(view().node(e.to()).kind()).isEqualTo(AssetKind.DEPLOYMENT);
            assertThat(e.type()).isNull();
            assertThat(e.skipped()).isPositive();
        });
        assertThat(vm.statusProperty().get()).contains("hidden by filters");

        vm.kinds().clear();
        assertThat(view().nodes()).hasSize(all);
    }

    @Test
    void impactListsEverythingDownstreamWithDeploymentsFirstAndHighlightsIt() {
        vm.open(FRAUD_V3);
        vm.showImpact(FRAUD_V3);
        assertThat(vm.modeProperty().get()).isEqualTo(LineageViewModel.Mode.IMPACT);
        List<ImpactSet.Item> items = vm.impactItems();
        assertThat(items).isNotEmpty();
        assertThat(items.get(0).kind()).isEqualTo(AssetKind.DEPLOYMENT);
        assertThat(vm.highlightSummaryProperty().get()).contains("downstream").contains("deployment");
        assertThat(vm.marksProperty().get().emphasised()).contains(FRAUD_V3, IMAGE).doesNotContain(TRAINING_SET);
        assertThat(vm.marksProperty().get().emphasisedEdges()).isNotEmpty();

        vm.clearHighlight();
        assertThat(vm.marksProperty().get().highlighting()).isFalse();
        assertThat(vm.impactItems()).isEmpty();
    }

    @Test
    void pathBetweenTwoAssetsLoadsAndHighlightsTheChain() {
        vm.open(FRAUD_V3);
        String deployment = t.lineage().impact(dev.tightrope.domain.Urn.parse(FRAUD_V3)).orElseThrow().deployments().get(0).urn();
        assertThat(ids()).doesNotContain(deployment);

        vm.pathFrom(TRAINING_SET);
        assertThat(vm.choosingPath()).isTrue();
        vm.pathTo(deployment);

        // the shortest chain, whichever models it runs through, is all shown and all highlighted
        var chain = t.lineage().path(dev.tightrope.domain.Urn.parse(TRAINING_SET), dev.tightrope.domain.Urn.parse(deployment)).orElseThrow();
        List<String> onChain = chain.nodes().stream().map(dev.tightrope.domain.LineageGraph.Node::urn).toList();
        assertThat(onChain).contains(TRAINING_SET, deployment);
        assertThat(ids()).containsAll(onChain).contains(FRAUD_V3);
        assertThat(vm.marksProperty().get().emphasised()).containsExactlyInAnyOrderElementsOf(onChain);
        assertThat(vm.marksProperty().get().emphasisedEdges()).hasSizeGreaterThanOrEqualTo(chain.edges().size() - 1);
        assertThat(vm.highlightSummaryProperty().get()).startsWith("Path of ");
    }

    @Test
    void searchFocusesTheNextMatchAndArrowsMoveTheSelection() {
        vm.open(FRAUD_V3);
        vm.searchTextProperty().set("fraud-scoring:3.0.0");
        assertThat(vm.marksProperty().get().matches()).containsExactly(IMAGE);
        vm.focusNextMatch();
        assertThat(vm.selectedProperty().get()).isEqualTo(IMAGE);
        assertThat(vm.focusRequestProperty().get()).isEqualTo(IMAGE);

        vm.select(FRAUD_V3);
        vm.moveSelection(-1, 0);
        String left = vm.selectedProperty().get();
        assertThat(view().node(left).depth()).isNegative();
        vm.moveSelection(1, 0);
        assertThat(vm.selectedProperty().get()).isEqualTo(FRAUD_V3);
    }

    @Test
    void exportWritesWhatIsShownAndSaysWhereAndWhichData() throws Exception {
        vm.open(FRAUD_V3);
        Path csv = dir.resolve("vm-export.csv");
        vm.export(ExportFormat.CSV, csv, false);
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.stream().filter(r -> r.startsWith("node,"))).hasSize(view().nodes().size());
        assertThat(notifications.statusProperty().get()).contains("Exported").contains(csv.toString()).contains("audit log entry")
                .contains("sync run");
    }

    @Test
    void anAssetThatIsNotThereSaysSo() {
        vm.open("tr:dataset:openlineage:s3://nowhere/none");
        assertThat(vm.problemProperty().get()).contains("No asset").contains("s3://nowhere/none");
        assertThat(vm.sceneProperty().get()).isNull();
        vm.open("not a urn");
        assertThat(vm.problemProperty().get()).contains("not an asset URN");
    }
}
