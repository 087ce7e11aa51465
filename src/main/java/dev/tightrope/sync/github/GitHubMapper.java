package dev.tightrope.sync.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * GitHub's answers as records. A workflow is the pipeline {@code tr:pipeline:openlineage:github://<owner>/<repo>/<file>}
 * (the name the OpenLineage GitHub integration gives the job, so both sources describe one
 * pipeline); a run is {@code tr:pipeline_run:github-actions:<host>/<owner>/<repo>/actions/runs/<id>},
 * a run of its workflow; an artifact is {@code tr:build_artifact:github-actions:<host>/<owner>/<repo>/actions/artifacts/<id>},
 * produced by its run, with its {@code digest} as the asset's digest.
 */
final class GitHubMapper {

    static final String TYPE = "github-actions";
    static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final UntrustedJson STATEMENT_JSON = UntrustedJson.withLimits(
            new JsonLimits(32, 64 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 4L * 1024 * 1024));

    private final String host;
    private final String web;

    /**
     * @param host the GitHub the answers came from ({@code github.com}, or a GitHub Enterprise Server host)
     * @param web  its web address, for links ({@code https://github.com})
     */
    GitHubMapper(String host, String web) {
        this.host = host;
        this.web = web;
    }

    static boolean validRepository(String fullName) {
        return fullName != null && REPO.matcher(fullName).matches() && !fullName.contains("..");
    }

    Urn workflow(String repository, String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return Urn.of(AssetKind.PIPELINE, "openlineage", "github://" + repository + "/" + file);
    }

    Urn run(String repository, long id) {
        return Urn.of(AssetKind.PIPELINE_RUN, TYPE, host + "/" + repository + "/actions/runs/" + id);
    }

    Urn artifact(String repository, long id) {
        return Urn.of(AssetKind.BUILD_ARTIFACT, TYPE, host + "/" + repository + "/actions/artifacts/" + id);
    }

    /** One workflow run (and its workflow); returns its URN. */
    Urn emitRun(String repository, JsonNode run, RecordSink sink) {
        long id = id(run, "a workflow run");
        Urn urn = run(repository, id);
        String workflowName = text(run, "name");
        String path = text(run, "path");
        Map<String, String> props = new TreeMap<>();
        props.put("repository", repository);
        put(props, "run_number", run.get("run_number"));
        put(props, "run_attempt", run.get("run_attempt"));
        put(props, "event", run.get("event"));
        put(props, "branch", run.get("head_branch"));
        put(props, "commit", run.get("head_sha"));
        put(props, "status", run.get("status"));
        put(props, "conclusion", run.get("conclusion"));
        put(props, "created", run.get("created_at"));
        put(props, "updated", run.get("updated_at"));
        put(props, "started", run.get("run_started_at"));
        put(props, "workflow", path);
        String actor = text(run.path("actor"), "login");
        String triggering = text(run.path("triggering_actor"), "login");
        if (actor != null) {
            props.put("actor", actor);
        }
        if (triggering != null && !triggering.equals(actor)) {
            props.put("triggering_actor", triggering);
        }
        String message = text(run.path("head_commit"), "message");
        if (message != null) {
            String first = message.lines().findFirst().orElse("").strip();
            props.put("commit_message", first.length() <= 200 ? first : first.substring(0, 199) + "…");
        }
        String number = run.path("run_number").isIntegralNumber() ? " #" + run.get("run_number").asLong() : "";
        String name = (workflowName != null && !workflowName.isBlank() ? workflowName : path != null ? path : "run " + id) + number;
        String title = text(run, "display_title");
        String htmlUrl = text(run, "html_url");
        sink.asset(Asset.builder(urn, clip(name, 200))
                .description(title)
                .properties(props)
                .sourceRef(htmlUrl != null && htmlUrl.startsWith(web + "/") ? htmlUrl : web + "/" + repository + "/actions/runs/" + id)
                .build());
        if (path != null && !path.isBlank()) {
            Urn workflow = workflow(repository, path);
            sink.asset(Asset.builder(workflow, path.substring(path.lastIndexOf('/') + 1))
                    .description(workflowName == null ? null : "GitHub Actions workflow \"" + workflowName + "\" of " + repository)
                    .property("repository", repository)
                    .property("path", path)
                    .sourceRef(web + "/" + repository + "/blob/" + (text(run, "head_branch") == null ? "HEAD" : text(run, "head_branch")) + "/" + path)
                    .build());
            sink.edge(new Edge(workflow, urn, EdgeType.INSTANCE_OF));
        }
        if (actor != null) {
            sink.owner(OwnerClaim.fromSource(urn, actor, "USER", OwnerRole.TECHNICAL_OWNER));
        }
        return urn;
    }

    /** One artifact of a run, with what its attestations say about it (null: not looked up). */
    void emitArtifact(String repository, Urn run, JsonNode artifact, List<Attestation> attestations, RecordSink sink) {
        long id = id(artifact, "an artifact");
        Urn urn = artifact(repository, id);
        String digest = text(artifact, "digest");
        Map<String, String> props = new TreeMap<>();
        props.put("repository", repository);
        put(props, "size", artifact.get("size_in_bytes"));
        put(props, "created", artifact.get("created_at"));
        put(props, "expires", artifact.get("expires_at"));
        if (artifact.path("expired").asBoolean(false)) {
            props.put("expired", "true");
        }
        if (digest == null) {
            props.put("digest", "none given (uploaded before actions/upload-artifact v4)");
        }
        if (attestations != null && !attestations.isEmpty()) {
            Map<String, Integer> byType = new TreeMap<>();
            List<String> subjects = new ArrayList<>();
            for (Attestation a : attestations) {
                byType.merge(a.predicateType(), 1, Integer::sum);
                for (String s : a.subjects()) {
                    if (!subjects.contains(s)) {
                        subjects.add(s);
                    }
                }
            }
            List<String> parts = new ArrayList<>();
            byType.forEach((t, n) -> parts.add(t + (n > 1 ? " ×" + n : "")));
            props.put("attestations", attestations.size() + " stored by GitHub, not verified here: " + String.join(", ", parts));
            if (!subjects.isEmpty()) {
                props.put("attestation.subjects", clip(String.join("; ", subjects), 2000));
            }
        }
        String name = text(artifact, "name");
        sink.asset(Asset.builder(urn, clip(name == null || name.isBlank() ? "artifact " + id : name, 200))
                .digest(digest != null && SHA256.matcher(digest).matches() ? Digest.parse(digest) : null)
                .properties(props)
                .sourceRef(web + "/" + repository + "/actions/runs/" + runIdOf(artifact, run) + "/artifacts/" + id)
                .build());
        sink.edge(new Edge(run, urn, EdgeType.PRODUCED_BY));
    }

    private static String runIdOf(JsonNode artifact, Urn run) {
        JsonNode wr = artifact.path("workflow_run").path("id");
        if (wr.isIntegralNumber()) {
            return Long.toString(wr.asLong());
        }
        String id = run.nativeId();
        return id.substring(id.lastIndexOf('/') + 1);
    }

    /** What an attestation says: its predicate type and subjects (name@sha256:…), read from the DSSE payload. */
    record Attestation(String predicateType, List<String> subjects) {
    }

    /** The attestations of an answer of {@code /attestations/{digest}}; an item that cannot be read is skipped. */
    static List<Attestation> attestations(JsonNode answer) {
        List<Attestation> out = new ArrayList<>();
        for (JsonNode a : answer.path("attestations")) {
            JsonNode env = a.path("bundle").path("dsseEnvelope");
            String payload = text(env, "payload");
            if (payload == null) {
                continue;
            }
            try {
                JsonNode statement = STATEMENT_JSON.read(Base64.getDecoder().decode(payload));
                String type = text(statement, "predicateType");
                List<String> subjects = new ArrayList<>();
                for (JsonNode s : statement.path("subject")) {
                    String sha = text(s.path("digest"), "sha256");
                    if (sha != null) {
                        subjects.add((text(s, "name") == null ? "" : text(s, "name")) + "@sha256:" + sha);
                    }
                }
                out.add(new Attestation(type == null ? "unknown predicate" : type, subjects));
            } catch (IllegalArgumentException | IOException e) {
                // not base64 or not JSON: not an attestation this can describe
            }
        }
        return out;
    }

    static long id(JsonNode node, String what) {
        return JsonFields.id(node, what);
    }

    static String text(JsonNode node, String field) {
        return JsonFields.text(node, field);
    }

    private static void put(Map<String, String> props, String key, Object value) {
        if (value instanceof JsonNode n) {
            JsonFields.put(props, key, n, 400);
        } else if (value instanceof String s && !s.isBlank()) {
            props.put(key, clip(s, 400));
        }
    }

    private static String clip(String s, int max) {
        return JsonFields.clip(s, max);
    }
}
