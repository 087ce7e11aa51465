package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.service.Tightrope;
import dev.tightrope.service.TrustService;
import dev.tightrope.testing.LocalRegistry;
import dev.tightrope.testing.LocalServers;
import dev.tightrope.trust.keys.FastKeys;
import dev.tightrope.trust.keys.VerificationKey;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.oms.ModelSignatures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** keys, trust, approve, verify, publish, sign-model, log and export evidence, as a user and a CI job run them. */
@ExtendWith(LocalServers.class)
class ApprovalCommandsTest {

    @TempDir
    Path dir;

    Path ws;
    Path model;
    Path policy;
    final Map<String, String> env = new HashMap<>();

    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        ws = dir.resolve("ws");
        model = dir.resolve("models").resolve("fraud-bert-v3");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\"hidden_size\": 8}\n");
        Files.writeString(model.resolve("vocab.txt"), "[PAD]\n[CLS]\n");
        policy = dir.resolve("policy.json");
        Files.writeString(policy, TrustService.RECOMMENDED_POLICY.json());
    }

    /** Runs the command line with {@code stdin} as standard input and no workspace option. */
    Result bare(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env, new PrintWriter(out),
                new PrintWriter(err), (w, d) -> { }, w -> Tightrope.open(w));
        return new Result(code, out.toString(), err.toString());
    }

    Result run(String stdin, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--workspace";
        all[1] = ws.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return bare(stdin, all);
    }

    /**
     * Two reviewers with fast test keys in the workspace, in the organisation's trust store (a
     * file in its repository, edited with --store) that the workspace then uses.
     */
    void reviewers() throws IOException {
        Files.createDirectories(ws);
        for (String[] r : new String[][] {{"ravi", "security"}, {"helen", "ml-lead"}}) {
            FastKeys.generate(ws.resolve("keys"), r[0], r[0] + "-passphrase");
            Path pub = dir.resolve(r[0] + ".pub.pem");
            Files.writeString(pub, run("", "keys", "export-public", r[0]).out());
            assertThat(run("", "trust", "add", r[0], "--public-key", pub.toString(), "--email", r[0] + "@kestrel.example",
                    "--role", r[1], "--store", orgStore().toString()).code()).isZero();
        }
        Result use = run("", "trust", "use", orgStore().toString());
        assertThat(use.code()).as(use.err()).isZero();
        assertThat(use.out()).contains("Reviewed trust store: ").contains("Added: helen, ravi");
    }

    Path orgStore() {
        return dir.resolve("org").resolve("reviewers.json");
    }

    Result approve(String key, String decision, String... more) {
        String[] args = Stream.concat(Stream.of("approve", model.toString(), "--decision", decision, "--scope", "promote:production",
                "--rationale", "reviewed the scan and the lineage", "--key", key), Stream.of(more)).toArray(String[]::new);
        return run(key + "-passphrase\n", args);
    }

    static long files(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void keysAreGeneratedEncryptedListedWithFingerprintsAndExported() throws IOException {
        Result gen = run("correct horse battery\n", "keys", "generate", "--name", "dana", "--algorithm", "p384");
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("Generated p384 key 'dana' SHA256:");
        String pem = Files.readString(ws.resolve("keys").resolve("dana.key.pem"));
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        Result list = run("", "keys", "list");
        assertThat(list.out()).contains("dana").contains("p384").contains("SHA256:");
        JsonNode json = run("", "keys", "list", "--json").json();
        assertThat(json.get(0).get("fingerprint").asText()).startsWith("SHA256:");
        String exported = run("", "keys", "export-public", "dana").out();
        assertThat(exported).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(VerificationKey.fromPem(exported, "test").fingerprint()).isEqualTo(json.get(0).get("fingerprint").asText());
    }

    @Test
    void aTooShortPassphraseWritesNoKey() throws IOException {
        Result r = run("short\n", "keys", "generate", "--name", "dana");
        assertThat(r.code()).isEqualTo(Cli.ERROR);
        assertThat(r.err()).contains("at least 8 characters").contains("no key was written");
        assertThat(files(ws.resolve("keys"))).as("only the audit log key").isLessThanOrEqualTo(1);
        assertThat(ws.resolve("keys").resolve("dana.key.pem")).doesNotExist();
    }

    @Test
    void theTrustStoreIsListedWithItsPathAndCanBeAnyFileWithoutAWorkspace() throws IOException {
        reviewers();
        Result list = run("", "trust", "list");
        assertThat(list.out()).contains("Trust store: " + ws.resolve("trust").resolve("reviewers.json"))
                .contains("Local additions: " + ws.resolve("trust").resolve("local-reviewers.json"))
                .contains("ravi").contains("security").contains("helen").contains("ml-lead").contains("SHA256:").contains("reviewed");

        FastKeys.generate(ws.resolve("keys"), "nora", "nora-passphrase");
        Path nora = dir.resolve("nora.pub.pem");
        Files.writeString(nora, run("", "keys", "export-public", "nora").out());
        Result local = run("", "trust", "add", "nora", "--public-key", nora.toString(), "--role", "security");
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(local.out()).contains("locally in " + ws.resolve("trust").resolve("local-reviewers.json"))
                .contains("Unreviewed: nora is not in the organisation's reviewed trust store").contains("Self-trust: ");
        JsonNode json = run("", "trust", "list", "--json").json();
        assertThat(json.get("reviewers")).hasSize(3);
        assertThat(json.get("reviewers").get(1).get("name").asText()).isEqualTo("nora");
        assertThat(json.get("reviewers").get(1).get("origin").asText()).isEqualTo("local");
        assertThat(json.get("reviewers").get(1).get("selfTrust").asText()).contains("private key is in this workspace");
        Result reviewedRemoval = run("", "trust", "remove", "helen");
        assertThat(reviewedRemoval.code()).isEqualTo(Cli.ERROR);
        assertThat(reviewedRemoval.err()).contains("in the organisation's reviewed trust store");
        assertThat(run("", "trust", "remove", "nora").code()).isZero();
        assertThat(run("", "trust", "list", "--json").json().get("reviewers")).hasSize(2);

        Path repoStore = dir.resolve("repo").resolve("reviewers.json");
        Path pub = dir.resolve("ravi.pub.pem");
        Path nowhere = dir.resolve("no-workspace");
        Result add = bare("", "--workspace", nowhere.toString(), "trust", "add", "ravi", "--public-key", pub.toString(),
                "--role", "security", "--store", repoStore.toString());
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(Files.readString(repoStore)).contains("\"name\": \"ravi\"").contains("\"security\"");
        assertThat(bare("", "--workspace", nowhere.toString(), "trust", "list", "--store", repoStore.toString()).out()).contains("ravi");
        assertThat(nowhere).doesNotExist();
    }

    @Test
    void approvalsAreSignedNextToTheArtifactAndTheGatePassesWithTwoReviewers() throws IOException {
        reviewers();
        Path out = dir.resolve("release");
        Result first = approve("ravi", "approve", "--out", out.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("Signed: approved sha256:").contains("(fraud-bert-v3)").contains("verified: COUNTED")
                .contains("Gate under the workspace policy: FAIL (approvals: 1 of 2");
        String[] verify = {"verify", "--subject", model.toString(), "--attestations", out.toString(), "--trust",
                ws.resolve("trust").resolve("reviewers.json").toString(), "--policy", policy.toString()};
        Result failing = bare("", verify);
        assertThat(failing.code()).isEqualTo(Cli.FAILED);
        assertThat(failing.out()).startsWith("FAIL: sha256:").contains("[FAIL] approvals: 1 of 2 required");

        assertThat(approve("helen", "approve", "--out", out.toString()).code()).isZero();
        Result passing = bare("", verify);
        assertThat(passing.code()).as(passing.out()).isZero();
        assertThat(passing.out()).startsWith("PASS: sha256:").contains("[pass] role security: approved by ravi");
        String[] json = Stream.concat(Stream.of(verify), Stream.of("--json")).toArray(String[]::new);
        assertThat(bare("", json).json().get("outcome").asText()).isEqualTo("PASS");
        assertThat(files(out)).isEqualTo(2);
        assertThat(files(ws.resolve("approvals"))).isEqualTo(2);

        assertThat(approve("ravi", "reject").code()).isZero();
        Result rejected = bare("", verify[0], verify[1], verify[2], verify[3], ws.resolve("approvals").toString(), verify[5], verify[6],
                verify[7], verify[8]);
        assertThat(rejected.code()).isEqualTo(Cli.FAILED);
        assertThat(rejected.out()).contains("[FAIL] rejections: rejected by ravi");
    }

    @Test
    void aBadPassphraseIsAClearErrorAndNothingIsWritten() throws IOException {
        reviewers();
        Path out = dir.resolve("release");
        Result r = run("wrong passphrase\n", "approve", model.toString(), "--decision", "approve", "--scope", "promote:production",
                "--rationale", "fine", "--key", "ravi", "--out", out.toString());
        assertThat(r.code()).isEqualTo(Cli.ERROR);
        assertThat(r.err()).contains("wrong passphrase for key 'ravi'; nothing was signed or written");
        assertThat(out).doesNotExist();
        assertThat(files(ws.resolve("approvals"))).isZero();

        Result none = run("", "approve", model.toString(), "--decision", "approve", "--scope", "promote:production",
                "--rationale", "fine", "--key", "ravi");
        assertThat(none.code()).isEqualTo(Cli.ERROR);
        assertThat(none.err()).contains("set TIGHTROPE_PASSPHRASE or give it on standard input");

        env.put("TIGHTROPE_PASSPHRASE", "ravi-passphrase");
        assertThat(run("", "approve", model.toString(), "--decision", "reject", "--scope", "promote:production",
                "--rationale", "pickle payload", "--key", "ravi").code()).isZero();
    }

    @Test
    void aDecisionOtherThanApproveOrRejectIsAUsageError() throws IOException {
        reviewers();
        Result r = approve("ravi", "maybe");
        assertThat(r.code()).isEqualTo(Cli.ERROR);
        assertThat(r.err()).contains("neither approve nor reject");
    }

    @Test
    void verifyNeedsNoWorkspaceAndCreatesNone() throws IOException {
        reviewers();
        Path out = dir.resolve("release");
        approve("ravi", "approve", "--out", out.toString());
        Path nowhere = dir.resolve("never-created");
        Result r = bare("", "--workspace", nowhere.toString(), "verify", "--subject", model.toString(), "--attestations",
                out.toString(), "--trust", ws.resolve("trust").resolve("reviewers.json").toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("default policy");
        assertThat(nowhere).doesNotExist();

        Result missing = bare("", "verify", "--subject", model.toString(), "--attestations", out.toString(), "--trust",
                dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(Cli.ERROR);
        assertThat(missing.out()).startsWith("ERROR").contains("no such trust store file");
    }

    @Test
    void logVerifyCatchesADirectSqliteEditAndCheckpointsCanBeKeptElsewhere() throws Exception {
        reviewers();
        approve("ravi", "approve");
        Result ok = run("", "log", "verify");
        assertThat(ok.code()).as(ok.out()).isZero();
        assertThat(ok.out()).startsWith("INTACT: ").contains("verifier key: tightrope.dev/audit/");
        Path kept = dir.resolve("checkpoint.txt");
        Result cp = run("", "log", "checkpoint", "--out", kept.toString());
        assertThat(cp.out()).startsWith("tightrope.dev/audit/").contains("\u2014 ");
        assertThat(Files.readString(kept)).isEqualTo(cp.out());
        assertThat(run("", "log", "verify", "--trusted", kept.toString()).code()).isZero();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ws.resolve("cache.db")); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE audit_log SET actor = 'mallory' WHERE action = 'approval.sign'");
        }
        Result tampered = run("", "log", "verify");
        assertThat(tampered.code()).isEqualTo(Cli.FAILED);
        assertThat(tampered.out()).startsWith("TAMPERED").contains("row edited");
    }

    @Test
    void anEvidenceBundleIsExportedForAnAssetAndVerifiedOffline() throws IOException {
        reviewers();
        assertThat(run("", "sources", "add", "--type", "model-files", "--name", "models", "--path",
                dir.resolve("models").toString()).code()).isZero();
        assertThat(run("", "sync", "--source", "models").code()).isZero();
        String urn = "tr:model_artifact:model-files:" + model.toAbsolutePath();
        for (String key : new String[] {"ravi", "helen"}) {
            Result r = run(key + "-passphrase\n", "approve", urn, "--decision", "approve", "--scope", "promote:production",
                    "--rationale", "evidence reviewed", "--key", key);
            assertThat(r.code()).as(r.err()).isZero();
        }
        Path zip = dir.resolve("fraud-bert-v3-evidence.zip");
        Result export = run("", "export", "evidence", urn, "--out", zip.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("2 approval(s)");
        Result verify = bare("", "verify", "--subject", model.toString(), "--attestations", zip.toString(), "--trust",
                ws.resolve("trust").resolve("reviewers.json").toString(), "--policy", policy.toString());
        assertThat(verify.code()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("[pass] evidence audit log");
    }

    @Test
    void aModelDirectoryIsSignedAsAnOpenSsfModelSignature() throws IOException {
        reviewers();
        Result r = run("helen-passphrase\n", "sign-model", model.toString(), "--key", "helen");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Signed 2 files").contains("root digest sha256:");
        VerificationKey helen = VerificationKey.fromPem(run("", "keys", "export-public", "helen").out(), "helen");
        assertThat(new ModelSignatures(new ModelHasher()).verify(model, model.resolve("model.sig"), helen,
                ModelSignatures.VerifyOptions.defaults()).verified()).isTrue();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // drives a docker-registry process
    void approvalsArePublishedToARegistryAndTheGateReadsThemFromThere(LocalRegistry registry) throws IOException {
        reviewers();
        Path out = dir.resolve("release");
        approve("ravi", "approve", "--out", out.toString());
        approve("helen", "approve", "--out", out.toString());
        String image = registry.pushImage("models/fraud-bert", "3.0.0", "fraud-bert");
        String ref = "oci://" + registry.host() + "/models/fraud-bert@" + image;
        Result publish = bare("", "publish", out.toString(), "--to", ref);
        assertThat(publish.code()).as(publish.err()).isZero();
        assertThat(publish.out()).contains("cosign tag sha256-").contains("2 new envelope(s)").contains("tag-schema index");
        Result verify = bare("", "verify", "--subject", model.toString(), "--attestations", ref, "--trust",
                ws.resolve("trust").resolve("reviewers.json").toString(), "--policy", policy.toString());
        assertThat(verify.code()).as(verify.out()).isZero();
    }
}
