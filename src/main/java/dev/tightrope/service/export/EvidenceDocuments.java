package dev.tightrope.service.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tightrope.domain.AssetDetail;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.trust.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evidence a reviewer looks at for one asset, as JSON documents: {@code asset.json},
 * {@code owners.json}, {@code findings.json}, {@code lineage.json}. Times that every sync moves
 * (last seen) are left out, so the same evidence has the same bytes: an approval records the
 * digests of what its reviewer saw, and an evidence bundle exported later shows whether it is
 * still the same.
 */
public final class EvidenceDocuments {

    public static final int LINEAGE_DEPTH = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidenceDocuments() {
    }

    /** File name to bytes, in a fixed order. */
    public static Map<String, byte[]> of(AssetDetail detail, LineageGraph lineage) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("asset.json", bytes(AssetJson.asset(detail.record(), detail.sourceType())));
        out.put("owners.json", bytes(AssetJson.owners(detail.record().owners())));
        out.put("findings.json", bytes(AssetJson.findings(detail.findings())));
        out.put("lineage.json", (LineageFormats.json(lineage) + "\n").getBytes(StandardCharsets.UTF_8));
        return out;
    }

    public static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    private static byte[] bytes(Object node) {
        try {
            return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
