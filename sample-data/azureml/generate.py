#!/usr/bin/env python3
"""Writes the Azure Machine Learning part of the Kestrel Lending demo workspace: Credit Risk's
workspace `kestrel-ml` (resource group `kestrel-ml-rg`) as the Azure ML CLI v2 prints it, one
command's output per file (read by the `azureml` connector's offline mode, which knows each file by
its content):

    model-list.json                   az ml model list -o json
    model-versions.json               az ml model list --name credit-risk-xgb -o json
    data-list.json                    az ml data list -o json
    data-versions.json                az ml data list --name credit-features -o json
    job-list.json                     az ml job list -o json
    online-endpoint-list.json         az ml online-endpoint list -o json
    online-deployment-list.json       az ml online-deployment list --endpoint-name credit-decision -o json
    environment-credit-decision.json  az ml environment show --name credit-decision-api --version 6 -o json

Credit Risk keeps a copy of credit-risk-xgb in Azure ML beside MLflow: versions 6 and 7, each
produced by a command job trained on a version of the `credit-features` data asset, a copy of the
lake's `features/credit_features` in Azure storage (abfss://, so it is its own dataset: Azure ML
cannot read s3://). Version 6 serves as the online deployment `credit-decision/blue`, whose
environment pins the serving image `kestrel/credit-decision-api:6.0.0` by its digest, the manifest
the story's registry holds (../oci) and the lineage's package-model.yml built. Deterministic:

    python3 sample-data/azureml/generate.py

Standard library only.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SUBSCRIPTION = "5e1f7c2a-9b3d-4c6e-8f1a-2b3c4d5e6f70"
WORKSPACE = ("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/kestrel-ml-rg"
             "/providers/Microsoft.MachineLearningServices/workspaces/kestrel-ml")
# kestrel/credit-decision-api:6.0.0 in registry.kestrel.example (../oci/generate.py writes it)
SERVING_IMAGE = ("registry.kestrel.example/kestrel/credit-decision-api"
                 "@sha256:8fd646fb53b232ae072e1bbebc0113040fe6a179d9b08556c3b0945ed512ce73")


def context(by, at):
    return {"created_at": at, "created_by": by, "created_by_type": "User", "last_modified_at": at}


def arm(path):
    # az ml prints asset ids with its azureml: prefix
    return "azureml:" + WORKSPACE + path


MODEL_VERSIONS = [
    # version, stage, job, data version, created
    ("7", "Staging", "credit-risk-xgb-train-7", "2", "2026-11-18T10:42:07.512934+00:00"),
    ("6", "Production", "credit-risk-xgb-train-6", "1", "2026-06-22T09:15:31.204117+00:00"),
]


def models():
    return [{
        "name": "credit-risk-xgb",
        "id": arm("/models/credit-risk-xgb"),
        "description": "Probability of default for loan decisions (copy of the MLflow registry's model)",
        "tags": {"team": "credit-risk"},
        "properties": {},
        "latest_version": "7",
        "creation_context": context("Priya Natarajan", "2026-06-22T09:15:31.204117+00:00"),
    }]


def model_versions():
    out = []
    for version, stage, job, _, created in MODEL_VERSIONS:
        out.append({
            "name": "credit-risk-xgb",
            "version": version,
            "id": arm("/models/credit-risk-xgb/versions/" + version),
            "path": ("azureml://subscriptions/" + SUBSCRIPTION + "/resourcegroups/kestrel-ml-rg/workspaces/kestrel-ml"
                     "/datastores/workspaceartifactstore/paths/ExperimentRun/dcid." + job + "/model"),
            "type": "mlflow_model",
            "tags": {"stage": stage.lower(), "mlflow.version": version},
            "properties": {"mlflow.registry": "https://mlflow.kestrel.example/#/models/credit-risk-xgb/versions/" + version},
            "flavors": {"python_function": {"loader_module": "mlflow.xgboost", "python_version": "3.11.9"},
                        "xgboost": {"xgb_version": "2.0.3", "model_format": "xgb"}},
            "stage": stage,
            "job_name": job,
            "creation_context": context("Priya Natarajan", created),
        })
    return out


def data():
    return [{
        "name": "credit-features",
        "id": arm("/data/credit-features"),
        "latest_version": "2",
        "creation_context": context("Priya Natarajan", "2026-06-21T07:02:11.880412+00:00"),
    }]


def data_versions():
    out = []
    for version, month, created in (("2", "2026-11", "2026-11-17T07:01:54.330961+00:00"),
                                    ("1", "2026-06", "2026-06-21T07:02:11.880412+00:00")):
        out.append({
            "name": "credit-features",
            "version": version,
            "id": arm("/data/credit-features/versions/" + version),
            "path": "abfss://features@kestrelmlstore.dfs.core.windows.net/credit_features/" + month + "/",
            "type": "uri_folder",
            "description": "Monthly copy of s3://kestrel-datalake/features/credit_features for training in Azure",
            "tags": {"team": "credit-risk", "copy_of": "s3://kestrel-datalake/features/credit_features"},
            "creation_context": context("Priya Natarajan", created),
        })
    return out


def jobs():
    out = []
    for version, _, job, data_version, created in MODEL_VERSIONS:
        out.append({
            "name": job,
            "display_name": job,
            "type": "command",
            "status": "Completed",
            "experiment_name": "credit-risk-xgb",
            "compute": "azureml:cpu-cluster",
            "environment": "azureml:credit-train:3",
            "command": "python train.py --data ${{inputs.training_data}} --max-depth ${{inputs.max_depth}}",
            "inputs": {
                "training_data": {"type": "uri_folder", "path": "azureml:credit-features:" + data_version, "mode": "ro_mount"},
                "max_depth": "6",
            },
            "outputs": {
                "model": {"type": "mlflow_model", "mode": "rw_mount",
                          "path": "azureml://datastores/workspaceartifactstore/ExperimentRun/dcid." + job + "/model"},
            },
            "tags": {"team": "credit-risk", "model_version": version},
            "properties": {},
            "id": arm("/jobs/" + job),
            "creation_context": context("Tom Becker", created),
        })
    return out


def endpoints():
    return [{
        "name": "credit-decision",
        "id": WORKSPACE + "/onlineEndpoints/credit-decision",
        "auth_mode": "key",
        "scoring_uri": "https://credit-decision.westeurope.inference.ml.azure.com/score",
        "traffic": {"blue": 100},
        "provisioning_state": "Succeeded",
        "location": "westeurope",
        "kind": "Managed",
        "tags": {"team": "credit-risk", "owner": "sam.okafor@kestrel.example"},
        "properties": {},
    }]


def deployments():
    return [{
        "name": "blue",
        "endpoint_name": "credit-decision",
        "id": WORKSPACE + "/onlineEndpoints/credit-decision/deployments/blue",
        "model": arm("/models/credit-risk-xgb/versions/6"),
        "environment": arm("/environments/credit-decision-api/versions/6"),
        "instance_type": "Standard_DS3_v2",
        "instance_count": 2,
        "type": "Managed",
        "provisioning_state": "Succeeded",
        "tags": {"team": "credit-risk"},
        "properties": {},
    }]


def environment():
    return {
        "name": "credit-decision-api",
        "version": "6",
        "id": arm("/environments/credit-decision-api/versions/6"),
        "image": SERVING_IMAGE,
        "os_type": "linux",
        "tags": {"team": "credit-risk"},
        "creation_context": context("Sam Okafor", "2026-06-23T14:20:02.114530+00:00"),
    }


def write(name, value):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def main():
    write("model-list.json", models())
    write("model-versions.json", model_versions())
    write("data-list.json", data())
    write("data-versions.json", data_versions())
    write("job-list.json", jobs())
    write("online-endpoint-list.json", endpoints())
    write("online-deployment-list.json", deployments())
    write("environment-credit-decision.json", environment())


if __name__ == "__main__":
    main()
