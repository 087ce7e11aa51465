package dev.tightrope.sync.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.sync.JsonFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * GitLab's answers as records: a project's CI pipeline is {@code tr:pipeline:gitlab-ci:<host>/<project>},
 * a pipeline run {@code tr:pipeline_run:gitlab-ci:<host>/<project>/pipelines/<id>} (a run of it),
 * a job's kept artifacts {@code tr:build_artifact:gitlab-ci:<host>/<project>/jobs/<id>/artifacts},
 * produced by the run (no digest: the API gives none), and a file of the project's package
 * registry {@code tr:build_artifact:gitlab-ci:<host>/<project>/packages/<package id>/files/<file id>}
 * with the registry's {@code file_sha256} as its digest, produced by the pipelines that uploaded it.
 */
final class GitLabMapper {

    static final String TYPE = "gitlab-ci";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");

    private final String host;
    private final String web;

    GitLabMapper(String host, String web) {
        this.host = host;
        this.web = web;
    }

    static boolean validProject(String path) {
        return path != null && path.length() <= 255 && PROJECT.matcher(path).matches() && !path.contains("..");
    }

    Urn pipeline(String project) {
        return Urn.of(AssetKind.PIPELINE, TYPE, host + "/" + project);
    }

    Urn run(String project, long id) {
        return Urn.of(AssetKind.PIPELINE_RUN, TYPE, host + "/" + project + "/pipelines/" + id);
    }

    Urn artifacts(String project, long jobId) {
        return Urn.of(AssetKind.BUILD_ARTIFACT, TYPE, host + "/" + project + "/jobs/" + jobId + "/artifacts");
    }

    /** One pipeline with its jobs (null when they could not be read); returns the run's URN. */
    Urn emit(String project, JsonNode p, List<JsonNode> jobs, RecordSink sink) {
        long id = id(p, "a pipeline");
        Urn urn = run(project, id);
        Map<String, String> props = new TreeMap<>();
        props.put("project", project);
        for (String[] f : new String[][] {{"iid", "iid"}, {"ref", "ref"}, {"sha", "commit"}, {"status", "status"}, {"source", "source"},
                {"created_at", "created"}, {"updated_at", "updated"}, {"name", "name"}}) {
            put(props, f[1], p.get(f[0]));
        }
        String user = null;
        List<String> jobSummary = new ArrayList<>();
        Set<String> reports = new LinkedHashSet<>();
        if (jobs != null) {
            for (JsonNode j : jobs) {
                String name = text(j, "name");
                String status = text(j, "status");
                if (name != null) {
                    jobSummary.add(name + (text(j, "stage") == null ? "" : " [" + text(j, "stage") + "]") + (status == null ? "" : ": " + status));
                }
                if (user == null) {
                    user = text(j.path("user"), "username");
                }
                for (JsonNode a : j.path("artifacts")) {
                    String type = text(a, "file_type");
                    if (type != null && !type.equals("archive") && !type.equals("metadata") && !type.equals("trace")) {
                        reports.add(type);
                    }
                }
                if (name != null && j.path("failure_reason").isTextual() && "failed".equals(status)) {
                    props.merge("failed_jobs", name + " (" + j.get("failure_reason").asText() + ")", (x, y) -> x + ", " + y);
                }
            }
            if (!jobSummary.isEmpty()) {
                props.put("jobs", clip(String.join("; ", jobSummary), 2000));
            }
            if (!reports.isEmpty()) {
                props.put("reports", String.join(", ", reports));
            }
        }
        if (user == null) {
            user = text(p.path("user"), "username");
        }
        if (user != null) {
            props.put("user", user);
        }
        String number = p.path("iid").isIntegralNumber() ? " #" + p.get("iid").asLong() : " " + id;
        String webUrl = text(p, "web_url");
        sink.asset(Asset.builder(urn, clip(project + number, 200))
                .description(text(p, "ref") == null ? null : "Pipeline on " + text(p, "ref") + (text(p, "source") == null ? "" : " (" + text(p, "source") + ")"))
                .properties(props)
                .sourceRef(webUrl != null && webUrl.startsWith(web + "/") ? webUrl : web + "/" + project + "/-/pipelines/" + id)
                .build());
        Urn ci = pipeline(project);
        sink.asset(Asset.builder(ci, project + " CI")
                .description("The GitLab CI pipeline of " + project + " (.gitlab-ci.yml)")
                .property("project", project)
                .sourceRef(web + "/" + project + "/-/pipelines")
                .build());
        sink.edge(new Edge(ci, urn, EdgeType.INSTANCE_OF));
        if (user != null) {
            sink.owner(OwnerClaim.fromSource(urn, user, "USER", OwnerRole.TECHNICAL_OWNER));
        }
        if (jobs != null) {
            for (JsonNode j : jobs) {
                emitArtifacts(project, urn, j, sink);
            }
        }
        return urn;
    }

    /** A job's kept artifacts (its {@code archive}), when it has any. */
    private void emitArtifacts(String project, Urn run, JsonNode job, RecordSink sink) {
        JsonNode archive = null;
        for (JsonNode a : job.path("artifacts")) {
            if ("archive".equals(text(a, "file_type"))) {
                archive = a;
            }
        }
        if (archive == null) {
            return;
        }
        long jobId = id(job, "a job");
        Urn urn = artifacts(project, jobId);
        Map<String, String> props = new TreeMap<>();
        props.put("project", project);
        put(props, "job", job.get("name"));
        put(props, "stage", job.get("stage"));
        put(props, "filename", archive.get("filename"));
        put(props, "size", archive.get("size"));
        put(props, "format", archive.get("file_format"));
        put(props, "expires", job.get("artifacts_expire_at"));
        props.put("digest", "none: GitLab's API lists no checksum for job artifacts");
        String jobName = text(job, "name") == null ? "job " + jobId : text(job, "name");
        sink.asset(Asset.builder(urn, clip(jobName + " artifacts", 200))
                .properties(props)
                .sourceRef(web + "/" + project + "/-/jobs/" + jobId + "/artifacts/browse")
                .build());
        sink.edge(new Edge(run, urn, EdgeType.PRODUCED_BY));
    }

    Urn packageFile(String project, long packageId, long fileId) {
        return Urn.of(AssetKind.BUILD_ARTIFACT, TYPE, host + "/" + project + "/packages/" + packageId + "/files/" + fileId);
    }

    /**
     * One file of a package ({@code GET /projects/:id/packages/:package_id/package_files}) with the
     * package it belongs to ({@code GET /projects/:id/packages}): its digest is the registry's
     * {@code file_sha256} when that is a SHA-256, else none (never one made up); the pipelines that
     * uploaded it ({@code pipelines[]}, else the package's {@code pipeline}) produced it.
     */
    void emitPackageFile(String project, JsonNode pkg, JsonNode file, RecordSink sink) {
        long packageId = id(pkg, "a package");
        long fileId = id(file, "a package file");
        String name = text(file, "file_name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("package file " + fileId + " has no \"file_name\"");
        }
        JsonNode ofPackage = file.get("package_id");
        if (ofPackage != null && (!ofPackage.isIntegralNumber() || ofPackage.asLong() != packageId)) {
            throw new IllegalArgumentException("package file " + fileId + " names package " + ofPackage.asText() + ", not " + packageId);
        }
        Urn urn = packageFile(project, packageId, fileId);
        Map<String, String> props = new TreeMap<>();
        props.put("project", project);
        put(props, "package", pkg.get("name"));
        put(props, "version", pkg.get("version"));
        put(props, "package_type", pkg.get("package_type"));
        put(props, "filename", file.get("file_name"));
        put(props, "size", file.get("size"));
        put(props, "created", file.get("created_at"));
        put(props, "sha1", file.get("file_sha1"));
        put(props, "md5", file.get("file_md5"));
        String sha256 = text(file, "file_sha256");
        Digest digest = null;
        if (sha256 != null && SHA256.matcher(sha256.toLowerCase(java.util.Locale.ROOT)).matches()) {
            digest = Digest.sha256(sha256.toLowerCase(java.util.Locale.ROOT));
        } else {
            props.put("digest", sha256 == null ? "none: the registry lists no file_sha256 for this file" : "none: file_sha256 is not a SHA-256");
        }
        String packageName = text(pkg, "name");
        String version = text(pkg, "version");
        String webPath = text(pkg.path("_links"), "web_path");
        Asset.Builder b = Asset.builder(urn, clip(name, 200))
                .description("A file of the " + (text(pkg, "package_type") == null ? "" : text(pkg, "package_type") + " ")
                        + "package " + (packageName == null ? packageId : packageName) + (version == null ? "" : " " + version)
                        + " in " + project + "'s package registry")
                .properties(props)
                .sourceRef(webPath != null && webPath.startsWith("/" + project + "/-/packages/") ? web + webPath
                        : web + "/" + project + "/-/packages/" + packageId);
        if (digest != null) {
            b.digest(digest);
        }
        sink.asset(b.build());
        Set<Long> producers = new LinkedHashSet<>();
        for (JsonNode p : file.path("pipelines")) {
            if (p.path("id").isIntegralNumber() && p.path("id").asLong() > 0) {
                producers.add(p.path("id").asLong());
            }
        }
        if (producers.isEmpty()) {
            for (JsonNode p : pkg.path("pipelines")) {
                if (p.path("id").isIntegralNumber() && p.path("id").asLong() > 0) {
                    producers.add(p.path("id").asLong());
                }
            }
            if (pkg.path("pipeline").path("id").isIntegralNumber() && pkg.path("pipeline").path("id").asLong() > 0) {
                producers.add(pkg.path("pipeline").path("id").asLong());
            }
        }
        for (long pipelineId : producers) {
            sink.edge(new Edge(run(project, pipelineId), urn, EdgeType.PRODUCED_BY));
        }
    }

    static long id(JsonNode node, String what) {
        return JsonFields.id(node, what);
    }

    static String text(JsonNode node, String field) {
        return JsonFields.text(node, field);
    }

    private static void put(Map<String, String> props, String key, JsonNode n) {
        JsonFields.put(props, key, n, 400);
    }

    private static String clip(String s, int max) {
        return JsonFields.clip(s, max);
    }
}
