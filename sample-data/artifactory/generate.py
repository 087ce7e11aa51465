#!/usr/bin/env python3
"""Writes the Artifactory part of the Kestrel Lending demo workspace: the ml-models-local repository
of artifactory.kestrel.example as its API answered (saved answers, read by the `artifactory`
connector's offline mode):

    aql-ml-models-local-0.json         POST /artifactory/api/search/aql  items.find(...)   the files, with sha256
    aql-ml-models-local-properties.json POST /artifactory/api/search/aql  the items' properties
    storage/fraud-bert-3-model.safetensors.json  GET /artifactory/api/storage/ml-models-local/fraud-bert/3/model.safetensors

The files are the model directories in ../models, by their real SHA-256, so a file here is the same
content as the scanned file, the Hub's copy and the registry's ModelPack layer. Deterministic:

    python3 sample-data/artifactory/generate.py

Standard library only.
"""

import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
HOST = "artifactory.kestrel.example"
REPO = "ml-models-local"
TRACKING = "https://mlflow.kestrel.example"

# folder in the repository, demo model directory, who uploaded it, when, MLflow model and version, run, extra properties
FOLDERS = [
    ("fraud-bert/3", "fraud-bert-v3", "ana.ruiz", "2026-06-02T08:01:00.000Z", "fraud-bert", "3", "d60552b691016e3527f351b7f7d005a6",
     {"hf.model": "google-bert/bert-base-uncased", "stage": "production"}),
    ("credit-risk-xgb/7", "credit-risk-xgb-v7", "priya.natarajan", "2026-10-29T16:40:00.000Z", "credit-risk-xgb", "7",
     "bfef786a900c694fb7b0621dbd96cca2", {"stage": "staging"}),
    ("doc-classifier/1", "doc-classifier", "sam.okafor", "2026-08-12T10:15:00.000Z", "doc-classifier", "1",
     "6dddec05ee06e9c4cbf80cd473a83abd", {"stage": "production"}),
    ("support-chat/1", "support-chat-q4", "lena.hoffmann", "2026-09-01T17:30:00.000Z", "support-chat", "1",
     "6d78bdc40f20819ed1d44cf50002e727", {"hf.model": "meta-llama/Llama-3.1-8B-Instruct", "stage": "production"}),
]


def dump(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=False)
        f.write("\n")


def main():
    items, props = [], []
    info = None
    for folder, model_dir, who, when, model, version, run, extra in FOLDERS:
        d = os.path.join(MODELS, model_dir)
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as f:
                data = f.read()
            sha256 = hashlib.sha256(data).hexdigest()
            items.append({"repo": REPO, "path": folder, "name": name, "type": "file", "size": len(data),
                          "created": when, "created_by": who, "modified": when, "modified_by": who, "updated": when,
                          "sha256": sha256})
            props.append({"repo": REPO, "path": folder, "name": name, "type": "file",
                          "properties": [{"key": "mlflow.run_id", "value": run}]})
            if folder == "fraud-bert/3" and name == "model.safetensors":
                info = {"uri": "https://%s/artifactory/api/storage/%s/%s/%s" % (HOST, REPO, folder, name),
                        "downloadUri": "https://%s/artifactory/%s/%s/%s" % (HOST, REPO, folder, name),
                        "repo": REPO, "path": "/%s/%s" % (folder, name), "created": when, "createdBy": who,
                        "lastModified": when, "modifiedBy": who, "lastUpdated": when, "size": str(len(data)),
                        "mimeType": "application/octet-stream",
                        "checksums": {"sha1": hashlib.sha1(data).hexdigest(), "md5": hashlib.md5(data).hexdigest(), "sha256": sha256},
                        "originalChecksums": {"sha256": sha256}}
        parent, leaf = folder.rsplit("/", 1)
        folder_props = [{"key": "mlflow.model_name", "value": model}, {"key": "mlflow.model_version", "value": version},
                        {"key": "mlflow.tracking_uri", "value": TRACKING}]
        folder_props += [{"key": k, "value": v} for k, v in extra.items()]
        props.append({"repo": REPO, "path": parent, "name": leaf, "type": "folder", "properties": folder_props})
    dump(os.path.join(HERE, "aql-ml-models-local-0.json"),
         {"results": items, "range": {"start_pos": 0, "end_pos": len(items), "total": len(items)}})
    dump(os.path.join(HERE, "aql-ml-models-local-properties.json"),
         {"results": props, "range": {"start_pos": 0, "end_pos": len(props), "total": len(props)}})
    dump(os.path.join(HERE, "storage", "fraud-bert-3-model.safetensors.json"), info)


if __name__ == "__main__":
    main()
