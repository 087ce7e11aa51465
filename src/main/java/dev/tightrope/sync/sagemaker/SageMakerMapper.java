package dev.tightrope.sync.sagemaker;

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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SageMaker's records (the answers of the Describe operations, as the API and the AWS CLI give
 * them) as assets, edges and owner claims. Assets are named by their ARN. No IO.
 *
 * <p>A container image with a digest is named as the {@code oci} source names it
 * ({@code tr:container_image:oci:<registry>/<repository>@sha256:…}) and carries the digest, so an
 * image read from ECR by both sources is one asset; an S3 training input is named as OpenLineage
 * names an S3 dataset ({@code tr:dataset:openlineage:s3://bucket/key}).
 */
final class SageMakerMapper {

    static final String TYPE = "sagemaker";
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}:[a-z-]+/\\S{1,512}");

    private final RecordSink sink;
    private final Map<String, List<Map.Entry<String, String>>> tagsByArn;
    /** Package version ARN by container image digest: an endpoint serving that image deploys that version. */
    private final Map<String, Urn> versionByDigest = new LinkedHashMap<>();

    SageMakerMapper(RecordSink sink, Map<String, List<Map.Entry<String, String>>> tagsByArn) {
        this.sink = sink;
        this.tagsByArn = tagsByArn;
    }

    static Urn group(String arn) {
        return Urn.of(AssetKind.MODEL, TYPE, arn);
    }

    static Urn version(String arn) {
        return Urn.of(AssetKind.MODEL_VERSION, TYPE, arn);
    }

    static Urn endpoint(String arn) {
        return Urn.of(AssetKind.DEPLOYMENT, TYPE, arn);
    }

    static Urn trainingJob(String arn) {
        return Urn.of(AssetKind.TRAINING_RUN, TYPE, arn);
    }

    /** An S3 location as OpenLineage names it: namespace {@code s3://bucket}, name the key (no trailing slash). */
    static Urn s3Dataset(String uri) {
        return CloudAssets.storageDataset(uri);
    }

    /** A model package group (ListModelPackageGroups' summary or DescribeModelPackageGroup's answer). */
    void group(JsonNode g) {
        String arn = arn(g, "ModelPackageGroupArn", "a model package group");
        String name = text(g, "ModelPackageGroupName");
        Urn urn = group(arn);
        Asset.Builder b = Asset.builder(urn, name == null ? arn : name)
                .description(text(g, "ModelPackageGroupDescription"))
                .sourceRef(arn);
        b.property("arn", arn);
        property(b, "status", text(g, "ModelPackageGroupStatus"));
        property(b, "created", time(g.get("CreationTime")));
        sink.asset(b.build());
        owners(urn, arn, g.get("CreatedBy"));
    }

    /** One model package version (DescribeModelPackage's answer). */
    void modelPackage(JsonNode p) {
        String arn = arn(p, "ModelPackageArn", "a model package");
        String groupName = text(p, "ModelPackageGroupName");
        String number = p.path("ModelPackageVersion").isIntegralNumber() ? p.get("ModelPackageVersion").asText() : null;
        Urn urn = version(arn);
        String name = groupName != null && number != null ? groupName + " v" + number
                : text(p, "ModelPackageName") != null ? text(p, "ModelPackageName") : arn;
        Asset.Builder b = Asset.builder(urn, name).description(text(p, "ModelPackageDescription")).sourceRef(arn);
        b.property("arn", arn);
        property(b, "ModelApprovalStatus", text(p, "ModelApprovalStatus"));
        property(b, "ApprovalDescription", text(p, "ApprovalDescription"));
        property(b, "status", text(p, "ModelPackageStatus"));
        property(b, "version", number);
        property(b, "created", time(p.get("CreationTime")));
        JsonNode meta = p.path("MetadataProperties");
        property(b, "commit", text(meta, "CommitId"));
        property(b, "repository", text(meta, "Repository"));
        property(b, "generated_by", text(meta, "GeneratedBy"));
        List<String> images = new ArrayList<>();
        List<String> modelData = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (JsonNode c : p.path("InferenceSpecification").path("Containers")) {
            String image = text(c, "Image");
            String digest = digest(c, image);
            if (image != null) {
                images.add(image);
            }
            String data = text(c, "ModelDataUrl") != null ? text(c, "ModelDataUrl")
                    : text(c.path("ModelDataSource").path("S3DataSource"), "S3Uri");
            if (data != null) {
                modelData.add(data);
            }
            if (digest != null) {
                digests.add(digest);
                Urn imageUrn = image(image, digest);
                if (imageUrn != null) {
                    sink.edge(new Edge(urn, imageUrn, EdgeType.PACKAGED_AS));
                }
                versionByDigest.putIfAbsent(digest, urn);
            }
            property(b, "framework", text(c, "Framework") == null ? null
                    : text(c, "Framework") + (text(c, "FrameworkVersion") == null ? "" : " " + text(c, "FrameworkVersion")));
        }
        property(b, "image", images.isEmpty() ? null : String.join(", ", images));
        property(b, "image_digest", digests.isEmpty() ? null : String.join(", ", digests));
        property(b, "model_data_url", modelData.isEmpty() ? null : String.join(", ", modelData));
        p.path("CustomerMetadataProperties").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                property(b, "metadata." + e.getKey(), e.getValue().asText());
            }
        });
        sink.asset(b.build());
        String groupArn = groupArn(arn);
        if (groupArn != null) {
            sink.edge(new Edge(group(groupArn), urn, EdgeType.VERSION_OF));
        }
        owners(urn, arn, p.get("CreatedBy"));
    }

    /**
     * One endpoint (DescribeEndpoint), with its config (DescribeEndpointConfig) and the models its
     * variants serve (DescribeModel, by model name; either may be null when it could not be read).
     * The version deployed is the one a model's container names ({@code ModelPackageName}), else
     * the one whose image digest the endpoint resolved its image to.
     */
    void endpoint(JsonNode e, JsonNode config, Map<String, JsonNode> models) {
        String arn = arn(e, "EndpointArn", "an endpoint");
        Urn urn = endpoint(arn);
        Asset.Builder b = Asset.builder(urn, text(e, "EndpointName") == null ? arn : text(e, "EndpointName")).sourceRef(arn);
        b.property("arn", arn);
        property(b, "status", text(e, "EndpointStatus"));
        property(b, "endpoint_config", text(e, "EndpointConfigName"));
        property(b, "created", time(e.get("CreationTime")));
        property(b, "last_modified", time(e.get("LastModifiedTime")));
        Set<Urn> deployed = new LinkedHashSet<>();
        List<String> variants = new ArrayList<>();
        if (config != null) {
            for (JsonNode v : config.path("ProductionVariants")) {
                String model = text(v, "ModelName");
                variants.add(text(v, "VariantName") + ": " + model + (text(v, "InstanceType") == null ? "" : " on " + text(v, "InstanceType")));
                JsonNode described = model == null ? null : models.get(model);
                if (described == null) {
                    continue;
                }
                List<JsonNode> containers = new ArrayList<>();
                if (described.has("PrimaryContainer")) {
                    containers.add(described.get("PrimaryContainer"));
                }
                described.path("Containers").forEach(containers::add);
                for (JsonNode c : containers) {
                    String pkg = text(c, "ModelPackageName");
                    if (pkg != null && ARN.matcher(pkg).matches() && pkg.contains(":model-package/")) {
                        deployed.add(version(pkg));
                    }
                }
            }
        }
        property(b, "variants", variants.isEmpty() ? null : String.join("; ", variants));
        List<String> resolved = new ArrayList<>();
        for (JsonNode v : e.path("ProductionVariants")) {
            for (JsonNode img : v.path("DeployedImages")) {
                String ref = text(img, "ResolvedImage");
                String pinned = CloudAssets.pinnedDigest(ref);
                Urn imageUrn = pinned == null ? null : image(ref, pinned);
                if (imageUrn == null) {
                    continue;
                }
                resolved.add(ref);
                sink.edge(new Edge(imageUrn, urn, EdgeType.DEPLOYED_AS));
                Urn version = versionByDigest.get(pinned);
                if (version != null) {
                    deployed.add(version);
                }
            }
        }
        property(b, "resolved_images", resolved.isEmpty() ? null : String.join(", ", resolved));
        sink.asset(b.build());
        deployed.forEach(v -> sink.edge(new Edge(v, urn, EdgeType.DEPLOYED_AS)));
        owners(urn, arn, null);
    }

    /** One training job (DescribeTrainingJob). */
    void trainingJob(JsonNode t) {
        String arn = arn(t, "TrainingJobArn", "a training job");
        Urn urn = trainingJob(arn);
        Asset.Builder b = Asset.builder(urn, text(t, "TrainingJobName") == null ? arn : text(t, "TrainingJobName")).sourceRef(arn);
        b.property("arn", arn);
        property(b, "status", text(t, "TrainingJobStatus"));
        property(b, "model_data_url", text(t.path("ModelArtifacts"), "S3ModelArtifacts"));
        property(b, "training_image", text(t.path("AlgorithmSpecification"), "TrainingImage"));
        property(b, "role", text(t, "RoleArn"));
        property(b, "output_path", text(t.path("OutputDataConfig"), "S3OutputPath"));
        property(b, "created", time(t.get("CreationTime")));
        property(b, "ended", time(t.get("TrainingEndTime")));
        t.path("HyperParameters").fields().forEachRemaining(h -> {
            if (h.getValue().isTextual()) {
                property(b, "hyperparameter." + h.getKey(), h.getValue().asText());
            }
        });
        for (JsonNode m : t.path("FinalMetricDataList")) {
            if (text(m, "MetricName") != null && m.path("Value").isNumber()) {
                property(b, "metric." + text(m, "MetricName"), m.get("Value").asText());
            }
        }
        sink.asset(b.build());
        for (JsonNode input : t.path("InputDataConfig")) {
            String uri = text(input.path("DataSource").path("S3DataSource"), "S3Uri");
            if (uri == null || !uri.startsWith("s3://") || uri.length() <= "s3://".length()) {
                continue;
            }
            Urn dataset = s3Dataset(uri);
            sink.asset(Asset.builder(dataset, dataset.nativeId()).sourceRef(dataset.nativeId()).build());
            sink.edge(new Edge(dataset, urn, EdgeType.TRAINED_ON));
        }
        String output = text(t, "OutputModelPackageArn");
        if (output != null && ARN.matcher(output).matches()) {
            sink.edge(new Edge(urn, version(output), EdgeType.PRODUCED_BY));
        }
        owners(urn, arn, null);
    }

    /** The group's ARN from a versioned package's ({@code …:model-package/<group>/<n>} → {@code …:model-package-group/<group>}). */
    static String groupArn(String packageArn) {
        Matcher m = Pattern.compile("(arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}):model-package/([^/]+)/\\d+").matcher(packageArn);
        return m.matches() ? m.group(1) + ":model-package-group/" + m.group(2) : null;
    }

    /** A container's digest: {@code ImageDigest}, else the one its image reference pins. */
    private String digest(JsonNode container, String image) {
        String d = text(container, "ImageDigest");
        if (d != null && SHA256.matcher(d.strip().toLowerCase(Locale.ROOT)).matches()) {
            return d.strip().toLowerCase(Locale.ROOT);
        }
        return CloudAssets.pinnedDigest(image);
    }

    /** The container image asset, named as the oci source names an image by digest; null when the reference names no registry. */
    private Urn image(String reference, String digest) {
        Asset image = CloudAssets.image(reference, digest);
        if (image == null) {
            return null;
        }
        sink.asset(image);
        return image.urn();
    }

    /** Owners: the {@code owner} and {@code team} tags, and who created the record (a Studio user or an IAM identity). */
    private void owners(Urn urn, String arn, JsonNode createdBy) {
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<String, String> tag : tagsByArn.getOrDefault(arn, List.of())) {
            String key = tag.getKey().strip().toLowerCase(Locale.ROOT);
            String value = tag.getValue() == null ? "" : tag.getValue().strip();
            if (key.equals("owner")) {
                claim(urn, value, seen);
            } else if (key.equals("team")) {
                claim(urn, value.isEmpty() || value.contains(":") ? value : "team:" + value, seen);
            }
        }
        if (createdBy != null) {
            String user = text(createdBy, "UserProfileName");
            claim(urn, user != null ? user : text(createdBy.path("IamIdentity"), "Arn"), seen);
        }
    }

    private void claim(Urn urn, String owner, Set<String> seen) {
        if (owner != null && !owner.isBlank() && owner.length() <= 256 && seen.add(owner)) {
            sink.owner(OwnerClaim.fromSource(urn, owner, null, OwnerRole.TECHNICAL_OWNER));
        }
    }

    private static String arn(JsonNode node, String field, String what) {
        String arn = text(node, field);
        if (arn == null || !ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException(what + " has no valid " + field);
        }
        return arn;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    /** A timestamp as the API gives it (epoch seconds, a JSON number) or the CLI prints it (ISO 8601). */
    static String time(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            BigDecimal seconds = v.decimalValue();
            return Instant.ofEpochMilli(seconds.movePointRight(3).longValue()).toString();
        }
        if (v.isTextual()) {
            try {
                return OffsetDateTime.parse(v.asText().strip()).toInstant().toString();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static void property(Asset.Builder b, String key, String value) {
        if (value != null) {
            b.property(key, value.length() > Asset.MAX_PROPERTY_VALUE ? value.substring(0, Asset.MAX_PROPERTY_VALUE) : value);
        }
    }
}
