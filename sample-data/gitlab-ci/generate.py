#!/usr/bin/env python3
"""Writes the GitLab CI part of the Kestrel Lending demo workspace: the pipelines of
kestrel/credit-risk on gitlab.kestrel.example as REST v4 answered them (saved answers, read by the
`gitlab-ci` connector's offline mode):

    kestrel/credit-risk/pipelines-1.json               GET /api/v4/projects/kestrel%2Fcredit-risk/pipelines?per_page=100
    kestrel/credit-risk/pipelines/<id>/jobs.json       GET /api/v4/projects/kestrel%2Fcredit-risk/pipelines/<id>/jobs
    kestrel/credit-risk/packages-1.json                GET /api/v4/projects/kestrel%2Fcredit-risk/packages?per_page=100
    kestrel/credit-risk/packages/<id>/package_files.json   GET /api/v4/projects/kestrel%2Fcredit-risk/packages/<id>/package_files
    export.json                                        which GitLab the answers came from (written by hand)

Credit Risk trains credit-risk-xgb on GitLab: a train job, an evaluate job with a JUnit report, and
a package job that keeps model.joblib as an artifact; the weekly scheduled retraining of
2026-10-22 failed (the feature table was late). GitLab's API lists no checksum for job artifacts,
so the artifacts have no digest here either. The v7 package job also published model.joblib to the
project's generic package registry (credit-risk-xgb 7.0.0); the registry's file answer carries its
SHA-256 (and MD5, SHA-1), computed here from ../models/credit-risk-xgb-v7/model.joblib, the same
bytes the model store scans. Deterministic:

    python3 sample-data/gitlab-ci/generate.py

Standard library only.
"""

import hashlib
import json
import os
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(HERE, "..", "models", "credit-risk-xgb-v7", "model.joblib")
PROJECT = "kestrel/credit-risk"
HOST = "gitlab.kestrel.example"
OUT = os.path.join(HERE, *PROJECT.split("/"))
WEB = "https://%s/%s" % (HOST, PROJECT)
USERS = {"priya.natarajan": (41, "Priya Natarajan"), "tom.becker": (42, "Tom Becker"), "ci-scheduler": (90, "CI Scheduler")}

# pipeline id, iid, when, source, user, commit, title, and (job name, stage, status, failure reason, artifact size)
PIPELINES = [
    (20511, 97, datetime(2026, 3, 10, 9, 5, 0), "push", "priya.natarajan", "5c1e0b7", "Train credit-risk-xgb v5",
     [("train", "train", "success", None, None), ("evaluate", "test", "success", None, None), ("package", "package", "success", None, 18_879_488)]),
    (23877, 118, datetime(2026, 6, 20, 8, 31, 0), "push", "tom.becker", "e17f3b9", "Train credit-risk-xgb v6",
     [("train", "train", "success", None, None), ("evaluate", "test", "success", None, None), ("package", "package", "success", None, 18_880_512)]),
    (26402, 141, datetime(2026, 10, 22, 3, 0, 0), "schedule", "ci-scheduler", "9d04a6c", "Weekly retraining",
     [("train", "train", "failed", "script_failure", None)]),
    (26555, 143, datetime(2026, 10, 28, 9, 58, 0), "push", "priya.natarajan", "0a9d2f1", "Train credit-risk-xgb v7",
     [("train", "train", "success", None, None), ("evaluate", "test", "success", None, None), ("package", "package", "success", None, 18_881_536)]),
]


def ts(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def sha(short):
    return (short * 6)[:40]


def main():
    pipelines = []
    job_id = 870_000
    os.makedirs(OUT, exist_ok=True)
    for pid, iid, when, source, user, commit, title, jobs in PIPELINES:
        duration = 0
        job_list = []
        failed = any(j[2] == "failed" for j in jobs)
        for name, stage, status, reason, size in jobs:
            job_id += 1
            start = when + timedelta(minutes=1 + duration)
            minutes = {"train": 34, "evaluate": 6, "package": 3}[name]
            duration += minutes + 1
            uid, uname = USERS[user]
            job = {"id": job_id, "status": status, "stage": stage, "name": name, "ref": "main", "tag": False, "coverage": None,
                   "allow_failure": False, "created_at": ts(when), "started_at": ts(start), "finished_at": ts(start + timedelta(minutes=minutes)),
                   "erased_at": None, "duration": minutes * 60.0, "queued_duration": 3.2,
                   "user": {"id": uid, "username": user, "name": uname, "state": "active",
                            "web_url": "https://%s/%s" % (HOST, user)},
                   "commit": {"id": sha(commit), "short_id": commit, "title": title, "author_name": uname,
                              "author_email": "%s@kestrel.example" % user, "created_at": ts(when - timedelta(minutes=15)), "message": title + "\n"},
                   "pipeline": {"id": pid, "project_id": 1187, "ref": "main", "sha": sha(commit), "status": "failed" if failed else "success"},
                   "web_url": "%s/-/jobs/%d" % (WEB, job_id), "project": {"ci_job_token_scope_enabled": True},
                   "artifacts": [], "runner": {"id": 12, "description": "gpu-runner-eu-1", "active": True, "is_shared": False},
                   "artifacts_expire_at": None, "tag_list": ["gpu"] if name == "train" else []}
            if reason:
                job["failure_reason"] = reason
            if name == "evaluate":
                job["artifacts"] = [{"file_type": "junit", "size": 2214, "filename": "junit.xml.gz", "file_format": "gzip"},
                                    {"file_type": "trace", "size": 18044, "filename": "job.log", "file_format": None}]
            if size:
                job["artifacts_file"] = {"filename": "artifacts.zip", "size": size}
                job["artifacts"] = [{"file_type": "archive", "size": size, "filename": "artifacts.zip", "file_format": "zip"},
                                    {"file_type": "metadata", "size": 186, "filename": "metadata.gz", "file_format": "gzip"},
                                    {"file_type": "trace", "size": 9120, "filename": "job.log", "file_format": None}]
                job["artifacts_expire_at"] = ts(when + timedelta(days=90))
            job_list.append(job)
        job_list.reverse()  # GitLab lists a pipeline's jobs newest first
        updated = when + timedelta(minutes=duration + 1)
        pipelines.append({"id": pid, "iid": iid, "project_id": 1187, "sha": sha(commit), "ref": "main",
                          "status": "failed" if failed else "success", "source": source, "created_at": ts(when), "updated_at": ts(updated),
                          "web_url": "%s/-/pipelines/%d" % (WEB, pid), "name": None})
        d = os.path.join(OUT, "pipelines", str(pid))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "jobs.json"), "w") as f:
            json.dump(job_list, f, indent=1)
            f.write("\n")
    pipelines.sort(key=lambda p: p["id"], reverse=True)
    with open(os.path.join(OUT, "pipelines-1.json"), "w") as f:
        json.dump(pipelines, f, indent=1)
        f.write("\n")
    write_package_registry(next(p for p in pipelines if p["id"] == 26555))


def write_package_registry(v7):
    """credit-risk-xgb 7.0.0 in the generic package registry, uploaded by the v7 pipeline's package job."""
    with open(MODEL, "rb") as f:
        data = f.read()
    uid, uname = USERS["priya.natarajan"]
    pipeline = {k: v7[k] for k in ("id", "iid", "project_id", "sha", "ref", "status", "source", "created_at", "updated_at", "web_url")}
    pipeline["user"] = {"name": uname, "avatar_url": None}
    uploaded = v7["updated_at"]
    package = {"id": 3312, "name": "credit-risk-xgb", "version": "7.0.0", "package_type": "generic", "status": "default",
               "_links": {"web_path": "/%s/-/packages/3312" % PROJECT}, "created_at": uploaded, "last_downloaded_at": None,
               "tags": [], "pipeline": pipeline, "pipelines": [pipeline]}
    files = [{"id": 91770, "package_id": 3312, "created_at": uploaded, "file_name": "model.joblib", "size": len(data),
              "file_md5": hashlib.md5(data).hexdigest(), "file_sha1": hashlib.sha1(data).hexdigest(),
              "file_sha256": hashlib.sha256(data).hexdigest(), "pipelines": [pipeline]}]
    with open(os.path.join(OUT, "packages-1.json"), "w") as f:
        json.dump([package], f, indent=1)
        f.write("\n")
    d = os.path.join(OUT, "packages", "3312")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "package_files.json"), "w") as f:
        json.dump(files, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
