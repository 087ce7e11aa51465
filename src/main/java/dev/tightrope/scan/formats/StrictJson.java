package dev.tightrope.scan.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Jackson configuration for every untrusted JSON document the analyzers read: duplicate keys
 * are errors (loaders disagree on which value wins, which hides content from scanners), nesting
 * and token sizes are bounded, nothing non-standard is accepted.
 */
final class StrictJson {
    static final int MAX_NESTING = 512;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(100)
                    .maxStringLength(64 * 1024 * 1024)
                    .build())
            .build();

    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private StrictJson() {
    }

    /** Jackson reports duplicates as a parse error; this tells them apart from syntax errors. */
    static boolean isDuplicateKey(StreamReadException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Duplicate field");
    }

    static String location(JsonParser parser) {
        var loc = parser.currentLocation();
        return "line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }
}
