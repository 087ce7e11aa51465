package dev.tightrope.scan.container;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.Magic;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;

/**
 * 7z archives are recognised but not opened: their headers can be compressed and encrypted,
 * and no model loader reads them directly. Reported as not scanned, so never SAFE.
 */
public final class SevenZipAnalyzer implements FormatAnalyzer {

    @Override
    public ModelFormat format() {
        return ModelFormat.SEVEN_ZIP;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        return Magic.isSevenZip(head, headLength);
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) {
        context.report("compressed.not-scanned", Verdict.SUSPICIOUS,
                "not scanned: 7z archive; extract it and scan the files it holds", "7z", 0);
    }
}
