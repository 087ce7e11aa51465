package dev.tightrope.scan.container;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.Magic;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.SliceInput;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.pickle.TorchLegacy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tar archives, parsed block by block (ustar, GNU long names, pax paths). The legacy PyTorch
 * tar ({@code storages}, {@code tensors}, {@code pickle}) gets its layout walked; every other
 * regular member is scanned by content. Links and escaping names are reported.
 */
public final class TarAnalyzer implements FormatAnalyzer {

    private static final int BLOCK = 512;
    private static final int MAX_NAME_RECORD = 1 << 20;

    private record Member(String name, long dataStart, long size, char type, long headerOffset) {
    }

    @Override
    public ModelFormat format() {
        return ModelFormat.TAR;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        return Magic.isTar(head, headLength);
    }

    @Override
    public void analyze(ScanInput in, AnalysisContext ctx) throws IOException {
        List<Member> members = readMembers(in, ctx);
        Set<String> names = new HashSet<>();
        for (Member m : members) {
            names.add(m.name);
        }
        boolean legacyTorch = names.containsAll(Set.of("storages", "tensors", "pickle"));
        if (legacyTorch) {
            ctx.classify(ModelFormat.PYTORCH_LEGACY_TAR);
        }
        for (Member m : members) {
            ctx.checkDeadline();
            AnalysisContext mc = ctx.member(m.name);
            if (isTraversal(m.name)) {
                mc.report("tar.path-traversal", Verdict.DANGEROUS, "member name leaves the extraction directory", m.name, m.headerOffset);
            }
            if (m.type == '1' || m.type == '2') {
                boolean loaderReads = legacyTorch && (m.name.equals("storages") || m.name.equals("tensors") || m.name.equals("pickle"));
                mc.report("tar.link-member", loaderReads ? Verdict.DANGEROUS : Verdict.SUSPICIOUS,
                        (m.type == '1' ? "hard" : "symbolic") + " link member"
                                + (loaderReads ? ": torch.load extracts it and reads whatever file it points to" : ""),
                        m.name, m.headerOffset);
                continue;
            }
            if (m.type != '0' && m.type != '\0' && m.type != '7') {
                continue;
            }
            SliceInput data = new SliceInput(in, m.dataStart, m.size, m.name);
            if (legacyTorch && m.name.equals("storages")) {
                TorchLegacy.scanTarStorages(data, mc);
            } else if (legacyTorch && m.name.equals("tensors")) {
                TorchLegacy.scanTarTensors(data, mc);
            } else if (legacyTorch && m.name.equals("pickle")) {
                TorchLegacy.scanTarPickle(data, mc);
            } else if (m.size > 0) {
                ctx.scanNested(m.name, data);
            }
        }
    }

    private static List<Member> readMembers(ScanInput in, AnalysisContext ctx) throws IOException {
        List<Member> out = new ArrayList<>();
        long pos = 0;
        String longName = null;
        int zeroBlocks = 0;
        while (pos + BLOCK <= in.size()) {
            ctx.checkDeadline();
            byte[] h = in.readFully(pos, BLOCK);
            if (allZero(h)) {
                zeroBlocks++;
                pos += BLOCK;
                if (zeroBlocks == 2) {
                    break;
                }
                continue;
            }
            zeroBlocks = 0;
            if (!checksumOk(h)) {
                ctx.report("tar.malformed", Verdict.INVALID, "tar header checksum does not match; tarfile rejects the archive here", "",
                        pos);
                return out;
            }
            long size = parseNumber(h, 124, 12);
            if (size < 0 || size > in.size() - pos - BLOCK) {
                ctx.report("tar.malformed", Verdict.INVALID, "tar member size " + size + " runs past the end of the archive", "", pos);
                return out;
            }
            char type = (char) (h[156] & 0xff);
            long dataStart = pos + BLOCK;
            long next = dataStart + (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == 'L' || type == 'x') {
                if (size > MAX_NAME_RECORD) {
                    ctx.report("tar.malformed", Verdict.INVALID, "tar name record of " + size + " bytes", "", pos);
                    return out;
                }
                String record = new String(in.readFully(dataStart, (int) size), StandardCharsets.UTF_8);
                longName = type == 'L' ? record.replace("\0", "") : paxPath(record, longName);
                pos = next;
                continue;
            }
            if (type == 'g') {
                pos = next;
                continue;
            }
            String name = longName != null ? longName : headerName(h);
            longName = null;
            out.add(new Member(name, dataStart, size, type, pos));
            pos = next;
        }
        return out;
    }

    private static String paxPath(String record, String current) {
        String result = current;
        for (String line : record.split("\n")) {
            int sp = line.indexOf(' ');
            int eq = line.indexOf('=');
            if (sp > 0 && eq > sp && line.substring(sp + 1, eq).equals("path")) {
                result = line.substring(eq + 1);
            }
        }
        return result;
    }

    private static String headerName(byte[] h) {
        String name = cString(h, 0, 100);
        String magic = cString(h, 257, 6);
        if (magic.startsWith("ustar")) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static String cString(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    /** Octal digits (space/NUL padded) or GNU base-256. */
    private static long parseNumber(byte[] h, int off, int len) {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    return -1;
                }
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            int c = h[i] & 0xff;
            if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                return -1;
            }
            digits = true;
            v = v * 8 + (c - '0');
        }
        return v;
    }

    private static boolean checksumOk(byte[] h) {
        long stored = parseNumber(h, 148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += i >= 148 && i < 156 ? ' ' : h[i];
        }
        return stored == unsigned || stored == signed;
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTraversal(String name) {
        if (name.startsWith("/") || name.contains("\\") || (name.length() > 1 && name.charAt(1) == ':')) {
            return true;
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
