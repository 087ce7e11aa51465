package dev.tightrope.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LabelsTest {

    private final Locale locale = Locale.getDefault();

    @AfterEach
    void restoreTheLocale() {
        Locale.setDefault(locale);
    }

    @Test
    void tokensKeepUnderscoresAndLabelsReadAsWords() {
        assertThat(Labels.token(SyncStatus.SUCCEEDED_WITH_PROBLEMS)).isEqualTo("succeeded_with_problems");
        assertThat(Labels.of(SyncStatus.SUCCEEDED_WITH_PROBLEMS)).isEqualTo("succeeded with problems");
        assertThat(Labels.token(Provenance.SOURCE_METADATA)).isEqualTo("source_metadata");
    }

    @Test
    void aTurkishDefaultLocaleChangesNoToken() {
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        assertThat(Labels.token(Severity.INFO)).isEqualTo("info");
        assertThat(Severity.INFO.token()).isEqualTo("info");
        assertThat(Labels.of(SyncStatus.INTERRUPTED)).isEqualTo("interrupted");
        assertThat(AssetKind.fromToken(AssetKind.PIPELINE.token())).isEqualTo(AssetKind.PIPELINE);
    }
}
