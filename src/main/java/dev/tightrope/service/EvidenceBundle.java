package dev.tightrope.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.AttestationReader;
import dev.tightrope.trust.log.Checkpoint;
import dev.tightrope.trust.log.InclusionProof;
import dev.tightrope.trust.log.Merkle;
import dev.tightrope.trust.log.NoteVerifier;
import dev.tightrope.trust.verify.AttestationVerifier;
import dev.tightrope.trust.verify.RuleResult;
import dev.tightrope.trust.verify.Subject;
import dev.tightrope.trust.verify.VerificationReport;
import dev.tightrope.trust.verify.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The evidence bundle: one zip that lets anyone check, offline, what was decided about one
 * release and on what evidence ({@value #FORMAT}):
 * <pre>
 *   index.json              format, subject, the SHA-256 of every file below, the manifest digest
 *   evidence/asset.json     the asset, owners.json, findings.json (scan results), lineage.json
 *   approvals/*.sigstore.json  the signed approvals and rejections of the subject's digest
 *   audit/entries.jsonl     the audit log's leaves about the release, exact bytes, one per line
 *   audit/proofs.json       an RFC 9162 inclusion proof of each leaf in the checkpointed tree
 *   audit/checkpoint.txt    the signed C2SP checkpoint of the workspace's log
 *   audit/log-key.txt       the log's verifier key (pin it with --log-key to trust it)
 * </pre>
 * The export is itself an audit entry whose details carry the manifest digest (SHA-256 over the
 * sorted {@code "<sha256>  <path>\n"} lines of the evidence and approval files), so the files are
 * bound to the signed checkpoint through that entry's inclusion proof: change a file and its
 * hash no longer matches the index; change the index and it no longer matches the signed entry.
 */
final class EvidenceBundle {

    static final String FORMAT = "tightrope.evidence/v1";
    static final String INDEX = "index.json";
    static final String ENTRIES = "audit/entries.jsonl";
    static final String PROOFS = "audit/proofs.json";
    static final String CHECKPOINT = "audit/checkpoint.txt";
    static final String LOG_KEY = "audit/log-key.txt";
    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final long MAX_TOTAL_BYTES = 512L * 1024 * 1024;

    private EvidenceBundle() {
    }

    /** The manifest digest of the content files: SHA-256 over sorted {@code "<sha256>  <path>\n"} lines. */
    static String manifestDigest(Map<String, String> sha256ByPath) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(sha256ByPath).forEach((path, sha) -> sb.append(sha).append("  ").append(path).append('\n'));
        return "sha256:" + Sha256.hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One audit leaf with its proof. */
    record ProvenEntry(byte[] leaf, InclusionProof proof) {
    }

    /** Writes the zip atomically; {@code content} maps paths ({@code evidence/…}, {@code approvals/…}) to bytes. */
    static void write(Path out, ObjectNode subject, Map<String, byte[]> content, String manifestDigest, long exportEntry,
                      List<ProvenEntry> entries, String checkpointNote, Checkpoint checkpoint, String verifierKey, String created) {
        ObjectNode index = TrustJson.object();
        index.put("format", FORMAT);
        index.put("created", created);
        index.set("subject", subject);
        ArrayNode files = index.putArray("files");
        content.forEach((path, bytes) -> {
            ObjectNode f = files.addObject();
            f.put("path", path);
            f.put("sha256", Sha256.hex(bytes));
        });
        index.put("manifestDigest", manifestDigest);
        ObjectNode audit = index.putObject("audit");
        audit.put("origin", checkpoint.origin());
        audit.put("treeSize", checkpoint.size());
        audit.put("rootHash", HexFormat.of().formatHex(checkpoint.rootHash()));
        audit.put("exportEntry", exportEntry);
        audit.put("entries", ENTRIES);
        audit.put("proofs", PROOFS);
        audit.put("checkpoint", CHECKPOINT);
        audit.put("logKey", LOG_KEY);

        StringBuilder leaves = new StringBuilder();
        ArrayNode proofs = TrustJson.array();
        for (ProvenEntry e : entries) {
            leaves.append(new String(e.leaf(), StandardCharsets.UTF_8)).append('\n');
            ObjectNode p = proofs.addObject();
            p.put("index", e.proof().index());
            p.put("leafHash", HexFormat.of().formatHex(e.proof().leafHash()));
            ArrayNode path = p.putArray("path");
            e.proof().path().forEach(h -> path.add(HexFormat.of().formatHex(h)));
        }
        ObjectNode proofDoc = TrustJson.object();
        proofDoc.put("treeSize", checkpoint.size());
        proofDoc.set("proofs", proofs);

        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(INDEX, TrustJson.pretty(index));
        all.putAll(content);
        all.put(ENTRIES, leaves.toString().getBytes(StandardCharsets.UTF_8));
        all.put(PROOFS, TrustJson.pretty(proofDoc));
        all.put(CHECKPOINT, checkpointNote.getBytes(StandardCharsets.UTF_8));
        all.put(LOG_KEY, (verifierKey + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            AtomicFiles.replace(out, os -> {
                try (ZipOutputStream zip = new ZipOutputStream(os)) {
                    for (Map.Entry<String, byte[]> e : all.entrySet()) {
                        ZipEntry entry = new ZipEntry(e.getKey());
                        entry.setTime(java.time.Instant.parse(created).toEpochMilli());
                        zip.putNextEntry(entry);
                        zip.write(e.getValue());
                        zip.closeEntry();
                    }
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the evidence bundle " + out + ": " + e.getMessage(), e);
        }
    }

    // Verification

    /**
     * Verifies an evidence bundle offline: its files against the index, the index against the
     * signed export entry, every audit leaf against the checkpoint by its inclusion proof, the
     * checkpoint against the log key ({@code pinnedLogKey} when given, else the bundle's own),
     * and the approvals inside against the trust store and the policy. Each check is a rule of
     * the report; a bundle that cannot be read at all is an ERROR.
     */
    static GateResult verify(Path zip, Subject subject, AttestationVerifier verifier, String pinnedLogKey, Clock clock) {
        Map<String, byte[]> files;
        try {
            files = read(zip);
        } catch (TrustFormatException e) {
            return Gates.error(e.getMessage(), clock.instant());
        }
        String where = zip.toString();
        byte[] indexBytes = files.get(INDEX);
        if (indexBytes == null) {
            return Gates.error(where + ": not an evidence bundle (no " + INDEX + ")", clock.instant());
        }
        JsonNode index;
        try {
            index = TrustJson.parse(indexBytes, where + "!/" + INDEX);
            if (!FORMAT.equals(TrustJson.text(index, "format", where + "!/" + INDEX))) {
                return Gates.error(where + ": " + INDEX + " is not " + FORMAT, clock.instant());
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
            if (!listed.containsKey(name) && !name.equals(INDEX) && !name.startsWith("audit/")) {
                fileProblems.add(name + " is not listed in the index");
            }
        }
        evidenceRules.add(new RuleResult("evidence files", fileProblems.isEmpty(), fileProblems.isEmpty()
                ? listed.size() + " files match the index" : String.join("; ", fileProblems)));
        String manifest = manifestDigest(listed);
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
        String note = text(files.get(CHECKPOINT));
        String includedKey = text(files.get(LOG_KEY)).strip();
        String keyText = pinnedLogKey != null ? pinnedLogKey.strip() : includedKey;
        Checkpoint checkpoint = null;
        String checkpointDetail;
        try {
            NoteVerifier key = NoteVerifier.parse(keyText);
            checkpoint = key.verifyCheckpoint(note, where + "!/" + CHECKPOINT);
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
            String[] leaves = text(files.get(ENTRIES)).split("\n");
            JsonNode proofDoc;
            try {
                proofDoc = TrustJson.parse(files.getOrDefault(PROOFS, new byte[0]), where + "!/" + PROOFS);
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
                    event = TrustJson.parse(leaf, where + "!/" + ENTRIES + ":" + (i + 1));
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
        VerificationReport combined = new VerificationReport(report.subject(), report.policy(), report.policySource(),
                report.evaluatedAt(), report.attestations(), rules, report.skipped(), report.errors(), outcome);
        ObjectNode json = combined.toJsonTree();
        json.set("evidence", evidenceJson);
        String text = combined.toText();
        return Gates.result(combined, attestations, text, new String(TrustJson.pretty(json), StandardCharsets.UTF_8) + "\n");
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads every entry, bounded; names must be plain relative paths, each once. */
    static Map<String, byte[]> read(Path zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        long total = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.size() > MAX_ENTRIES) {
                throw new TrustFormatException(zip.toString(), "more than " + MAX_ENTRIES + " entries; not an evidence bundle");
            }
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (name.startsWith("/") || name.contains("\\") || Arrays.asList(name.split("/")).contains("..")) {
                    throw new TrustFormatException(zip + "!/" + name, "not a plain relative path");
                }
                if (out.containsKey(name)) {
                    throw new TrustFormatException(zip + "!/" + name, "appears twice in the zip");
                }
                try (InputStream in = file.getInputStream(e)) {
                    byte[] bytes = readBounded(in, MAX_FILE_BYTES, zip + "!/" + name);
                    total += bytes.length;
                    if (total > MAX_TOTAL_BYTES) {
                        throw new TrustFormatException(zip.toString(), "more than " + MAX_TOTAL_BYTES + " bytes uncompressed");
                    }
                    out.put(name, bytes);
                }
            }
        } catch (ZipException e) {
            throw new TrustFormatException(zip.toString(), "not a readable zip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TrustFormatException(zip.toString(), "cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    private static byte[] readBounded(InputStream in, long max, String where) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + (long) n > max) {
                throw new TrustFormatException(where, "larger than " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
