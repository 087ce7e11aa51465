package dev.tightrope.sync.openlineage;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Urn;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Tightrope naming convention for OpenLineage datasets (see {@link OpenLineageMapper} for the
 * whole convention): which kind of asset a dataset is, its URN and its display name.
 */
final class OpenLineageNaming {

    static final String SOURCE_TYPE = "openlineage";

    private static final Pattern MLFLOW_MODEL_VERSION = Pattern.compile("models/([^/]+)/([^/]+)");
    private static final Pattern VERSION_SEGMENT = Pattern.compile("[vV]?\\d+([.\\-_][0-9A-Za-z]+)*");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> IMAGE_SCHEMES = Set.of("oci", "docker");
    private static final Set<String> DEPLOYMENT_SCHEMES = Set.of("k8s", "sagemaker", "endpoint", "azureml", "vertex");
    private static final Set<String> HUB_SCHEMES = Set.of("hf", "huggingface");
    /** Where {@code hf://} points: the Hub. */
    static final String HUB_HOST = "huggingface.co";
    private static final int MAX_NAME = 512;

    private OpenLineageNaming() {
    }

    /**
     * What a dataset is by convention.
     *
     * @param digest        the content digest of a container image, or null
     * @param digestProblem why a {@code @sha256:} suffix could not be read as a digest, or null
     * @param model         the model a model version belongs to, or null
     * @param properties    kind-specific properties (model, version, image repository, ...)
     */
    record Classified(
            Urn urn, String displayName, Digest digest, String digestProblem, ModelRef model, Map<String, String> properties) {
    }

    /** The model that a model version is a version of. */
    record ModelRef(Urn urn, String displayName) {
    }

    static Urn jobUrn(String namespace, String name) {
        if (scheme(namespace).equals("jupyter") && name.endsWith(".ipynb")) {
            // a job that is a notebook is the notebook, named as the Jupyter source names it: <server>/<path>
            String server = namespace.substring(namespace.indexOf("://") + 3).replaceAll("/+$", "");
            String path = name.replaceAll("^/+", "");
            if (!server.isEmpty() && !path.isEmpty()) {
                return Urn.of(AssetKind.NOTEBOOK, "jupyter", server + "/" + path);
            }
        }
        return Urn.of(AssetKind.PIPELINE, SOURCE_TYPE, nativeId(namespace, name));
    }

    static Urn runUrn(boolean training, String runId) {
        return Urn.of(training ? AssetKind.TRAINING_RUN : AssetKind.PIPELINE_RUN, SOURCE_TYPE, runId);
    }

    static String nativeId(String namespace, String name) {
        if (namespace.endsWith("/") || name.startsWith("/")) {
            return namespace + name;
        }
        return namespace + "/" + name;
    }

    static String scheme(String namespace) {
        int end = namespace.indexOf("://");
        return end > 0 ? namespace.substring(0, end).toLowerCase(Locale.ROOT) : "";
    }

    static Classified classify(String namespace, String name, String datasetType) {
        String scheme = scheme(namespace);
        boolean declaredModel = datasetType != null && datasetType.strip().equalsIgnoreCase("MODEL");
        if (scheme.equals("mlflow")) {
            Matcher m = MLFLOW_MODEL_VERSION.matcher(name);
            if (m.matches()) {
                return modelVersion(namespace, name, "models/" + m.group(1), m.group(1), m.group(2));
            }
        }
        if (IMAGE_SCHEMES.contains(scheme)) {
            return image(namespace, name);
        }
        if (DEPLOYMENT_SCHEMES.contains(scheme)) {
            return new Classified(Urn.of(AssetKind.DEPLOYMENT, SOURCE_TYPE, nativeId(namespace, name)),
                    display(name), null, null, null, Map.of());
        }
        if (HUB_SCHEMES.contains(scheme)) {
            return hubModel(namespace, name);
        }
        if (declaredModel) {
            int slash = name.lastIndexOf('/');
            if (slash > 0 && VERSION_SEGMENT.matcher(name.substring(slash + 1)).matches()) {
                String modelPath = name.substring(0, slash);
                String modelName = modelPath.substring(modelPath.lastIndexOf('/') + 1);
                return modelVersion(namespace, name, modelPath, modelName, name.substring(slash + 1));
            }
            return new Classified(Urn.of(AssetKind.MODEL_VERSION, SOURCE_TYPE, nativeId(namespace, name)),
                    display(name), null, null, null, Map.of());
        }
        return new Classified(Urn.of(AssetKind.DATASET, SOURCE_TYPE, nativeId(namespace, name)),
                display(name), null, null, null, Map.of());
    }

    private static Classified modelVersion(String namespace, String name, String modelPath, String model, String version) {
        Map<String, String> props = new TreeMap<>();
        props.put("model", model);
        props.put("version", version);
        String label = version.chars().allMatch(Character::isDigit) ? model + " v" + version : model + " " + version;
        ModelRef ref = new ModelRef(Urn.of(AssetKind.MODEL, SOURCE_TYPE, nativeId(namespace, modelPath)), display(model));
        return new Classified(Urn.of(AssetKind.MODEL_VERSION, SOURCE_TYPE, nativeId(namespace, name)),
                display(label), null, null, ref, props);
    }

    /**
     * A hub model: {@code hf://<org>} with name {@code <model>} (the hf:// path form) or a hub host
     * with name {@code <org>/<model>}, either with an optional {@code @revision}.
     */
    private static Classified hubModel(String namespace, String name) {
        Map<String, String> props = new TreeMap<>();
        String repo = name;
        String label = name;
        int at = name.lastIndexOf('@');
        if (at > 0 && at < name.length() - 1) {
            repo = name.substring(0, at);
            String revision = name.substring(at + 1);
            props.put("revision", revision);
            label = repo + "@" + (revision.length() > 12 ? revision.substring(0, 8) : revision);
        }
        if (!repo.contains("/")) {
            String authority = namespace.substring(namespace.indexOf("://") + 3);
            if (!authority.isEmpty() && !authority.contains(".")) {
                label = authority + "/" + label;
            }
        }
        if (scheme(namespace).equals("hf")) {
            // hf:// is the Hub's own file-system scheme (huggingface_hub's HfFileSystem) on huggingface.co: name the
            // model and revision as the Hugging Face source does, so the two sources' records are one asset.
            String authority = namespace.substring(namespace.indexOf("://") + 3);
            String id = repo.contains("/") || authority.isEmpty() ? repo : authority.replaceAll("/+$", "") + "/" + repo;
            if (id.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
                Urn model = Urn.of(AssetKind.MODEL, "huggingface", HUB_HOST + "/" + id);
                if (!props.containsKey("revision")) {
                    return new Classified(model, display(id), null, null, null, props);
                }
                return new Classified(Urn.of(AssetKind.MODEL_VERSION, "huggingface", HUB_HOST + "/" + id + "@" + props.get("revision")),
                        display(label), null, null, new ModelRef(model, display(id)), props);
            }
        }
        return new Classified(Urn.of(AssetKind.MODEL_VERSION, SOURCE_TYPE, nativeId(namespace, name)),
                display(label), null, null, null, props);
    }

    private static Classified image(String namespace, String name) {
        Map<String, String> props = new TreeMap<>();
        String reference = name;
        Digest digest = null;
        String problem = null;
        int at = name.toLowerCase(Locale.ROOT).indexOf("@sha256:");
        if (at >= 0) {
            reference = name.substring(0, at);
            String hex = name.substring(at + "@sha256:".length());
            if (SHA256_HEX.matcher(hex).matches()) {
                digest = Digest.sha256(hex.toLowerCase(Locale.ROOT));
            } else {
                problem = "image '" + name + "' has a @sha256: suffix that is not 64 hex digits; imported without a digest";
            }
        }
        String repository = reference;
        int colon = reference.lastIndexOf(':');
        if (colon > reference.lastIndexOf('/')) {
            repository = reference.substring(0, colon);
            props.put("image.tag", reference.substring(colon + 1));
        }
        props.put("image.repository", repository);
        String label = digest == null ? reference : reference + "@sha256:" + digest.hex().substring(0, 12);
        return new Classified(Urn.of(AssetKind.CONTAINER_IMAGE, SOURCE_TYPE, nativeId(namespace, name)),
                display(label), digest, problem, null, props);
    }

    /**
     * A short label for a run: runs of version-7 UUIDs share their leading (time) digits within a
     * minute, so their label is taken from the random tail instead.
     */
    static String shortRunId(String runId) {
        String hex = runId.replace("-", "");
        return runId.charAt(14) == '7' ? hex.substring(hex.length() - 8) : hex.substring(0, 8);
    }

    static String display(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 3) + "...";
    }
}
