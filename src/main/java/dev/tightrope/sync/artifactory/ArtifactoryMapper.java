package dev.tightrope.sync.artifactory;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.ManifestOrder;
import dev.tightrope.domain.ModelManifest;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Maps a repository's files to assets, edges and owner claims. No IO.
 *
 * <p>Each file is a model artifact ({@code tr:model_artifact:artifactory:<host>/<repo>/<path>}) with
 * its SHA-256, so the same bytes anywhere else (a Hub LFS file, an OCI layer, a scanned file, a CI
 * artifact) are the same content. Files are grouped into model folders: the first
 * {@code folderDepth} segments of their path ({@code <model>/<version>} by default), or their own
 * folder when it is shallower; a file at a repository's root is in none. A model folder is a model
 * artifact too, its files {@code PART_OF} it, and its digest is the OpenSSF model-signing root
 * digest of its files (when every file has a SHA-256), which the {@code model-files} scan of the
 * same directory, the model versions that record it and approvals bind to.
 *
 * <p>Properties ({@code mlflow.*}, {@code hf.*}, and any other) become the asset's properties; the
 * ones Tightrope reads become edges from the folder (or the file outside any folder), named as the
 * connectors of those systems name them:
 * <ul>
 * <li>{@code mlflow.run_id} → {@code tr:training_run:mlflow:<host>/runs/<id>} produced it;</li>
 * <li>{@code mlflow.model_name} + {@code mlflow.model_version} → it is part of
 *     {@code tr:model_version:openlineage:mlflow://<host>/models/<name>/<version>} (the OpenLineage
 *     convention, which the {@code mlflow} connector also uses for the registry's versions);</li>
 * <li>{@code hf.model} (+ {@code hf.revision}, a 40-hex commit) → derived from
 *     {@code tr:model:huggingface:<host>/<id>} (or its {@code model_version} {@code …@<sha>}), the
 *     {@code huggingface} connector's names.</li>
 * </ul>
 * The MLflow host is the item's {@code mlflow.tracking_uri} property's host, else the source's
 * {@code mlflow-host} setting; without either, no MLflow edge is drawn (a name alone could be any
 * registry's). The Hub host is {@code hf.endpoint}'s host, else {@code hf-host} (default
 * huggingface.co).
 */
final class ArtifactoryMapper {

    static final String TYPE = "artifactory";
    static final String ROOT_DIGEST_PROPERTY = "oms.rootDigest";
    private static final Pattern RUN_ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,127}");
    private static final Pattern MLFLOW_NAME = Pattern.compile("[^/\\p{Cntrl}]{1,256}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,63}");
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?");
    /** Accounts that are Artifactory itself, not a person or a team. */
    private static final Set<String> NOT_OWNERS = Set.of("_system_", "anonymous", "_internal");
    /** Tightrope's own property names: an Artifactory property of the same name does not overwrite them. */
    private static final Set<String> RESERVED = Set.of("repo", "path", "size", "files", "created", "createdBy", "modified", "modifiedBy",
            ROOT_DIGEST_PROPERTY);

    private final String host;
    private final String web;
    private final int folderDepth;
    private final String mlflowHost;
    private final String hubHost;

    /**
     * @param host        Artifactory's host (and port when not the default), as URNs name it
     * @param web         its web address for source links, without a trailing slash
     * @param folderDepth how many leading path segments make a model folder
     * @param mlflowHost  the MLflow tracking server's host for {@code mlflow.*} properties, or null
     * @param hubHost     the Hugging Face Hub's host for {@code hf.model}
     */
    ArtifactoryMapper(String host, String web, int folderDepth, String mlflowHost, String hubHost) {
        this.host = host;
        this.web = web;
        this.folderDepth = folderDepth;
        this.mlflowHost = mlflowHost;
        this.hubHost = hubHost;
    }

    Urn file(String repo, String fullPath) {
        return Urn.of(AssetKind.MODEL_ARTIFACT, TYPE, host + "/" + repo + "/" + fullPath);
    }

    /** The model folder a file belongs to ({@code "."} for none). */
    String folderOf(ArtifactoryItem file) {
        if (".".equals(file.path())) {
            return ".";
        }
        String[] segs = file.path().split("/");
        return segs.length <= folderDepth ? file.path() : String.join("/", java.util.Arrays.copyOf(segs, folderDepth));
    }

    /**
     * One model folder (or the loose files at a repository's root, {@code folder} = ".") with all
     * its files and the properties set on the folder itself.
     */
    void emitFolder(String repo, String folder, Collection<ArtifactoryItem> files, Map<String, List<String>> folderProperties,
                    RecordSink sink) {
        List<Urn> fileUrns = new ArrayList<>();
        Map<String, List<String>> linked = new LinkedHashMap<>(folderProperties);
        Set<String> people = new LinkedHashSet<>();
        for (ArtifactoryItem f : files) {
            fileUrns.add(emitFile(f, sink));
            f.properties().forEach(linked::putIfAbsent);
            addPerson(people, f.createdBy());
            addPerson(people, f.modifiedBy());
        }
        if (".".equals(folder)) {
            int i = 0;
            for (ArtifactoryItem f : files) {
                emitLinks(f.properties(), fileUrns.get(i++), sink);
            }
            return;
        }
        Urn urn = file(repo, folder);
        String prefix = folder + "/";
        List<ModelManifest.Resource> resources = new ArrayList<>();
        boolean complete = true;
        long size = 0;
        for (ArtifactoryItem f : files) {
            if (f.sha256() == null) {
                complete = false;
            } else {
                resources.add(new ModelManifest.Resource(f.fullPath().substring(prefix.length()), f.sha256()));
            }
            size += Math.max(0, f.size());
        }
        Asset.Builder b = Asset.builder(urn, folder)
                .description("Model folder in Artifactory repository " + repo + ": " + files.size() + (files.size() == 1 ? " file" : " files"))
                .sourceRef(web + "/artifactory/" + repo + "/" + folder + "/")
                .property("repo", repo)
                .property("path", folder)
                .property("files", files.size())
                .property("size", size);
        if (complete && !resources.isEmpty()) {
            resources.sort((x, y) -> ManifestOrder.NAMES.compare(x.name(), y.name()));
            Digest root = new ModelManifest(folder, resources).rootDigest();
            b.digest(root).property(ROOT_DIGEST_PROPERTY, root.toString());
        }
        properties(b, folderProperties);
        sink.asset(b.build());
        for (Urn f : fileUrns) {
            sink.edge(new Edge(urn, f, EdgeType.PART_OF));
        }
        for (String p : people) {
            sink.owner(OwnerClaim.fromSource(urn, p, null, OwnerRole.TECHNICAL_OWNER));
        }
        emitLinks(linked, urn, sink);
    }

    private Urn emitFile(ArtifactoryItem f, RecordSink sink) {
        Urn urn = file(f.repo(), f.fullPath());
        Asset.Builder b = Asset.builder(urn, f.name())
                .sourceRef(web + "/artifactory/" + f.repo() + "/" + f.fullPath())
                .property("repo", f.repo())
                .property("path", f.fullPath());
        if (f.sha256() != null) {
            b.digest(Digest.sha256(f.sha256()));
        }
        if (f.size() >= 0) {
            b.property("size", f.size());
        }
        property(b, "created", f.created());
        property(b, "createdBy", f.createdBy());
        property(b, "modified", f.modified());
        property(b, "modifiedBy", f.modifiedBy());
        properties(b, f.properties());
        sink.asset(b.build());
        Set<String> people = new LinkedHashSet<>();
        addPerson(people, f.createdBy());
        addPerson(people, f.modifiedBy());
        for (String p : people) {
            sink.owner(OwnerClaim.fromSource(urn, p, null, OwnerRole.TECHNICAL_OWNER));
        }
        return urn;
    }

    /** The edges the properties Tightrope reads assert about {@code target}. */
    private void emitLinks(Map<String, List<String>> props, Urn target, RecordSink sink) {
        String mlflow = hostOf(first(props, "mlflow.tracking_uri"), mlflowHost);
        if (mlflow != null) {
            String run = first(props, "mlflow.run_id");
            if (run != null && RUN_ID.matcher(run).matches()) {
                sink.edge(new Edge(Urn.of(AssetKind.TRAINING_RUN, "mlflow", mlflow + "/runs/" + run), target, EdgeType.PRODUCED_BY));
            }
            String name = first(props, "mlflow.model_name");
            String version = first(props, "mlflow.model_version");
            if (name != null && version != null && MLFLOW_NAME.matcher(name).matches() && VERSION.matcher(version).matches()) {
                sink.edge(new Edge(Urn.of(AssetKind.MODEL_VERSION, "openlineage", "mlflow://" + mlflow + "/models/" + name + "/" + version),
                        target, EdgeType.PART_OF));
            }
        }
        String hub = first(props, "hf.model");
        String hubAt = hostOf(first(props, "hf.endpoint"), hubHost);
        if (hub != null && hubAt != null && HUB_ID.matcher(hub).matches() && !hub.contains("..")) {
            String rev = first(props, "hf.revision");
            Urn up = rev != null && COMMIT.matcher(rev).matches()
                    ? Urn.of(AssetKind.MODEL_VERSION, "huggingface", hubAt + "/" + hub + "@" + rev)
                    : Urn.of(AssetKind.MODEL, "huggingface", hubAt + "/" + hub);
            sink.edge(new Edge(up, target, EdgeType.DERIVED_FROM));
        }
    }

    /** The host (and port) of {@code uri} ({@code https://mlflow.example:5000/...} or a bare host), else {@code fallback}. */
    static String hostOf(String uri, String fallback) {
        if (uri == null) {
            return fallback;
        }
        String s = uri.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int end = s.indexOf('/');
        s = end >= 0 ? s.substring(0, end) : s;
        s = s.contains("@") ? s.substring(s.lastIndexOf('@') + 1) : s;
        for (String defaultPort : List.of(":443", ":80")) {
            if (s.endsWith(defaultPort)) {
                s = s.substring(0, s.length() - defaultPort.length());
            }
        }
        return HOST.matcher(s).matches() ? s.toLowerCase(java.util.Locale.ROOT) : fallback;
    }

    private static void properties(Asset.Builder b, Map<String, List<String>> props) {
        Map<String, List<String>> sorted = new TreeMap<>(props);
        sorted.forEach((k, v) -> {
            if (RESERVED.contains(k)) {
                return;
            }
            String joined = String.join(", ", v);
            if (!joined.isBlank()) {
                b.property(k, joined);
            }
        });
    }

    private static String first(Map<String, List<String>> props, String key) {
        List<String> v = props.get(key);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).strip();
    }

    private static void addPerson(Set<String> people, String who) {
        if (who != null && !who.isBlank() && !NOT_OWNERS.contains(who) && !who.startsWith("token:") && who.length() <= 256) {
            people.add(who);
        }
    }

    private static void property(Asset.Builder b, String key, String value) {
        if (value != null && !value.isBlank()) {
            b.property(key, value);
        }
    }
}
