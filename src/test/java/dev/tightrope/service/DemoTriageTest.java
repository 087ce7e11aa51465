package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AcceptedFinding;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's accepted finding about to expire: always about to expire, whenever the demo is built. */
class DemoTriageTest {

    @TempDir
    Path dir;

    private static Tightrope openAt(Path dir, Instant now) {
        return Tightrope.open(dir, ConnectorRegistry.defaults(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void theHubCautionOnLlamaIsAcceptedByTheCisoUntilTenDaysAfterTheDemoIsBuilt() {
        Instant built = Instant.parse("2031-03-01T09:00:00Z");
        try (Tightrope t = openAt(dir, built)) {
            new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());

            assertThat(t.findings().countExpiring(Duration.ofDays(14))).isEqualTo(1);
            AcceptedFinding accepted = t.findings().expiring(Duration.ofDays(14), 10).get(0);
            assertThat(accepted.assetUrn()).isEqualTo(DemoWorkspace.ACCEPTED_ASSET.toString());
            assertThat(accepted.ruleId()).isEqualTo("hf-scan-caution");
            assertThat(accepted.acceptedBy()).isEqualTo("dana.whitfield@kestrel.example");
            assertThat(accepted.justification()).contains("safetensors");
            assertThat(accepted.expiresAt()).isEqualTo(built.plus(Duration.ofDays(DemoWorkspace.DEMO_ACCEPTANCE_DAYS)));
            assertThat(t.findings().list(null, FindingStatus.ACCEPTED, 100)).singleElement()
                    .satisfies(f -> assertThat(f.id()).isEqualTo(accepted.findingId()));
            assertThat(t.audit().entries(new AuditQuery(null, "finding.accept", null, null, null, 0, 10)))
                    .singleElement().satisfies(e -> assertThat(e.event().actor()).isEqualTo("dana.whitfield@kestrel.example"));

            new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
            assertThat(t.audit().entries(new AuditQuery(null, "finding.accept", null, null, null, 0, 10)))
                    .as("a second load leaves the standing acceptance alone").hasSize(1);
        }
    }

    @Test
    void elevenDaysLaterTheAcceptanceHasEndedAndTheFindingIsOpenAgain() {
        Instant built = Instant.parse("2031-03-01T09:00:00Z");
        long id;
        try (Tightrope t = openAt(dir, built)) {
            new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
            id = t.findings().expiring(Duration.ofDays(14), 1).get(0).findingId();
        }
        try (Tightrope t = openAt(dir, built.plus(Duration.ofDays(11)))) {
            assertThat(t.findings().countExpiring(Duration.ofDays(14))).isZero();
            assertThat(t.findings().list(DemoWorkspace.ACCEPTED_ASSET, FindingStatus.OPEN, 10))
                    .anySatisfy(f -> {
                        assertThat(f.id()).isEqualTo(id);
                        assertThat(f.decision().reopenReason()).isEqualTo("expired");
                    });
            assertThat(t.audit().entries(new AuditQuery(null, "finding.reopened", null, null, null, 0, 10)))
                    .singleElement().satisfies(e -> assertThat(e.event().details()).containsEntry("reason", "expired"));
        }
    }
}
