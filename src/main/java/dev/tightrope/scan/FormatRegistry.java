package dev.tightrope.scan;

import dev.tightrope.scan.container.CompressedAnalyzer;
import dev.tightrope.scan.container.LegacyTorchAnalyzer;
import dev.tightrope.scan.container.NpyAnalyzer;
import dev.tightrope.scan.container.SevenZipAnalyzer;
import dev.tightrope.scan.container.TarAnalyzer;
import dev.tightrope.scan.container.ZipAnalyzer;
import dev.tightrope.scan.pickle.PickleAnalyzer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The ordered list of {@link FormatAnalyzer}s the engine asks, first match wins. Order matters
 * where magic is weak: strong signatures (zip, .npy, tar, 7z) first, then the other model
 * formats, then compressed streams and pickles, whose leading bytes can be mistaken for the
 * length fields of other formats. Content no analyzer recognises gets a bounded protocol 0/1
 * pickle attempt from the engine.
 */
public final class FormatRegistry {

    private final List<FormatAnalyzer> analyzers;
    private final ZipAnalyzer zip;

    public FormatRegistry(List<FormatAnalyzer> analyzers) {
        this.analyzers = List.copyOf(analyzers);
        ZipAnalyzer found = null;
        for (FormatAnalyzer a : this.analyzers) {
            if (a instanceof ZipAnalyzer z) {
                found = z;
                break;
            }
        }
        this.zip = found != null ? found : new ZipAnalyzer();
    }

    /** Every analyzer Tightrope ships, in detection order. */
    public static FormatRegistry defaults() {
        List<FormatAnalyzer> all = new ArrayList<>();
        all.add(new ZipAnalyzer());
        all.add(new NpyAnalyzer());
        all.add(new LegacyTorchAnalyzer());
        all.add(new TarAnalyzer());
        all.add(new SevenZipAnalyzer());
        all.addAll(modelFormatAnalyzers());
        all.add(new CompressedAnalyzer());
        all.add(new PickleAnalyzer());
        return new FormatRegistry(all);
    }

    /**
     * The analyzers of {@code dev.tightrope.scan.formats} (safetensors, GGUF, Keras, SavedModel,
     * ONNX, tokenizer config). They sit after the strong-magic containers and before the
     * compressed-stream and pickle analyzers.
     */
    private static List<FormatAnalyzer> modelFormatAnalyzers() {
        return dev.tightrope.scan.formats.FormatAnalyzers.all();
    }

    /** A registry with {@code more} appended after the existing analyzers. */
    public FormatRegistry with(FormatAnalyzer... more) {
        List<FormatAnalyzer> all = new ArrayList<>(analyzers);
        all.addAll(Arrays.asList(more));
        return new FormatRegistry(all);
    }

    public List<FormatAnalyzer> analyzers() {
        return analyzers;
    }

    /** The first analyzer that recognises these leading bytes, or null. */
    public FormatAnalyzer detect(byte[] head, int headLength, long size, String name) {
        Objects.requireNonNull(head, "head");
        for (FormatAnalyzer a : analyzers) {
            if (a.recognizes(head, headLength, size, name)) {
                return a;
            }
        }
        return null;
    }

    /** The first analyzer that takes unrecognised content for a malformed file of its format, or null. */
    public FormatAnalyzer detectMalformed(byte[] head, int headLength, long size, String name) {
        Objects.requireNonNull(head, "head");
        for (FormatAnalyzer a : analyzers) {
            if (a.recognizesMalformed(head, headLength, size, name)) {
                return a;
            }
        }
        return null;
    }

    /** The zip analyzer, also used for the zip view of polyglot files. */
    ZipAnalyzer zip() {
        return zip;
    }
}
