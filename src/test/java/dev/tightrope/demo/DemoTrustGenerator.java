package dev.tightrope.demo;

import dev.tightrope.trust.approval.ApprovalRequest;
import dev.tightrope.trust.approval.Approvals;
import dev.tightrope.trust.approval.Decision;
import dev.tightrope.trust.approval.SignedApproval;
import dev.tightrope.trust.dsse.ResourceDescriptor;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.oms.OmsSerialization;
import dev.tightrope.trust.reviewers.Reviewer;
import dev.tightrope.trust.reviewers.TrustStore;
import dev.tightrope.trust.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes {@code sample-data/trust/}: the Kestrel Lending trust store (public keys of three
 * reviewers) and the signed approvals of the demo story, bound to the OpenSSF model signing root
 * digests of the model directories in {@code sample-data/models/}; each approval records the
 * digest of the committed promotion policy {@code policy.json}, which is written by hand.
 * The private keys exist only in memory while this runs; each run makes new ones (and so new
 * bundles), which is why the output is committed and this is run only when the story changes.
 *
 * <p>Usage: {@code DemoTrustGenerator [SAMPLE_DATA_DIR]} (default {@code sample-data}).
 */
public final class DemoTrustGenerator {

    static final String MLFLOW = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/";
    static final String ADAPTER = "tr:model_version:openlineage:huggingface://hf-mirror.example.net/"
            + "community-lora/llama3.1-8b-customer-support@9f3c2b1";

    private record Person(String name, String email, Set<String> roles) {
    }

    private record Decided(Person who, String model, String urn, Decision decision, String time, String rationale) {
    }

    static final Person RAVI = new Person("ravi.kapoor", "ravi.kapoor@kestrel.example", Set.of("security"));
    static final Person HELEN = new Person("helen.park", "helen.park@kestrel.example", Set.of("ml-lead", "governance"));
    static final Person JULIA = new Person("julia.moreau", "julia.moreau@kestrel.example", Set.of("legal"));

    static final List<Decided> STORY = List.of(
            new Decided(RAVI, "fraud-bert-v3", MLFLOW + "fraud-bert/3", Decision.APPROVED, "2026-11-10T14:05:00Z",
                    "Safetensors weights and a zip checkpoint with an allow-listed state dict; the scan is clean. "
                            + "Trained on features/fraud_training_set only."),
            new Decided(HELEN, "fraud-bert-v3", MLFLOW + "fraud-bert/3", Decision.APPROVED, "2026-11-12T09:30:00Z",
                    "Owners confirmed (Fraud ML); training data lineage complete; evaluation met the recall target."),
            new Decided(HELEN, "credit-risk-xgb-v7", MLFLOW + "credit-risk-xgb/7", Decision.APPROVED, "2026-11-20T16:45:00Z",
                    "Challenger beats v6 on the October holdout. The scikit-learn classes in the joblib pickle are the ones "
                            + "ML Platform vetted; still needs the security review."),
            new Decided(RAVI, "support-chat-adapter", ADAPTER, Decision.REJECTED, "2026-11-18T11:20:00Z",
                    "adapter_model.bin is a raw pickle that calls posix.system, pulled from an unofficial hub mirror. "
                            + "Rebuild the adapter from the official hub as safetensors."));

    private DemoTrustGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path sampleData = Path.of(args.length > 0 ? args[0] : "sample-data");
        Path trustDir = sampleData.resolve("trust");
        Path approvals = trustDir.resolve("approvals");
        if (Files.isDirectory(approvals)) {
            try (Stream<Path> old = Files.list(approvals)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(approvals);
        Map<Person, Signer> keys = Map.of(RAVI, Signer.generate(KeyAlgorithm.P256), HELEN, Signer.generate(KeyAlgorithm.P256),
                JULIA, Signer.generate(KeyAlgorithm.P256));
        TrustStore store = TrustStore.empty();
        for (Person p : List.of(RAVI, HELEN, JULIA)) {
            store = store.with(new Reviewer(p.name(), p.email(), new TreeSet<>(p.roles()), keys.get(p).verificationKey()));
        }
        store.save(trustDir.resolve("reviewers.json"));
        // the committed policy (written by hand, a version 2 file): each approval records its digest
        byte[] policy = Files.readAllBytes(trustDir.resolve("policy.json"));
        ResourceDescriptor policyRef = ResourceDescriptor.of("trust/policy.json", Sha256.hex(policy));

        ModelHasher hasher = new ModelHasher();
        for (Decided d : STORY) {
            String root = hasher.hash(sampleData.resolve("models").resolve(d.model()), OmsSerialization.files()).rootDigest().hex();
            ResourceDescriptor subject = ResourceDescriptor.ofUri(d.model(), d.urn(), root);
            SignedApproval signed = Approvals.sign(new ApprovalRequest(subject, d.decision(), "promote:production",
                    "mailto:" + d.who().email(), d.rationale(), policyRef, List.of()), keys.get(d.who()), Instant.parse(d.time()));
            Path file = Approvals.write(approvals, signed);
            System.out.println(d.decision() + " " + d.model() + " sha256:" + root + " by " + d.who().name() + " -> " + file);
        }
    }
}
