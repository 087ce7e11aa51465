package dev.tightrope.scan.formats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.scan.Verdict;

import java.util.Map;
import java.util.Set;

/**
 * Rules over a Keras serialization tree (Keras 3 {@code config.json}, Keras 2 {@code model_config}
 * in HDF5 and {@code keras_metadata.pb}), applied at every depth because nested layers, wrappers,
 * losses and initializers are deserialized the same way. Locations are JSON pointers.
 */
final class KerasConfigRules {
    /** Modules Keras itself serializes references to. */
    private static final Set<String> KERAS_MODULE_ROOTS = Set.of("keras", "tf_keras", "tensorflow",
            "keras_hub", "keras_nlp", "keras_cv");

    /** Importing or calling into these is code execution or file/network access whatever the class name. */
    private static final Set<String> DANGEROUS_MODULE_ROOTS = Set.of("os", "posix", "nt", "sys", "subprocess",
            "builtins", "__builtin__", "importlib", "runpy", "pickle", "_pickle", "marshal", "shutil", "socket",
            "ctypes", "code", "codeop", "pty", "webbrowser", "pydoc", "pkgutil", "operator", "functools", "inspect",
            "types", "io", "_io", "tempfile", "glob", "urllib", "http", "requests", "multiprocessing", "threading",
            "asyncio", "pathlib", "dill", "cloudpickle", "joblib", "numpy.f2py");

    private static final String UNSAFE_SWITCH = "enable_unsafe_deserialization";

    private KerasConfigRules() {
    }

    /** Walks {@code root}, reporting under {@code pointerPrefix} (e.g. "/model_config" or ""). */
    static void check(JsonNode root, String pointerPrefix, FindingBudget findings) {
        walk(root, pointerPrefix, findings);
    }

    private static void walk(JsonNode node, String pointer, FindingBudget findings) {
        if (node.isObject()) {
            if (checkObject(node, pointer, findings)) {
                return;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = pointer + "/" + escape(field.getKey());
                if (field.getKey().contains(UNSAFE_SWITCH)) {
                    unsafeSwitch(child, field.getKey(), findings);
                }
                walk(field.getValue(), child, findings);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, findings);
            }
        } else if (node.isTextual() && node.asText().contains(UNSAFE_SWITCH)) {
            unsafeSwitch(pointer, node.asText(), findings);
        }
    }

    /** True when the object is a Lambda: its function is part of that one finding, so the walk stops there. */
    private static boolean checkObject(JsonNode node, String pointer, FindingBudget findings) {
        String className = text(node, "class_name");
        String module = text(node, "module");
        String registered = text(node, "registered_name");
        if ("Lambda".equals(className) || "__lambda__".equals(className)) {
            findings.report("keras.lambda-layer", Verdict.DANGEROUS,
                    "Lambda layer: its function is serialized Python bytecode that runs when the model loads (CVE-2024-3660)",
                    pointer + " class_name=" + className, -1);
            return true;
        }
        boolean function = "function".equals(className) || "function".equals(registered);
        if (function && module != null && !isKerasModule(module)) {
            findings.report("keras.function-outside-keras", Verdict.DANGEROUS,
                    "function reference to a module outside Keras/TensorFlow: loading imports and calls it (CVE-2025-1550)",
                    pointer + " module=" + module + " config=" + shortText(node.get("config")), -1);
            return false;
        }
        if (module != null && !isKerasModule(module) && isDangerousModule(module)) {
            findings.report("keras.module-outside-keras", Verdict.DANGEROUS,
                    "object reference into a module that gives code, file or network access (CVE-2025-1550 class)",
                    pointer + " module=" + module + " class_name=" + className, -1);
            return false;
        }
        if (registered != null && isCustomRegistration(registered, className)) {
            findings.report("keras.custom-object", Verdict.SUSPICIOUS,
                    "custom registered object: loading needs code outside Keras; vet it or allow it by policy",
                    pointer + " registered_name=" + registered + (module == null ? "" : " module=" + module), -1);
        } else if (module != null && !isKerasModule(module) && className != null) {
            findings.report("keras.custom-object", Verdict.SUSPICIOUS,
                    "object from a module outside Keras: loading imports that module",
                    pointer + " module=" + module + " class_name=" + className, -1);
        }
        return false;
    }

    private static void unsafeSwitch(String pointer, String value, FindingBudget findings) {
        findings.report("keras.unsafe-deserialization", Verdict.DANGEROUS,
                "config refers to enable_unsafe_deserialization, which switches safe_mode off during loading (CVE-2025-9906)",
                pointer + " " + shortText(value), -1);
    }

    static boolean isKerasModule(String module) {
        String root = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
        return KERAS_MODULE_ROOTS.contains(root);
    }

    private static boolean isDangerousModule(String module) {
        String probe = module;
        while (true) {
            if (DANGEROUS_MODULE_ROOTS.contains(probe)) {
                return true;
            }
            int dot = probe.lastIndexOf('.');
            if (dot < 0) {
                return false;
            }
            probe = probe.substring(0, dot);
        }
    }

    /** Built-ins serialize no registered_name or their own class name; custom objects use "package>Name". */
    private static boolean isCustomRegistration(String registered, String className) {
        if (registered.equals(className) || registered.equals("function")) {
            return false;
        }
        int sep = registered.indexOf('>');
        String pkg = sep < 0 ? "" : registered.substring(0, sep);
        return !KERAS_MODULE_ROOTS.contains(pkg);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String shortText(Object value) {
        String s = String.valueOf(value);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
