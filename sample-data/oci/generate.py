#!/usr/bin/env python3
"""Writes the OCI registry part of the Kestrel Lending demo workspace: what
registry.kestrel.example holds, saved as OCI image layouts (the format `skopeo copy ... oci:DIR:TAG`,
`oras copy --to-oci-layout` and `crane` write), one per repository:

    registry.kestrel.example/<repository>/oci-layout
    registry.kestrel.example/<repository>/index.json      tags: org.opencontainers.image.ref.name
    registry.kestrel.example/<repository>/blobs/sha256/<hex>   manifests and configs

Layer blobs are left out (the `oci` connector reads manifests and configs only; an image's layers
would be megabytes of nothing). The model artifacts' layers are the files in ../models, by digest.

Deterministic: run it again and the files are the same, byte for byte:

    python3 sample-data/oci/generate.py

then regenerate the lineage, whose image references pin these digests:

    python3 sample-data/openlineage/generate.py

Standard library only.
"""

import hashlib
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
REGISTRY = os.path.join(HERE, "registry.kestrel.example")

IMAGE_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
IMAGE_INDEX = "application/vnd.oci.image.index.v1+json"
IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json"
LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
EMPTY = "application/vnd.oci.empty.v1+json"


def canonical(obj):
    return json.dumps(obj, separators=(",", ":"), sort_keys=False).encode()


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def fake_layer(seed, size):
    """A layer descriptor for a blob left out of the export (its digest is invented from the seed)."""
    return {"mediaType": LAYER, "digest": sha(("layer:" + seed).encode()), "size": size}


class Layout:
    def __init__(self, repository):
        self.dir = os.path.join(REGISTRY, *repository.split("/"))
        self.tags = []
        os.makedirs(os.path.join(self.dir, "blobs", "sha256"), exist_ok=True)

    def blob(self, data):
        d = sha(data)
        with open(os.path.join(self.dir, "blobs", "sha256", d[7:]), "wb") as f:
            f.write(data)
        return {"digest": d, "size": len(data)}

    def manifest(self, obj, tag=None, media_type=IMAGE_MANIFEST):
        data = canonical(obj)
        b = self.blob(data)
        if tag is not None:
            self.tags.append({"mediaType": media_type, "digest": b["digest"], "size": b["size"],
                              "annotations": {"org.opencontainers.image.ref.name": tag}})
        return dict(mediaType=media_type, **b)

    def image(self, name, tag, created, labels, annotations, arch="amd64", layers=3, tagged=True):
        config = {"created": created, "architecture": arch, "os": "linux",
                  "config": {"Env": ["PATH=/usr/local/bin:/usr/bin:/bin"], "Entrypoint": ["/app/serve"],
                             "ExposedPorts": {"8080/tcp": {}}, "Labels": labels},
                  "rootfs": {"type": "layers", "diff_ids": [sha(("diff:%s:%s:%d" % (name, tag, i)).encode()) for i in range(layers)]},
                  "history": [{"created": created, "created_by": "buildkit"}]}
        c = self.blob(canonical(config))
        manifest = {"schemaVersion": 2, "mediaType": IMAGE_MANIFEST,
                    "config": dict(mediaType=IMAGE_CONFIG, **c),
                    "layers": [fake_layer("%s:%s:%s:%d" % (name, tag, arch, i), 30_000_000 + 1_000_003 * i) for i in range(layers)],
                    "annotations": annotations}
        return self.manifest(manifest, tag if tagged else None)

    def write(self):
        with open(os.path.join(self.dir, "oci-layout"), "w") as f:
            f.write('{"imageLayoutVersion":"1.0.0"}')
        with open(os.path.join(self.dir, "index.json"), "wb") as f:
            f.write(canonical({"schemaVersion": 2, "mediaType": IMAGE_INDEX, "manifests": self.tags}))


def annotations(created, source, revision, version, title, description, authors=None):
    a = {"org.opencontainers.image.created": created,
         "org.opencontainers.image.source": source,
         "org.opencontainers.image.revision": revision,
         "org.opencontainers.image.version": version,
         "org.opencontainers.image.title": title,
         "org.opencontainers.image.description": description,
         "org.opencontainers.image.vendor": "Kestrel Lending"}
    if authors:
        a["org.opencontainers.image.authors"] = authors
    return a


def serving_image(repo, tag, created, revision, description, authors, model, multiarch=False, signed=False):
    layout = LAYOUTS.setdefault(repo, Layout("kestrel/" + repo))
    labels = {"ai.kestrel.model": model}
    ann = annotations(created, "https://github.com/kestrel/ml-deploy", revision, tag, repo, description, authors)
    if not multiarch:
        d = layout.image(repo, tag, created, labels, ann)
    else:
        children = []
        for arch, variant in (("amd64", None), ("arm64", "v8")):
            m = layout.image(repo, tag, created, labels, ann, arch=arch, tagged=False)
            platform = {"architecture": arch, "os": "linux"}
            if variant:
                platform["variant"] = variant
            children.append(dict(m, platform=platform))
        d = layout.manifest({"schemaVersion": 2, "mediaType": IMAGE_INDEX, "manifests": children, "annotations": ann},
                            tag, IMAGE_INDEX)
    if signed:
        # A cosign-style signature under the sha256-<hex>.sig tag. Its payload is cosign's simple-signing
        # document; the signature annotation is invented (Tightrope notes attachments, it does not verify cosign).
        payload = canonical({"critical": {"identity": {"docker-reference": "registry.kestrel.example/kestrel/" + repo},
                                          "image": {"docker-manifest-digest": d["digest"]}, "type": "cosign container image signature"},
                             "optional": None})
        p = layout.blob(payload)
        e = layout.blob(b"{}")
        layout.manifest({"schemaVersion": 2, "mediaType": IMAGE_MANIFEST, "config": dict(mediaType=EMPTY, **e),
                         "layers": [dict(mediaType="application/vnd.dev.cosign.simplesigning.v1+json", annotations={
                             "dev.cosignproject.cosign/signature": "MEUCIQ-demo-not-a-real-signature"}, **p)]},
                        "sha256-" + d["digest"][7:] + ".sig")
    return d


def model_pack(repo, tag, model_dir, files, descriptor, config, ann):
    """A CNCF ModelPack artifact whose raw layers are the files of a demo model directory."""
    layout = LAYOUTS.setdefault(repo, Layout(repo))
    layers, diff_ids = [], []
    for name, media in files:
        with open(os.path.join(MODELS, model_dir, name), "rb") as f:
            data = f.read()
        layers.append({"mediaType": media, "digest": sha(data), "size": len(data),
                       "annotations": {"org.cncf.model.filepath": name}})
        diff_ids.append(sha(data))
    cfg = layout.blob(canonical({"descriptor": descriptor, "config": config, "modelfs": {"type": "layers", "diffIds": diff_ids}}))
    return layout.manifest({"schemaVersion": 2, "mediaType": IMAGE_MANIFEST, "artifactType": "application/vnd.cncf.model.manifest.v1+json",
                            "config": dict(mediaType="application/vnd.cncf.model.config.v1+json", **cfg),
                            "layers": layers, "annotations": ann}, tag)


def docker_model(repo, tag, model_dir, name, config, created):
    """A Docker Model Runner artifact: a GGUF file as its one layer."""
    layout = LAYOUTS.setdefault(repo, Layout(repo))
    with open(os.path.join(MODELS, model_dir, name), "rb") as f:
        data = f.read()
    cfg = layout.blob(canonical({"config": config, "descriptor": {"created": created},
                                 "rootfs": {"type": "rootfs", "diff_ids": [sha(data)]}}))
    return layout.manifest({"schemaVersion": 2, "mediaType": IMAGE_MANIFEST,
                            "config": dict(mediaType="application/vnd.docker.ai.model.config.v0.1+json", **cfg),
                            "layers": [{"mediaType": "application/vnd.docker.ai.gguf.v3", "digest": sha(data), "size": len(data),
                                        "annotations": {"org.opencontainers.image.title": name}}]}, tag)


LAYOUTS = {}


def main():
    if os.path.isdir(REGISTRY):
        shutil.rmtree(REGISTRY)
    serving_image("fraud-scoring", "2.0.0", "2026-04-15T09:18:00Z", "5b0e2c4", "Real-time card fraud scoring (fraud-bert v2)",
                  "team:ml-platform", "mlflow://mlflow.kestrel.example/models/fraud-bert/2")
    serving_image("fraud-scoring", "3.0.0", "2026-06-04T09:40:00Z", "9c41d7a", "Real-time card fraud scoring (fraud-bert v3)",
                  "team:ml-platform", "mlflow://mlflow.kestrel.example/models/fraud-bert/3", multiarch=True, signed=True)
    serving_image("credit-decision-api", "6.0.0", "2026-07-21T13:05:00Z", "e17f3b9", "Loan decisions (credit-risk-xgb v6)",
                  "team:ml-platform", "mlflow://mlflow.kestrel.example/models/credit-risk-xgb/6", signed=True)
    serving_image("credit-decision-api", "7.0.0", "2026-10-30T11:20:00Z", "0a9d2f1", "Loan decisions (credit-risk-xgb v7), awaiting approval",
                  "team:ml-platform", "mlflow://mlflow.kestrel.example/models/credit-risk-xgb/7")
    serving_image("doc-classifier", "1.0.0", "2026-08-13T16:02:00Z", "77b1c03", "Routes incoming legal documents",
                  "team:ml-platform", "mlflow://mlflow.kestrel.example/models/doc-classifier/1")
    serving_image("support-chat", "1.0.0", "2026-09-02T10:30:00Z", "3e8a6d5", "Customer support chatbot (support-chat v1, GGUF)",
                  "team:ml-platform", "mlflow://mlflow.kestrel.example/models/support-chat/1")
    serving_image("churn-scoring", "1.0.0", "2026-10-15T10:27:00Z", "c5e2a90", "Churn scoring (churn-xgb v1), successor of churn-scorer",
                  "team:customer-analytics", "mlflow://mlflow.kestrel.example/models/churn-xgb/1")
    # the legacy churn image: built by Jenkins with no annotations, so nobody is named
    layout = LAYOUTS.setdefault("churn-scorer", Layout("kestrel/churn-scorer"))
    layout.image("churn-scorer", "2.0.0", "2026-01-09T15:30:00Z", {}, {})

    model_pack("models/fraud-bert", "3", "fraud-bert-v3",
               [("config.json", "application/vnd.cncf.model.weight.config.v1.raw"),
                ("model.safetensors", "application/vnd.cncf.model.weight.v1.raw")],
               {"createdAt": "2026-06-02T08:00:00Z", "authors": ["ana.ruiz@kestrel.example"], "vendor": "Kestrel Lending",
                "family": "bert", "name": "fraud-bert", "version": "3", "title": "fraud-bert v3",
                "description": "Card transaction fraud classifier, BERT fine-tuned on transaction sequences",
                "sourceURL": "https://github.com/kestrel/fraud-bert", "revision": "4d1c9e0", "licenses": ["LicenseRef-Kestrel-Internal"]},
               {"architecture": "transformer", "format": "safetensors", "paramSize": "110m", "precision": "float32"},
               {"org.opencontainers.image.created": "2026-06-02T08:05:00Z", "org.opencontainers.image.source": "https://github.com/kestrel/fraud-bert",
                "org.opencontainers.image.revision": "4d1c9e0", "org.opencontainers.image.authors": "team:fraud-ml",
                "org.opencontainers.image.description": "fraud-bert v3, packaged with modctl for image-volume serving"})
    docker_model("models/support-chat", "1-q4_k_m", "support-chat-q4", "support-chat.Q4_K_M.gguf",
                 {"format": "gguf", "quantization": "Q4_K_M", "parameters": "8.03 B", "architecture": "llama", "size": "4.58 GiB"},
                 "2026-09-01T17:45:00Z")
    for layout in LAYOUTS.values():
        layout.write()


if __name__ == "__main__":
    main()
