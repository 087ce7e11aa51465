package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.lineage.ExportFormat;
import dev.tightrope.service.lineage.GraphView;
import dev.tightrope.service.lineage.Layout;
import dev.tightrope.service.lineage.Marks;
import dev.tightrope.service.lineage.Palette;
import dev.tightrope.service.lineage.SceneIndex;
import dev.tightrope.service.lineage.ViewOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The lineage view of the demo estate, laid out and exported: each file parses and holds every edge shown. */
class LineageViewExportTest {

    @TempDir
    static Path dir;

    static Tightrope t;
    static SceneIndex scene;

    @BeforeAll
    static void load() {
        t = Tightrope.open(dir.resolve("ws"));
        new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
        Urn root = Urn.of(AssetKind.MODEL_VERSION, "openlineage", "mlflow://mlflow.kestrel.example/models/fraud-bert/3");
        LineageGraph g = t.lineage().walk(root, LineageGraph.Direction.BOTH, 4).orElseThrow();
        GraphView view = t.lineageView().view(g, ViewOptions.depth(4));
        Layout layout = t.lineageView().layout(view, new Cancellation());
        scene = new SceneIndex(layout);
    }

    @AfterAll
    static void close() {
        t.close();
    }

    @Test
    void theViewShowsTheModelsLineageWithOwnersAndFindings() {
        GraphView view = scene.layout().view();
        assertThat(view.nodes()).hasSizeGreaterThan(8);
        assertThat(view.nodes()).extracting(GraphView.Node::kind).contains(AssetKind.DATASET, AssetKind.TRAINING_RUN,
                AssetKind.CONTAINER_IMAGE, AssetKind.DEPLOYMENT);
        assertThat(view.nodes()).anySatisfy(n -> assertThat(n.owners()).contains("fraud-ml"));
        // the demo's signed approval of fraud-bert v3 passes the gate; the box says so
        assertThat(view.node(view.root()).approval()).isEqualTo(GraphView.Approval.APPROVED);
        assertThat(scene.layout().x()).hasSize(view.nodes().size());
        // left to right: whatever the root was trained on lies to its left
        int root = scene.layout().indexOf(view.root());
        for (GraphView.Node n : view.nodes()) {
            if (n.depth() < 0) {
                assertThat(scene.layout().x()[scene.layout().indexOf(n.id())]).as(n.name()).isLessThan(scene.layout().x()[root]);
            }
        }
    }

    @Test
    void pngDecodesAndCarriesTheDataVersion() throws Exception {
        Path out = dir.resolve("lineage.png");
        LineageViewService.Exported e = t.lineageView().export(scene, Marks.NONE, Palette.LIGHT, ExportFormat.PNG, out, false);
        byte[] bytes = Files.readAllBytes(out);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image.getWidth()).isGreaterThan((int) scene.layout().width());
        assertThat(e.dataVersion()).startsWith("sync run ");
        assertThat(pngText(bytes)).contains("Tightrope-Data-Version=" + e.dataVersion());
        keep(out);
    }

    @Test
    void svgParsesAsXmlAndDrawsEveryBoxAndEdge() throws Exception {
        Path out = dir.resolve("lineage.svg");
        t.lineageView().export(scene, Marks.NONE, Palette.DARK, ExportFormat.SVG, out, false);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(out.toFile());
        GraphView view = scene.layout().view();
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("polyline").getLength()).isGreaterThanOrEqualTo(view.edges().size());
        List<String> texts = texts(doc.getElementsByTagName("text"));
        for (GraphView.Node n : view.nodes()) {
            assertThat(texts).as(n.name()).anySatisfy(s -> assertThat(n.name()).startsWith(s.replace("…", "")));
        }
        assertThat(doc.getElementsByTagName("desc").item(0).getTextContent()).contains(t.lineageView().dataVersion().label());
        keep(out);
    }

    @Test
    void csvAndDotHoldEveryShownEdgeAndTheExportIsAudited() throws Exception {
        GraphView view = scene.layout().view();
        Path csv = dir.resolve("lineage.csv");
        Path dot = dir.resolve("lineage.dot");
        LineageViewService.Exported e = t.lineageView().export(scene, Marks.NONE, Palette.LIGHT, ExportFormat.CSV, csv, true);
        t.lineageView().export(scene, Marks.NONE, Palette.LIGHT, ExportFormat.DOT, dot, false);
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(1)).startsWith("export,").contains(e.dataVersion());
        assertThat(rows.stream().filter(r -> r.startsWith("node,"))).hasSize(view.nodes().size());
        assertThat(rows.stream().filter(r -> r.startsWith("edge,"))).hasSize(view.edges().size());
        String dotText = Files.readString(dot);
        for (GraphView.Edge edge : view.edges()) {
            assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("edge,").contains(edge.from()).contains(edge.to()));
            assertThat(dotText).contains("\"" + edge.from() + "\" -> \"" + edge.to() + "\"");
        }
        var entries = t.audit().entries(new AuditQuery(null, "export.lineage", null, null, null, 0, 10));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).index()).isEqualTo(e.auditIndex());
        assertThat(entries.get(0).event().details()).containsEntry("sha256", e.sha256()).containsEntry("format", "csv")
                .containsEntry("dataVersion", e.dataVersion());
    }

    private static List<String> texts(NodeList list) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent());
        }
        return out;
    }

    private static String pngText(byte[] png) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            NodeList entries = root.getElementsByTagName("tEXtEntry");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < entries.getLength(); i++) {
                IIOMetadataNode e = (IIOMetadataNode) entries.item(i);
                sb.append(e.getAttribute("keyword")).append('=').append(e.getAttribute("value")).append('\n');
            }
            return sb.toString();
        }
    }

    /** Copies an export where a person can look at it, when asked to ({@code -Dlineage.keep=DIR}). */
    private static void keep(Path file) throws Exception {
        String to = System.getProperty("lineage.keep");
        if (to != null) {
            Files.createDirectories(Path.of(to));
            Files.copy(file, Path.of(to).resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
