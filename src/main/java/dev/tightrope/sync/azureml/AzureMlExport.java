package dev.tightrope.sync.azureml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.RecordSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saved answers, one per file, sorted by what they hold. A file is known by its content, not its
 * name: a JSON array as {@code az ml … list -o json} prints it (snake_case, {@code creation_context}),
 * one object as {@code az ml … show} prints it, or Azure Resource Manager's own
 * {@code {"value":[…]}} page or single resource (no snake_case key at its top). Each record is known by its {@code id}
 * ({@code …/models/N/versions/V}, {@code …/onlineEndpoints/E/deployments/D}, …). The CLI's records
 * are brought to ARM's shape here, so one mapper reads both. A file with no record this knows is
 * reported, not guessed at.
 */
final class AzureMlExport {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final Map<String, JsonNode> models = new LinkedHashMap<>();
    final Map<String, JsonNode> modelVersions = new LinkedHashMap<>();
    final Map<String, JsonNode> data = new LinkedHashMap<>();
    final Map<String, JsonNode> dataVersions = new LinkedHashMap<>();
    final Map<String, JsonNode> endpoints = new LinkedHashMap<>();
    final Map<String, List<JsonNode>> deployments = new LinkedHashMap<>();
    final Map<String, JsonNode> jobs = new LinkedHashMap<>();
    final Map<String, String> environmentImages = new LinkedHashMap<>();

    /** Sorts one file's records; returns false (after reporting it) when the file holds none this knows. */
    boolean add(Path file, JsonNode doc, RecordSink sink) {
        List<JsonNode> items = new ArrayList<>();
        if (doc.isArray()) {
            doc.forEach(items::add);
        } else if (doc.isObject() && doc.path("value").isArray()) {
            doc.get("value").forEach(items::add);
        } else if (doc.isObject()) {
            items.add(doc);
        }
        int known = 0;
        int unknown = 0;
        for (JsonNode item : items) {
            if (item.isObject() && put(arm(item))) {
                known++;
            } else {
                unknown++;
            }
        }
        if (known == 0 && !items.isEmpty() || !doc.isArray() && !doc.isObject()) {
            sink.problem(new Problem(file.toString(), "not a saved answer of az ml (model, data, online-endpoint, online-deployment, job,"
                    + " environment … -o json) or of the Azure Machine Learning REST API: no record with the id of a workspace resource"));
            return false;
        }
        if (unknown > 0) {
            sink.problem(new Problem(file.toString(), unknown + (unknown == 1 ? " record has" : " records have")
                    + " no id of an Azure Machine Learning model, data asset, endpoint, deployment, job or environment; skipped"));
        }
        return true;
    }

    private boolean put(JsonNode r) {
        ArmId id = ArmId.parse(AzureMlMapper.text(r, "id"));
        if (id == null) {
            return false;
        }
        String key = id.canonical();
        if (id.is("models", null)) {
            models.put(key, r);
        } else if (id.is("models", "versions")) {
            modelVersions.put(key, r);
        } else if (id.is("data", null)) {
            data.put(key, r);
        } else if (id.is("data", "versions")) {
            dataVersions.put(key, r);
        } else if (id.is("onlineEndpoints", null)) {
            endpoints.put(key, r);
        } else if (id.is("onlineEndpoints", "deployments")) {
            List<JsonNode> of = deployments.computeIfAbsent(id.parent().canonical(), k -> new ArrayList<>());
            of.removeIf(d -> key.equals(ArmId.parse(AzureMlMapper.text(d, "id")).canonical()));
            of.add(r);
        } else if (id.is("jobs", null)) {
            jobs.put(key, r);
        } else if (id.is("environments", "versions")) {
            String image = AzureMlMapper.text(r.path("properties"), "image");
            if (image != null) {
                environmentImages.put(key, image);
            }
        } else {
            return false;
        }
        return true;
    }

    /** The latest version of each model and data container the export names, for {@code @latest} references. */
    Map<String, String> latestVersions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, JsonNode> containers : List.of(models, data)) {
            containers.forEach((k, c) -> {
                String latest = AzureMlMapper.text(c.path("properties"), "latestVersion");
                if (latest != null) {
                    out.put(k, latest);
                }
            });
        }
        return out;
    }

    /**
     * An ARM resource as is; a CLI record ({@code creation_context}, snake_case, no {@code properties})
     * in ARM's shape: ARM's names for the fields the mapper reads, tags where ARM keeps them.
     */
    static JsonNode arm(JsonNode r) {
        if (r.path("properties").isObject() && !snakeCase(r)) {
            return r;
        }
        ArmId id = ArmId.parse(AzureMlMapper.text(r, "id"));
        ObjectNode out = NODES.objectNode();
        out.set("id", r.path("id"));
        out.set("name", r.path("name"));
        ObjectNode p = out.putObject("properties");
        JsonNode context = r.path("creation_context");
        if (context.isObject()) {
            ObjectNode system = out.putObject("systemData");
            copy(context, "created_at", system, "createdAt");
            copy(context, "created_by", system, "createdBy");
            copy(context, "created_by_type", system, "createdByType");
            copy(context, "last_modified_at", system, "lastModifiedAt");
        }
        copy(r, "description", p, "description");
        boolean topLevelTags = id != null && id.collection().equals("onlineEndpoints");
        if (r.path("tags").isObject()) {
            (topLevelTags ? out : p).set("tags", r.get("tags"));
        }
        if (r.path("properties").isObject()) {
            p.set("properties", r.get("properties"));
        }
        if (id == null) {
            return out;
        }
        if (id.is("models", null) || id.is("data", null)) {
            copy(r, "latest_version", p, "latestVersion");
        } else if (id.is("models", "versions")) {
            copy(r, "path", p, "modelUri");
            copy(r, "type", p, "modelType");
            copy(r, "job_name", p, "jobName");
            copy(r, "stage", p, "stage");
            if (r.path("flavors").isObject()) {
                p.set("flavors", r.get("flavors"));
            }
        } else if (id.is("data", "versions")) {
            copy(r, "path", p, "dataUri");
            copy(r, "type", p, "dataType");
        } else if (id.is("onlineEndpoints", null)) {
            copy(r, "scoring_uri", p, "scoringUri");
            copy(r, "auth_mode", p, "authMode");
            copy(r, "provisioning_state", p, "provisioningState");
            copy(r, "location", out, "location");
            if (r.path("traffic").isObject()) {
                p.set("traffic", r.get("traffic"));
            }
        } else if (id.is("onlineEndpoints", "deployments")) {
            copy(r, "model", p, "model");
            copy(r, "environment", p, "environmentId");
            copy(r, "instance_type", p, "instanceType");
            copy(r, "type", p, "endpointComputeType");
            copy(r, "provisioning_state", p, "provisioningState");
            if (r.path("instance_count").isIntegralNumber()) {
                out.putObject("sku").set("capacity", r.get("instance_count"));
            }
        } else if (id.is("jobs", null)) {
            copy(r, "type", p, "jobType");
            copy(r, "status", p, "status");
            copy(r, "display_name", p, "displayName");
            copy(r, "experiment_name", p, "experimentName");
            copy(r, "compute", p, "computeId");
            copy(r, "environment", p, "environmentId");
            p.set("inputs", ports(r.path("inputs"), "jobInputType"));
            p.set("outputs", ports(r.path("outputs"), "jobOutputType"));
        } else if (id.is("environments", "versions")) {
            copy(r, "image", p, "image");
        }
        return out;
    }

    /** The CLI's records have snake_case keys at the top ({@code creation_context}, {@code latest_version}, …); ARM's have none. */
    private static boolean snakeCase(JsonNode r) {
        for (var names = r.fieldNames(); names.hasNext(); ) {
            if (names.next().indexOf('_') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** A job's inputs or outputs: the CLI's {@code {type, path}} as ARM's {@code {jobInputType, uri}}; a literal input stays out. */
    private static ObjectNode ports(JsonNode ports, String typeField) {
        ObjectNode out = NODES.objectNode();
        ports.fields().forEachRemaining(e -> {
            JsonNode port = e.getValue();
            if (port.isObject()) {
                ObjectNode p = out.putObject(e.getKey());
                copy(port, "type", p, typeField);
                copy(port, "path", p, "uri");
            }
        });
        return out;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && v.isValueNode() && !v.isNull()) {
            to.set(as, v);
        }
    }
}
