package dev.tightrope.scan.pickle;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.Magic;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.Opcodes;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * Pickle files (raw {@code .pkl}, {@code .bin}, {@code .pt} that are not zips, joblib dumps):
 * every pickle in the stream is simulated, including those concatenated after the first STOP.
 */
public final class PickleAnalyzer implements FormatAnalyzer {

    /** The legacy PyTorch magic number pickle, exactly as torch.save writes it. */
    static final byte[] LEGACY_MAGIC = {
        (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e};

    /** What a pickle stream showed. */
    public record StreamSummary(Set<String> imports, List<PickleMachine.StorageRef> storages, boolean usesPersistentIds,
            boolean complete, long end) {
    }

    @Override
    public ModelFormat format() {
        return ModelFormat.PICKLE;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        return Magic.isPickleWithProto(head, headLength);
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        scan(input, context, PicklePolicy.standard());
    }

    /** Simulates every pickle in {@code input}, from the first byte to the end. */
    public static StreamSummary scan(ScanInput input, AnalysisContext context, PicklePolicy policy) throws IOException {
        return scan(input, 0, input.size(), context, policy);
    }

    /** Simulates every pickle in {@code [start, end)} of {@code input}. */
    public static StreamSummary scan(ScanInput input, long start, long end, AnalysisContext context, PicklePolicy policy)
            throws IOException {
        PickleMachine m = PickleMachine.over(input, start, end, context, policy);
        PickleMachine.Result first = m.runOne();
        return continueStream(m, first, input, context);
    }

    /** Bytes after a layout's end: simulated as pickles only if they are pickles; reports nothing otherwise. */
    public static void scanTrailing(ScanInput input, long start, long end, AnalysisContext context, PicklePolicy policy)
            throws IOException {
        PickleMachine m = PickleMachine.over(input, start, end, context, policy);
        PickleMachine.Result first = m.probeOne();
        if (first.isPickle()) {
            continueStream(m, first, input, context);
        }
    }

    /**
     * For content no analyzer recognised: a bounded attempt to read it as a protocol 0/1 pickle
     * (which has no magic). Returns false, reporting nothing, when it is not one.
     */
    public static boolean probe(ScanInput input, AnalysisContext context) throws IOException {
        if (input.size() == 0) {
            return false;
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        if (input.read(0, one) != 1 || !(Opcodes.isProtocol01Opcode(one.get(0) & 0xff) || (one.get(0) & 0xff) == 0x80)) {
            return false;
        }
        PickleMachine m = PickleMachine.over(input, 0, input.size(), context, PicklePolicy.standard());
        PickleMachine.Result first = m.probeOne();
        if (!first.isPickle()) {
            return false;
        }
        continueStream(m, first, input, context);
        return true;
    }

    private static StreamSummary continueStream(PickleMachine m, PickleMachine.Result first, ScanInput input, AnalysisContext context)
            throws IOException {
        PickleMachine.Result last = first;
        int index = 0;
        while (last.complete() && m.position() < m.end()) {
            long at = m.position();
            PickleMachine.Result next = m.probeOne();
            if (!next.isPickle()) {
                context.report("pickle.trailing-data", Verdict.SUSPICIOUS,
                        (m.end() - at) + " bytes after the last STOP are not a pickle; loaders that read on may interpret them",
                        "", at);
                break;
            }
            if (++index == 1) {
                checkLegacyMagic(first, next, input, context);
            }
            last = next;
        }
        return new StreamSummary(m.imports(), m.storages(), m.usesPersistentIds(), last.complete(), m.position());
    }

    /** A second pickle holding 1001 is the legacy torch.save layout, whose first pickle must be the magic literal. */
    private static void checkLegacyMagic(PickleMachine.Result first, PickleMachine.Result second, ScanInput input, AnalysisContext context)
            throws IOException {
        Long version = PickleMachine.intValue(second.value());
        if (version == null || version != 1001L) {
            return;
        }
        long len = first.end() - first.start();
        boolean literal = len == LEGACY_MAGIC.length
                && java.util.Arrays.equals(input.readFully(first.start(), LEGACY_MAGIC.length), LEGACY_MAGIC);
        if (!literal) {
            context.report("torch.legacy-magic", Verdict.DANGEROUS,
                    "legacy PyTorch layout whose magic-number pickle is not the exact literal torch.save writes:"
                            + " torch.load runs whatever pickle produces the number",
                    "magic pickle of " + len + " bytes", first.start());
        }
    }
}
