package dev.tightrope.ui.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.GateResult;
import dev.tightrope.ui.common.TestConsole;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asset detail's promotion policy section: every stage's verdict about a release, nothing for an asset that is none. */
class PolicySectionViewModelTest {

    @TempDir
    Path dir;

    @Test
    void aReleaseShowsEachStageWithTheDefaultFirstAndAnAssetWithoutADigestShowsNothing() {
        try (TestConsole console = TestConsole.open(dir, 0)) {
            new DemoWorkspace(console.tightrope).load(SyncListener.NONE, new Cancellation());
            PolicySectionViewModel vm = new PolicySectionViewModel(console.app);
            String credit = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/credit-risk-xgb/7";
            vm.show(credit);
            PolicySectionViewModel.Verdicts v = vm.verdictsProperty().get();
            assertThat(v.urn()).isEqualTo(credit);
            assertThat(v.stages()).extracting(PolicySectionViewModel.StageVerdict::stage).containsExactly("production", "staging");
            assertThat(v.stages().get(0).gate().outcome()).isEqualTo(GateResult.Outcome.FAIL);
            assertThat(v.stages().get(0).gate().rules()).filteredOn(r -> !r.passed()).extracting(GateResult.Rule::name)
                    .containsExactly("approvals", "role security");
            assertThat(v.stages().get(1).gate().outcome()).isEqualTo(GateResult.Outcome.PASS);
            assertThat(v.stages().get(0).gate().rules()).isEqualTo(console.tightrope.policy().check(credit, "production").rules());

            String dataset = "tr:dataset:openlineage:s3://kestrel-datalake/features/credit_features";
            assertThat(console.tightrope.inventory().find(Urn.parse(dataset))).isPresent();
            vm.show(dataset);
            assertThat(vm.verdictsProperty().get()).isNull();
            assertThat(vm.errorProperty().get()).isNull();
        }
    }
}
