package dev.tightrope.scan.pickle;

import static dev.tightrope.scan.testing.PickleWriter.INERT_COMMAND;
import static dev.tightrope.scan.testing.ScanHarness.evidence;
import static dev.tightrope.scan.testing.ScanHarness.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanFinding;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.testing.PickleWriter;
import dev.tightrope.scan.testing.ScanHarness;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every route from a pickle to a call, and the operand, memo, stream and naming tricks of reference sections 2 and 8. */
class PickleTechniquesTest {

    @TempDir
    Path dir;
    ScanHarness harness;

    @BeforeEach
    void setUp() {
        harness = new ScanHarness(dir);
    }

    private FileScanResult scan(byte[] pickle) {
        return harness.scan("model.pkl", pickle);
    }

    // ---- call routes -------------------------------------------------------------------------

    @Test
    void reduceOfPosixSystemIsDangerous() {
        FileScanResult r = scan(PickleWriter.reduceCall("posix", "system"));
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.format()).isEqualTo(ModelFormat.PICKLE);
        ScanFinding f = r.findings().get(0);
        assertThat(f.ruleId()).isEqualTo("pickle.denied-import");
        assertThat(f.evidence()).isEqualTo("posix.system");
        assertThat(f.message()).contains("os.system");
        assertThat(f.offset()).isEqualTo(2);
    }

    @Test
    void stackGlobalFromShortUnicodeIsDangerous() {
        byte[] p = PickleWriter.proto(4).shortUnicode("os").shortUnicode("system").stackGlobal()
                .shortUnicode(INERT_COMMAND).tuple1().reduce().stop().bytes();
        assertThat(evidence(scan(p))).contains("os.system");
        assertThat(scan(p).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void instOpcodeImportAndCallIsDangerous_picklescan22() {
        byte[] p = PickleWriter.bare().mark().string(INERT_COMMAND).inst("os", "system").stop().bytes();
        FileScanResult r = scan(p);
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings().get(0).message()).startsWith("INST imports os.system");
    }

    @Test
    void objOpcodeCallIsDangerous() {
        byte[] p = PickleWriter.proto(2).mark().global("subprocess", "check_output").shortUnicode(INERT_COMMAND).obj().stop().bytes();
        assertThat(scan(p).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void poppedObjCallIsStillDangerous_GHSA_mxhj_88fx_4pcv() {
        byte[] p = PickleWriter.proto(2).mark().global("os", "system").shortUnicode(INERT_COMMAND).obj().pop()
                .none().stop().bytes();
        assertThat(scan(p).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void newobjAndNewobjExOfDeniedClassesAreDangerous() {
        byte[] newobj = PickleWriter.proto(2).global("subprocess", "Popen").shortUnicode(INERT_COMMAND).tuple1().newobj().stop().bytes();
        byte[] newobjEx = PickleWriter.proto(4).global("subprocess", "Popen").shortUnicode(INERT_COMMAND).tuple1().emptyDict()
                .newobjEx().stop().bytes();
        assertThat(scan(newobj).verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(scan(newobjEx).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void buildSetattrOnImportedObjectIsDangerous_modelscan85() {
        byte[] p = PickleWriter.proto(2).global("collections", "OrderedDict").none().emptyDict()
                .shortUnicode("__reduce__").global("builtins", "set").setitem().tuple2().build().stop().bytes();
        FileScanResult r = scan(p);
        assertThat(rules(r)).contains("pickle.build-on-global");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void buildOnAllowedInstanceIsSafe() {
        byte[] p = PickleWriter.proto(2).global("collections", "OrderedDict").emptyTuple().reduce().emptyDict().build().stop().bytes();
        assertThat(scan(p).verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void appendsOnImportedObjectCallsItsMethodAndIsDangerous() {
        byte[] p = PickleWriter.proto(2).global("collections", "OrderedDict").mark().binint1(1).appends().stop().bytes();
        assertThat(rules(scan(p))).contains("pickle.method-call-on-global");
    }

    // ---- memo and operand tricks ----------------------------------------------------------------

    @Test
    void stackGlobalOperandsFromMemoAreResolved_picklescan22() {
        byte[] p = PickleWriter.proto(4).shortUnicode("builtins").memoize().shortUnicode("len").memoize().pop().pop()
                .shortUnicode("os").binput(0).pop().shortUnicode("system").binput(1).pop()
                .binget(0).binget(1).stackGlobal().shortUnicode(INERT_COMMAND).tuple1().reduce().stop().bytes();
        FileScanResult r = scan(p);
        assertThat(evidence(r)).containsExactly("os.system");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void textMemoOpcodesResolveTheSameWay() {
        byte[] p = PickleWriter.bare().string("os").put(5).pop().string("system").put(6).pop().get(5).get(6)
                .op(0x93).string(INERT_COMMAND).op(0x85).reduce().stop().bytes();
        assertThat(evidence(scan(p))).containsExactly("os.system");
    }

    @Test
    void stackGlobalFromStringOpcodeIsDangerous_GHSA_9gvj_pp9x_gcfr() {
        byte[] p = PickleWriter.proto(2).string("os").string("system").stackGlobal().string(INERT_COMMAND).tuple1().reduce().stop().bytes();
        assertThat(evidence(scan(p))).contains("os.system");
    }

    @Test
    void stackGlobalWithIntOperandIsDangerousNotACrash_modelscan338() {
        byte[] p = PickleWriter.proto(4).binint1(7).shortUnicode("system").stackGlobal().stop().bytes();
        FileScanResult r = scan(p);
        assertThat(rules(r)).contains("pickle.unresolvable-import");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void stackGlobalWithBytesOrCallResultOperandIsDangerous() {
        byte[] bytes = PickleWriter.proto(4).shortBinbytes("os".getBytes(StandardCharsets.US_ASCII)).shortUnicode("system").stackGlobal()
                .stop().bytes();
        byte[] call = PickleWriter.proto(4).global("collections", "OrderedDict").emptyTuple().reduce().shortUnicode("system")
                .stackGlobal().stop().bytes();
        assertThat(rules(scan(bytes))).contains("pickle.unresolvable-import");
        assertThat(rules(scan(call))).contains("pickle.unresolvable-import");
    }

    @Test
    void missingMemoKeyIsDangerous_PR52() {
        byte[] p = PickleWriter.proto(2).binget(9).shortUnicode("system").stackGlobal().stop().bytes();
        FileScanResult r = scan(p);
        assertThat(rules(r)).contains("pickle.missing-memo");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void memoOverwriteIsTracked() {
        byte[] p = PickleWriter.proto(4).shortUnicode("collections").binput(0).pop().shortUnicode("os").binput(0).pop()
                .binget(0).shortUnicode("system").stackGlobal().stop().bytes();
        assertThat(evidence(scan(p))).containsExactly("os.system");
    }

    @Test
    void valuesBelowAMarkAreOutOfReach() {
        byte[] p = PickleWriter.proto(4).shortUnicode("os").mark().shortUnicode("system").stackGlobal().stop().bytes();
        FileScanResult r = scan(p);
        assertThat(rules(r)).contains("pickle.malformed");
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void memoExpansionBombIsSuspicious() {
        PickleWriter w = PickleWriter.proto(2).emptyList().binput(0);
        for (int i = 0; i < 2000; i++) {
            w.binget(0).pop();
        }
        FileScanResult r = scan(w.stop().bytes());
        assertThat(rules(r)).contains("pickle.expansion-bomb");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void manyDupsAreSuspicious() {
        PickleWriter w = PickleWriter.proto(2).emptyList();
        for (int i = 0; i < 150; i++) {
            w.dup().pop();
        }
        assertThat(rules(scan(w.stop().bytes()))).contains("pickle.expansion-bomb");
    }

    // ---- stream tricks --------------------------------------------------------------------------

    @Test
    void payloadInASecondPickleAfterStopIsDangerous() {
        byte[] first = PickleWriter.proto(2).none().stop().bytes();
        byte[] second = PickleWriter.reduceCall("os", "system");
        FileScanResult r = scan(concat(first, second));
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings().get(0).offset()).isEqualTo(first.length + 2);
    }

    @Test
    void trailingBytesThatAreNoPickleAreSuspicious() {
        byte[] p = concat(PickleWriter.proto(2).none().stop().bytes(), new byte[] {(byte) 0xff, 0x00, 0x13, 0x37});
        FileScanResult r = scan(p);
        assertThat(rules(r)).containsExactly("pickle.trailing-data");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void truncatedPickleKeepsTheImportsBeforeTheCut() {
        byte[] full = PickleWriter.reduceCall("os", "system");
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
        FileScanResult r = scan(cut);
        assertThat(rules(r)).contains("pickle.denied-import", "pickle.truncated");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void operandStraddlingTheFrameEndIsDangerous_ficklingBypasses() {
        byte[] body = PickleWriter.bare().shortUnicode("os").shortUnicode("system").stackGlobal().stop().bytes();
        byte[] p = PickleWriter.proto(4).frame(5).raw(body).bytes();
        FileScanResult r = scan(p);
        assertThat(rules(r)).contains("pickle.frame-straddle", "pickle.denied-import");
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void wellFramedPickleIsSafe() {
        byte[] body = PickleWriter.bare().emptyList().memoize().binint1(3).append().stop().bytes();
        byte[] p = PickleWriter.proto(4).frame(body.length).raw(body).bytes();
        assertThat(scan(p).verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void protoThatIsNotFirstIsSuspicious() {
        byte[] p = PickleWriter.proto(2).none().op(0x80).u8(2).pop().none().stop().bytes();
        assertThat(rules(scan(p))).containsExactly("pickle.misplaced-proto");
    }

    @Test
    void protocol0PickleWithoutMagicNamedBinIsDangerous_GHSA_jgw4_cr84_mqxg() {
        byte[] p = ("cos\nsystem\n(S'" + INERT_COMMAND + "'\ntR.").getBytes(StandardCharsets.US_ASCII);
        FileScanResult r = harness.scan("adapter_model.bin", p);
        assertThat(r.format()).isEqualTo(ModelFormat.PICKLE);
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void extensionRegistryOpcodeIsSuspicious() {
        FileScanResult r = scan(PickleWriter.proto(2).ext1(42).emptyTuple().reduce().stop().bytes());
        assertThat(rules(r)).contains("pickle.extension-code", "pickle.call-on-unknown");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void outOfBandBufferIsSuspicious() {
        assertThat(rules(scan(PickleWriter.proto(5).nextBuffer().stop().bytes()))).containsExactly("pickle.out-of-band-buffer");
    }

    @Test
    void nonStoragePersistentIdIsSuspicious() {
        FileScanResult r = scan(PickleWriter.proto(2).shortUnicode("whatever").binpersid().stop().bytes());
        assertThat(rules(r)).containsExactly("pickle.persistent-id");
    }

    @Test
    void compressedPickleInsideBytesIsScanned_modelscan267() throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(PickleWriter.reduceCall("os", "system"));
        }
        byte[] p = PickleWriter.proto(2).global("_pickle", "loads").global("zlib", "decompress").binbytes(z.toByteArray()).tuple1()
                .reduce().tuple1().reduce().stop().bytes();
        FileScanResult r = scan(p);
        assertThat(evidence(r)).contains("_pickle.loads", "os.system");
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.evidence()).isEqualTo("os.system");
            assertThat(f.member()).startsWith("bytes@").endsWith("zlib");
        });
    }

    @Test
    void plainPickleInsideBytesIsScanned() {
        byte[] p = PickleWriter.proto(2).binbytes(PickleWriter.reduceCall("os", "system")).stop().bytes();
        assertThat(scan(p).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    // ---- names ---------------------------------------------------------------------------------

    @Test
    void submoduleOfADeniedModuleIsDangerous_GHSA_f7qq_56ww_84cr() {
        assertThat(scan(PickleWriter.reduceCall("asyncio.unix_events", "_UnixSubprocessTransport._start")).verdict())
                .isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void dottedNameReachingOsSystemThroughPathlibIsDangerous_GHSA_5j3x_jp52_966f() {
        byte[] p = PickleWriter.proto(4).shortUnicode("pathlib").shortUnicode("os.system").stackGlobal()
                .shortUnicode(INERT_COMMAND).tuple1().reduce().stop().bytes();
        FileScanResult r = scan(p);
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.findings().get(0).message()).contains("denied as os");
    }

    @Test
    void dunderComponentIsDangerous_modelscan89() {
        FileScanResult r = scan(PickleWriter.reduceCall("numpy", "__builtins__.get"));
        assertThat(rules(r)).contains("pickle.dunder-import");
    }

    @Test
    void everyDottedPrefixIsCheckedNotJustTheFullName_GHSA_q5qq_mvfm_j35x() {
        assertThat(scan(PickleWriter.reduceCall("os.path", "join")).verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(scan(PickleWriter.reduceCall("shutil", "rmtree")).verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(scan(PickleWriter.reduceCall("torch", "hub.load")).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void buildStateReachingInterpretersIsDangerous_GHSA_6ggj_6f2q_f7mx() {
        byte[] p = PickleWriter.proto(2).global("collections", "OrderedDict").emptyTuple().reduce()
                .global("_interpreters", "run_string").shortUnicode(PickleWriter.INERT_COMMAND).tuple1().reduce().build().stop().bytes();
        assertThat(evidence(scan(p))).contains("_interpreters.run_string");
        assertThat(scan(p).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void builtinsImportedWithoutACallAreStillDenied_GHSA_h4rm_mm56_xf63() {
        byte[] p = PickleWriter.proto(2).global("builtins", "exec").pop().none().stop().bytes();
        assertThat(scan(p).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void builtinsThroughPython2NameAreDenied() {
        assertThat(evidence(scan(PickleWriter.reduceCall("__builtin__", "eval")))).contains("__builtin__.eval");
        assertThat(scan(PickleWriter.reduceCall("__builtin__", "eval")).verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(scan(PickleWriter.reduceCall("builtins", "getattr")).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void builtinConstructorsOnTheAllowListAreSafe() {
        byte[] p = PickleWriter.proto(2).global("builtins", "set").emptyList().tuple1().reduce().stop().bytes();
        assertThat(scan(p).verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void pipMainIsDangerous_CVE_2025_1716() {
        assertThat(scan(PickleWriter.reduceCall("pip", "main")).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void importlibAndGetattrStaticAreDangerousNotSuspicious_picklescan66() {
        assertThat(scan(PickleWriter.reduceCall("importlib", "import_module")).verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(scan(PickleWriter.reduceCall("inspect", "getattr_static")).verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @ParameterizedTest(name = "{0}.{1} ({2})")
    @CsvSource({
        "pkgutil, resolve_name, universal resolver GHSA-vvpj-8cmc-gx39",
        "pydoc, locate, universal resolver GHSA-84r2-jw7c-4r5q",
        "importlib, import_module, universal resolver",
        "inspect, getattr_static, universal resolver",
        "operator, attrgetter, universal resolver",
        "_operator, attrgetter, operator alias GHSA-955r-x9j8-7rhh",
        "builtins, getattr, universal resolver",
        "functools, partial, call adapter",
        "operator, methodcaller, call adapter GHSA-84r2-jw7c-4r5q",
        "types, CodeType, code object",
        "cloudpickle.cloudpickle, _make_function, code object",
        "marshal, loads, code object",
        "_pickle, loads, nested loader modelscan330",
        "torch, load, nested loader",
        "numpy, load, nested loader",
        "transformers, AutoModel.from_pretrained, nested loader",
        "uuid, _get_command_stdout, hidden command runner GHSA-g38g-8gr9-h9xp",
        "imaplib, IMAP4_stream, hidden command runner",
        "pydoc, pipepager, hidden command runner",
        "_pyrepl.pager, pipe_pager, hidden command runner",
        "asyncio.unix_events, _UnixSubprocessTransport._start, hidden command runner",
        "multiprocessing.util, spawnv_passfds, hidden command runner",
        "code, InteractiveInterpreter.runcode, interpreter",
        "trace, Trace.runctx, interpreter",
        "doctest, debug_script, interpreter",
        "_interpreters, run_string, interpreter GHSA-6ggj-6f2q-f7mx",
        "pip, main, installer",
        "venv, create, installer",
        "_io, FileIO, file access",
        "logging, FileHandler, file access",
        "distutils.file_util, write_file, file access",
        "urllib.request, urlopen, network access",
        "ctypes, CDLL, native access",
        "torch._inductor.codecache, compile_file, ML internals GHSA-655q-fx9r-782v",
        "torch._dynamo.guards, GuardBuilder.get, ML internals",
        "torch.fx.experimental.symbolic_shapes, ShapeEnv.evaluate_guards_expression, ML internals",
        "torch.jit.unsupported_tensor_ops, execWrapper, ML internals",
        "torch.utils.collect_env, run, ML internals",
        "numpy.f2py.crackfortran, getlincoef, ML internals",
        "torch.storage, _load_from_bytes, ML internals",
        "picklescan.scanner, scan_pickle_bytes, scanner deactivation",
        "fickling, load, scanner deactivation",
        "nt, system, alias of os",
        "_posixsubprocess, fork_exec, alias of subprocess",
    })
    void gadgetFamiliesAreDangerous(String module, String name, String family) {
        FileScanResult r = scan(PickleWriter.reduceCall(module, name));
        assertThat(r.verdict()).as(family).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void unknownImportIsSuspiciousAtLeast() {
        FileScanResult r = scan(PickleWriter.reduceCall("sklearn.linear_model", "LogisticRegression"));
        assertThat(rules(r)).containsExactly("pickle.unknown-import");
        assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    }

    @Test
    void orgPolicyCanAllowVettedClasses() {
        PicklePolicy vetted = PicklePolicy.standard().withAllowed(java.util.List.of("sklearn.linear_model.LogisticRegression"));
        assertThat(vetted.classify("sklearn.linear_model", "LogisticRegression").kind()).isEqualTo(PicklePolicy.Kind.ALLOWED);
        assertThat(vetted.classify("os", "system").kind()).isEqualTo(PicklePolicy.Kind.DENIED);
    }

    @Test
    void allowListWinsOverTheJoblibDenyEntry() {
        assertThat(PicklePolicy.standard().classify("joblib.numpy_pickle", "NumpyArrayWrapper").kind()).isEqualTo(PicklePolicy.Kind.ALLOWED);
        assertThat(PicklePolicy.standard().classify("joblib", "load").kind()).isEqualTo(PicklePolicy.Kind.DENIED);
    }

    @Test
    void torchScriptNamespaceIsOnlyTrustedInsideTorchScriptArchives() {
        assertThat(PicklePolicy.standard().classify("__torch__", "Model").kind()).isEqualTo(PicklePolicy.Kind.DUNDER);
        assertThat(PicklePolicy.torchScript().classify("__torch__", "Model").kind()).isEqualTo(PicklePolicy.Kind.ALLOWED);
        assertThat(PicklePolicy.torchScript().classify("__torch__.__builtins__", "eval").kind()).isNotEqualTo(PicklePolicy.Kind.ALLOWED);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
