#!/usr/bin/env python3
"""Writes the Vertex AI part of the Kestrel Lending demo workspace: Support AI's warm failover of
the support chatbot in Google Cloud (project kestrel-support, number 318203754918, region
europe-west4), as gcloud prints it (read by the `vertexai` connector's offline mode):

    models.json                 gcloud ai models list --region=europe-west4 --format=json
    support-chat-versions.json  gcloud ai models list-version 2719450385716264960 --region=europe-west4 --format=json
    endpoints.json              gcloud ai endpoints list --region=europe-west4 --format=json

One model, `support-chat`, with one version: MLflow's support-chat v1 as it serves on Kubernetes,
uploaded to the Vertex AI Model Registry with the serving image kestrel/support-chat:1.0.0 that
package-model.yml built, mirrored to Artifact Registry (Vertex AI pulls from there) and pinned by
its manifest digest, which is read here from ../oci/registry.kestrel.example/kestrel/support-chat.
The version is deployed on one endpoint, `support-chat-failover`, on one g2-standard-8 node, ready
to take the website's traffic if both Kubernetes regions fail. Labels are GCP labels (lower case):
team=support-ai. Deterministic:

    python3 sample-data/vertexai/generate.py

Standard library only.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
LAYOUT = os.path.join(HERE, "..", "oci", "registry.kestrel.example", "kestrel", "support-chat", "index.json")
LOCATION = "projects/318203754918/locations/europe-west4"
MODEL = LOCATION + "/models/2719450385716264960"
ENDPOINT = LOCATION + "/endpoints/6033412987750072320"
MIRROR = "europe-west4-docker.pkg.dev/kestrel-support/serving/support-chat"
LABELS = {"team": "support-ai", "app": "support-chat"}


def serving_digest():
    with open(LAYOUT) as f:
        index = json.load(f)
    for m in index["manifests"]:
        if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == "1.0.0":
            return m["digest"]
    raise SystemExit("kestrel/support-chat:1.0.0 is not in " + LAYOUT)


def version(digest):
    return {
        "name": MODEL,
        "displayName": "support-chat",
        "description": "Website and app support assistant (Llama 3.1 8B Instruct with a LoRA adapter), failover copy",
        "versionId": "1",
        "versionAliases": ["default", "failover"],
        "versionDescription": "MLflow models/support-chat/1, served by kestrel/support-chat:1.0.0 mirrored to Artifact Registry",
        "versionCreateTime": "2026-07-14T10:12:41.318204Z",
        "versionUpdateTime": "2026-07-14T10:12:45.902113Z",
        "createTime": "2026-07-14T10:12:41.318204Z",
        "updateTime": "2026-07-14T10:12:45.902113Z",
        "containerSpec": {
            "imageUri": MIRROR + "@" + digest,
            "ports": [{"containerPort": 8080}],
            "predictRoute": "/v1/chat/completions",
            "healthRoute": "/health",
        },
        "supportedDeploymentResourcesTypes": ["DEDICATED_RESOURCES"],
        "deployedModels": [{"endpoint": ENDPOINT, "deployedModelId": "4815162342"}],
        "labels": LABELS,
        "modelSourceInfo": {"sourceType": "CUSTOM"},
        "etag": "AMEw9yN3kV0x1uXmJq2bS8r4cF6pT0aZ",
    }


def endpoint():
    return {
        "name": ENDPOINT,
        "displayName": "support-chat-failover",
        "description": "Warm standby of support/support-chat for the website and app",
        "deployedModels": [{
            "id": "4815162342",
            "model": MODEL + "@1",
            "modelVersionId": "1",
            "displayName": "support-chat-v1",
            "createTime": "2026-07-14T10:31:07.551020Z",
            "dedicatedResources": {
                "machineSpec": {"machineType": "g2-standard-8", "acceleratorType": "NVIDIA_L4", "acceleratorCount": 1},
                "minReplicaCount": 1,
                "maxReplicaCount": 2,
            },
        }],
        "trafficSplit": {"4815162342": 100},
        "etag": "AMEw9yPq7cYv2nWkR5tL9eH3xB0sD4fG",
        "labels": LABELS,
        "createTime": "2026-07-14T10:20:02.114530Z",
        "updateTime": "2026-07-14T10:48:19.027716Z",
    }


def write(name, value):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def main():
    digest = serving_digest()
    write("models.json", [version(digest)])
    write("support-chat-versions.json", [version(digest)])
    write("endpoints.json", [endpoint()])


if __name__ == "__main__":
    main()
