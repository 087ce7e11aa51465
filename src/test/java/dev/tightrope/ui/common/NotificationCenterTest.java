package dev.tightrope.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NotificationCenterTest {
    private final NotificationCenter center = new NotificationCenter(Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void informationGoesToTheStatusLineAndDoesNotStay() {
        center.info("Synced 3 sources");
        assertThat(center.statusProperty().get()).isEqualTo("Synced 3 sources");
        assertThat(center.shown()).isEmpty();
        assertThat(center.history()).hasSize(1);
    }

    @Test
    void errorsStayUntilDismissedNewestFirst() {
        Notice first = center.error("Reading the inventory failed", new IllegalStateException("the cache is closed"));
        Notice second = center.warning("lake: 2 records could not be imported", "bad JSON", "See Sources → Problems.");
        assertThat(center.shown()).containsExactly(second, first);
        center.info("something else");
        assertThat(center.shown()).hasSize(2);
        center.dismiss(second);
        assertThat(center.shown()).containsExactly(first);
        center.dismissAll();
        assertThat(center.shown()).isEmpty();
        assertThat(center.lastProblems(5)).extracting(Notice::title)
                .containsExactly("lake: 2 records could not be imported", "Reading the inventory failed");
    }

    @Test
    void theSameErrorAgainIsCountedNotStacked() {
        center.error("Reading rows failed", new IllegalStateException("disk I/O error"));
        Notice again = center.error("Reading rows failed", new IllegalStateException("disk I/O error"));
        assertThat(center.shown()).containsExactly(again);
        assertThat(again.repeats()).isEqualTo(2);
        assertThat(again.text()).endsWith("(2×)");
    }

    @Test
    void anErrorWithoutAMessageIsNamedByTypeAndPlaceAndSaysItIsABug() {
        Notice n = center.error("Reading the overview failed", new NullPointerException());
        assertThat(n.message()).startsWith("NullPointerException in NotificationCenterTest.");
        assertThat(n.hint()).contains("Copy diagnostics");
    }

    @Test
    void anActionRunsAndDismisses() {
        AtomicInteger retried = new AtomicInteger();
        Notice n = center.error("Reading the inventory failed", new IllegalStateException("busy"),
                new Notice.Action("Retry", retried::incrementAndGet));
        center.act(n);
        assertThat(retried).hasValue(1);
        assertThat(center.shown()).isEmpty();
    }

    @Test
    void describeNeverReturnsAnEmptyMessageAndSkipsEmptyWrappers() {
        assertThat(Errors.describe(new RuntimeException(""))).startsWith("RuntimeException in NotificationCenterTest.");
        assertThat(Errors.describe(new CompletionException(new IllegalArgumentException("port 99999 is out of range"))))
                .isEqualTo("port 99999 is out of range");
        assertThat(Errors.describe(new UncheckedIOException(new IOException("No space left on device"))))
                .isEqualTo("No space left on device");
        assertThat(Errors.describe(new IllegalStateException("Cache write failed", new IOException("database is locked"))))
                .isEqualTo("Cache write failed: database is locked");
        assertThat(Errors.describe(new RuntimeException(new IOException()))).startsWith("IOException");
        assertThat(Errors.describe(null)).isEqualTo("Unknown error");
        assertThat(Errors.hint(new IllegalStateException("the cache is closed"))).isNull();
    }
}
