package dev.tightrope.sync.vertexai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.RecordSink;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Saved Vertex AI listings, sorted by what they hold. Each file is known by its content, so the
 * files may be named as one likes: what {@code gcloud ai models list --format=json},
 * {@code gcloud ai models list-version MODEL --format=json}, {@code gcloud ai endpoints list},
 * {@code gcloud ai custom-jobs list} and the like print (a JSON array of REST objects), a REST answer
 * saved as it came ({@code {"models":[…],"nextPageToken":…}}, {@code {"endpoints":[…]}}, …), or
 * one resource ({@code gcloud ai models describe}). Every record is recognised by its resource
 * name ({@code projects/…/locations/…/models/…}, {@code …/endpoints/…}, {@code …/datasets/…},
 * {@code …/trainingPipelines/…}, {@code …/customJobs/…}).
 */
final class VertexAiExport {

    private static final List<String> LIST_FIELDS = List.of("models", "endpoints", "datasets", "trainingPipelines", "customJobs");

    /** Model versions by {@code name@versionId}; the rest by name. */
    private final Map<String, JsonNode> models = new LinkedHashMap<>();
    private final Map<String, JsonNode> endpoints = new LinkedHashMap<>();
    private final Map<String, JsonNode> datasets = new LinkedHashMap<>();
    private final Map<String, JsonNode> trainingPipelines = new LinkedHashMap<>();
    private final Map<String, JsonNode> customJobs = new LinkedHashMap<>();

    /**
     * Adds one saved document. Records it does not recognise are problems; returns false when the
     * file as a whole is not a Vertex AI listing (then it may hold records in a shape this does not
     * read, so nothing is taken as deleted).
     */
    boolean add(Path file, JsonNode doc, RecordSink sink) {
        JsonNode items = null;
        if (doc.isArray()) {
            items = doc;
        } else if (doc.isObject()) {
            for (String field : LIST_FIELDS) {
                if (doc.path(field).isArray()) {
                    items = doc.get(field);
                    break;
                }
            }
            if (items == null && kind(doc) != null) {
                put(doc, kind(doc));
                return true;
            }
        }
        if (items == null) {
            sink.problem(new Problem(file.toString(), "not a Vertex AI listing: expected what gcloud ai models|endpoints|custom-jobs list"
                    + " --format=json prints (an array of resources) or a saved REST answer ({\"models\":[…]}, {\"endpoints\":[…]}, …)"));
            return false;
        }
        int unknown = 0;
        for (JsonNode item : items) {
            String kind = item.isObject() ? kind(item) : null;
            if (kind == null) {
                unknown++;
                continue;
            }
            put(item, kind);
        }
        if (unknown > 0) {
            sink.problem(new Problem(file.toString(), unknown + (unknown == 1 ? " record is" : " records are")
                    + " not a Vertex AI model, endpoint, dataset, training pipeline or custom job (no projects/…/locations/… resource name)"));
            return unknown < items.size();
        }
        return true;
    }

    private static String kind(JsonNode resource) {
        Matcher m = VertexAiMapper.RESOURCE.matcher(String.valueOf(VertexAiMapper.text(resource, "name")).strip());
        return m.matches() ? m.group(2) : null;
    }

    private void put(JsonNode resource, String kind) {
        String name = VertexAiMapper.text(resource, "name").strip();
        switch (kind) {
            case "models" -> {
                String version = VertexAiMapper.text(resource, "versionId");
                String model = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
                models.put(version != null ? model + "@" + version : name, resource);
            }
            case "endpoints" -> endpoints.put(name, resource);
            case "datasets" -> datasets.put(name, resource);
            case "trainingPipelines" -> trainingPipelines.put(name, resource);
            default -> customJobs.put(name, resource);
        }
    }

    Map<String, JsonNode> models() {
        return models;
    }

    Map<String, JsonNode> endpoints() {
        return endpoints;
    }

    Map<String, JsonNode> datasets() {
        return datasets;
    }

    Map<String, JsonNode> trainingPipelines() {
        return trainingPipelines;
    }

    Map<String, JsonNode> customJobs() {
        return customJobs;
    }
}
