"""Writes the benign scanner fixtures in this directory, as real tools write them.

Run once with Debian's Python and packages (python3-torch python3-numpy python3-sklearn
python3-joblib python3-lz4):

    /usr/bin/python3 make_fixtures.py

The generated files are committed; the build never runs Python. Tensors and estimators are
tiny so the fixtures stay small. Nothing here is malicious: these are the files the scanner
must never call DANGEROUS.
"""
import io
import os
import pickle
import struct
import sys
import tarfile

import joblib
import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import Pipeline
from sklearn.tree import DecisionTreeClassifier

OUT = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(7)
rng = np.random.default_rng(7)


def out(name):
    return os.path.join(OUT, name)


class TinyNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(4, 3)
        self.fc2 = torch.nn.Linear(3, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


net = TinyNet()
state = net.state_dict()
state["steps"] = torch.tensor([1, 2, 3], dtype=torch.int64)
state["mask"] = torch.tensor([True, False])
state["half"] = torch.zeros(2, dtype=torch.float16)

# PyTorch >= 1.6 zip checkpoint and the legacy stacked-pickle layout.
torch.save(state, out("torch_state_dict.pt"))
torch.save(state, out("torch_state_dict_legacy.pt"), _use_new_zipfile_serialization=False)
# Tensors that share one storage (views) and a nested dict, as optimizers save them.
base = torch.arange(6, dtype=torch.float32)
torch.save({"model": {"w": base[:3], "v": base[3:]}, "epoch": 3, "lr": 0.01}, out("torch_checkpoint_views.pt"))

# TorchScript archive (code/, constants.pkl, data.pkl).
scripted = torch.jit.script(net)
torch.jit.save(scripted, out("torchscript_model.pt"))

# NumPy .npy/.npz, including an object array (needs allow_pickle=True to load).
np.save(out("numpy_float.npy"), rng.standard_normal((3, 4)).astype(np.float32))
np.save(out("numpy_int_fortran.npy"), np.asfortranarray(np.arange(12, dtype=np.int64).reshape(3, 4)))
np.save(out("numpy_structured.npy"), np.array([(1, 2.0), (3, 4.0)], dtype=[("a", "<i4"), ("b", "<f8")]))
np.save(out("numpy_object.npy"), np.array(["fraud", 3, None], dtype=object), allow_pickle=True)
np.savez(out("numpy_arrays.npz"), a=np.arange(5), b=np.ones((2, 2)))
np.savez_compressed(out("numpy_arrays_compressed.npz"), a=np.arange(5), b=np.ones((2, 2)))

# scikit-learn estimators, pickled and via joblib (plain and compressed).
X = rng.standard_normal((40, 4))
y = (X[:, 0] + X[:, 1] > 0).astype(int)
logreg = LogisticRegression().fit(X, y)
pipe = Pipeline([("scale", StandardScaler()), ("tree", DecisionTreeClassifier(max_depth=2, random_state=0))]).fit(X, y)
with open(out("sklearn_logreg.pkl"), "wb") as f:
    pickle.dump(logreg, f, protocol=pickle.HIGHEST_PROTOCOL)
with open(out("sklearn_pipeline_protocol2.pkl"), "wb") as f:
    pickle.dump(pipe, f, protocol=2)
joblib.dump(pipe, out("sklearn_pipeline.joblib"))
joblib.dump({"labels": np.array(["low", "high"], dtype=object), "weights": np.arange(4.0)}, out("joblib_object_array.joblib"))
for method in ("zlib", "gzip", "bz2", "xz", "lzma", "lz4"):
    joblib.dump(pipe, out("sklearn_pipeline.joblib." + method), compress=(method, 3))

# Plain pickles of plain data at protocols 0 and 1 (no magic) and 5.
data = {"labels": ["a", "b"], "threshold": 0.5, "ids": (1, 2, 3), "blob": b"\x00\x01"}
for proto in (0, 1, 5):
    with open(out("plain_data_protocol%d.pkl" % proto), "wb") as f:
        pickle.dump(data, f, protocol=proto)


def legacy_tar(path):
    """The pre-0.4 torch.save tar layout that torch.load still reads (torch/serialization.py legacy_load)."""
    storage = torch.arange(4, dtype=torch.float32)
    members = {}
    buf = io.BytesIO()
    pickle.dump(1, buf, protocol=2)
    pickle.dump(("0", "cpu", torch.FloatStorage), buf, protocol=2)
    buf.write(struct.pack("<q", 4))
    buf.write(storage.numpy().tobytes())
    pickle.dump([], buf, protocol=2)
    members["storages"] = buf.getvalue()
    buf = io.BytesIO()
    pickle.dump(1, buf, protocol=2)
    pickle.dump((1, "0", torch.FloatTensor), buf, protocol=2)
    buf.write(struct.pack("<i", 1) + b"\x00" * 4)
    buf.write(struct.pack("<q", 4))
    buf.write(struct.pack("<q", 1))
    buf.write(struct.pack("<q", 0))
    members["tensors"] = buf.getvalue()

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            return "1" if obj is marker else None

    marker = object()
    buf = io.BytesIO()
    Pickler(buf, protocol=2).dump({"weight": marker})
    members["pickle"] = buf.getvalue()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(tarfile.TarInfo("sys_info"), io.BytesIO(b""))
        for name in ("storages", "tensors", "pickle"):
            info = tarfile.TarInfo(name)
            info.size = len(members[name])
            tar.addfile(info, io.BytesIO(members[name]))


legacy_tar(out("torch_legacy.tar"))
# The loader must accept what we wrote.
loaded = torch.load(out("torch_legacy.tar"))
assert list(loaded["weight"].tolist()) == [0.0, 1.0, 2.0, 3.0], loaded
print("fixtures written to", OUT, file=sys.stderr)
