#!/usr/bin/python3
"""Run once to regenerate the committed test fixtures in this directory; the build never runs it.

Needs Debian's python3-onnx, python3-h5py and python3-numpy (apt-get install python3-onnx
python3-h5py). Usage: /usr/bin/python3 make_fixtures.py  (from this directory).

Fixtures are written the way real tools write them:
- ONNX with the onnx package's helper and save_model (with and without external data, and with an
  If node whose branches are subgraphs);
- HDF5 with h5py, carrying model_config / training_config attributes in the exact JSON shape
  tf.keras 2.x (keras 2.13) writes for a Sequential model (Keras itself is not in Debian);
- safetensors byte-exactly as the safetensors library lays files out (compact JSON header with
  __metadata__ first, tensors in offset order, space padding to a multiple of 8);
- GGUF v3 byte-exactly as gguf-py's GGUFWriter lays files out (KV section, tensor infos,
  32-byte alignment padding, tensor data each padded to 32).
"""
import json
import os
import struct

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def out(*parts):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


# ---------------------------------------------------------------- safetensors
def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name, array, dtype in tensors:
        data = array.tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def safetensors_fixture():
    rng = np.random.default_rng(7)
    write_safetensors(out("benign.safetensors"), [
        ("classifier.bias", rng.standard_normal(2).astype(np.float32), "F32"),
        ("classifier.weight", rng.standard_normal((2, 8)).astype(np.float32), "F32"),
        ("embeddings.word_embeddings.weight", rng.standard_normal((16, 8)).astype(np.float16), "F16"),
        ("embeddings.position_ids", np.arange(4, dtype=np.int64).reshape(1, 4), "I64"),
    ], {"format": "pt"})


# ---------------------------------------------------------------- GGUF
GGUF_STRING, GGUF_ARRAY, GGUF_UINT32, GGUF_FLOAT32, GGUF_BOOL, GGUF_INT32 = 8, 9, 4, 6, 7, 5


def gguf_str(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def gguf_kv(key, vtype, value):
    body = gguf_str(key) + struct.pack("<I", vtype)
    if vtype == GGUF_STRING:
        body += gguf_str(value)
    elif vtype == GGUF_UINT32:
        body += struct.pack("<I", value)
    elif vtype == GGUF_INT32:
        body += struct.pack("<i", value)
    elif vtype == GGUF_FLOAT32:
        body += struct.pack("<f", value)
    elif vtype == GGUF_BOOL:
        body += struct.pack("<B", 1 if value else 0)
    elif vtype == GGUF_ARRAY:
        etype, items = value
        body += struct.pack("<IQ", etype, len(items))
        for item in items:
            if etype == GGUF_STRING:
                body += gguf_str(item)
            elif etype == GGUF_FLOAT32:
                body += struct.pack("<f", item)
            elif etype == GGUF_INT32:
                body += struct.pack("<i", item)
    return body


def write_gguf(path, kvs, tensors, alignment=32):
    """tensors: (name, ggml_type, dims (ne order), raw bytes)."""
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kvs))
    kv_bytes = b"".join(gguf_kv(*kv) for kv in kvs)
    infos = b""
    offset = 0
    datas = []
    for name, ggml_type, dims, raw in tensors:
        infos += gguf_str(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        infos += struct.pack("<IQ", ggml_type, offset)
        padded = raw + b"\0" * ((alignment - len(raw) % alignment) % alignment)
        datas.append(padded)
        offset += len(padded)
    blob = head + kv_bytes + infos
    blob += b"\0" * ((alignment - len(blob) % alignment) % alignment)
    with open(path, "wb") as f:
        f.write(blob)
        for d in datas:
            f.write(d)


# The Qwen2.5-style ChatML template: namespace(...) is called, never used as an object.
BENIGN_TEMPLATE = (
    "{%- set ns = namespace(system_seen=false) %}"
    "{%- for message in messages %}"
    "{%- if message['role'] == 'system' %}{%- set ns.system_seen = true %}{%- endif %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] | trim + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


def q8_0_block(values):
    scale = max(abs(v) for v in values) / 127 or 1.0
    return struct.pack("<e", scale) + bytes((int(round(v / scale)) & 0xFF) for v in values)


def gguf_fixture():
    rng = np.random.default_rng(11)
    tokens = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>", "hello", "world", "loan", "rate", "!"]
    kvs = [
        ("general.architecture", GGUF_STRING, "llama"),
        ("general.name", GGUF_STRING, "tiny-fixture"),
        ("general.file_type", GGUF_UINT32, 7),
        ("llama.context_length", GGUF_UINT32, 128),
        ("llama.embedding_length", GGUF_UINT32, 32),
        ("llama.block_count", GGUF_UINT32, 1),
        ("llama.attention.layer_norm_rms_epsilon", GGUF_FLOAT32, 1e-5),
        ("tokenizer.ggml.model", GGUF_STRING, "llama"),
        ("tokenizer.ggml.tokens", GGUF_ARRAY, (GGUF_STRING, tokens)),
        ("tokenizer.ggml.scores", GGUF_ARRAY, (GGUF_FLOAT32, [0.0] * len(tokens))),
        ("tokenizer.ggml.token_type", GGUF_ARRAY, (GGUF_INT32, [2, 3, 3, 3, 3, 1, 1, 1, 1, 1])),
        ("tokenizer.ggml.add_bos_token", GGUF_BOOL, True),
        ("tokenizer.chat_template", GGUF_STRING, BENIGN_TEMPLATE),
        ("general.quantization_version", GGUF_UINT32, 2),
    ]
    norm = rng.standard_normal(32).astype(np.float32).tobytes()
    q = b"".join(q8_0_block(list(rng.standard_normal(32))) for _ in range(32))  # 32 rows x 32 = 1024 values
    emb = rng.standard_normal((10, 32)).astype(np.float16).tobytes()
    write_gguf(out("benign.gguf"), kvs, [
        ("token_embd.weight", 1, [32, 10], emb),
        ("blk.0.attn_norm.weight", 0, [32], norm),
        ("blk.0.attn_q.weight", 8, [32, 32], q),
    ])


# ---------------------------------------------------------------- ONNX
def mlp_graph(external=False):
    rng = np.random.default_rng(3)
    w1 = numpy_helper.from_array(rng.standard_normal((16, 8)).astype(np.float32), "fc1.weight")
    b1 = numpy_helper.from_array(rng.standard_normal(8).astype(np.float32), "fc1.bias")
    w2 = numpy_helper.from_array(rng.standard_normal((8, 3)).astype(np.float32), "fc2.weight")
    b2 = numpy_helper.from_array(rng.standard_normal(3).astype(np.float32), "fc2.bias")
    nodes = [
        helper.make_node("Gemm", ["input", "fc1.weight", "fc1.bias"], ["h"], name="fc1"),
        helper.make_node("Relu", ["h"], ["h_relu"], name="relu"),
        helper.make_node("Gemm", ["h_relu", "fc2.weight", "fc2.bias"], ["logits"], name="fc2"),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
    ]
    return helper.make_graph(
        nodes, "doc_classifier",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 16])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 3])],
        [w1, b1, w2, b2])


def onnx_fixtures():
    model = helper.make_model(mlp_graph(), producer_name="pytorch", producer_version="2.1.0",
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save_model(model, out("benign.onnx"))

    ext = helper.make_model(mlp_graph(), producer_name="pytorch", opset_imports=[helper.make_opsetid("", 13)])
    onnx.save_model(ext, out("benign-external", "model.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="model.onnx.data", size_threshold=0)

    # If node with then/else subgraphs, plus an ai.onnx.ml node: standard domains only.
    cond = helper.make_tensor_value_info("cond", TensorProto.BOOL, [])
    then_out = helper.make_tensor_value_info("then_out", TensorProto.FLOAT, [1])
    else_out = helper.make_tensor_value_info("else_out", TensorProto.FLOAT, [1])
    then_graph = helper.make_graph([helper.make_node("Constant", [], ["then_out"],
                                    value=numpy_helper.from_array(np.array([1.0], np.float32)))], "then", [], [then_out])
    else_graph = helper.make_graph([helper.make_node("Constant", [], ["else_out"],
                                    value=numpy_helper.from_array(np.array([0.0], np.float32)))], "else", [], [else_out])
    if_node = helper.make_node("If", ["cond"], ["y"], then_branch=then_graph, else_branch=else_graph)
    graph = helper.make_graph([if_node], "branchy", [cond], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    branchy = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 3)])
    onnx.checker.check_model(branchy)
    onnx.save_model(branchy, out("benign-subgraph.onnx"))


# ---------------------------------------------------------------- Keras HDF5
def keras2_layer(class_name, config):
    return {"class_name": class_name, "config": config}


def keras2_model_config(extra_layer=None):
    layers = [
        keras2_layer("InputLayer", {"batch_input_shape": [None, 4], "dtype": "float32", "sparse": False,
                                    "ragged": False, "name": "dense_input"}),
        keras2_layer("Dense", {"name": "dense", "trainable": True, "dtype": "float32", "batch_input_shape": [None, 4],
                               "units": 8, "activation": "relu", "use_bias": True,
                               "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
                                                      "config": {"seed": None}, "registered_name": None},
                               "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros",
                                                    "config": {}, "registered_name": None},
                               "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                               "kernel_constraint": None, "bias_constraint": None}),
        keras2_layer("Dropout", {"name": "dropout", "trainable": True, "dtype": "float32", "rate": 0.1,
                                 "noise_shape": None, "seed": None}),
    ]
    if extra_layer is not None:
        layers.append(extra_layer)
    layers.append(keras2_layer("Dense", {"name": "dense_1", "trainable": True, "dtype": "float32", "units": 1,
                                         "activation": "sigmoid", "use_bias": True,
                                         "kernel_initializer": {"module": "keras.initializers",
                                                                "class_name": "GlorotUniform",
                                                                "config": {"seed": None}, "registered_name": None},
                                         "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros",
                                                              "config": {}, "registered_name": None},
                                         "kernel_regularizer": None, "bias_regularizer": None,
                                         "activity_regularizer": None, "kernel_constraint": None,
                                         "bias_constraint": None}))
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}


TRAINING_CONFIG = {"loss": "binary_crossentropy", "metrics": [[{"class_name": "MeanMetricWrapper",
                   "config": {"name": "accuracy", "dtype": "float32", "fn": "binary_accuracy"}}]],
                   "weighted_metrics": None, "loss_weights": None,
                   "optimizer_config": {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.001,
                                        "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False},
                                        "is_legacy_optimizer": False}}


def write_keras_h5(path, model_config):
    rng = np.random.default_rng(5)
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = "2.13.1"
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        f.attrs["training_config"] = json.dumps(TRAINING_CONFIG).encode("utf8")
        weights = f.create_group("model_weights")
        weights.attrs["backend"] = "tensorflow"
        weights.attrs["keras_version"] = "2.13.1"
        weights.attrs["layer_names"] = np.array([b"dense", b"dropout", b"dense_1"])
        for layer, shape in (("dense", (4, 8)), ("dense_1", (8, 1))):
            g = weights.create_group(layer).create_group(layer)
            g.create_dataset("kernel:0", data=rng.standard_normal(shape).astype(np.float32))
            g.create_dataset("bias:0", data=np.zeros(shape[1], np.float32))
        weights.create_group("dropout")


LAMBDA_LAYER = keras2_layer("Lambda", {
    "name": "lambda", "trainable": True, "dtype": "float32",
    # base64 of marshalled bytecode in real files; an inert placeholder here.
    "function": ["4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAgAAAHICAAAA+h48aXB5dGhvbi1pbnB1dC0xLWM0ZjM3ZDM1MDhlND7aCDxsYW1iZGE+AQAAAPMAAAAA\n", None, None],
    "function_type": "lambda", "module": "__main__", "output_shape": None, "output_shape_type": "raw",
    "output_shape_module": None, "arguments": {}})


def h5_fixtures():
    write_keras_h5(out("keras2-sequential.h5"), keras2_model_config())
    write_keras_h5(out("keras2-lambda.h5"), keras2_model_config(LAMBDA_LAYER))
    with h5py.File(out("weights-only.h5"), "w") as f:
        f.create_group("layers").create_group("dense").create_group("vars").create_dataset(
            "0", data=np.ones((4, 2), np.float32))
    # h5py's userblock: the superblock then sits at 512.
    with h5py.File(out("userblock.h5"), "w", userblock_size=512) as f:
        f.attrs["model_config"] = json.dumps(keras2_model_config()).encode("utf8")


if __name__ == "__main__":
    safetensors_fixture()
    gguf_fixture()
    onnx_fixtures()
    h5_fixtures()
