package dev.tightrope.service.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The controls of each framework and the evidence that satisfies them: a data file the
 * organisation can edit. The default ships with Tightrope ({@value #BUNDLED}); a workspace's
 * {@value #OVERRIDE_FILE} replaces it whole. Read strictly: an unknown field, a missing one, an
 * unknown evidence kind or a malformed date is refused with the file and the JSON path where it is,
 * so a typo never quietly drops a control.
 *
 * @param origin where it was read from: {@code bundled} or the override file's path
 */
public record ControlMapping(String origin, String version, List<Framework> frameworks) {

    public static final String FORMAT = "tightrope.compliance/v1";
    public static final String OVERRIDE_FILE = "compliance.json";
    static final String BUNDLED = "/dev/tightrope/compliance/controls.json";
    private static final UntrustedJson JSON = UntrustedJson.withLimits(new JsonLimits(16, 16 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER,
            4L * 1024 * 1024));

    public ControlMapping {
        frameworks = List.copyOf(frameworks);
    }

    /** A mapping file that cannot be used, with where and why. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String file, String path, String problem) {
            super(file + (path.isEmpty() ? "" : ": " + path) + ": " + problem);
        }
    }

    /** The workspace's override when it has one, else the bundled mapping. */
    public static ControlMapping forWorkspace(Path workspaceRoot) {
        Path override = workspaceRoot.resolve(OVERRIDE_FILE);
        if (!Files.exists(override)) {
            return bundled();
        }
        try {
            return parse(Files.readAllBytes(override), override.toString());
        } catch (IOException e) {
            throw new Invalid(override.toString(), "", "cannot read: " + e.getMessage());
        }
    }

    public static ControlMapping bundled() {
        try (InputStream in = ControlMapping.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("this build does not contain " + BUNDLED);
            }
            return parse(in.readAllBytes(), "bundled");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUNDLED + ": " + e.getMessage(), e);
        }
    }

    public static ControlMapping parse(byte[] bytes, String file) {
        JsonNode root;
        try {
            root = JSON.read(bytes);
        } catch (JsonProcessingException e) {
            throw new Invalid(file, "", UntrustedJson.isDuplicateKey(e) ? "a key appears twice: " + e.getOriginalMessage()
                    : "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid(file, "", "cannot read: " + e.getMessage());
        }
        Reader r = new Reader(file);
        r.fields(root, "", Set.of("format", "version", "description", "frameworks"));
        String format = r.text(root, "", "format", true);
        if (!FORMAT.equals(format)) {
            throw new Invalid(file, "/format", "expected \"" + FORMAT + "\", found \"" + format + "\"");
        }
        String version = r.text(root, "", "version", true);
        r.text(root, "", "description", false);
        List<Framework> frameworks = new ArrayList<>();
        Set<String> controlIds = new HashSet<>();
        JsonNode fs = r.array(root, "", "frameworks");
        for (int i = 0; i < fs.size(); i++) {
            String at = "/frameworks/" + i;
            JsonNode f = fs.get(i);
            r.fields(f, at, Set.of("id", "name", "source", "controls"));
            String frameworkId = r.text(f, at, "id", true);
            List<Control> controls = new ArrayList<>();
            JsonNode cs = r.array(f, at, "controls");
            for (int j = 0; j < cs.size(); j++) {
                String cat = at + "/controls/" + j;
                JsonNode c = cs.get(j);
                r.fields(c, cat, Set.of("id", "title", "appliesFrom", "evidence", "organisational", "note"));
                String id = r.text(c, cat, "id", true);
                if (!controlIds.add(id)) {
                    throw new Invalid(file, cat + "/id", "the control \"" + id + "\" is listed twice");
                }
                String date = r.text(c, cat, "appliesFrom", false);
                LocalDate appliesFrom;
                try {
                    appliesFrom = date == null ? null : LocalDate.parse(date);
                } catch (DateTimeParseException e) {
                    throw new Invalid(file, cat + "/appliesFrom", "expected a date as YYYY-MM-DD or null, found \"" + date + "\"");
                }
                List<EvidenceKind> evidence = new ArrayList<>();
                JsonNode es = r.array(c, cat, "evidence");
                for (int k = 0; k < es.size(); k++) {
                    String token = es.get(k).isTextual() ? es.get(k).asText() : null;
                    EvidenceKind kind = token == null ? null : EvidenceKind.fromToken(token).orElse(null);
                    if (kind == null) {
                        throw new Invalid(file, cat + "/evidence/" + k, "unknown evidence kind " + es.get(k)
                                + "; expected one of " + EvidenceKind.tokens());
                    }
                    if (evidence.contains(kind)) {
                        throw new Invalid(file, cat + "/evidence/" + k, "\"" + token + "\" is listed twice");
                    }
                    evidence.add(kind);
                }
                controls.add(new Control(frameworkId, id, r.text(c, cat, "title", true), appliesFrom, evidence,
                        r.text(c, cat, "organisational", false), r.text(c, cat, "note", false)));
            }
            frameworks.add(new Framework(frameworkId, r.text(f, at, "name", true), r.text(f, at, "source", false), controls));
        }
        return new ControlMapping(file, version, frameworks);
    }

    /** The checks of one file, each failure naming the file and the path. */
    private record Reader(String file) {
        void fields(JsonNode node, String at, Set<String> allowed) {
            if (!node.isObject()) {
                throw new Invalid(file, at.isEmpty() ? "/" : at, "expected an object");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw new Invalid(file, at + "/" + name, "unknown field; expected one of " + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        String text(JsonNode node, String at, String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    throw new Invalid(file, at + "/" + field, "missing");
                }
                return null;
            }
            if (!v.isTextual() || (required && v.asText().isBlank())) {
                throw new Invalid(file, at + "/" + field, required ? "expected a non-empty string" : "expected a string or null");
            }
            return v.asText().strip();
        }

        JsonNode array(JsonNode node, String at, String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isArray()) {
                throw new Invalid(file, at + "/" + field, v == null ? "missing" : "expected an array");
            }
            return v;
        }
    }
}
