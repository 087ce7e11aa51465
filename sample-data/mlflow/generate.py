#!/usr/bin/env python3
"""Writes the MLflow part of the Kestrel Lending demo workspace: an export of Kestrel's model
registry (mlflow.kestrel.example) as the REST API 2.0 answers it, read by the `mlflow` connector
offline. Deterministic (no clock, no randomness); standard library only:

    python3 sample-data/mlflow/generate.py

Layout (the connector's offline mode):
  export.json                    which tracking server the answers were saved from
  registered-models/page-1.json  GET registered-models/search?max_results=100
  model-versions/page-*.json     GET model-versions/search?max_results=5 (two pages, next_page_token)
  runs/<run_id>.json             GET runs/get?run_id=<run_id>, one per run, the failed one too

Version tags `model.digest` carry the OpenSSF model-signing root digest of the model directory in
sample-data/models that holds the same bytes (the same digests the OpenLineage version facets carry).
"""

import hashlib
import json
import os
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
LAKE = "s3://kestrel-datalake"
ARTIFACTS = "s3://kestrel-mlflow-artifacts"


def oms_root_digest(model_dir):
    """As sample-data/openlineage/generate.py: SHA-256 over the files' raw SHA-256 digests in name order."""
    path = os.path.join(MODELS, model_dir)
    names = sorted(n for n in os.listdir(path) if n not in (".git", ".gitignore", ".gitattributes", ".github", "model.sig"))
    root = hashlib.sha256()
    for name in names:
        with open(os.path.join(path, name), "rb") as f:
            root.update(hashlib.sha256(f.read()).digest())
    return "sha256:" + root.hexdigest()


def ms(*args):
    return int(datetime(*args, tzinfo=timezone.utc).timestamp() * 1000)


def run_id(seed):
    return hashlib.sha256(("kestrel-mlflow-run:" + seed).encode()).hexdigest()[:32]


def tags(pairs):
    return [{"key": k, "value": v} for k, v in pairs]


def dataset_input(name, rows, context="training"):
    uri = LAKE + "/" + name
    return {"tags": tags([("mlflow.data.context", context)]),
            "dataset": {"name": name.split("/")[-1], "digest": hashlib.sha256(uri.encode()).hexdigest()[:8], "source_type": "s3",
                        "source": json.dumps({"uri": uri}), "schema": json.dumps({"mlflow_colspec": []}),
                        "profile": json.dumps({"num_rows": rows})}}


EXPERIMENTS = {"fraud-bert": "12", "credit-risk-xgb": "14", "support-chat": "17", "doc-classifier": "19", "propensity": "23",
               "churn-xgb": "26"}

# (model, version or None for a failed run, start, minutes, user, status, params, metrics, inputs, source tags, extra)
RUNS = [
    ("fraud-bert", "1", ms(2026, 2, 20, 7, 30, 12), 148, "ana.ruiz@kestrel.example", "FINISHED",
     [("learning_rate", "3e-5"), ("epochs", "3"), ("base_model", "google-bert/bert-base-uncased")], [("val_auc", 0.912)],
     [dataset_input("features/fraud_training_set_v1", 210000), dataset_input("curated/transactions", 24800000)], "fraud-ml", "4e1f0a2"),
    ("fraud-bert", "2", ms(2026, 4, 14, 6, 2, 40), 171, "ana.ruiz@kestrel.example", "FINISHED",
     [("learning_rate", "3e-5"), ("epochs", "4"), ("base_model", "google-bert/bert-base-uncased")], [("val_auc", 0.927)],
     [dataset_input("features/fraud_training_set", 228000), dataset_input("curated/transactions", 25600000)], "fraud-ml", "9b7c3d1"),
    ("fraud-bert", None, ms(2026, 5, 19, 6, 0, 5), 23, "ana.ruiz@kestrel.example", "FAILED",
     [("learning_rate", "2e-5"), ("epochs", "5"), ("batch_size", "128"), ("base_model", "google-bert/bert-base-uncased")], [],
     [dataset_input("features/fraud_training_set", 231500), dataset_input("curated/transactions", 25900000)], "fraud-ml", "c2d94e7"),
    ("fraud-bert", "3", ms(2026, 6, 3, 5, 45, 51), 186, "ana.ruiz@kestrel.example", "FINISHED",
     [("learning_rate", "2e-5"), ("epochs", "5"), ("batch_size", "64"), ("base_model", "google-bert/bert-base-uncased")], [("val_auc", 0.941)],
     [dataset_input("features/fraud_training_set", 233900), dataset_input("curated/transactions", 26300000)], "fraud-ml", "e58a0b6"),
    ("credit-risk-xgb", "5", ms(2026, 3, 10, 9, 15, 3), 42, "priya.natarajan@kestrel.example", "FINISHED",
     [("max_depth", "6"), ("eta", "0.1"), ("n_estimators", "400")], [("val_auc", 0.781), ("val_ks", 0.412)],
     [dataset_input("features/credit_features", 1920000)], "credit-risk", "71aa3f0"),
    ("credit-risk-xgb", "6", ms(2026, 6, 20, 8, 40, 27), 43, "priya.natarajan@kestrel.example", "FINISHED",
     [("max_depth", "6"), ("eta", "0.08"), ("n_estimators", "600")], [("val_auc", 0.794), ("val_ks", 0.431)],
     [dataset_input("features/credit_features", 2140000)], "credit-risk", "8c02e5d"),
    ("credit-risk-xgb", "7", ms(2026, 10, 28, 10, 5, 44), 44, "tom.becker@kestrel.example", "FINISHED",
     [("max_depth", "7"), ("eta", "0.05"), ("n_estimators", "900")], [("val_auc", 0.803), ("val_ks", 0.446)],
     [dataset_input("features/credit_features", 2480000), dataset_input("curated/transactions", 31200000)], "credit-risk", "b3f61c9"),
    ("support-chat", "1", ms(2026, 7, 8, 13, 20, 9), 412, "lena.hoffmann@kestrel.example", "FINISHED",
     [("base_model", "meta-llama/Llama-3.1-8B-Instruct"), ("adapter_init", "community-lora/llama3.1-8b-customer-support@9f3c2b1"),
      ("lora_r", "16"), ("learning_rate", "1e-4")], [("eval_loss", 1.284)],
     [dataset_input("curated/support_tickets_redacted", 412000)], "support-ai", "d41e7a8"),
    ("doc-classifier", "1", ms(2026, 8, 12, 10, 0, 31), 64, "sam.okafor@kestrel.example", "FINISHED",
     [("base_model", "FacebookAI/roberta-base"), ("epochs", "4")], [("macro_f1", 0.902)],
     [dataset_input("curated/legal_documents_labeled", 48200)], "ml-platform", "2f9c6b4"),
    ("propensity", "1", ms(2026, 9, 22, 15, 41, 8), 7, None, "FINISHED",
     [("model", "LogisticRegression"), ("C", "0.5")], [("auc", 0.688)],
     [dataset_input("curated/customer_profiles", 1250000)], None, None),
    ("churn-xgb", "1", ms(2026, 10, 14, 9, 12, 30), 52, "ines.duarte@kestrel.example", "FINISHED",
     [("max_depth", "5"), ("eta", "0.1"), ("n_estimators", "500")], [("val_auc", 0.842)],
     [dataset_input("curated/transactions", 31000000), dataset_input("curated/customer_profiles", 1250000)], "customer-analytics", "6a2d8f3"),
]

REPOS = {"fraud-bert": "fraud-ml", "credit-risk-xgb": "credit-risk-models", "support-chat": "support-assistant",
         "doc-classifier": "legal-doc-classifier", "churn-xgb": "churn-models"}

MODELS_INFO = {
    "fraud-bert": ("Transaction fraud classifier", "ana.ruiz@kestrel.example", [("team", "fraud-ml")], [("champion", "3")]),
    "credit-risk-xgb": ("Probability-of-default model used for credit decisions", "priya.natarajan@kestrel.example",
                        [("team", "credit-risk")], [("champion", "6"), ("challenger", "7")]),
    "support-chat": ("Customer support assistant (Llama 3.1 8B + LoRA)", "lena.hoffmann@kestrel.example", [("team", "support-ai")], []),
    "doc-classifier": ("Legal document classifier", "sam.okafor@kestrel.example",
                       [("team", "ml-platform"), ("business_owner", "julia.moreau@kestrel.example")], []),
    "propensity": ("", "", [], []),
    "churn-xgb": ("Churn propensity for card and loan customers, successor of churn-legacy", "ines.duarte@kestrel.example",
                  [("team", "customer-analytics")], [("challenger", "1")]),
}

# version tags; model.digest where the bytes are a directory in sample-data/models
VERSION_TAGS = {
    ("fraud-bert", "3"): [("stage", "production"), ("model.digest", oms_root_digest("fraud-bert-v3"))],
    ("credit-risk-xgb", "6"): [("stage", "production")],
    ("credit-risk-xgb", "7"): [("stage", "staging"), ("approval", "pending"), ("model.digest", oms_root_digest("credit-risk-xgb-v7"))],
    ("support-chat", "1"): [("stage", "production"), ("format", "gguf-q4_k_m"), ("model.digest", oms_root_digest("support-chat-q4"))],
    ("doc-classifier", "1"): [("stage", "production"), ("model.digest", oms_root_digest("doc-classifier"))],
    ("churn-xgb", "1"): [("stage", "staging")],
}


def run_answer(model, version, start, minutes, user, status, params, metrics, inputs, team, commit):
    rid = run_id(model + "/" + (version or "failed-%d" % start))
    exp = EXPERIMENTS[model]
    name = ("train-" if model != "support-chat" else "finetune-") + datetime.fromtimestamp(start / 1000, timezone.utc).strftime("%Y-%m-%d")
    run_tags = [("mlflow.runName", name)]
    if model == "propensity":
        run_tags += [("mlflow.source.type", "NOTEBOOK"), ("mlflow.source.name", "marketing/propensity_v1.ipynb")]
    else:
        run_tags += [("mlflow.user", user), ("mlflow.source.type", "JOB"), ("mlflow.source.name", "train.py"),
                     ("mlflow.source.git.commit", commit), ("mlflow.source.git.repoURL", "https://github.com/kestrel/%s.git" % REPOS[model]),
                     ("team", team)]
    if status == "FAILED":
        run_tags.append(("mlflow.note.content", "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.50 GiB "
                                                "(GPU 0; 22.06 GiB total capacity). Batch size 128 was too large; v3 went back to 64."))
    end = start + minutes * 60000
    info = {"run_id": rid, "run_uuid": rid, "run_name": name, "experiment_id": exp, "user_id": user or "", "status": status,
            "start_time": start, "end_time": end, "artifact_uri": "%s/%s/%s/artifacts" % (ARTIFACTS, exp, rid), "lifecycle_stage": "active"}
    data = {"metrics": [{"key": k, "value": v, "timestamp": end - 60000, "step": 0} for k, v in metrics],
            "params": [{"key": k, "value": v} for k, v in params], "tags": tags(run_tags)}
    return rid, {"run": {"info": info, "data": data, "inputs": {"dataset_inputs": inputs}}}


def main():
    runs = {}
    versions = []
    for spec in RUNS:
        model, version, start, minutes = spec[0], spec[1], spec[2], spec[3]
        rid, answer = run_answer(*spec)
        runs[rid] = answer
        if version is None:
            continue
        end = start + minutes * 60000
        registered = end + 15 * 60000
        alias_list = [a for a, v in MODELS_INFO[model][3] if v == version]
        vtags = VERSION_TAGS.get((model, version), [])
        versions.append({"name": model, "version": version, "creation_timestamp": registered, "last_updated_timestamp": registered,
                         "user_id": spec[4] or "", "current_stage": "None", "description": "",
                         "source": "%s/%s/%s/artifacts/model" % (ARTIFACTS, EXPERIMENTS[model], rid), "run_id": rid, "status": "READY",
                         "tags": tags(vtags), "run_link": "", "aliases": alias_list})
    registered_models = []
    for model, (description, user, mtags, aliases) in MODELS_INFO.items():
        mine = [v for v in versions if v["name"] == model]
        rm = {"name": model, "creation_timestamp": mine[0]["creation_timestamp"], "last_updated_timestamp": mine[-1]["last_updated_timestamp"],
              "latest_versions": [{k: mine[-1][k] for k in ("name", "version", "creation_timestamp", "current_stage", "status", "run_id")}]}
        if user:
            rm["user_id"] = user
        if description:
            rm["description"] = description
        if mtags:
            rm["tags"] = tags(mtags)
        if aliases:
            rm["aliases"] = [{"alias": a, "version": v} for a, v in aliases]
        registered_models.append(rm)

    def write(rel, doc):
        path = os.path.join(HERE, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")

    write("export.json", {"tracking_uri": "https://mlflow.kestrel.example", "exported_with": "REST API 2.0 (MLflow 2.22)"})
    write("registered-models/page-1.json", {"registered_models": registered_models})
    write("model-versions/page-1.json", {"model_versions": versions[:5], "next_page_token": "eyJvZmZzZXQiOiA1fQ=="})
    write("model-versions/page-2.json", {"model_versions": versions[5:]})
    for rid, answer in runs.items():
        write("runs/%s.json" % rid, answer)
    print("wrote %d registered models, %d versions, %d runs" % (len(registered_models), len(versions), len(runs)))


if __name__ == "__main__":
    main()
