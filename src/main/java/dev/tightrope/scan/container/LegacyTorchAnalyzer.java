package dev.tightrope.scan.container;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.Magic;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.pickle.TorchLegacy;
import java.io.IOException;

/**
 * The legacy PyTorch stacked-pickle layout, recognised only by the exact magic-number pickle
 * torch.save writes. A file whose first pickle merely evaluates to that number (through
 * {@code eval}, say) is not recognised here: the pickle analyzer simulates it and the stream
 * check reports the forged magic as DANGEROUS.
 */
public final class LegacyTorchAnalyzer implements FormatAnalyzer {

    private static final int[] MAGIC = {0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e};

    @Override
    public ModelFormat format() {
        return ModelFormat.PYTORCH_LEGACY;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        return Magic.startsWith(head, headLength, MAGIC);
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        TorchLegacy.scanStacked(input, context);
    }
}
