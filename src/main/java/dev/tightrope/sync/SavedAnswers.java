package dev.tightrope.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.RecordSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The offline modes' shared reading of one saved API answer: bounded, strict, a bad file one problem. */
public final class SavedAnswers {

    private SavedAnswers() {
    }

    /**
     * The JSON in {@code file}, or null after reporting, as a problem with the file, that it is too
     * large or not valid JSON. A file that cannot be read at all fails the source.
     */
    public static JsonNode read(UntrustedJson json, long maxBytes, Path file, RecordSink sink) throws ConnectorException {
        try {
            if (Files.size(file) > maxBytes) {
                sink.problem(new Problem(file.toString(), "larger than the " + maxBytes + " bytes allowed"));
                return null;
            }
            return json.read(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            sink.problem(new Problem(file.toString(), "not valid JSON: " + json.describe(e)));
            return null;
        } catch (IOException e) {
            throw new ConnectorException(file.toString(), "cannot be read: " + e.getMessage(), e);
        }
    }
}
