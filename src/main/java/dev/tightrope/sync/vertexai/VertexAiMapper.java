package dev.tightrope.sync.vertexai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.oci.OciReference;
import dev.tightrope.sync.JsonFields;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vertex AI's resources (REST objects, as the API answers them and {@code gcloud ai … --format=json}
 * prints them) as assets, edges and owner claims, named by their resource names
 * ({@code projects/<p>/locations/<l>/models/<id>}, a version {@code …/models/<id>@<versionId>}). No IO.
 *
 * <p>A model's versions are Model objects that share a name and differ in {@code versionId}; the
 * model asset takes its name, description and labels from the version with the {@code default}
 * alias. A serving container pinned by digest ({@code …@sha256:…}) is named as the {@code oci}
 * source names an image ({@code tr:container_image:oci:<registry>/<repository>@sha256:…}), so the
 * two sources' records of it are one asset; a {@code gs://} location is named as OpenLineage
 * names a GCS dataset ({@code tr:dataset:openlineage:gs://bucket/path}).
 */
final class VertexAiMapper {

    static final String TYPE = "vertexai";
    /** {@code projects/<p>/locations/<l>/<collection>/<id>[@<version or alias>]}. */
    static final Pattern RESOURCE = Pattern.compile(
            "(projects/[A-Za-z0-9.:_-]{1,100}/locations/[a-z0-9-]{1,64})/(models|endpoints|datasets|trainingPipelines|customJobs)/([A-Za-z0-9_-]{1,128})(?:@([A-Za-z0-9_-]{1,128}))?");
    private static final Pattern VERSION_ID = Pattern.compile("\\d{1,19}");
    private static final int MAX_TAGS = 64;

    private final RecordSink sink;
    private final String where;
    /** Per model: alias → versionId, for endpoints that deploy {@code model@alias} or the default version. */
    private final Map<String, Map<String, String>> aliases = new HashMap<>();
    /** Per model version: its serving image, when pinned by digest. */
    private final Map<Urn, Urn> imageOfVersion = new HashMap<>();
    /** Per model: its display name, for saying what an endpoint serves. */
    private final Map<String, String> displayNames = new HashMap<>();

    VertexAiMapper(RecordSink sink, String where) {
        this.sink = sink;
        this.where = where;
    }

    static Urn model(String name) {
        return Urn.of(AssetKind.MODEL, TYPE, name);
    }

    static Urn version(String model, String versionId) {
        return Urn.of(AssetKind.MODEL_VERSION, TYPE, model + "@" + versionId);
    }

    /** A resource name's parts, or null when it is not one of {@code collection}. */
    static Matcher resource(String name, String collection) {
        Matcher m = name == null ? null : RESOURCE.matcher(name.strip());
        return m != null && m.matches() && m.group(2).equals(collection) ? m : null;
    }

    /**
     * Every version of every model (from {@code models} listings and {@code :listVersions}), before
     * the endpoints: they deploy versions by id or alias. A model whose versions carry no
     * {@code versionId} is the model alone.
     */
    void models(Collection<JsonNode> versions) {
        Map<String, List<JsonNode>> byModel = new LinkedHashMap<>();
        for (JsonNode v : versions) {
            Matcher m = resource(text(v, "name"), "models");
            if (m == null) {
                sink.problem(new Problem(where, "a model without a valid name (projects/…/locations/…/models/…): " + abbreviate(text(v, "name"))));
                continue;
            }
            byModel.computeIfAbsent(m.group(1) + "/models/" + m.group(3), k -> new ArrayList<>()).add(v);
        }
        byModel.forEach((name, all) -> {
            Map<String, String> byAlias = aliases.computeIfAbsent(name, k -> new HashMap<>());
            JsonNode representative = all.get(0);
            for (JsonNode v : all) {
                String id = versionId(v);
                for (JsonNode a : v.path("versionAliases")) {
                    if (a.isTextual() && id != null) {
                        byAlias.put(a.asText(), id);
                        if (a.asText().equals("default")) {
                            representative = v;
                        }
                    }
                }
            }
            modelAsset(name, representative, byAlias.get("default"));
            for (JsonNode v : all) {
                String id = versionId(v);
                if (id != null) {
                    versionAsset(name, id, v);
                }
            }
        });
    }

    private void modelAsset(String name, JsonNode m, String defaultVersion) {
        Urn urn = model(name);
        String display = text(m, "displayName") == null ? name.substring(name.lastIndexOf('/') + 1) : text(m, "displayName");
        displayNames.put(name, display);
        Asset.Builder b = Asset.builder(urn, display)
                .description(text(m, "description")).sourceRef(name).tags(labels(m, List.of()));
        b.property("resource_name", name);
        property(b, "default_version", defaultVersion);
        property(b, "created", time(m, "createTime"));
        property(b, "source_type", text(m.path("modelSourceInfo"), "sourceType"));
        sink.asset(b.build());
        owners(urn, m);
    }

    private void versionAsset(String model, String id, JsonNode v) {
        Urn urn = version(model, id);
        List<String> versionAliases = new ArrayList<>();
        v.path("versionAliases").forEach(a -> {
            if (a.isTextual() && !a.asText().isBlank()) {
                versionAliases.add(a.asText());
            }
        });
        String display = text(v, "displayName");
        String description = text(v, "versionDescription") != null ? text(v, "versionDescription") : text(v, "description");
        Asset.Builder b = Asset.builder(urn, (display == null ? model.substring(model.lastIndexOf('/') + 1) : display) + " v" + id)
                .description(description).sourceRef(model + "@" + id)
                .tags(labels(v, versionAliases.stream().map(a -> "alias:" + a).toList()));
        b.property("resource_name", model + "@" + id);
        b.property("version", id);
        property(b, "aliases", versionAliases.isEmpty() ? null : String.join(", ", versionAliases));
        property(b, "created", time(v, "versionCreateTime") != null ? time(v, "versionCreateTime") : time(v, "createTime"));
        property(b, "updated", time(v, "versionUpdateTime"));
        property(b, "artifact_uri", text(v, "artifactUri"));
        property(b, "source_type", text(v.path("modelSourceInfo"), "sourceType"));
        property(b, "training_pipeline", text(v, "trainingPipeline"));
        property(b, "pipeline_job", text(v, "pipelineJob"));
        String imageUri = text(v.path("containerSpec"), "imageUri");
        property(b, "image", imageUri);
        Urn image = image(imageUri);
        if (image != null) {
            property(b, "image_digest", image.nativeId().substring(image.nativeId().lastIndexOf('@') + 1));
        }
        sink.asset(b.build());
        sink.edge(new Edge(model(model), urn, EdgeType.VERSION_OF));
        if (image != null) {
            sink.edge(new Edge(urn, image, EdgeType.PACKAGED_AS));
            imageOfVersion.put(urn, image);
        }
        Matcher pipeline = resource(text(v, "trainingPipeline"), "trainingPipelines");
        if (pipeline != null) {
            sink.edge(new Edge(run(pipeline), urn, EdgeType.PRODUCED_BY));
        }
        owners(urn, v);
    }

    /**
     * An endpoint and what it serves: each deployed model's exact version ({@code modelVersionId},
     * else the {@code @version} or {@code @alias} its {@code model} ends with, else the default
     * version) is deployed as it, and so is that version's pinned image.
     */
    void endpoint(JsonNode e) {
        Matcher m = resource(text(e, "name"), "endpoints");
        if (m == null) {
            throw new IllegalArgumentException("an endpoint without a valid name (projects/…/locations/…/endpoints/…): " + abbreviate(text(e, "name")));
        }
        String name = m.group(0);
        Urn urn = Urn.of(AssetKind.DEPLOYMENT, TYPE, name);
        Asset.Builder b = Asset.builder(urn, text(e, "displayName") == null ? m.group(3) : text(e, "displayName"))
                .description(text(e, "description")).sourceRef(name).tags(labels(e, List.of()));
        b.property("resource_name", name);
        property(b, "created", time(e, "createTime"));
        property(b, "updated", time(e, "updateTime"));
        Set<Urn> deployed = new LinkedHashSet<>();
        List<String> described = new ArrayList<>();
        JsonNode traffic = e.path("trafficSplit");
        for (JsonNode d : e.path("deployedModels")) {
            Matcher model = resource(text(d, "model"), "models");
            String id = text(d, "id");
            String share = id != null && traffic.path(id).isNumber() ? " " + traffic.path(id).asInt() + "%" : "";
            String machine = text(d.path("dedicatedResources").path("machineSpec"), "machineType");
            described.add((text(d, "displayName") == null ? String.valueOf(id) : text(d, "displayName")) + ": "
                    + (model == null ? "?" : displayNames.getOrDefault(model.group(1) + "/models/" + model.group(3), model.group(3))
                    + (versionOf(d, model) == null ? "" : " v" + versionOf(d, model))) + share
                    + (machine == null ? "" : " on " + machine));
            if (model == null) {
                sink.problem(new Problem(where, "endpoint " + name + ": a deployed model without a valid model name: " + abbreviate(text(d, "model"))));
                continue;
            }
            String modelName = model.group(1) + "/models/" + model.group(3);
            String version = versionOf(d, model);
            if (version == null) {
                // the version the alias pointed to is not among the versions read: the deployment is of the model
                deployed.add(model(modelName));
                continue;
            }
            Urn v = version(modelName, version);
            deployed.add(v);
            Urn image = imageOfVersion.get(v);
            if (image != null) {
                deployed.add(image);
            }
        }
        property(b, "deployed_models", described.isEmpty() ? null : String.join("; ", described));
        sink.asset(b.build());
        deployed.forEach(d -> sink.edge(new Edge(d, urn, EdgeType.DEPLOYED_AS)));
        owners(urn, e);
    }

    /** The versionId a deployed model serves, or null when only an alias no version read carries names it. */
    private String versionOf(JsonNode deployedModel, Matcher model) {
        String id = text(deployedModel, "modelVersionId");
        if (id != null && VERSION_ID.matcher(id).matches()) {
            return id;
        }
        String suffix = model.group(4);
        if (suffix != null && VERSION_ID.matcher(suffix).matches()) {
            return suffix;
        }
        return aliases.getOrDefault(model.group(1) + "/models/" + model.group(3), Map.of()).get(suffix == null ? "default" : suffix);
    }

    /** A managed dataset; the Cloud Storage files it was imported from, when its metadata names them. */
    void dataset(JsonNode d) {
        Matcher m = resource(text(d, "name"), "datasets");
        if (m == null) {
            throw new IllegalArgumentException("a dataset without a valid name (projects/…/locations/…/datasets/…): " + abbreviate(text(d, "name")));
        }
        Urn urn = dataset(m.group(1), m.group(3));
        Asset.Builder b = Asset.builder(urn, text(d, "displayName") == null ? m.group(3) : text(d, "displayName"))
                .description(text(d, "description")).sourceRef(m.group(0)).tags(labels(d, List.of()));
        b.property("resource_name", m.group(0));
        property(b, "metadata_schema_uri", text(d, "metadataSchemaUri"));
        property(b, "data_item_count", d.path("dataItemCount").isValueNode() && !d.path("dataItemCount").isNull() ? d.path("dataItemCount").asText() : null);
        property(b, "created", time(d, "createTime"));
        property(b, "updated", time(d, "updateTime"));
        JsonNode input = d.path("metadata").path("inputConfig");
        List<String> gcs = new ArrayList<>();
        JsonNode uris = input.path("gcsSource").path("uri");
        if (uris.isTextual()) {
            gcs.add(uris.asText());
        }
        uris.forEach(u -> {
            if (u.isTextual()) {
                gcs.add(u.asText());
            }
        });
        property(b, "gcs_source", gcs.isEmpty() ? null : String.join(", ", gcs));
        property(b, "bigquery_source", text(input.path("bigquerySource"), "uri"));
        sink.asset(b.build());
        for (String uri : gcs) {
            Urn file = gcsDataset(uri);
            if (file != null) {
                sink.asset(Asset.builder(file, file.nativeId()).sourceRef(file.nativeId()).build());
                sink.edge(new Edge(file, urn, EdgeType.DERIVED_FROM));
            }
        }
        owners(urn, d);
    }

    private static Urn dataset(String location, String id) {
        return Urn.of(AssetKind.DATASET, TYPE, location + "/datasets/" + id);
    }

    /**
     * A training pipeline: trained on its {@code inputDataConfig.datasetId} (a dataset of the same
     * location), it produced the model it uploaded ({@code modelToUpload}'s name and version once
     * it succeeded), else the model it was to upload ({@code modelId}) or to add a version to
     * ({@code parentModel}).
     */
    void trainingPipeline(JsonNode p) {
        Matcher m = resource(text(p, "name"), "trainingPipelines");
        if (m == null) {
            throw new IllegalArgumentException("a training pipeline without a valid name (projects/…/locations/…/trainingPipelines/…): "
                    + abbreviate(text(p, "name")));
        }
        Urn urn = run(m);
        Asset.Builder b = Asset.builder(urn, text(p, "displayName") == null ? m.group(3) : text(p, "displayName"))
                .sourceRef(m.group(0)).tags(labels(p, List.of()));
        b.property("resource_name", m.group(0));
        b.property("job_type", "training pipeline");
        times(b, p);
        property(b, "training_task_definition", text(p, "trainingTaskDefinition"));
        property(b, "error", text(p.path("error"), "message"));
        property(b, "backing_custom_job", text(p.path("trainingTaskMetadata"), "backingCustomJob"));
        List<String> images = new ArrayList<>();
        for (JsonNode pool : p.path("trainingTaskInputs").path("workerPoolSpecs")) {
            String image = text(pool.path("containerSpec"), "imageUri");
            if (image != null) {
                images.add(image);
            }
        }
        property(b, "training_image", images.isEmpty() ? null : String.join(", ", images));
        String datasetId = text(p.path("inputDataConfig"), "datasetId");
        property(b, "dataset_id", datasetId);
        sink.asset(b.build());
        if (datasetId != null && datasetId.matches("[A-Za-z0-9_-]{1,128}")) {
            sink.edge(new Edge(dataset(m.group(1), datasetId), urn, EdgeType.TRAINED_ON));
        }
        Urn produced = produced(p, m.group(1));
        if (produced != null) {
            sink.edge(new Edge(urn, produced, EdgeType.PRODUCED_BY));
        }
        images.forEach(i -> uses(i, urn));
        owners(urn, p);
    }

    private Urn produced(JsonNode p, String location) {
        JsonNode upload = p.path("modelToUpload");
        Matcher uploaded = resource(text(upload, "name"), "models");
        if (uploaded != null) {
            String model = uploaded.group(1) + "/models/" + uploaded.group(3);
            String id = text(upload, "versionId") != null ? text(upload, "versionId") : uploaded.group(4);
            return id != null && VERSION_ID.matcher(id).matches() ? version(model, id) : model(model);
        }
        Matcher parentModel = resource(text(p, "parentModel"), "models");
        if (parentModel != null) {
            return model(parentModel.group(1) + "/models/" + parentModel.group(3));
        }
        String modelId = text(p, "modelId");
        return modelId != null && modelId.matches("[A-Za-z0-9_-]{1,128}") ? model(location + "/models/" + modelId) : null;
    }

    /** A custom job: a training run with its worker pools' images (those pinned by digest are the OCI images it used). */
    void customJob(JsonNode j) {
        Matcher m = resource(text(j, "name"), "customJobs");
        if (m == null) {
            throw new IllegalArgumentException("a custom job without a valid name (projects/…/locations/…/customJobs/…): " + abbreviate(text(j, "name")));
        }
        Urn urn = run(m);
        Asset.Builder b = Asset.builder(urn, text(j, "displayName") == null ? m.group(3) : text(j, "displayName"))
                .sourceRef(m.group(0)).tags(labels(j, List.of()));
        b.property("resource_name", m.group(0));
        b.property("job_type", "custom job");
        times(b, j);
        property(b, "error", text(j.path("error"), "message"));
        JsonNode spec = j.path("jobSpec");
        property(b, "output_uri", text(spec.path("baseOutputDirectory"), "outputUriPrefix"));
        property(b, "service_account", text(spec, "serviceAccount"));
        List<String> images = new ArrayList<>();
        List<String> machines = new ArrayList<>();
        for (JsonNode pool : spec.path("workerPoolSpecs")) {
            String image = text(pool.path("containerSpec"), "imageUri") != null ? text(pool.path("containerSpec"), "imageUri")
                    : text(pool.path("pythonPackageSpec"), "executorImageUri");
            if (image != null) {
                images.add(image);
            }
            String machine = text(pool.path("machineSpec"), "machineType");
            if (machine != null) {
                machines.add(machine + (pool.path("replicaCount").isValueNode() ? " × " + pool.path("replicaCount").asText() : ""));
            }
        }
        property(b, "training_image", images.isEmpty() ? null : String.join(", ", images));
        property(b, "machines", machines.isEmpty() ? null : String.join(", ", machines));
        sink.asset(b.build());
        images.forEach(i -> uses(i, urn));
        owners(urn, j);
    }

    private void uses(String imageUri, Urn run) {
        Urn image = image(imageUri);
        if (image != null) {
            sink.edge(new Edge(image, run, EdgeType.USES));
        }
    }

    private static Urn run(Matcher resource) {
        return Urn.of(AssetKind.TRAINING_RUN, TYPE, resource.group(0));
    }

    private static void times(Asset.Builder b, JsonNode job) {
        property(b, "state", text(job, "state"));
        property(b, "created", time(job, "createTime"));
        property(b, "started", time(job, "startTime"));
        property(b, "ended", time(job, "endTime"));
    }

    /**
     * The image asset of a container URI pinned by digest, named as the {@code oci} source names
     * it; null without a digest or without a registry host (a Docker Hub short name).
     */
    private Urn image(String uri) {
        if (uri == null || !uri.contains("@sha256:")) {
            return null;
        }
        OciReference ref;
        try {
            ref = OciReference.parse("oci://" + uri.strip());
        } catch (IllegalArgumentException notAReference) {
            return null;
        }
        if (!ref.registry().contains(".") && !ref.registry().contains(":") && !ref.registry().equals("localhost")) {
            return null;
        }
        String repository = ref.registry() + "/" + ref.repository();
        Urn urn = Urn.of(AssetKind.CONTAINER_IMAGE, "oci", repository + "@" + ref.digest());
        String shortName = ref.repository().substring(ref.repository().lastIndexOf('/') + 1);
        sink.asset(Asset.builder(urn, shortName + "@" + ref.digest().substring(0, "sha256:".length() + 12))
                .digest(Digest.parse(ref.digest())).sourceRef("oci://" + repository + "@" + ref.digest()).build());
        return urn;
    }

    /** A Cloud Storage location as OpenLineage names it: namespace {@code gs://bucket}, name the path (no trailing slash). */
    static Urn gcsDataset(String uri) {
        String u = uri.strip();
        if (!u.matches("gs://[a-z0-9][a-z0-9._-]{1,221}/\\S+")) {
            return null;
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return Urn.of(AssetKind.DATASET, "openlineage", u);
    }

    /** Labels as tags {@code key:value} (after {@code extra}), at most {@value #MAX_TAGS}. */
    private static List<String> labels(JsonNode resource, List<String> extra) {
        List<String> tags = new ArrayList<>(extra);
        resource.path("labels").fields().forEachRemaining(l -> {
            if (l.getValue().isTextual()) {
                tags.add(l.getValue().asText().isEmpty() ? l.getKey() : l.getKey() + ":" + l.getValue().asText());
            }
        });
        return tags.size() > MAX_TAGS ? tags.subList(0, MAX_TAGS) : tags;
    }

    /**
     * Owners from the {@code owner} and {@code team} labels. GCP label values are lower-case letters,
     * digits, {@code -} and {@code _}: {@code team: fraud-ml} is {@code team:fraud-ml}; an owner label
     * cannot hold an e-mail address, so it is taken as it is.
     */
    private void owners(Urn urn, JsonNode resource) {
        String owner = text(resource.path("labels"), "owner");
        String team = text(resource.path("labels"), "team");
        if (owner != null && !owner.isBlank() && owner.length() <= 256) {
            sink.owner(OwnerClaim.fromSource(urn, owner.strip(), null, OwnerRole.TECHNICAL_OWNER));
        }
        if (team != null && !team.isBlank() && team.length() <= 256 && !("team:" + team.strip()).equals(owner)) {
            sink.owner(OwnerClaim.fromSource(urn, "team:" + team.strip(), null, OwnerRole.TECHNICAL_OWNER));
        }
    }

    private static String versionId(JsonNode v) {
        String id = text(v, "versionId");
        if (id == null) {
            Matcher m = resource(text(v, "name"), "models");
            id = m == null ? null : m.group(4);
        }
        return id != null && VERSION_ID.matcher(id).matches() ? id : null;
    }

    static String text(JsonNode node, String field) {
        String v = JsonFields.text(node, field);
        return v == null || v.isBlank() ? null : v;
    }

    /** An RFC 3339 time as the API gives it ({@code 2026-07-12T09:30:00.123456Z}), as an instant. */
    private static String time(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.strip()).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void property(Asset.Builder b, String key, String value) {
        if (value != null) {
            b.property(key, JsonFields.clip(value, Asset.MAX_PROPERTY_VALUE));
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "(none)" : JsonFields.clip(s.replaceAll("\\p{Cntrl}", " "), 120);
    }
}
