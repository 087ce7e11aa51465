package dev.tightrope.service.export;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A report written top to bottom on A4 pages with PDFBox: headings, wrapped paragraphs, figure
 * tiles, tables that continue on the next page with their header, horizontal bar charts and
 * pictures. The standard Helvetica fonts need no embedding; text outside their WinAnsi character
 * set is written with the nearest ASCII (an arrow as {@code ->}) or {@code ?}, never dropped
 * silently. Every page carries the footer line and its number.
 */
public final class PdfDocument implements AutoCloseable {

    /** One bar of a chart. */
    public record Bar(String label, double value, String valueLabel, Color color) {
    }

    /** One figure tile: a big number and what it counts. */
    public record Figure(String value, String label, Color color) {
    }

    /**
     * PDFBox warns that it would draw Helvetica with a system font: it only would when rendering a
     * page to pixels, which a report never does; the metrics it writes with are its own.
     */
    private static final java.util.logging.Logger FONT_LOG = java.util.logging.Logger.getLogger("org.apache.pdfbox.pdmodel.font");

    static {
        FONT_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private static final float MARGIN = 48;
    private static final PDRectangle SIZE = PDRectangle.A4;
    private static final float WIDTH = SIZE.getWidth() - 2 * MARGIN;
    private static final Color INK = new Color(0x1f, 0x23, 0x28);
    private static final Color MUTED = new Color(0x65, 0x6d, 0x76);
    private static final Color RULE = new Color(0xd0, 0xd7, 0xde);

    private final PDDocument doc = new PDDocument();
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final String footer;
    private final List<PDPage> pages = new ArrayList<>();
    private PDPageContentStream cs;
    private float y;

    public PdfDocument(String title, String footer) {
        this.footer = footer;
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(clean(title));
        info.setCreator("Tightrope");
        newPage();
    }

    private void newPage() {
        try {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(SIZE);
            doc.addPage(page);
            pages.add(page);
            cs = new PDPageContentStream(doc, page);
            y = SIZE.getHeight() - MARGIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensure(float height) {
        if (y - height < MARGIN + 16) {
            newPage();
        }
    }

    /** The document's title line. */
    public PdfDocument title(String text, String subtitle) {
        text(bold, 20, MARGIN, y - 20, text, INK);
        y -= 28;
        for (String line : wrap(subtitle, regular, 10, WIDTH)) {
            text(regular, 10, MARGIN, y - 10, line, MUTED);
            y -= 14;
        }
        y -= 10;
        return this;
    }

    public PdfDocument heading(String text) {
        return heading(text, 0);
    }

    /** A heading kept on one page with the {@code keepWith} points of content that follow it. */
    public PdfDocument heading(String text, float keepWith) {
        ensure(48 + keepWith);
        y -= 10;
        text(bold, 13, MARGIN, y - 13, text, INK);
        y -= 18;
        rule();
        y -= 6;
        return this;
    }

    public PdfDocument paragraph(String text) {
        for (String line : wrap(text, regular, 10, WIDTH)) {
            ensure(14);
            text(regular, 10, MARGIN, y - 10, line, INK);
            y -= 14;
        }
        y -= 4;
        return this;
    }

    /** A row of figure tiles, four to a row. */
    public PdfDocument figures(List<Figure> figures) {
        float gap = 10;
        float w = (WIDTH - 3 * gap) / 4;
        for (int i = 0; i < figures.size(); i += 4) {
            ensure(58);
            for (int k = 0; k < 4 && i + k < figures.size(); k++) {
                Figure f = figures.get(i + k);
                float x = MARGIN + k * (w + gap);
                fill(x, y - 52, w, 52, new Color(0xf6, 0xf8, 0xfa));
                fill(x, y - 52, 3, 52, f.color());
                text(bold, 18, x + 10, y - 24, f.value(), f.color() == null ? INK : f.color());
                List<String> label = wrap(f.label(), regular, 8, w - 16);
                for (int l = 0; l < Math.min(2, label.size()); l++) {
                    text(regular, 8, x + 10, y - 36 - l * 9, label.get(l), MUTED);
                }
            }
            y -= 62;
        }
        return this;
    }

    /** A horizontal bar chart, bars scaled to the largest value (or {@code max} when given). */
    public PdfDocument bars(String caption, List<Bar> bars, double max) {
        float labelWidth = 150;
        float barArea = WIDTH - labelWidth - 70;
        double top = max > 0 ? max : bars.stream().mapToDouble(Bar::value).max().orElse(1);
        ensure(20 + Math.min(bars.size(), 4) * 16f);
        text(regular, 9, MARGIN, y - 9, caption, MUTED);
        y -= 16;
        for (Bar b : bars) {
            ensure(16);
            text(regular, 9, MARGIN, y - 10, fit(b.label(), regular, 9, labelWidth - 8), INK);
            float w = top <= 0 ? 0 : (float) (barArea * Math.max(0, b.value()) / top);
            fill(MARGIN + labelWidth, y - 11, barArea, 10, new Color(0xee, 0xf1, 0xf4));
            fill(MARGIN + labelWidth, y - 11, Math.max(w, b.value() > 0 ? 1.5f : 0), 10, b.color());
            text(regular, 9, MARGIN + labelWidth + barArea + 6, y - 10, b.valueLabel(), INK);
            y -= 16;
        }
        y -= 6;
        return this;
    }

    /** A table; column widths are fractions of the page width; a long table continues on the next page under its header. */
    public PdfDocument table(List<String> header, float[] fractions, List<List<String>> rows) {
        float[] widths = new float[fractions.length];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = fractions[i] * WIDTH;
        }
        tableHeader(header, widths);
        for (List<String> row : rows) {
            List<List<String>> cells = new ArrayList<>();
            int lines = 1;
            for (int i = 0; i < widths.length; i++) {
                List<String> wrapped = wrap(i < row.size() ? row.get(i) : "", regular, 8.5f, widths[i] - 6);
                cells.add(wrapped);
                lines = Math.max(lines, Math.min(wrapped.size(), 6));
            }
            float h = lines * 10.5f + 5;
            if (y - h < MARGIN + 16) {
                newPage();
                tableHeader(header, widths);
            }
            float x = MARGIN;
            for (int i = 0; i < widths.length; i++) {
                List<String> cell = cells.get(i);
                for (int l = 0; l < Math.min(cell.size(), 6); l++) {
                    text(regular, 8.5f, x + 3, y - 9 - l * 10.5f, cell.get(l), INK);
                }
                x += widths[i];
            }
            y -= h;
            stroke(MARGIN, y, MARGIN + WIDTH, y, RULE);
        }
        y -= 8;
        return this;
    }

    private void tableHeader(List<String> header, float[] widths) {
        ensure(30);
        fill(MARGIN, y - 14, WIDTH, 14, new Color(0xf0, 0xf3, 0xf6));
        float x = MARGIN;
        for (int i = 0; i < widths.length; i++) {
            text(bold, 8.5f, x + 3, y - 10, fit(header.get(i), bold, 8.5f, widths[i] - 6), INK);
            x += widths[i];
        }
        y -= 16;
    }

    /**
     * A PNG picture, scaled to the page width and at most {@code maxHeight} points high. Its
     * compressed pixels go into the PDF as they are (PDFBox's PNG path), not decoded and deflated again.
     */
    public PdfDocument image(byte[] png, float maxHeight, String caption) {
        try {
            PDImageXObject image = PDImageXObject.createFromByteArray(doc, png, "lineage.png");
            float scale = Math.min(WIDTH / image.getWidth(), maxHeight / image.getHeight());
            float w = image.getWidth() * scale;
            float h = image.getHeight() * scale;
            ensure(h + 16);
            cs.drawImage(image, MARGIN, y - h, w, h);
            y -= h + 4;
            text(regular, 8, MARGIN, y - 8, fit(caption, regular, 8, WIDTH), MUTED);
            y -= 16;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The finished PDF. */
    public byte[] toBytes() {
        try {
            cs.close();
            cs = null;
            for (int i = 0; i < pages.size(); i++) {
                try (PDPageContentStream f = new PDPageContentStream(doc, pages.get(i), PDPageContentStream.AppendMode.APPEND, true)) {
                    String page = "page " + (i + 1) + " of " + pages.size();
                    write(f, regular, 7.5f, MARGIN, MARGIN - 20, fit(footer, regular, 7.5f, WIDTH - 70), MUTED);
                    write(f, regular, 7.5f, MARGIN + WIDTH - regular.getStringWidth(page) / 1000 * 7.5f, MARGIN - 20, page, MUTED);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (cs != null) {
                cs.close();
            }
            doc.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rule() {
        stroke(MARGIN, y, MARGIN + WIDTH, y, RULE);
    }

    private void text(PDType1Font font, float size, float x, float baseline, String text, Color color) {
        try {
            write(cs, font, size, x, baseline, text, color);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(PDPageContentStream s, PDType1Font font, float size, float x, float baseline, String text, Color color)
            throws IOException {
        s.beginText();
        s.setFont(font, size);
        s.setNonStrokingColor(color == null ? INK : color);
        s.newLineAtOffset(x, baseline);
        s.showText(clean(text));
        s.endText();
    }

    private void fill(float x, float yBottom, float w, float h, Color color) {
        if (w <= 0 || h <= 0) {
            return;
        }
        try {
            cs.setNonStrokingColor(color == null ? MUTED : color);
            cs.addRect(x, yBottom, w, h);
            cs.fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stroke(float x1, float y1, float x2, float y2, Color color) {
        try {
            cs.setStrokingColor(color);
            cs.setLineWidth(0.5f);
            cs.moveTo(x1, y1);
            cs.lineTo(x2, y2);
            cs.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float width(String text, PDType1Font font, float size) {
        try {
            return font.getStringWidth(clean(text)) / 1000 * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text cut to fit {@code max} points, with an ellipsis when cut. */
    static String fit(String text, PDType1Font font, float size, float max) {
        String t = clean(text);
        if (width(t, font, size) <= max) {
            return t;
        }
        while (!t.isEmpty() && width(t + "...", font, size) > max) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "...";
    }

    /** Lines of at most {@code max} points, broken at spaces, and inside words (URNs) that are longer than a line. */
    static List<String> wrap(String text, PDType1Font font, float size, float max) {
        List<String> lines = new ArrayList<>();
        for (String raw : (text == null ? "" : text).split("\n", -1)) {
            String paragraph = clean(raw);
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (width(candidate, font, size) <= max) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (width(rest, font, size) > max && rest.length() > 1) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && width(rest.substring(0, cut), font, size) > max) {
                        cut--;
                    }
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static final String WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

    /** The text in the fonts' WinAnsi set: common symbols as ASCII, anything else as {@code ?}. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '→' -> out.append("->");
                case '←' -> out.append("<-");
                case '✓' -> out.append("yes");
                case '✗' -> out.append("no");
                case '\t' -> out.append(' ');
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(' ');
                    } else if (c <= 0x7e || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.indexOf(c) >= 0) {
                        out.appendCodePoint(c);
                    } else {
                        out.append('?');
                    }
                }
            }
        }
        return out.toString();
    }
}
