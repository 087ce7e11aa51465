package dev.tightrope.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.service.export.EvidenceBundle;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.AttestationReader;
import dev.tightrope.trust.log.Checkpoint;
import dev.tightrope.trust.log.Merkle;
import dev.tightrope.trust.log.NoteVerifier;
import dev.tightrope.trust.verify.AttestationVerifier;
import dev.tightrope.trust.verify.RuleResult;
import dev.tightrope.trust.verify.Subject;
import dev.tightrope.trust.verify.VerificationReport;
import dev.tightrope.trust.verify.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Checks an evidence bundle ({@link EvidenceBundle}) offline, as {@code tightrope verify} does for a zip. */
final class EvidenceBundleVerifier {

    private EvidenceBundleVerifier() {
    }

    /**
     * Verifies an evidence bundle offline: its files against the index, the index against the
     * signed export entry, every audit leaf against the checkpoint by its inclusion proof, the
     * checkpoint against the log key ({@code pinnedLogKey} when given, else the bundle's own),
     * and the approvals inside against the trust store and the policy. Each check is a rule of
     * the report; a bundle that cannot be read at all is an ERROR.
     */
    static GateResult verify(Path zip, Subject subject, AttestationVerifier verifier, UnaryOperator<VerificationReport> policyRules,
                             String pinnedLogKey, Clock clock) {
        Map<String, byte[]> files;
        try {
            files = EvidenceBundle.read(zip);
        } catch (TrustFormatException e) {
            return Gates.error(e.getMessage(), clock.instant());
        }
        String where = zip.toString();
        byte[] indexBytes = files.get(EvidenceBundle.INDEX);
        if (indexBytes == null) {
            return Gates.error(where + ": not an evidence bundle (no " + EvidenceBundle.INDEX + ")", clock.instant());
        }
        JsonNode index;
        try {
            index = TrustJson.parse(indexBytes, where + "!/" + EvidenceBundle.INDEX);
            if (!EvidenceBundle.FORMAT.equals(TrustJson.text(index, "format", where + "!/" + EvidenceBundle.INDEX))) {
                return Gates.error(where + ": " + EvidenceBundle.INDEX + " is not " + EvidenceBundle.FORMAT, clock.instant());
            }
        } catch (TrustFormatException e) {
            return Gates.error(e.getMessage(), clock.instant());
        }
        List<RuleResult> evidenceRules = new ArrayList<>();
        ObjectNode evidenceJson = TrustJson.object();

        // 1. files against the index
        Map<String, String> listed = new TreeMap<>();
        List<String> fileProblems = new ArrayList<>();
        JsonNode fileList = index.path("files");
        for (JsonNode f : fileList) {
            listed.put(f.path("path").asText(), f.path("sha256").asText());
        }
        for (Map.Entry<String, String> e : listed.entrySet()) {
            byte[] bytes = files.get(e.getKey());
            if (bytes == null) {
                fileProblems.add(e.getKey() + " is listed but missing");
            } else if (!Sha256.hex(bytes).equals(e.getValue())) {
                fileProblems.add(e.getKey() + " was changed (its SHA-256 differs from the index)");
            }
        }
        for (String name : files.keySet()) {
            if (!listed.containsKey(name) && !name.equals(EvidenceBundle.INDEX) && !name.startsWith("audit/")) {
                fileProblems.add(name + " is not listed in the index");
            }
        }
        evidenceRules.add(new RuleResult("evidence files", fileProblems.isEmpty(), fileProblems.isEmpty()
                ? listed.size() + " files match the index" : String.join("; ", fileProblems)));
        String manifest = EvidenceBundle.manifestDigest(listed);
        boolean manifestMatches = manifest.equals(index.path("manifestDigest").asText());

        // 2. the subject
        String indexDigest = index.path("subject").path("digest").asText();
        boolean sameSubject = subject.digest().toString().equals(indexDigest);
        evidenceRules.add(new RuleResult("evidence subject", sameSubject, sameSubject
                ? "about " + index.path("subject").path("urn").asText(indexDigest) + " (" + indexDigest + ")"
                : "the bundle is about " + indexDigest + ", not " + subject.digest()));
        evidenceJson.set("subject", index.path("subject").deepCopy());

        // 3. the checkpoint and the log key
        JsonNode audit = index.path("audit");
        String note = text(files.get(EvidenceBundle.CHECKPOINT));
        String includedKey = text(files.get(EvidenceBundle.LOG_KEY)).strip();
        String keyText = pinnedLogKey != null ? pinnedLogKey.strip() : includedKey;
        Checkpoint checkpoint = null;
        String checkpointDetail;
        try {
            NoteVerifier key = NoteVerifier.parse(keyText);
            checkpoint = key.verifyCheckpoint(note, where + "!/" + EvidenceBundle.CHECKPOINT);
            if (!checkpoint.origin().equals(key.name())) {
                checkpointDetail = "origin " + checkpoint.origin() + " is not the log key's " + key.name();
                checkpoint = null;
            } else {
                checkpointDetail = "signed checkpoint of " + checkpoint.origin() + " at size " + checkpoint.size() + " by "
                        + (pinnedLogKey != null ? "the pinned log key" : "the log key in the bundle (pin it with --log-key)");
            }
        } catch (TrustFormatException e) {
            checkpointDetail = e.getMessage();
        }
        evidenceRules.add(new RuleResult("evidence checkpoint", checkpoint != null, checkpointDetail));
        evidenceJson.put("logKey", keyText);
        evidenceJson.put("logKeyPinned", pinnedLogKey != null);

        // 4. audit leaves against the checkpoint, and the export entry against the manifest
        List<String> auditProblems = new ArrayList<>();
        int proven = 0;
        boolean exportFound = false;
        ArrayNode provenEntries = evidenceJson.putArray("auditEntries");
        if (checkpoint != null) {
            String[] leaves = text(files.get(EvidenceBundle.ENTRIES)).split("\n");
            JsonNode proofDoc;
            try {
                proofDoc = TrustJson.parse(files.getOrDefault(EvidenceBundle.PROOFS, new byte[0]), where + "!/" + EvidenceBundle.PROOFS);
            } catch (TrustFormatException e) {
                proofDoc = TrustJson.object();
                auditProblems.add(e.getMessage());
            }
            JsonNode proofs = proofDoc.path("proofs");
            long treeSize = proofDoc.path("treeSize").asLong(-1);
            if (treeSize != checkpoint.size()) {
                auditProblems.add("the proofs are for a tree of " + treeSize + " entries, the checkpoint signs " + checkpoint.size());
            }
            int count = leaves.length == 1 && leaves[0].isEmpty() ? 0 : leaves.length;
            if (proofs.size() != count) {
                auditProblems.add(count + " audit entries but " + proofs.size() + " proofs");
            }
            long exportEntry = audit.path("exportEntry").asLong(-1);
            for (int i = 0; i < Math.min(count, proofs.size()); i++) {
                byte[] leaf = leaves[i].getBytes(StandardCharsets.UTF_8);
                JsonNode p = proofs.get(i);
                long idx = p.path("index").asLong(-1);
                List<byte[]> path = new ArrayList<>();
                try {
                    p.path("path").forEach(h -> path.add(HexFormat.of().parseHex(h.asText())));
                } catch (IllegalArgumentException e) {
                    auditProblems.add("proof " + i + " is not hex");
                    continue;
                }
                byte[] leafHash = Merkle.leafHash(leaf);
                JsonNode event;
                try {
                    event = TrustJson.parse(leaf, where + "!/" + EvidenceBundle.ENTRIES + ":" + (i + 1));
                } catch (TrustFormatException e) {
                    auditProblems.add(e.getMessage());
                    continue;
                }
                if (event.path("seq").asLong(-2) != idx) {
                    auditProblems.add("entry " + idx + ": the leaf records position " + event.path("seq").asText());
                } else if (!Merkle.verifyInclusion(idx, checkpoint.size(), leafHash, path, checkpoint.rootHash())) {
                    auditProblems.add("entry " + idx + " (" + event.path("action").asText() + ") is not in the signed log: "
                            + "the entry or its proof was changed");
                } else {
                    proven++;
                    ObjectNode pe = provenEntries.addObject();
                    pe.put("index", idx);
                    pe.put("action", event.path("action").asText());
                    pe.put("actor", event.path("actor").asText());
                    pe.put("time", event.path("time").asText());
                    pe.put("subject", event.path("subject").asText());
                    if (idx == exportEntry && "export.evidence".equals(event.path("action").asText())) {
                        exportFound = true;
                        if (!indexDigest.equals(event.path("details").path("digest").asText())) {
                            auditProblems.add("the signed export entry " + idx + " is about "
                                    + event.path("details").path("digest").asText() + ", the index says " + indexDigest);
                        }
                        if (!manifest.equals(event.path("details").path("manifest").asText())) {
                            auditProblems.add("the signed export entry " + idx + " records manifest "
                                    + event.path("details").path("manifest").asText() + "; the files make " + manifest
                                    + " (the index or a file was changed)");
                        }
                    }
                }
            }
            if (!exportFound) {
                auditProblems.add("no proven export entry " + exportEntry + " binds the files to the log");
            }
            if (!manifestMatches) {
                auditProblems.add("the index's manifest digest does not match its file list");
            }
        } else {
            auditProblems.add("not checked: no valid checkpoint");
        }
        evidenceRules.add(new RuleResult("evidence audit log", auditProblems.isEmpty(), auditProblems.isEmpty()
                ? proven + " audit entries proven in the signed log; the export entry binds the files (" + manifest + ")"
                : String.join("; ", auditProblems)));

        // 5. the approvals inside
        List<Attestation> attestations = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (e.getKey().startsWith("approvals/")) {
                try {
                    attestations.addAll(AttestationReader.read(e.getValue(), where + "!/" + e.getKey(),
                            e.getKey().endsWith(".jsonl")));
                } catch (TrustFormatException ex) {
                    errors.add(ex.getMessage());
                }
            }
        }
        VerificationReport report = verifier.verify(subject, attestations, List.of(), errors);
        List<RuleResult> rules = new ArrayList<>(report.rules());
        rules.addAll(evidenceRules);
        Outcome outcome = report.outcome() == Outcome.ERROR ? Outcome.ERROR
                : rules.stream().allMatch(RuleResult::passed) ? Outcome.PASS : Outcome.FAIL;
        VerificationReport combined = policyRules.apply(new VerificationReport(report.subject(), report.policy(),
                report.policySource(), report.evaluatedAt(), report.attestations(), rules, report.skipped(), report.errors(), outcome));
        ObjectNode json = combined.toJsonTree();
        json.set("evidence", evidenceJson);
        String text = combined.toText();
        return Gates.result(combined, attestations, text, new String(TrustJson.pretty(json), StandardCharsets.UTF_8) + "\n", null);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
