package dev.tightrope.trust.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.AuditEvent;
import dev.tightrope.trust.TrustJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The canonical leaf bytes of an audit event: compact JSON with a fixed field order,
 * {@code {"seq":N,"time":"yyyy-MM-ddTHH:mm:ss.SSSZ","actor":…,"action":…,"subject":…,"details":{sorted}}}.
 * {@code seq} binds an entry to its position, so moving a row changes what its leaf says.
 */
public final class AuditLeaf {

    private static final JsonFactory JSON = new JsonFactory();
    /** Stored leaves are checked because they may have been edited: read them as untrusted. */
    private static final UntrustedJson STORED = UntrustedJson.withLimits(TrustJson.LIMITS);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditLeaf() {
    }

    public static byte[] encode(long seq, AuditEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + event.subject().length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", seq);
            g.writeStringField("time", TIME.format(event.time()));
            g.writeStringField("actor", event.actor());
            g.writeStringField("action", event.action());
            g.writeStringField("subject", event.subject());
            g.writeObjectFieldStart("details");
            for (Map.Entry<String, String> e : event.details().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** The {@code seq} a leaf records, or -1 when the bytes are not a leaf. */
    static long seqOf(byte[] leaf) {
        try (JsonParser p = STORED.parser(leaf)) {
            if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME && "seq".equals(p.currentName())
                    && p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getLongValue();
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
