package dev.tightrope.sync.sagemaker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS CLI's answers, one per file, sorted by what they are. Each is known by its shape, so the
 * files may be named as one likes: {@code list-model-package-groups} ({@code ModelPackageGroupSummaryList}),
 * {@code describe-model-package-group}, {@code list-model-packages} ({@code ModelPackageSummaryList}),
 * {@code describe-model-package}, {@code list-endpoints} ({@code Endpoints}), {@code describe-endpoint},
 * {@code describe-endpoint-config}, {@code describe-model}, {@code list-training-jobs}
 * ({@code TrainingJobSummaries}) and {@code describe-training-job}; and {@code search --resource
 * ModelPackage|ModelPackageGroup|Endpoint|TrainingJob} ({@code Results}), whose records carry their
 * {@code Tags} (the Describe answers do not, and a {@code list-tags} answer does not say whose tags
 * they are, so Search is how an export brings the owner and team tags). A Describe answer wins over
 * the List summary of the same record; a summary alone still gives the record, with less detail.
 */
final class SageMakerExport {

    private final UntrustedJson json;
    private final Map<String, JsonNode> groups = new LinkedHashMap<>();
    private final Map<String, JsonNode> packages = new LinkedHashMap<>();
    private final Map<String, JsonNode> endpoints = new LinkedHashMap<>();
    private final Map<String, JsonNode> configs = new LinkedHashMap<>();
    private final Map<String, JsonNode> models = new LinkedHashMap<>();
    private final Map<String, JsonNode> trainingJobs = new LinkedHashMap<>();
    private final Map<String, List<Map.Entry<String, String>>> tags = new HashMap<>();

    SageMakerExport(UntrustedJson json) {
        this.json = json;
    }

    /**
     * Reads one answer. A file that cannot be read fails the source: a lost answer would make its
     * records look deleted, so the previous state is kept instead.
     */
    void add(Path file) throws ConnectorException {
        JsonNode doc = read(file);
        if (!doc.isObject()) {
            throw new ConnectorException(file.toString(), "expected a JSON object as the AWS CLI prints it (--output json)");
        }
        if (doc.has("Results")) {
            searchResults(doc.get("Results"), file);
            return;
        }
        if (list(doc, "ModelPackageGroupSummaryList", "ModelPackageGroupArn", groups, file)
                || list(doc, "ModelPackageSummaryList", "ModelPackageArn", packages, file)
                || list(doc, "Endpoints", "EndpointArn", endpoints, file)
                || list(doc, "TrainingJobSummaries", "TrainingJobArn", trainingJobs, file)) {
            return;
        }
        record(doc, file);
    }

    /** One record of a Describe answer or a Search result, by its shape. */
    private void record(JsonNode doc, Path file) throws ConnectorException {
        if (doc.has("EndpointConfigArn")) {
            put(configs, doc, "EndpointConfigName", file);
        } else if (doc.has("ModelArn") && (doc.has("PrimaryContainer") || doc.has("Containers"))) {
            put(models, doc, "ModelName", file);
        } else if (doc.has("EndpointArn")) {
            put(endpoints, doc, "EndpointArn", file);
        } else if (doc.has("TrainingJobArn")) {
            put(trainingJobs, doc, "TrainingJobArn", file);
        } else if (doc.has("ModelPackageArn")) {
            put(packages, doc, "ModelPackageArn", file);
        } else if (doc.has("ModelPackageGroupArn")) {
            put(groups, doc, "ModelPackageGroupArn", file);
        } else {
            throw new ConnectorException(file.toString(), "not an answer of aws sagemaker list-…/describe-… for model packages, endpoints,"
                    + " endpoint configs, models or training jobs");
        }
    }

    /** {@code aws sagemaker search}: each result holds one record under its resource's name, with its tags. */
    private void searchResults(JsonNode results, Path file) throws ConnectorException {
        if (!results.isArray()) {
            throw new ConnectorException(file.toString(), "\"Results\" is not a list");
        }
        for (JsonNode result : results) {
            for (String resource : List.of("ModelPackage", "ModelPackageGroup", "Endpoint", "TrainingJob")) {
                JsonNode record = result.get(resource);
                if (record == null || !record.isObject()) {
                    continue;
                }
                record(record, file);
                String arn = SageMakerMapper.text(record, resource + "Arn");
                if (arn != null && record.path("Tags").isArray()) {
                    List<Map.Entry<String, String>> found = new ArrayList<>();
                    for (JsonNode t : record.get("Tags")) {
                        String key = SageMakerMapper.text(t, "Key");
                        if (key != null) {
                            found.add(Map.entry(key, t.path("Value").asText("")));
                        }
                    }
                    tags.put(arn, found);
                }
            }
        }
    }

    private static boolean list(JsonNode doc, String field, String key, Map<String, JsonNode> into, Path file)
            throws ConnectorException {
        JsonNode items = doc.get(field);
        if (items == null) {
            return false;
        }
        if (!items.isArray()) {
            throw new ConnectorException(file.toString(), "\"" + field + "\" is not a list");
        }
        for (JsonNode item : items) {
            String id = SageMakerMapper.text(item, key);
            if (id != null) {
                into.putIfAbsent(id, item);
            }
        }
        return true;
    }

    private static void put(Map<String, JsonNode> into, JsonNode doc, String key, Path file) throws ConnectorException {
        String id = SageMakerMapper.text(doc, key);
        if (id == null) {
            throw new ConnectorException(file.toString(), "the answer has no " + key);
        }
        into.put(id, doc);
    }

    private JsonNode read(Path file) throws ConnectorException {
        try {
            if (Files.size(file) > SageMakerClient.MAX_BYTES) {
                throw new ConnectorException(file.toString(), "larger than the " + SageMakerClient.MAX_BYTES + " bytes allowed");
            }
            return json.read(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : ":" + e.getLocation().getLineNr();
            throw new ConnectorException(file + line, UntrustedJson.isDuplicateKey(e) ? "not valid JSON: a key appears twice"
                    : UntrustedJson.exceedsLimit(e) ? "the JSON exceeds the limits (depth, string or number length)" : "not valid JSON");
        } catch (IOException e) {
            throw new ConnectorException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    Map<String, JsonNode> groups() {
        return groups;
    }

    Map<String, JsonNode> packages() {
        return packages;
    }

    Map<String, JsonNode> endpoints() {
        return endpoints;
    }

    Map<String, JsonNode> configs() {
        return configs;
    }

    Map<String, JsonNode> models() {
        return models;
    }

    Map<String, JsonNode> trainingJobs() {
        return trainingJobs;
    }

    /** The tags of the records that came with theirs (Search results), by ARN. */
    Map<String, List<Map.Entry<String, String>>> tags() {
        return tags;
    }
}
