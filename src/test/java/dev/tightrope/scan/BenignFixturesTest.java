package dev.tightrope.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files as PyTorch, NumPy, scikit-learn and joblib write them (made once by benign/make_fixtures.py). */
class BenignFixturesTest {

    private static ScanReport report;

    @BeforeAll
    static void scanAll() throws IOException, URISyntaxException {
        Path dir = Path.of(BenignFixturesTest.class.getResource("benign").toURI());
        report = ModelScanner.builder().threads(2).build().scan(dir);
    }

    private static FileScanResult result(String name) {
        return report.files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void noBenignFileIsDangerousOrInvalid() {
        assertThat(report.files()).hasSizeGreaterThan(20);
        assertThat(report.files()).allSatisfy(f -> assertThat(f.verdict()).as(f.name() + " " + f.findings())
                .isIn(Verdict.SAFE, Verdict.SUSPICIOUS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch_state_dict.pt", "torch_checkpoint_views.pt", "torch_state_dict_legacy.pt", "torch_legacy.tar",
        "torchscript_model.pt", "numpy_float.npy", "numpy_int_fortran.npy", "numpy_structured.npy", "numpy_arrays.npz",
        "numpy_arrays_compressed.npz", "joblib_object_array.joblib", "plain_data_protocol0.pkl", "plain_data_protocol1.pkl",
        "plain_data_protocol5.pkl"})
    void pytorchAndNumpyFilesAreSafe(String name) {
        FileScanResult r = result(name);
        assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.SAFE);
        assertThat(r.sha256()).hasSize(64);
    }

    @Test
    void formatsAreDetectedByContent() {
        assertThat(result("torch_state_dict.pt").format()).isEqualTo(ModelFormat.PYTORCH_ZIP);
        assertThat(result("torchscript_model.pt").format()).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(result("torch_state_dict_legacy.pt").format()).isEqualTo(ModelFormat.PYTORCH_LEGACY);
        assertThat(result("torch_legacy.tar").format()).isEqualTo(ModelFormat.PYTORCH_LEGACY_TAR);
        assertThat(result("numpy_arrays.npz").format()).isEqualTo(ModelFormat.NUMPY_NPZ);
        assertThat(result("numpy_float.npy").format()).isEqualTo(ModelFormat.NUMPY_NPY);
        assertThat(result("sklearn_pipeline.joblib").format()).isEqualTo(ModelFormat.JOBLIB);
        assertThat(result("sklearn_pipeline.joblib.zlib").format()).isEqualTo(ModelFormat.JOBLIB);
        assertThat(result("plain_data_protocol0.pkl").format()).isEqualTo(ModelFormat.PICKLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sklearn_logreg.pkl", "sklearn_pipeline_protocol2.pkl", "sklearn_pipeline.joblib",
        "sklearn_pipeline.joblib.zlib", "sklearn_pipeline.joblib.gzip", "sklearn_pipeline.joblib.bz2", "sklearn_pipeline.joblib.xz",
        "sklearn_pipeline.joblib.lzma", "sklearn_pipeline.joblib.lz4"})
    void sklearnEstimatorsAreSuspiciousForTheirImportsOnly(String name) {
        FileScanResult r = result(name);
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(r.findings()).allSatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("pickle.unknown-import");
            assertThat(f.evidence()).startsWith("sklearn.");
        });
    }

    @Test
    void joblibArraysAreSkippedAndTheWholePickleIsRead() {
        assertThat(result("sklearn_pipeline.joblib").findings()).extracting(ScanFinding::evidence)
                .contains("sklearn.tree._tree.Tree");
    }

    @Test
    void objectNpyIsSuspiciousButItsPickleIsClean() {
        FileScanResult r = result("numpy_object.npy");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(r.findings()).extracting(ScanFinding::ruleId).containsExactly("npy.object-array");
    }

    @Test
    void directoryScanYieldsTheModelManifest() {
        assertThat(report.manifest()).isNotNull();
        assertThat(report.manifest().modelName()).isEqualTo("benign");
        assertThat(report.manifest().resources()).hasSize(report.files().size());
        assertThat(report.manifest().resources().get(0).name()).isEqualTo("joblib_object_array.joblib");
    }
}
