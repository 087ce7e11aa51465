package dev.tightrope.trust.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads attestations from files: Sigstore bundles (any accepted media type), plain DSSE
 * envelopes, and JSON Lines files ({@code .intoto.jsonl}) holding one envelope or bundle per line.
 */
public final class AttestationReader {

    /** Files above this size are not attestations (bundles are kilobytes). */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private AttestationReader() {
    }

    /** What a directory held: attestations, files that were not read (and why), and unreadable files. */
    public record DirectoryContents(List<Attestation> attestations, List<String> skipped, List<TrustFormatException> errors) {
    }

    /** Whether a file name is one this reader takes from a directory. */
    public static boolean isAttestationFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".sig") || n.endsWith(".dsse");
    }

    /** Reads every attestation file directly in {@code dir} (sorted by name); other files are listed as skipped. */
    public static DirectoryContents readDirectory(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new TrustFormatException(dir.toString(), "cannot list the directory: " + e.getMessage(), e);
        }
        List<Attestation> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<TrustFormatException> errors = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                skipped.add(f + ": not a regular file");
            } else if (!isAttestationFileName(f.getFileName().toString())) {
                skipped.add(f + ": not an attestation file name (.json, .jsonl, .sig, .dsse)");
            } else {
                try {
                    out.addAll(readFile(f));
                } catch (TrustFormatException e) {
                    errors.add(e);
                }
            }
        }
        return new DirectoryContents(List.copyOf(out), List.copyOf(skipped), List.copyOf(errors));
    }

    /** Reads one file; any unreadable part makes the whole file an error naming the line. */
    public static List<Attestation> readFile(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new TrustFormatException(file.toString(), "larger than " + MAX_FILE_BYTES + " bytes; not an attestation");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TrustFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return read(bytes, file.toString(), file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl"));
    }

    public static List<Attestation> read(byte[] bytes, String location, boolean jsonLines) {
        if (!jsonLines) {
            return List.of(one(TrustJson.parse(bytes, location), location));
        }
        List<Attestation> out = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = location + ":" + (i + 1);
            out.add(one(TrustJson.parse(line, where), where));
        }
        if (out.isEmpty()) {
            throw new TrustFormatException(location, "no attestation lines");
        }
        return out;
    }

    private static Attestation one(JsonNode node, String location) {
        if (SigstoreBundle.looksLikeBundle(node)) {
            SigstoreBundle bundle = SigstoreBundle.fromJson(node, location);
            return new Attestation(location, bundle.envelope(), bundle);
        }
        if (node.isObject() && node.has("payloadType")) {
            return new Attestation(location, Envelope.fromJson(node, location), null);
        }
        throw new TrustFormatException(location, "neither a Sigstore bundle nor a DSSE envelope");
    }
}
