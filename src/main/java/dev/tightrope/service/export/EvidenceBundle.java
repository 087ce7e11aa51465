package dev.tightrope.service.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.log.Checkpoint;
import dev.tightrope.trust.log.InclusionProof;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
public final class EvidenceBundle {

    public static final String FORMAT = "tightrope.evidence/v1";
    public static final String INDEX = "index.json";
    public static final String ENTRIES = "audit/entries.jsonl";
    public static final String PROOFS = "audit/proofs.json";
    public static final String CHECKPOINT = "audit/checkpoint.txt";
    public static final String LOG_KEY = "audit/log-key.txt";
    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final long MAX_TOTAL_BYTES = 512L * 1024 * 1024;

    private EvidenceBundle() {
    }

    /** The manifest digest of the content files: SHA-256 over sorted {@code "<sha256>  <path>\n"} lines. */
    public static String manifestDigest(Map<String, String> sha256ByPath) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(sha256ByPath).forEach((path, sha) -> sb.append(sha).append("  ").append(path).append('\n'));
        return "sha256:" + Sha256.hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One audit leaf with its proof. */
    public record ProvenEntry(byte[] leaf, InclusionProof proof) {
    }

    /** Writes the zip atomically; {@code content} maps paths ({@code evidence/…}, {@code approvals/…}) to bytes. */
    public static void write(Path out, ObjectNode subject, Map<String, byte[]> content, String manifestDigest, long exportEntry,
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

    /** Reads every entry, bounded; names must be plain relative paths, each once. */
    public static Map<String, byte[]> read(Path zip) {
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
