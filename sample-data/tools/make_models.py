#!/usr/bin/python3
"""Run once to regenerate the demo model files of the Kestrel Lending workspace; the build never runs it.

Needs Debian's python3-onnx, python3-h5py and python3-numpy. Usage, from the repository root:
    /usr/bin/python3 sample-data/tools/make_models.py
All payloads are inert strings: nothing here is executable, and the files are tiny (< 200 KB).
See FORMATS.md for what each file is and what the scanner reports.
"""
import io
import json
import os
import struct
import zipfile

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.external_data_helper import set_external_data

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")


def path(*parts):
    p = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def fraud_bert():
    """A tiny BERT-shaped fraud classifier in safetensors, laid out as the safetensors library writes."""
    rng = np.random.default_rng(2024)
    tensors = [
        ("bert.embeddings.LayerNorm.bias", rng.standard_normal(32).astype(np.float32), "F32"),
        ("bert.embeddings.LayerNorm.weight", np.ones(32, np.float32), "F32"),
        ("bert.embeddings.position_embeddings.weight", rng.standard_normal((64, 32)).astype(np.float16), "F16"),
        ("bert.embeddings.word_embeddings.weight", rng.standard_normal((512, 32)).astype(np.float16), "F16"),
        ("bert.encoder.layer.0.attention.self.query.weight", rng.standard_normal((32, 32)).astype(np.float16), "F16"),
        ("classifier.bias", np.zeros(2, np.float32), "F32"),
        ("classifier.weight", rng.standard_normal((2, 32)).astype(np.float32), "F32"),
    ]
    header = {"__metadata__": {"format": "pt"}}
    offset, blobs = 0, []
    for name, array, dtype in tensors:
        data = array.tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path("fraud-bert-v3", "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def gguf_str(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


def support_chat():
    """The support chatbot's quantised model from a hub mirror; its chat template carries an SSTI payload."""
    template = (
        "{%- for message in messages %}"
        "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
        "{%- endfor %}"
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}")
    tokens = ["<unk>", "<|im_start|>", "<|im_end|>", "loan", "payment", "balance", "hello", "thanks"]
    kvs = [
        gguf_str("general.architecture") + struct.pack("<I", 8) + gguf_str("llama"),
        gguf_str("general.name") + struct.pack("<I", 8) + gguf_str("support-chat"),
        gguf_str("general.file_type") + struct.pack("<II", 4, 15),
        gguf_str("llama.context_length") + struct.pack("<II", 4, 2048),
        gguf_str("llama.embedding_length") + struct.pack("<II", 4, 256),
        gguf_str("tokenizer.ggml.model") + struct.pack("<I", 8) + gguf_str("gpt2"),
        gguf_str("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, len(tokens)) + b"".join(gguf_str(t) for t in tokens),
        gguf_str("tokenizer.chat_template") + struct.pack("<I", 8) + gguf_str(template),
        gguf_str("general.quantization_version") + struct.pack("<II", 4, 2),
    ]
    rng = np.random.default_rng(7)
    q4k = bytes(rng.integers(0, 256, 144 * 4, dtype=np.uint8))  # 4 Q4_K blocks: a 256 x 4 tensor
    norm = np.ones(256, np.float32).tobytes()
    tensors = [("blk.0.attn_q.weight", 12, [256, 4], q4k), ("output_norm.weight", 0, [256], norm)]
    infos, datas, offset = b"", [], 0
    for name, gtype, dims, raw in tensors:
        infos += gguf_str(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        infos += struct.pack("<IQ", gtype, offset)
        padded = raw + b"\0" * ((32 - len(raw) % 32) % 32)
        datas.append(padded)
        offset += len(padded)
    blob = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kvs)) + b"".join(kvs) + infos
    blob += b"\0" * ((32 - len(blob) % 32) % 32)
    with open(path("support-chat-q4", "support-chat.Q4_K_M.gguf"), "wb") as f:
        f.write(blob + b"".join(datas))


def doc_classifier_graph():
    rng = np.random.default_rng(11)
    inits = [numpy_helper.from_array(rng.standard_normal((64, 16)).astype(np.float32), "fc1.weight"),
             numpy_helper.from_array(np.zeros(16, np.float32), "fc1.bias"),
             numpy_helper.from_array(rng.standard_normal((16, 4)).astype(np.float32), "fc2.weight"),
             numpy_helper.from_array(np.zeros(4, np.float32), "fc2.bias")]
    nodes = [helper.make_node("Gemm", ["features", "fc1.weight", "fc1.bias"], ["h"]),
             helper.make_node("Relu", ["h"], ["a"]),
             helper.make_node("Gemm", ["a", "fc2.weight", "fc2.bias"], ["logits"]),
             helper.make_node("Softmax", ["logits"], ["document_class"], axis=1)]
    return helper.make_graph(nodes, "legal_doc_classifier",
                             [helper.make_tensor_value_info("features", TensorProto.FLOAT, [1, 64])],
                             [helper.make_tensor_value_info("document_class", TensorProto.FLOAT, [1, 4])], inits)


def doc_classifiers():
    model = helper.make_model(doc_classifier_graph(), producer_name="pytorch", producer_version="2.3.0",
                              opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save_model(model, path("doc-classifier", "model.onnx"))

    tampered = helper.make_model(doc_classifier_graph(), producer_name="pytorch", producer_version="2.3.0",
                                 opset_imports=[helper.make_opsetid("", 17)])
    weight = tampered.graph.initializer[0]
    set_external_data(weight, location="../../etc/passwd", offset=0, length=4096)
    weight.ClearField("raw_data")
    weight.data_location = TensorProto.EXTERNAL
    with open(path("doc-classifier-ext", "model.onnx"), "wb") as f:
        f.write(tampered.SerializeToString())


def kyc_face_match():
    """A Keras 3 .keras archive whose functional model hides a Lambda layer."""
    def layer(module, class_name, config, inbound=None):
        d = {"module": module, "class_name": class_name, "config": config, "registered_name": None}
        if inbound is not None:
            d["inbound_nodes"] = inbound
        return d
    dtype = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}
    dense = layer("keras.layers", "Dense", {
        "name": "embedding", "trainable": True, "dtype": dtype, "units": 16, "activation": "relu", "use_bias": True,
        "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": None},
                               "registered_name": None},
        "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None},
        "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None})
    normalise = layer("keras.layers", "Lambda", {
        "name": "l2_normalise", "trainable": True, "dtype": dtype,
        "function": {"class_name": "__lambda__", "config": {
            # Keras stores marshalled bytecode here; this inert placeholder decodes to "not code".
            "code": "bm90IGNvZGU=", "defaults": None, "closure": None}},
        "arguments": {}})
    config = {"module": "keras", "class_name": "Sequential", "config": {
        "name": "kyc_face_match", "trainable": True, "dtype": dtype,
        "layers": [layer("keras.layers", "InputLayer", {"batch_shape": [None, 128], "dtype": "float32",
                                                        "sparse": False, "name": "face_features"}),
                   dense, normalise], "build_input_shape": [None, 128]},
        "registered_name": None, "build_config": {"input_shape": [None, 128]}}
    metadata = {"keras_version": "3.6.0", "date_saved": "2025-03-14@09:26:53"}
    weights = io.BytesIO()
    with h5py.File(weights, "w") as f:
        v = f.create_group("layers").create_group("dense").create_group("vars")
        v.create_dataset("0", data=np.random.default_rng(3).standard_normal((128, 16)).astype(np.float32))
        v.create_dataset("1", data=np.zeros(16, np.float32))
        f.create_group("optimizer").create_group("vars")
    with zipfile.ZipFile(path("kyc-face-match", "model.keras"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("metadata.json", json.dumps(metadata))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", weights.getvalue())


if __name__ == "__main__":
    fraud_bert()
    support_chat()
    doc_classifiers()
    kyc_face_match()
