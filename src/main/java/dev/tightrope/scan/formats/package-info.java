/**
 * Structural analyzers for model formats other than pickle and its containers: safetensors, GGUF,
 * Keras (config JSON, HDF5), TensorFlow SavedModel, ONNX and tokenizer chat templates. Each parses
 * with bounded, positioned reads and never loads, renders or executes anything
 * (reference: scanning.md sections 1, 6, 7). {@link dev.tightrope.scan.formats.FormatAnalyzers#all()}
 * lists them for the engine.
 *
 * <h2>Rule ids</h2>
 * <table>
 * <caption>Rules reported by this package</caption>
 * <tr><th>rule</th><th>verdict</th><th>meaning</th></tr>
 * <tr><td>safetensors.too-small</td><td>INVALID</td><td>file shorter than the 8-byte header length</td></tr>
 * <tr><td>safetensors.header-too-large</td><td>INVALID</td><td>header length over the limit (100,000,000 by default)</td></tr>
 * <tr><td>safetensors.header-out-of-bounds</td><td>INVALID</td><td>8 + header length past the end of the file</td></tr>
 * <tr><td>safetensors.header-not-json</td><td>INVALID</td><td>header not a UTF-8 JSON object starting with '{'</td></tr>
 * <tr><td>safetensors.duplicate-key</td><td>INVALID</td><td>a JSON key repeated (loaders keep one value)</td></tr>
 * <tr><td>safetensors.header-trailing-bytes</td><td>INVALID</td><td>bytes other than spaces after the header object</td></tr>
 * <tr><td>safetensors.metadata-invalid</td><td>INVALID</td><td>__metadata__ not a string-to-string object</td></tr>
 * <tr><td>safetensors.tensor-invalid</td><td>INVALID</td><td>tensor entry lacks dtype, shape or two data_offsets</td></tr>
 * <tr><td>safetensors.unknown-field</td><td>SUSPICIOUS</td><td>tensor entry field that loaders ignore</td></tr>
 * <tr><td>safetensors.unknown-dtype</td><td>INVALID</td><td>dtype outside the format's list</td></tr>
 * <tr><td>safetensors.offsets-invalid</td><td>INVALID</td><td>data_offsets end before they begin</td></tr>
 * <tr><td>safetensors.size-overflow</td><td>INVALID</td><td>shape x bits overflows 64 bits</td></tr>
 * <tr><td>safetensors.bits-not-byte-aligned</td><td>INVALID</td><td>tensor bit count not divisible by 8</td></tr>
 * <tr><td>safetensors.size-mismatch</td><td>INVALID</td><td>byte span differs from shape x dtype</td></tr>
 * <tr><td>safetensors.hole</td><td>INVALID</td><td>data bytes covered by no tensor (including a first tensor not at 0)</td></tr>
 * <tr><td>safetensors.overlap</td><td>INVALID</td><td>two tensors share bytes</td></tr>
 * <tr><td>safetensors.trailing-data</td><td>INVALID</td><td>bytes after the last tensor (hidden payload, polyglot)</td></tr>
 * <tr><td>safetensors.data-out-of-bounds</td><td>INVALID</td><td>tensors extend past the end of the file</td></tr>
 * <tr><td>gguf.truncated</td><td>INVALID</td><td>a read runs past the end of the file</td></tr>
 * <tr><td>gguf.version</td><td>INVALID</td><td>version not 2 or 3</td></tr>
 * <tr><td>gguf.count-exceeds-file</td><td>INVALID</td><td>tensor/KV counts need more bytes than exist (CVE-2024-23605)</td></tr>
 * <tr><td>gguf.string-out-of-bounds</td><td>INVALID</td><td>string length past the remaining bytes</td></tr>
 * <tr><td>gguf.key-invalid</td><td>INVALID</td><td>key empty, over 65,535 bytes or not printable ASCII</td></tr>
 * <tr><td>gguf.key-format</td><td>SUSPICIOUS</td><td>key not dotted lower_snake_case</td></tr>
 * <tr><td>gguf.duplicate-key</td><td>INVALID</td><td>metadata key repeated</td></tr>
 * <tr><td>gguf.value-type</td><td>INVALID</td><td>value or array element type outside 0-12</td></tr>
 * <tr><td>gguf.bool-value</td><td>INVALID</td><td>BOOL byte not 0 or 1</td></tr>
 * <tr><td>gguf.array-out-of-bounds</td><td>INVALID</td><td>array length x element size past the remaining bytes</td></tr>
 * <tr><td>gguf.array-nesting</td><td>INVALID</td><td>arrays nested deeper than 2 levels</td></tr>
 * <tr><td>gguf.alignment</td><td>INVALID</td><td>general.alignment not a UINT32 power of two up to 1 MiB</td></tr>
 * <tr><td>gguf.tensor-name</td><td>INVALID</td><td>tensor name over ggml's 63 bytes</td></tr>
 * <tr><td>gguf.duplicate-tensor</td><td>INVALID</td><td>tensor name repeated</td></tr>
 * <tr><td>gguf.tensor-dims</td><td>INVALID</td><td>more than 4 dimensions, or a dimension below 1 (CVE-2024-21802)</td></tr>
 * <tr><td>gguf.tensor-type</td><td>INVALID</td><td>ggml type unknown (&gt;= 40) or removed (4, 5, 31-33, 36-38)</td></tr>
 * <tr><td>gguf.tensor-block-misaligned</td><td>INVALID</td><td>row length not a multiple of the type's block size</td></tr>
 * <tr><td>gguf.tensor-size-overflow</td><td>INVALID</td><td>element count or byte size overflows int64 (GHSA-3p4r-fq3f-q74v)</td></tr>
 * <tr><td>gguf.tensor-offset-misaligned</td><td>INVALID</td><td>tensor offset not a multiple of the alignment</td></tr>
 * <tr><td>gguf.data-out-of-bounds</td><td>INVALID</td><td>tensor data past the end of the file</td></tr>
 * <tr><td>gguf.tensor-overlap</td><td>INVALID</td><td>two tensors' data overlap</td></tr>
 * <tr><td>gguf.chat-template-ssti</td><td>DANGEROUS</td><td>tokenizer.chat_template* contains a template-injection pattern</td></tr>
 * <tr><td>tokenizer.chat-template-ssti</td><td>DANGEROUS</td><td>tokenizer_config.json / .jinja chat template injection pattern</td></tr>
 * <tr><td>tokenizer.chat-template-invalid</td><td>INVALID</td><td>chat_template neither a string nor a list of {name, template}</td></tr>
 * <tr><td>tokenizer.invalid-json</td><td>INVALID</td><td>tokenizer configuration is not a JSON object</td></tr>
 * <tr><td>tokenizer.duplicate-key</td><td>INVALID</td><td>JSON key repeated</td></tr>
 * <tr><td>tokenizer.not-scanned</td><td>SUSPICIOUS</td><td>document over a size or parser bound</td></tr>
 * <tr><td>keras.lambda-layer</td><td>DANGEROUS</td><td>Lambda / __lambda__ layer: serialized bytecode runs on load (CVE-2024-3660)</td></tr>
 * <tr><td>keras.function-outside-keras</td><td>DANGEROUS</td><td>function reference into a module outside keras, tf_keras and tensorflow (CVE-2025-1550)</td></tr>
 * <tr><td>keras.module-outside-keras</td><td>DANGEROUS</td><td>object reference into os, subprocess, builtins and similar modules</td></tr>
 * <tr><td>keras.unsafe-deserialization</td><td>DANGEROUS</td><td>reference to enable_unsafe_deserialization (CVE-2025-9906)</td></tr>
 * <tr><td>keras.custom-object</td><td>SUSPICIOUS</td><td>custom registered_name or module outside Keras</td></tr>
 * <tr><td>keras.invalid-json</td><td>INVALID</td><td>Keras config is not valid JSON</td></tr>
 * <tr><td>keras.duplicate-key</td><td>INVALID</td><td>JSON key repeated</td></tr>
 * <tr><td>keras.not-scanned</td><td>SUSPICIOUS</td><td>document over a size or parser bound</td></tr>
 * <tr><td>keras.h5-plain-data</td><td>SAFE</td><td>HDF5 file without model_config: data only, Keras rules do not apply</td></tr>
 * <tr><td>keras.h5-config-invalid</td><td>INVALID</td><td>model_config/training_config not a scalar string</td></tr>
 * <tr><td>keras.h5-invalid</td><td>INVALID</td><td>HDF5 structure malformed</td></tr>
 * <tr><td>keras.h5-not-scanned</td><td>SUSPICIOUS</td><td>HDF5 structure exceeded the reader's resources or an attribute bound</td></tr>
 * <tr><td>tf.file-access-op</td><td>DANGEROUS</td><td>op reading/writing files at run time (ReadFile, WriteFile, MatchingFiles, PrintV2 to file:// ...)</td></tr>
 * <tr><td>tf.python-callback-op</td><td>DANGEROUS</td><td>PyFunc, PyFuncStateless, EagerPyFunc</td></tr>
 * <tr><td>tf.network-op</td><td>DANGEROUS</td><td>RemoteCall, tf.data service ops</td></tr>
 * <tr><td>tf.unknown-op</td><td>SUSPICIOUS</td><td>op neither in tf.raw_ops nor a library function</td></tr>
 * <tr><td>tf.malformed</td><td>INVALID</td><td>protobuf wire format broken (lengths, varints, truncation)</td></tr>
 * <tr><td>onnx.malformed</td><td>INVALID</td><td>protobuf wire format broken</td></tr>
 * <tr><td>onnx.ir-version</td><td>INVALID</td><td>ModelProto without ir_version</td></tr>
 * <tr><td>onnx.external-data-escape</td><td>DANGEROUS</td><td>location absolute, drive, UNC, NUL or '..' out of the model directory (CVE-2022-25882, CVE-2024-27318)</td></tr>
 * <tr><td>onnx.external-data-symlink</td><td>DANGEROUS</td><td>location goes through a symbolic link (CVE-2026-27489)</td></tr>
 * <tr><td>onnx.external-data-key</td><td>DANGEROUS</td><td>external_data key other than location/offset/length/checksum, or repeated (CVE-2026-34445)</td></tr>
 * <tr><td>onnx.external-data-out-of-bounds</td><td>DANGEROUS</td><td>offset + length outside the data file</td></tr>
 * <tr><td>onnx.external-data-invalid</td><td>INVALID</td><td>missing location, malformed offset/length, not a regular file</td></tr>
 * <tr><td>onnx.external-data-missing</td><td>SUSPICIOUS</td><td>data file absent, range not checkable</td></tr>
 * <tr><td>onnx.external-data-unverified</td><td>SUSPICIOUS</td><td>no model directory to check the data file against</td></tr>
 * <tr><td>onnx.vendor-domain</td><td>SUSPICIOUS</td><td>com.microsoft contrib-op domain (a policy may allow it)</td></tr>
 * <tr><td>onnx.custom-domain</td><td>SUSPICIOUS</td><td>non-ONNX operator domain: native custom-op library</td></tr>
 * <tr><td>onnx.undeclared-domain</td><td>INVALID</td><td>node uses a domain its scope does not import</td></tr>
 * <tr><td>onnx.not-scanned</td><td>SUSPICIOUS</td><td>subgraphs nested deeper than 32 levels</td></tr>
 * </table>
 *
 * <p>Limits: the engine's per-file deadline is polled while walking ({@link dev.tightrope.scan.ScanLimitException}
 * propagates); repeated findings of one rule are listed 25 times and then summarised once.
 */
package dev.tightrope.scan.formats;
