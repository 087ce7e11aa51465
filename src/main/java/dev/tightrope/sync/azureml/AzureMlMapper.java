package dev.tightrope.sync.azureml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.CloudAssets;
import dev.tightrope.sync.JsonFields;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Machine Learning's resources, in the shape Azure Resource Manager answers them
 * ({@code id}, {@code name}, {@code properties}, {@code systemData}, and {@code tags} on endpoints
 * and deployments), as assets, edges and owner claims. The offline export is brought to this
 * shape first ({@link AzureMlExport}), so both modes map alike. Assets are named by their ARM id
 * ({@link ArmId#canonical()}). No IO.
 *
 * <p>A reference to a workspace asset may be its ARM id (with or without the CLI's {@code azureml:}
 * prefix), {@code azureml:<name>:<version>}, {@code azureml:<name>@latest}, or a registry's
 * {@code azureml://registries/<r>/…}; a storage URI is named as OpenLineage names it
 * ({@link CloudAssets#storageDataset}), a datastore URI ({@code azureml://datastores/<d>/paths/<p>})
 * by the workspace's datastore path.
 */
final class AzureMlMapper {

    static final String TYPE = "azureml";
    private static final Pattern NAME_VERSION = Pattern.compile("azureml:([A-Za-z0-9][A-Za-z0-9._-]*):([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Pattern NAME_LATEST = Pattern.compile("azureml:([A-Za-z0-9][A-Za-z0-9._-]*)@latest");
    private static final Pattern REGISTRY_ASSET = Pattern.compile("azureml://registries/[A-Za-z0-9._-]+/(models|data|environments)/[^/]+/versions/[^/]+");
    private static final Pattern SHORT_DATASTORE = Pattern.compile("azureml://datastores/([^/]+)/paths/(.*)");
    private static final Set<String> DATA_INPUTS = Set.of("uri_file", "uri_folder", "mltable");

    private final RecordSink sink;
    /** The image of each environment version (by canonical id or registry URI) that could be read. */
    private final Map<String, String> imageByEnvironment;
    /** The latest version of each model and data container (by canonical id), for {@code @latest} references. */
    private final Map<String, String> latestVersion;

    AzureMlMapper(RecordSink sink, Map<String, String> imageByEnvironment, Map<String, String> latestVersion) {
        this.sink = sink;
        this.imageByEnvironment = imageByEnvironment;
        this.latestVersion = latestVersion;
    }

    static Urn urn(AssetKind kind, ArmId id) {
        return Urn.of(kind, TYPE, id.canonical());
    }

    /** A registered model (a model container). */
    void model(JsonNode m) {
        ArmId id = id(m, "models", null, "a registered model");
        JsonNode p = m.path("properties");
        Urn urn = urn(AssetKind.MODEL, id);
        Asset.Builder b = Asset.builder(urn, id.name(0)).description(text(p, "description")).sourceRef(id.canonical()).tags(tags(m));
        common(b, m, id);
        property(b, "latest_version", text(p, "latestVersion"));
        property(b, "archived", p.path("isArchived").isBoolean() ? p.get("isArchived").asText() : null);
        sink.asset(b.build());
        owners(urn, m);
    }

    /** One version of a registered model. */
    void modelVersion(JsonNode v) {
        ArmId id = id(v, "models", "versions", "a model version");
        JsonNode p = v.path("properties");
        Urn urn = urn(AssetKind.MODEL_VERSION, id);
        Asset.Builder b = Asset.builder(urn, label(id)).description(text(p, "description")).sourceRef(id.canonical()).tags(tags(v));
        common(b, v, id);
        property(b, "model", id.name(0));
        property(b, "version", id.name(1));
        property(b, "stage", text(p, "stage"));
        property(b, "model_uri", text(p, "modelUri"));
        property(b, "model_type", text(p, "modelType"));
        property(b, "job_name", text(p, "jobName"));
        property(b, "archived", p.path("isArchived").isBoolean() ? p.get("isArchived").asText() : null);
        List<String> flavors = new ArrayList<>();
        p.path("flavors").fieldNames().forEachRemaining(flavors::add);
        property(b, "flavors", flavors.isEmpty() ? null : String.join(", ", flavors));
        properties(b, p.path("properties"));
        sink.asset(b.build());
        sink.edge(new Edge(urn(AssetKind.MODEL, id.parent()), urn, EdgeType.VERSION_OF));
        String job = text(p, "jobName");
        if (job != null && job.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,254}")) {
            sink.edge(new Edge(urn(AssetKind.TRAINING_RUN, id.child("jobs", job)), urn, EdgeType.PRODUCED_BY));
        }
        owners(urn, v);
    }

    /** A data asset (a data container). */
    void data(JsonNode d) {
        ArmId id = id(d, "data", null, "a data asset");
        JsonNode p = d.path("properties");
        Urn urn = urn(AssetKind.DATASET, id);
        Asset.Builder b = Asset.builder(urn, id.name(0)).description(text(p, "description")).sourceRef(id.canonical()).tags(tags(d));
        common(b, d, id);
        property(b, "data_type", text(p, "dataType"));
        property(b, "latest_version", text(p, "latestVersion"));
        sink.asset(b.build());
        owners(urn, d);
    }

    /** One version of a data asset: where its data is ({@code dataUri}). */
    void dataVersion(JsonNode v) {
        ArmId id = id(v, "data", "versions", "a data asset version");
        JsonNode p = v.path("properties");
        Urn urn = urn(AssetKind.DATASET, id);
        Asset.Builder b = Asset.builder(urn, label(id)).description(text(p, "description")).sourceRef(id.canonical()).tags(tags(v));
        common(b, v, id);
        property(b, "data", id.name(0));
        property(b, "version", id.name(1));
        property(b, "data_type", text(p, "dataType"));
        property(b, "data_uri", text(p, "dataUri"));
        properties(b, p.path("properties"));
        sink.asset(b.build());
        sink.edge(new Edge(urn(AssetKind.DATASET, id.parent()), urn, EdgeType.VERSION_OF));
        owners(urn, v);
    }

    /**
     * An online endpoint and its deployments: each deployment is part of the endpoint, a deployment
     * of the model version it names, and runs its environment's image (joined by digest with the
     * registry's image, and the model version packaged as it) when the environment pins one.
     */
    void endpoint(JsonNode e, List<JsonNode> deployments) {
        ArmId id = id(e, "onlineEndpoints", null, "an online endpoint");
        JsonNode p = e.path("properties");
        Urn urn = urn(AssetKind.DEPLOYMENT, id);
        Asset.Builder b = Asset.builder(urn, id.name(0)).description(text(p, "description")).sourceRef(id.canonical()).tags(tags(e));
        common(b, e, id);
        property(b, "scoring_uri", text(p, "scoringUri"));
        property(b, "auth_mode", text(p, "authMode"));
        property(b, "provisioning_state", text(p, "provisioningState"));
        property(b, "location", text(e, "location"));
        List<String> traffic = new ArrayList<>();
        p.path("traffic").fields().forEachRemaining(t -> traffic.add(t.getKey() + " " + t.getValue().asText() + "%"));
        property(b, "traffic", traffic.isEmpty() ? null : String.join(", ", traffic));
        sink.asset(b.build());
        owners(urn, e);
        for (JsonNode d : deployments) {
            deployment(d, urn, p.path("traffic"));
        }
    }

    private void deployment(JsonNode d, Urn endpoint, JsonNode traffic) {
        ArmId id = id(d, "onlineEndpoints", "deployments", "an online deployment");
        JsonNode p = d.path("properties");
        Urn urn = urn(AssetKind.DEPLOYMENT, id);
        Asset.Builder b = Asset.builder(urn, id.name(0) + "/" + id.name(1)).description(text(p, "description"))
                .sourceRef(id.canonical()).tags(tags(d));
        common(b, d, id);
        String model = text(p, "model");
        String environment = text(p, "environmentId");
        property(b, "model", model);
        property(b, "environment", environment);
        property(b, "instance_type", text(p, "instanceType"));
        property(b, "instance_count", d.path("sku").path("capacity").isIntegralNumber() ? d.path("sku").get("capacity").asText() : null);
        property(b, "compute_type", text(p, "endpointComputeType"));
        property(b, "provisioning_state", text(p, "provisioningState"));
        property(b, "traffic", traffic.path(id.name(1)).isValueNode() ? traffic.get(id.name(1)).asText() + "%" : null);
        String image = environment == null ? null : imageByEnvironment.get(environmentKey(environment, id));
        property(b, "image", image);
        sink.asset(b.build());
        sink.edge(new Edge(endpoint, urn, EdgeType.PART_OF));
        Urn version = reference(model, id, "models", AssetKind.MODEL_VERSION);
        if (version != null) {
            sink.edge(new Edge(version, urn, EdgeType.DEPLOYED_AS));
        }
        Asset imageAsset = CloudAssets.image(image, CloudAssets.pinnedDigest(image));
        if (imageAsset != null) {
            sink.asset(imageAsset);
            sink.edge(new Edge(imageAsset.urn(), urn, EdgeType.DEPLOYED_AS));
            if (version != null) {
                sink.edge(new Edge(version, imageAsset.urn(), EdgeType.PACKAGED_AS));
            }
        }
        owners(urn, d);
    }

    /** A job: its data inputs (data assets, datastore paths, storage URIs) are what it trained on. */
    void job(JsonNode j) {
        ArmId id = id(j, "jobs", null, "a job");
        JsonNode p = j.path("properties");
        Urn urn = urn(AssetKind.TRAINING_RUN, id);
        String display = text(p, "displayName");
        Asset.Builder b = Asset.builder(urn, display == null ? id.name(0) : display).description(text(p, "description"))
                .sourceRef(id.canonical()).tags(tags(j));
        common(b, j, id);
        property(b, "job_name", id.name(0));
        property(b, "job_type", text(p, "jobType"));
        property(b, "status", text(p, "status"));
        property(b, "experiment", text(p, "experimentName"));
        property(b, "compute", text(p, "computeId"));
        property(b, "environment", text(p, "environmentId"));
        List<Urn> trainedOn = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("inputs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> input = it.next();
            String type = text(input.getValue(), "jobInputType");
            String uri = text(input.getValue(), "uri");
            if (uri == null) {
                continue;
            }
            property(b, "input." + input.getKey(), uri);
            if (type != null && DATA_INPUTS.contains(type.toLowerCase(Locale.ROOT))) {
                Urn dataset = dataset(uri, id);
                if (dataset != null) {
                    trainedOn.add(dataset);
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("outputs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> output = it.next();
            property(b, "output." + output.getKey(), text(output.getValue(), "uri"));
        }
        sink.asset(b.build());
        new LinkedHashSet<>(trainedOn).forEach(d -> sink.edge(new Edge(d, urn, EdgeType.TRAINED_ON)));
        owners(urn, j);
    }

    /** The dataset a job input's URI names, or null when it names none this mapper can name. */
    private Urn dataset(String uri, ArmId context) {
        Urn asset = reference(uri, context, "data", AssetKind.DATASET);
        if (asset != null) {
            return asset;
        }
        ArmId parsed = ArmId.parse(uri);
        Matcher shortForm = SHORT_DATASTORE.matcher(uri.strip());
        ArmId datastore = parsed != null && parsed.path().size() == 4 && parsed.collection().equals("datastores") ? parsed
                : shortForm.matches() && !shortForm.group(2).isEmpty() ? context.child("datastores", shortForm.group(1), "paths", shortForm.group(2))
                : null;
        if (datastore != null) {
            Urn urn = urn(AssetKind.DATASET, datastore);
            sink.asset(Asset.builder(urn, datastore.name(0) + "/" + datastore.name(1)).sourceRef(uri.strip()).build());
            return urn;
        }
        Urn storage = CloudAssets.storageDataset(uri);
        if (storage != null) {
            sink.asset(Asset.builder(storage, storage.nativeId()).sourceRef(storage.nativeId()).build());
        }
        return storage;
    }

    /**
     * The version of a model or data asset ({@code collection}) that {@code ref} names, resolved in
     * the workspace of {@code context}; null when it names none (or {@code @latest} of an unknown container).
     */
    private Urn reference(String ref, ArmId context, String collection, AssetKind kind) {
        if (ref == null) {
            return null;
        }
        String r = ref.strip();
        ArmId id = ArmId.parse(r);
        if (id != null) {
            return id.is(collection, "versions") ? urn(kind, id) : null;
        }
        Matcher m = NAME_VERSION.matcher(r);
        if (m.matches()) {
            return urn(kind, context.child(collection, m.group(1), "versions", m.group(2)));
        }
        m = NAME_LATEST.matcher(r);
        if (m.matches()) {
            String latest = latestVersion.get(context.child(collection, m.group(1)).canonical());
            return latest == null ? null : urn(kind, context.child(collection, m.group(1), "versions", latest));
        }
        Matcher registry = REGISTRY_ASSET.matcher(r);
        return registry.matches() && registry.group(1).equals(collection) ? Urn.of(kind, TYPE, r) : null;
    }

    /** The key of {@code imageByEnvironment} for an environment reference: its canonical id, or a registry's URI as given. */
    static String environmentKey(String ref, ArmId context) {
        String r = ref.strip();
        ArmId id = ArmId.parse(r);
        if (id != null) {
            return id.canonical();
        }
        Matcher m = NAME_VERSION.matcher(r);
        return m.matches() ? context.child("environments", m.group(1), "versions", m.group(2)).canonical() : r;
    }

    private static ArmId id(JsonNode node, String collection, String sub, String what) {
        ArmId id = ArmId.parse(text(node, "id"));
        if (id == null || !id.is(collection, sub)) {
            throw new IllegalArgumentException(what + " has no id of an Azure Machine Learning " + collection + (sub == null ? "" : "/…/" + sub)
                    + " resource: '" + JsonFields.clip(String.valueOf(text(node, "id")), 200) + "'");
        }
        return id;
    }

    private static String label(ArmId id) {
        String version = id.name(1);
        return id.name(0) + (version.chars().allMatch(Character::isDigit) ? " v" : " ") + version;
    }

    private static void common(Asset.Builder b, JsonNode node, ArmId id) {
        property(b, "workspace", id.workspace());
        property(b, "resource_group", id.resourceGroup());
        property(b, "subscription", id.subscription());
        JsonNode system = node.path("systemData");
        property(b, "created", time(text(system, "createdAt")));
        property(b, "created_by", text(system, "createdBy"));
        property(b, "last_modified", time(text(system, "lastModifiedAt")));
    }

    private static void properties(Asset.Builder b, JsonNode props) {
        props.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                property(b, "property." + e.getKey(), e.getValue().asText());
            }
        });
    }

    /** Tags: assets keep them in {@code properties.tags}, endpoints and deployments at the top; as {@code key:value}. */
    static List<Map.Entry<String, String>> tagEntries(JsonNode node) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (JsonNode tags : List.of(node.path("tags"), node.path("properties").path("tags"))) {
            tags.fields().forEachRemaining(t -> {
                if (t.getValue().isValueNode() && !t.getValue().isNull()) {
                    out.add(Map.entry(t.getKey(), t.getValue().asText()));
                }
            });
        }
        return out;
    }

    private static List<String> tags(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> t : tagEntries(node)) {
            String tag = t.getValue().isBlank() ? t.getKey() : t.getKey() + ":" + t.getValue();
            if (out.size() < 64 && tag.length() <= 256) {
                out.add(tag);
            }
        }
        return out;
    }

    /** Owners: the {@code owner} and {@code team} tags, and who created the resource ({@code systemData.createdBy}). */
    private void owners(Urn urn, JsonNode node) {
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<String, String> tag : tagEntries(node)) {
            String key = tag.getKey().strip().toLowerCase(Locale.ROOT);
            String value = tag.getValue().strip();
            if (key.equals("owner")) {
                claim(urn, value, seen);
            } else if (key.equals("team")) {
                claim(urn, value.isEmpty() || value.contains(":") ? value : "team:" + value, seen);
            }
        }
        claim(urn, text(node.path("systemData"), "createdBy"), seen);
    }

    private void claim(Urn urn, String owner, Set<String> seen) {
        if (owner != null && !owner.isBlank() && owner.length() <= 256 && seen.add(owner)) {
            sink.owner(OwnerClaim.fromSource(urn, owner, null, OwnerRole.TECHNICAL_OWNER));
        }
    }

    static String text(JsonNode node, String field) {
        String v = JsonFields.text(node, field);
        return v == null || v.isBlank() ? null : v;
    }

    /** An ISO 8601 time as ARM and the CLI write it, as an instant; null when it is none. */
    static String time(String v) {
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
}
