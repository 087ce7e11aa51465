package dev.tightrope.scan;

/** File formats the scanner recognises by content. */
public enum ModelFormat {
    PICKLE("Python pickle"),
    PYTORCH_ZIP("PyTorch checkpoint (zip)"),
    TORCHSCRIPT("TorchScript archive"),
    PYTORCH_LEGACY_TAR("PyTorch legacy tar"),
    PYTORCH_LEGACY("PyTorch legacy stacked pickles"),
    NUMPY_NPY("NumPy .npy"),
    NUMPY_NPZ("NumPy .npz"),
    JOBLIB("joblib"),
    ZIP("zip archive"),
    TAR("tar archive"),
    COMPRESSED("compressed stream"),
    SEVEN_ZIP("7z archive"),
    SAFETENSORS("safetensors"),
    GGUF("GGUF"),
    KERAS_V3("Keras v3 (.keras)"),
    KERAS_CONFIG("Keras model config (JSON)"),
    KERAS_H5("Keras HDF5 (.h5)"),
    TF_SAVEDMODEL("TensorFlow SavedModel"),
    ONNX("ONNX"),
    TOKENIZER_CONFIG("tokenizer config (JSON)"),
    UNKNOWN("unrecognised");

    private final String label;

    ModelFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
