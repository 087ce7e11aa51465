package dev.tightrope.service.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class PdfDocumentTest {

    static final PDType1Font HELVETICA = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

    @Test
    void textOutsideTheStandardFontsIsWrittenAsTheNearestAsciiOrAQuestionMark() {
        assertThat(PdfDocument.clean("v2 → v3 ✓ · Inês — 中\tend\u0007")).isEqualTo("v2 -> v3 yes · Inês — ? end ");
    }

    @Test
    void longLinesWrapAtSpacesAndAUrnLongerThanALineIsBrokenInside() throws Exception {
        String urn = "tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring-with-a-very-long-name-indeed";
        List<String> lines = PdfDocument.wrap("Deployed as " + urn + " in production", HELVETICA, 10, 150);
        assertThat(lines).hasSizeGreaterThan(2);
        for (String line : lines) {
            assertThat(HELVETICA.getStringWidth(line) / 1000 * 10).isLessThanOrEqualTo(150);
        }
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo(("Deployed as " + urn + " in production").replace(" ", ""));
        assertThat(PdfDocument.fit(urn, HELVETICA, 10, 80)).endsWith("...");
    }
}
