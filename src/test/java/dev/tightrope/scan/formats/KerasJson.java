package dev.tightrope.scan.formats;

/** Keras 3 {@code config.json} documents in the shape keras.saving writes them. */
final class KerasJson {
    private KerasJson() {
    }

    static final String DENSE = """
            {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true,
             "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
             "units": 8, "activation": "relu", "use_bias": true,
             "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
             "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
             "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
             "registered_name": null, "build_config": {"input_shape": [null, 4]}}""";

    static final String LAMBDA = """
            {"module": "keras.layers", "class_name": "Lambda", "config": {"name": "lambda", "trainable": true,
             "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
             "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAAAAAAAAEAAAAC", "defaults": null, "closure": null}},
             "arguments": {}}, "registered_name": null, "build_config": {"input_shape": [null, 8]}}""";

    /** A Sequential model with an input layer, {@link #DENSE} and the given extra layers. */
    static String sequential(String... extraLayers) {
        StringBuilder layers = new StringBuilder("""
                {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32",
                 "sparse": false, "name": "input_layer"}, "registered_name": null}""");
        layers.append(",").append(DENSE);
        for (String extra : extraLayers) {
            layers.append(",").append(extra);
        }
        return """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
                 "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
                 "layers": [%s], "build_input_shape": [null, 4]}, "registered_name": null,
                 "build_config": {"input_shape": [null, 4]},
                 "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam",
                   "config": {"name": "adam", "learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07,
                   "amsgrad": false}, "registered_name": null}, "loss": "binary_crossentropy", "loss_weights": null,
                   "metrics": ["accuracy"], "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1,
                   "jit_compile": false}}""".formatted(layers);
    }
}
