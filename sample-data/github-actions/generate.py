#!/usr/bin/env python3
"""Writes the GitHub Actions part of the Kestrel Lending demo workspace: the workflow runs of
kestrel/ml-deploy as the REST API answered them (saved answers, read by the `github-actions`
connector's offline mode):

    kestrel/ml-deploy/runs-1.json                      GET /repos/kestrel/ml-deploy/actions/runs?per_page=100
    kestrel/ml-deploy/runs/<run id>/artifacts.json     GET /repos/kestrel/ml-deploy/actions/runs/<id>/artifacts
    kestrel/ml-deploy/attestations/sha256-<hex>.json   GET /repos/kestrel/ml-deploy/attestations/sha256:<hex>

The runs are the ones the lineage's GitHub Action reported (../openlineage/github-actions-ml-deploy.ndjson),
at the same times, plus a first attempt at packaging credit-risk-xgb v7 that failed. package-model.yml
uploads the model files it packaged with actions/upload-artifact v7 `archive: false`, so each artifact
is the file itself and its digest is the file's SHA-256 (the files in ../models); the fraud-bert v3 run
also attested model.safetensors with actions/attest-build-provenance. The attestation's signature is
invented: Tightrope notes GitHub's attestations, it does not verify them.

    python3 sample-data/github-actions/generate.py

Standard library only; deterministic.
"""

import base64
import hashlib
import json
import os
import shutil
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
LINEAGE = os.path.join(HERE, "..", "openlineage", "github-actions-ml-deploy.ndjson")
REPO = "kestrel/ml-deploy"
OUT = os.path.join(HERE, *REPO.split("/"))
API = "https://api.github.com/repos/" + REPO
WEB = "https://github.com/" + REPO

# model version (as the lineage names it) -> demo model directory and the files package-model.yml uploaded
PACKAGED = {
    "models/fraud-bert/3": ("fraud-bert-v3", ["config.json", "model.safetensors"]),
    "models/credit-risk-xgb/7": ("credit-risk-xgb-v7", ["model.joblib"]),
    "models/doc-classifier/1": ("doc-classifier", ["model.onnx"]),
    "models/support-chat/1": ("support-chat-q4", ["support-chat.Q4_K_M.gguf"]),
}
WORKFLOWS = {"package-model.yml": ("Package model", 81_442_100), "deploy.yml": ("Deploy", 81_442_101)}


def sha_hex(text):
    return hashlib.sha256(text.encode()).hexdigest()


def ts(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(s):
    return datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")


def run_json(run_id, number, workflow, created, updated, conclusion, title, actor="sam-okafor"):
    name, workflow_id = WORKFLOWS[workflow]
    head = sha_hex("%s:%d" % (workflow, run_id))[:40]
    return {
        "id": run_id, "name": name, "node_id": "WFR_" + sha_hex(str(run_id))[:16], "head_branch": "main", "head_sha": head,
        "path": ".github/workflows/" + workflow, "display_title": title, "run_number": number, "event": "workflow_dispatch",
        "status": "completed", "conclusion": conclusion, "workflow_id": workflow_id, "check_suite_id": run_id + 7_000_000_000,
        "url": "%s/actions/runs/%d" % (API, run_id), "html_url": "%s/actions/runs/%d" % (WEB, run_id),
        "created_at": ts(created), "updated_at": ts(updated), "run_attempt": 1, "run_started_at": ts(created),
        "actor": {"login": actor, "id": 190_001, "type": "User"}, "triggering_actor": {"login": actor, "id": 190_001, "type": "User"},
        "jobs_url": "%s/actions/runs/%d/jobs" % (API, run_id), "artifacts_url": "%s/actions/runs/%d/artifacts" % (API, run_id),
        "head_commit": {"id": head, "tree_id": sha_hex(head)[:40], "message": title, "timestamp": ts(created - timedelta(minutes=20)),
                        "author": {"name": "Sam Okafor", "email": "sam.okafor@kestrel.example"},
                        "committer": {"name": "GitHub", "email": "noreply@github.com"}},
        "repository": {"id": 640_112_233, "name": "ml-deploy", "full_name": REPO, "private": True},
        "pull_requests": [],
    }


def main():
    events = [json.loads(line) for line in open(LINEAGE)]
    starts = {}
    for e in events:
        starts.setdefault(e["run"]["runId"], {})[e["eventType"]] = e
    runs, artifacts, attestations = [], {}, {}
    numbers = {"package-model.yml": 10, "deploy.yml": 30}
    pairs = sorted(starts.values(), key=lambda p: p["START"]["eventTime"])
    # the failed first attempt at packaging credit-risk-xgb v7, the day before the run that worked
    pairs.append({"FAILED_EXTRA": True})
    artifact_id = 2_915_000_000
    run_id = 14_200_000_000
    for p in pairs:
        if p.get("FAILED_EXTRA"):
            created = datetime(2026, 10, 29, 15, 2, 11)
            numbers["package-model.yml"] += 1
            runs.append(run_json(14_199_999_001, numbers["package-model.yml"], "package-model.yml", created,
                                 created + timedelta(minutes=6), "failure", "Package credit-risk-xgb 7"))
            continue
        start, end = p["START"], p.get("COMPLETE") or p.get("FAIL")
        workflow = start["job"]["name"]
        numbers[workflow] += 1
        run_id += 1
        created, updated = parse(start["eventTime"]), parse(end["eventTime"])
        subject = start["inputs"][0]["name"] if start["inputs"] else ""
        if workflow == "package-model.yml":
            model, version = subject.split("/")[1], subject.split("/")[2]
            title = "Package %s %s" % (model, version)
        else:
            title = "Deploy " + subject.split("@")[0]
        runs.append(run_json(run_id, numbers[workflow], workflow, created, updated, "success" if "COMPLETE" in p else "failure", title))
        if workflow == "package-model.yml" and subject in PACKAGED:
            model_dir, files = PACKAGED[subject]
            items = []
            for name in files:
                with open(os.path.join(MODELS, model_dir, name), "rb") as f:
                    data = f.read()
                digest = "sha256:" + hashlib.sha256(data).hexdigest()
                artifact_id += 1
                uploaded = created + timedelta(minutes=4)
                items.append({"id": artifact_id, "node_id": "MDg6QXJ0aWZhY3Q" + str(artifact_id), "name": name, "size_in_bytes": len(data),
                              "url": "%s/actions/artifacts/%d" % (API, artifact_id),
                              "archive_download_url": "%s/actions/artifacts/%d/zip" % (API, artifact_id),
                              "expired": False, "created_at": ts(uploaded), "expires_at": ts(uploaded + timedelta(days=90)),
                              "updated_at": ts(uploaded), "digest": digest,
                              "workflow_run": {"id": run_id, "repository_id": 640_112_233, "head_repository_id": 640_112_233,
                                               "head_branch": "main", "head_sha": runs[-1]["head_sha"]}})
                if subject == "models/fraud-bert/3" and name == "model.safetensors":
                    statement = {"_type": "https://in-toto.io/Statement/v1",
                                 "subject": [{"name": name, "digest": {"sha256": digest[7:]}}],
                                 "predicateType": "https://slsa.dev/provenance/v1",
                                 "predicate": {"buildDefinition": {"buildType": "https://actions.github.io/buildtypes/workflow/v1",
                                                                   "externalParameters": {"workflow": {"ref": "refs/heads/main", "repository": WEB,
                                                                                                       "path": ".github/workflows/package-model.yml"}},
                                                                   "resolvedDependencies": [{"uri": "git+%s@refs/heads/main" % WEB,
                                                                                             "digest": {"gitCommit": runs[-1]["head_sha"]}}]},
                                               "runDetails": {"builder": {"id": "https://github.com/actions/runner/github-hosted"},
                                                              "metadata": {"invocationId": "%s/actions/runs/%d/attempts/1" % (WEB, run_id)}}}}
                    payload = base64.b64encode(json.dumps(statement, separators=(",", ":")).encode()).decode()
                    attestations[digest] = {"attestations": [{
                        "bundle": {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
                                   "verificationMaterial": {"note": "demo data: no certificate, the signature below is invented"},
                                   "dsseEnvelope": {"payload": payload, "payloadType": "application/vnd.in-toto+json",
                                                    "signatures": [{"sig": "MEUCIQ-demo-not-a-real-signature"}]}},
                        "repository_id": 640_112_233, "bundle_url": None}]}
            artifacts[run_id] = {"total_count": len(items), "artifacts": items}
    counters = {"package-model.yml": 10, "deploy.yml": 30}
    for r in sorted(runs, key=lambda r: r["created_at"]):
        workflow = r["path"].rsplit("/", 1)[1]
        counters[workflow] += 1
        r["run_number"] = counters[workflow]
    runs.sort(key=lambda r: r["created_at"], reverse=True)
    # run ids follow the lineage's runs in time order: answers saved under earlier ids go
    for folder in ("runs", "attestations"):
        shutil.rmtree(os.path.join(OUT, folder), ignore_errors=True)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "runs-1.json"), "w") as f:
        json.dump({"total_count": len(runs), "workflow_runs": runs}, f, indent=1)
        f.write("\n")
    for rid, body in artifacts.items():
        d = os.path.join(OUT, "runs", str(rid))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "artifacts.json"), "w") as f:
            json.dump(body, f, indent=1)
            f.write("\n")
    os.makedirs(os.path.join(OUT, "attestations"), exist_ok=True)
    for digest, body in attestations.items():
        with open(os.path.join(OUT, "attestations", "sha256-" + digest[7:] + ".json"), "w") as f:
            json.dump(body, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
