package dev.tightrope.service.export;

import dev.tightrope.service.lineage.Layout;
import dev.tightrope.service.lineage.LineagePainter;
import dev.tightrope.service.lineage.Marks;
import dev.tightrope.service.lineage.Palette;
import dev.tightrope.service.lineage.SceneIndex;
import dev.tightrope.service.lineage.Surface;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * The lineage view as a picture: SVG and PNG drawn by the same {@link LineagePainter} as the
 * console's canvas, at full detail, with a caption line naming the root, the cache's data version
 * and the time of export (the PNG also carries them as text chunks, the SVG in its title and
 * description), so a picture in a report says what it shows and when.
 */
public final class LineagePictures {
    private static final double MARGIN = 32;
    private static final double CAPTION = 36;
    private static final String FONT = "Inter, 'Segoe UI', Helvetica, Arial, sans-serif";
    /** PNGs wider or taller than this are drawn at a smaller scale: a 10,000-box graph still fits in memory. */
    private static final int MAX_PIXELS_PER_SIDE = 16_384;

    private LineagePictures() {
    }

    public static String svg(SceneIndex scene, Palette palette, Marks marks, String caption) {
        Layout layout = scene.layout();
        double w = layout.width() + 2 * MARGIN;
        double h = layout.height() + 2 * MARGIN + CAPTION;
        SvgSurface s = new SvgSurface();
        s.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(w)).append("\" height=\"")
                .append(num(h)).append("\" viewBox=\"0 0 ").append(num(w)).append(' ').append(num(h)).append("\" font-family=\"")
                .append(xml(FONT)).append("\">\n")
                .append("<title>").append(xml("Tightrope lineage: " + layout.view().root())).append("</title>\n")
                .append("<desc>").append(xml(caption)).append("</desc>\n");
        s.rect(0, 0, w, h, 0, palette.background(), 0, 0, false);
        s.out.append("<g transform=\"translate(").append(num(MARGIN)).append(' ').append(num(MARGIN)).append(")\">\n");
        LineagePainter.paint(s, scene, palette, marks, -1, -1, layout.width() + 1, layout.height() + 1, 1);
        s.out.append("</g>\n");
        s.text(caption, MARGIN, h - CAPTION / 2, 12, false, palette.muted());
        return s.out.append("</svg>\n").toString();
    }

    /** The PNG bytes at {@code scale} pixels per graph unit (2 for a crisp picture), less when the graph is huge. */
    public static byte[] png(SceneIndex scene, Palette palette, Marks marks, String caption, String dataVersion, double scale) {
        Layout layout = scene.layout();
        double w = layout.width() + 2 * MARGIN;
        double h = layout.height() + 2 * MARGIN + CAPTION;
        double k = Math.min(scale, MAX_PIXELS_PER_SIDE / Math.max(w, h));
        BufferedImage image = new BufferedImage((int) Math.ceil(w * k), (int) Math.ceil(h * k), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(k, k);
            Java2dSurface s = new Java2dSurface(g);
            s.rect(0, 0, w, h, 0, palette.background(), 0, 0, false);
            g.translate(MARGIN, MARGIN);
            LineagePainter.paint(s, scene, palette, marks, -1, -1, layout.width() + 1, layout.height() + 1, Math.max(1, k));
            g.translate(-MARGIN, -MARGIN);
            s.text(caption, MARGIN, h - CAPTION / 2, 12, false, palette.muted());
        } finally {
            g.dispose();
        }
        return encode(image, caption, dataVersion);
    }

    private static byte[] encode(BufferedImage image, String caption, String dataVersion) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        ImageWriter writer = writers.next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
            IIOMetadataNode text = new IIOMetadataNode("tEXt");
            text.appendChild(entry("Title", caption));
            text.appendChild(entry("Software", "Tightrope"));
            text.appendChild(entry("Tightrope-Data-Version", dataVersion));
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(text);
            metadata.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(out);
            writer.write(new IIOImage(image, null, metadata));
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the lineage picture", e);
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode entry(String keyword, String value) {
        IIOMetadataNode e = new IIOMetadataNode("tEXtEntry");
        e.setAttribute("keyword", keyword);
        // tEXt is Latin-1: anything else is replaced rather than written as mojibake
        e.setAttribute("value", value.replaceAll("[^\\x20-\\x7E\\xA0-\\xFF]", "?"));
        return e;
    }

    private static final class SvgSurface implements Surface {
        final StringBuilder out = new StringBuilder(1 << 16);

        @Override
        public void rect(double x, double y, double w, double h, double arc, int fill, int stroke, double strokeWidth, boolean dashed) {
            out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                    .append("\" height=\"").append(num(h)).append('"');
            if (arc > 0) {
                out.append(" rx=\"").append(num(arc)).append('"');
            }
            paint(fill, stroke, strokeWidth, dashed);
            out.append("/>\n");
        }

        @Override
        public void ellipse(double cx, double cy, double rx, double ry, int fill, int stroke, double strokeWidth) {
            out.append("<ellipse cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" rx=\"").append(num(rx))
                    .append("\" ry=\"").append(num(ry)).append('"');
            paint(fill, stroke, strokeWidth, false);
            out.append("/>\n");
        }

        @Override
        public void polyline(double[] points, int stroke, double strokeWidth, boolean dashed) {
            out.append("<polyline points=\"");
            for (int i = 0; i + 1 < points.length; i += 2) {
                out.append(i == 0 ? "" : " ").append(num(points[i])).append(',').append(num(points[i + 1]));
            }
            out.append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
            paint(0, stroke, strokeWidth, dashed);
            out.append("/>\n");
        }

        @Override
        public void polygon(double[] points, int fill) {
            out.append("<polygon points=\"");
            for (int i = 0; i + 1 < points.length; i += 2) {
                out.append(i == 0 ? "" : " ").append(num(points[i])).append(',').append(num(points[i + 1]));
            }
            out.append('"');
            paint(fill, 0, 0, false);
            out.append("/>\n");
        }

        @Override
        public void text(String text, double x, double y, double size, boolean bold, int fill) {
            out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"").append(num(size)).append('"');
            if (bold) {
                out.append(" font-weight=\"600\"");
            }
            out.append(" fill=\"").append(rgb(fill)).append('"');
            opacity("fill-opacity", fill);
            out.append('>').append(xml(text)).append("</text>\n");
        }

        private void paint(int fill, int stroke, double strokeWidth, boolean dashed) {
            out.append(" fill=\"").append(fill == 0 ? "none" : rgb(fill)).append('"');
            opacity("fill-opacity", fill);
            if (stroke != 0 && strokeWidth > 0) {
                out.append(" stroke=\"").append(rgb(stroke)).append("\" stroke-width=\"").append(num(strokeWidth)).append('"');
                opacity("stroke-opacity", stroke);
                if (dashed) {
                    out.append(" stroke-dasharray=\"").append(num(strokeWidth * 4)).append(' ').append(num(strokeWidth * 3)).append('"');
                }
            }
        }

        private void opacity(String attribute, int argb) {
            int a = (argb >>> 24) & 0xFF;
            if (argb != 0 && a != 0xFF) {
                out.append(' ').append(attribute).append("=\"").append(num(a / 255.0)).append('"');
            }
        }
    }

    private static final class Java2dSurface implements Surface {
        private final Graphics2D g;

        Java2dSurface(Graphics2D g) {
            this.g = g;
        }

        @Override
        public void rect(double x, double y, double w, double h, double arc, int fill, int stroke, double strokeWidth, boolean dashed) {
            java.awt.Shape shape = new RoundRectangle2D.Double(x, y, w, h, arc * 2, arc * 2);
            fillAndStroke(shape, fill, stroke, strokeWidth, dashed);
        }

        @Override
        public void ellipse(double cx, double cy, double rx, double ry, int fill, int stroke, double strokeWidth) {
            fillAndStroke(new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry), fill, stroke, strokeWidth, false);
        }

        @Override
        public void polyline(double[] points, int stroke, double strokeWidth, boolean dashed) {
            fillAndStroke(path(points, false), 0, stroke, strokeWidth, dashed);
        }

        @Override
        public void polygon(double[] points, int fill) {
            fillAndStroke(path(points, true), fill, 0, 0, false);
        }

        @Override
        public void text(String text, double x, double y, double size, boolean bold, int fill) {
            g.setColor(new Color(fill, true));
            g.setComposite(AlphaComposite.SrcOver);
            g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size));
            g.drawString(text, (float) x, (float) y);
        }

        private static Path2D path(double[] points, boolean close) {
            Path2D.Double p = new Path2D.Double();
            for (int i = 0; i + 1 < points.length; i += 2) {
                if (i == 0) {
                    p.moveTo(points[i], points[i + 1]);
                } else {
                    p.lineTo(points[i], points[i + 1]);
                }
            }
            if (close) {
                p.closePath();
            }
            return p;
        }

        private void fillAndStroke(java.awt.Shape shape, int fill, int stroke, double strokeWidth, boolean dashed) {
            if (fill != 0) {
                g.setColor(new Color(fill, true));
                g.fill(shape);
            }
            if (stroke != 0 && strokeWidth > 0) {
                g.setColor(new Color(stroke, true));
                g.setStroke(dashed
                        ? new BasicStroke((float) strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10,
                                new float[] {(float) strokeWidth * 4, (float) strokeWidth * 3}, 0)
                        : new BasicStroke((float) strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(shape);
            }
        }
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String rgb(int argb) {
        return String.format(Locale.ROOT, "#%06x", argb & 0xFFFFFF);
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    // XML 1.0 has no place for most control characters: an asset name cannot break the file
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('?');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
