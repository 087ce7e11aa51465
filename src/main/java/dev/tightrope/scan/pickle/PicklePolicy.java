package dev.tightrope.scan.pickle;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what a pickle import means: allowed (exact entries, checked first), denied (module and
 * dotted-name prefixes, dunders, every builtin but a few constructors) or unknown. Names are
 * normalised first ({@code posix} is {@code os}, {@code _operator} is {@code operator}, Python 2
 * names as the unpickler maps them). Reference: scanning.md sections 2 to 4.
 */
public final class PicklePolicy {

    /** What an import is. */
    public enum Kind { ALLOWED, UNKNOWN, DENIED, DUNDER }

    /**
     * @param kind       the class of the import
     * @param normalized {@code module.name} after alias normalisation
     * @param matched    the allow or deny entry that decided, or a reason for unknown imports
     */
    public record Decision(Kind kind, String normalized, String matched) {
    }

    /** PyTorch, NumPy and joblib rebuild functions and constructors (reference section 3, extended from PyTorch's weights_only list). */
    public static final Set<String> STANDARD_ALLOW = Set.of(
            "collections.OrderedDict",
            "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state", "torch._utils._rebuild_qtensor", "torch._utils._rebuild_sparse_tensor",
            "torch._utils._rebuild_nested_tensor", "torch._utils._rebuild_meta_tensor_no_storage",
            "torch._utils._rebuild_wrapper_subclass", "torch._utils._rebuild_device_tensor_from_numpy",
            "torch._tensor._rebuild_from_type_v2", "torch._tensor._rebuild_from_type",
            "torch.Size", "torch.nn.parameter.Parameter", "torch.device", "torch.serialization._get_layout",
            "torch.UntypedStorage", "torch.storage.UntypedStorage",
            "torch.LongStorage", "torch.FloatStorage", "torch.HalfStorage", "torch.DoubleStorage", "torch.BFloat16Storage",
            "torch.BoolStorage", "torch.CharStorage", "torch.ShortStorage", "torch.IntStorage", "torch.ByteStorage",
            "torch.ComplexFloatStorage", "torch.ComplexDoubleStorage", "torch.QUInt8Storage", "torch.QInt8Storage",
            "torch.QInt32Storage", "torch.QUInt4x2Storage", "torch.QUInt2x4Storage",
            "torch.float32", "torch.float64", "torch.float16", "torch.bfloat16", "torch.int8", "torch.int16", "torch.int32",
            "torch.int64", "torch.uint8", "torch.bool", "torch.complex64", "torch.complex128", "torch.qint8", "torch.quint8",
            "torch.qint32", "torch.quint4x2", "torch.quint2x4",
            "torch.FloatTensor", "torch.DoubleTensor", "torch.HalfTensor", "torch.BFloat16Tensor", "torch.LongTensor",
            "torch.IntTensor", "torch.ShortTensor", "torch.CharTensor", "torch.ByteTensor", "torch.BoolTensor",
            "torch.strided", "torch.sparse_coo", "torch.sparse_csr", "torch.sparse_csc", "torch.sparse_bsr", "torch.sparse_bsc",
            "torch.contiguous_format", "torch.channels_last", "torch.channels_last_3d", "torch.preserve_format",
            "torch.per_tensor_affine", "torch.per_channel_affine", "torch.per_tensor_symmetric", "torch.per_channel_symmetric",
            "torch.per_channel_affine_float_qparams",
            "numpy.dtype", "numpy.ndarray",
            "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
            "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
            "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
            "numpy.dtypes.BoolDType", "numpy.dtypes.Int8DType", "numpy.dtypes.Int16DType", "numpy.dtypes.Int32DType",
            "numpy.dtypes.Int64DType", "numpy.dtypes.UInt8DType", "numpy.dtypes.UInt16DType", "numpy.dtypes.UInt32DType",
            "numpy.dtypes.UInt64DType", "numpy.dtypes.Float16DType", "numpy.dtypes.Float32DType", "numpy.dtypes.Float64DType",
            "numpy.dtypes.Complex64DType", "numpy.dtypes.Complex128DType", "numpy.dtypes.StrDType", "numpy.dtypes.BytesDType",
            "numpy.dtypes.ObjectDType", "numpy.dtypes.VoidDType",
            "_codecs.encode",
            "joblib.numpy_pickle.NumpyArrayWrapper",
            "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.complex", "builtins.slice");

    /** TorchScript's own unpickler resolves these; they never reach a Python import. */
    public static final Set<String> TORCHSCRIPT_ALLOW = Set.of(
            "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_tensorlist", "torch.jit._pickle.build_doublelist",
            "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensor_from_id", "torch.jit._pickle.restore_type_tag");

    /** Qualified-name prefixes from reference section 4, then Tightrope's additions (nested loaders, code generators, native access). */
    public static final Set<String> DENY = Set.of(
            "os", "posix", "nt", "sys", "subprocess", "_posixsubprocess", "socket", "ssl", "shutil", "runpy", "pty", "pdb", "bdb",
            "pickle", "_pickle", "dill", "cloudpickle", "joblib", "marshal", "types", "code", "codeop", "pip", "ensurepip", "venv",
            "timeit", "profile", "cProfile", "trace", "pydoc", "doctest", "test", "uuid", "ctypes", "asyncio", "aiohttp", "httplib",
            "http", "urllib", "requests", "smtplib", "imaplib", "ftplib", "poplib", "telnetlib", "nntplib", "socketserver",
            "xmlrpc", "select", "selectors", "webbrowser", "commands", "importlib", "_frozen_importlib", "_imp", "imp", "pkgutil",
            "zipimport", "inspect", "functools", "operator", "multiprocessing", "_interpreters", "_xxsubinterpreters", "tempfile",
            "glob", "fileinput", "linecache", "tarfile", "zipfile", "shelve", "sqlite3", "mmap", "logging", "signal", "threading",
            "_thread", "atexit", "gc", "site", "platform", "compileall", "py_compile", "pexpect", "pipes", "idlelib", "lib2to3",
            "distutils", "_osx_support", "_aix_support", "_pyrepl", "numpy.f2py", "numpy.testing", "numpy.distutils", "torch.hub",
            "torch._dynamo", "torch._inductor", "torch.jit", "torch.load", "torch.storage._load_from_bytes",
            "torch.utils.collect_env", "torch.utils.bottleneck", "io.FileIO",
            "fickling", "picklescan", "modelscan", "modelaudit",
            // additions: nested loaders, code generation and native entry points
            "numpy.load", "numpy.lib.npyio", "numpy.lib.format.read_array", "numpy.fromfile", "numpy.ctypeslib",
            "torch.serialization.load", "torch.serialization._load", "torch.fx", "torch.package", "torch.utils.cpp_extension",
            "torch._C", "torch.ops", "torch.library", "torch.classes", "pandas.read_pickle", "pandas.io.pickle",
            "yaml.load", "yaml.unsafe_load", "yaml.full_load", "yaml.load_all", "yaml.unsafe_load_all",
            "io.open", "io.open_code", "codecs.open", "_io.open", "builtins.open", "copyreg.add_extension",
            "keras.models.load_model", "keras.saving", "tensorflow.io", "_ctypes", "cffi", "resource", "pwd", "grp", "fcntl",
            "termios", "_winapi", "winreg", "msvcrt", "_signal", "faulthandler", "sysconfig", "zipapp", "builtins.__import__");

    /** Builtins that build plain values; every other builtin is denied. */
    private static final Set<String> SAFE_BUILTINS = Set.of("set", "frozenset", "bytearray", "complex", "slice");

    /** Names that load a model or a file whatever module holds them. */
    private static final Set<String> DENIED_NAME_COMPONENTS = Set.of("from_pretrained", "load_model");

    /** Module renames: the reference's aliases plus the unpickler's Python 2 mapping (pickle's _compat_pickle). */
    private static final Map<String, String> MODULE_ALIASES = Map.ofEntries(
            Map.entry("__builtin__", "builtins"), Map.entry("exceptions", "builtins"), Map.entry("_operator", "operator"),
            Map.entry("_pickle", "pickle"), Map.entry("cPickle", "pickle"), Map.entry("_io", "io"), Map.entry("posix", "os"),
            Map.entry("nt", "os"), Map.entry("_posixsubprocess", "subprocess"), Map.entry("copy_reg", "copyreg"),
            Map.entry("commands", "subprocess"), Map.entry("urllib2", "urllib.request"), Map.entry("cStringIO", "io"),
            Map.entry("StringIO", "io"), Map.entry("thread", "_thread"), Map.entry("SocketServer", "socketserver"),
            Map.entry("httplib", "http.client"), Map.entry("Queue", "queue"), Map.entry("_winreg", "winreg"),
            Map.entry("ConfigParser", "configparser"), Map.entry("_functools", "functools"),
            Map.entry("UserDict", "collections"), Map.entry("UserList", "collections"), Map.entry("cookielib", "http.cookiejar"),
            Map.entry("xmlrpclib", "xmlrpc.client"), Map.entry("robotparser", "urllib.robotparser"));

    private static final PicklePolicy STANDARD = new PicklePolicy(STANDARD_ALLOW, List.of(), "");
    private static final PicklePolicy TORCHSCRIPT = new PicklePolicy(union(STANDARD_ALLOW, TORCHSCRIPT_ALLOW), List.of("__torch__."), "__torch__");

    private final Set<String> allow;
    private final List<String> allowPrefixes;
    private final String trustedDunderRoot;

    private PicklePolicy(Set<String> allow, List<String> allowPrefixes, String trustedDunderRoot) {
        this.allow = Set.copyOf(allow);
        this.allowPrefixes = List.copyOf(allowPrefixes);
        this.trustedDunderRoot = trustedDunderRoot;
    }

    /** The default policy for pickles in PyTorch, NumPy, joblib and raw pickle files. */
    public static PicklePolicy standard() {
        return STANDARD;
    }

    /** For the pickles of a TorchScript archive: also TorchScript's class namespace and list builders. */
    public static PicklePolicy torchScript() {
        return TORCHSCRIPT;
    }

    /** This policy plus org-vetted exact {@code module.name} entries (e.g. sklearn classes from a versioned policy). */
    public PicklePolicy withAllowed(Collection<String> exactNames) {
        return new PicklePolicy(union(allow, Set.copyOf(exactNames)), allowPrefixes, trustedDunderRoot);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }

    /** Normalises a module name the way the unpickler and the aliases resolve it. */
    public static String normalizeModule(String module) {
        String direct = MODULE_ALIASES.get(module);
        if (direct != null) {
            return direct;
        }
        int dot = module.indexOf('.');
        if (dot > 0) {
            String top = MODULE_ALIASES.get(module.substring(0, dot));
            if (top != null) {
                return top + module.substring(dot);
            }
        }
        return module;
    }

    public Decision classify(String module, String name) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        String normModule = normalizeModule(module);
        String full = normModule + "." + name;
        if (allow.contains(full)) {
            return new Decision(Kind.ALLOWED, full, full);
        }
        String[] modParts = normModule.split("\\.", -1);
        String[] nameParts = name.split("\\.", -1);
        for (String p : allowPrefixes) {
            if (full.startsWith(p) && !hasDunder(modParts, 1) && !hasDunder(nameParts, 0)) {
                return new Decision(Kind.ALLOWED, full, p + "*");
            }
        }
        String denied = deniedPrefix(modParts, nameParts);
        if (denied != null) {
            return new Decision(Kind.DENIED, full, denied);
        }
        boolean mainModule = modParts[0].equals("__main__");
        if (hasDunder(modParts, mainModule || modParts[0].equals(trustedDunderRoot) ? 1 : 0) || hasDunder(nameParts, 0)) {
            return new Decision(Kind.DUNDER, full, "dunder component");
        }
        if (normModule.equals("builtins") || normModule.startsWith("builtins.")) {
            if (!SAFE_BUILTINS.contains(name)) {
                return new Decision(Kind.DENIED, full, "builtins");
            }
        }
        for (String part : nameParts) {
            if (DENIED_NAME_COMPONENTS.contains(part)) {
                return new Decision(Kind.DENIED, full, part);
            }
        }
        if (mainModule) {
            return new Decision(Kind.UNKNOWN, full, "class defined in the script that wrote the pickle");
        }
        if (!wellFormed(modParts) || !wellFormed(nameParts)) {
            return new Decision(Kind.UNKNOWN, full, "not a valid Python name");
        }
        return new Decision(Kind.UNKNOWN, full, "not on the allow list");
    }

    /** Every dotted prefix of the module, of the name, and of module + name. */
    private static String deniedPrefix(String[] modParts, String[] nameParts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < modParts.length + nameParts.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(i < modParts.length ? modParts[i] : nameParts[i - modParts.length]);
            String prefix = sb.toString();
            if (DENY.contains(prefix)) {
                return prefix;
            }
        }
        sb.setLength(0);
        for (int i = 0; i < nameParts.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(nameParts[i]);
            String prefix = sb.toString();
            if (DENY.contains(prefix) || DENY.contains(normalizeModule(prefix))) {
                return prefix;
            }
        }
        return null;
    }

    private static boolean hasDunder(String[] parts, int from) {
        for (int i = from; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() > 4 && p.startsWith("__") && p.endsWith("__")) {
                return true;
            }
        }
        return false;
    }

    private static boolean wellFormed(String[] parts) {
        for (String p : parts) {
            if (!isIdentifier(p)) {
                return false;
            }
        }
        return true;
    }

    /** A Python identifier (letters, digits, underscore; not starting with a digit). */
    public static boolean isIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        int first = s.codePointAt(0);
        if (!(first == '_' || Character.isLetter(first))) {
            return false;
        }
        for (int i = Character.charCount(first); i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!(c == '_' || Character.isLetterOrDigit(c))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** Whether every dotted component of both names is a Python identifier. */
    public static boolean isDottedIdentifier(String module, String name) {
        return wellFormed(module.split("\\.", -1)) && wellFormed(name.split("\\.", -1));
    }
}
