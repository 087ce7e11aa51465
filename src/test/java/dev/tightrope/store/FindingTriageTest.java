package dev.tightrope.store;

import static dev.tightrope.store.StoreFixture.asset;
import static dev.tightrope.store.StoreFixture.dataset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.FindingDecision;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.IngestStore.IngestSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingTriageTest {

    @TempDir
    Path dir;

    StoreFixture f;
    final Instant now = Instant.now();

    @BeforeEach
    void open() {
        f = new StoreFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static Finding pii(Urn asset) {
        return new Finding(asset, "pii.column", Severity.HIGH, "PII column", "ssn", "schema", "test", null);
    }

    private static Finding leakedKey(Urn asset) {
        return new Finding(asset, "secret.aws-key", Severity.CRITICAL, "AWS key in a column", "AKIA…", "row 7", "test", null);
    }

    /** One full sync of the source reporting these assets, each with the findings given for it. */
    private void sync(Urn[] assets, Finding... findings) {
        try (IngestSession s = f.ingest.begin(f.source)) {
            for (Urn a : assets) {
                s.asset(asset(a, null));
            }
            for (Finding x : findings) {
                s.finding(x);
            }
            s.commit(SyncMode.FULL, null);
        }
    }

    private StoredFinding only(Urn asset, String rule) {
        return f.assets.detail(asset).orElseThrow().findings().stream()
                .filter(x -> x.finding().ruleId().equals(rule)).findFirst().orElseThrow();
    }

    private Severity worst(Urn asset) {
        return f.assets.list(AssetFilter.all(), AssetSort.byName(), 100).stream()
                .filter(a -> a.urn().equals(asset.toString())).findFirst().orElseThrow().worstFinding();
    }

    @Test
    void anAcceptanceSurvivesResyncsAndTheFindingRowBeingCreatedAgain() {
        Urn txns = dataset("txns");
        sync(new Urn[] {txns}, pii(txns), leakedKey(txns));
        f.triage.accept(only(txns, "secret.aws-key").id(), "key revoked; rotation tracked in SEC-114", "dana", now,
                now.plus(Duration.ofDays(30)));
        assertThat(worst(txns)).isEqualTo(Severity.HIGH);

        sync(new Urn[] {txns}, pii(txns), leakedKey(txns));
        StoredFinding accepted = only(txns, "secret.aws-key");
        assertThat(accepted.finding().status()).isEqualTo(FindingStatus.ACCEPTED);
        assertThat(accepted.justification()).isEqualTo("key revoked; rotation tracked in SEC-114");
        assertThat(accepted.decision().decidedBy()).isEqualTo("dana");
        assertThat(accepted.decision().expiresAt()).isEqualTo(Instant.ofEpochMilli(now.plus(Duration.ofDays(30)).toEpochMilli()));

        // removing the source deletes its findings; the decision is the user's and stays
        f.sources.remove(f.source.name());
        long findingRows = f.db.read(c -> Database.scalar(c, "SELECT count(*) FROM findings"));
        assertThat(findingRows).isZero();
        f.sources.add(f.source);
        sync(new Urn[] {txns}, pii(txns), leakedKey(txns));
        assertThat(only(txns, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.ACCEPTED);
        assertThat(only(txns, "pii.column").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(worst(txns)).isEqualTo(Severity.HIGH);
    }

    @Test
    void aResolvedFindingReportedAgainReopensAndSaysSoOnce() {
        Urn txns = dataset("txns");
        sync(new Urn[] {txns}, pii(txns));
        f.triage.resolve(only(txns, "pii.column").id(), "dana", now);
        assertThat(only(txns, "pii.column").finding().status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(worst(txns)).isNull();

        sync(new Urn[] {txns}, pii(txns));
        StoredFinding back = only(txns, "pii.column");
        assertThat(back.finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(back.decision().state()).isEqualTo(FindingDecision.State.REOPENED);
        assertThat(back.decision().reopenReason()).startsWith("reported again by the sync of lake");
        assertThat(worst(txns)).isEqualTo(Severity.HIGH);

        assertThat(f.triage.anythingDue(now)).isTrue();
        FindingTriage.DueChanges due = f.triage.reopenDue(now);
        assertThat(due.reopened()).singleElement().satisfies(r -> {
            assertThat(r.findingId()).isEqualTo(back.id());
            assertThat(r.reason()).startsWith("reported again");
        });
        assertThat(f.triage.anythingDue(now)).isFalse();
        assertThat(f.triage.reopenDue(now).isEmpty()).isTrue();
    }

    @Test
    void aResolvedFindingTheSourceStopsReportingStaysResolved() {
        Urn txns = dataset("txns");
        sync(new Urn[] {txns}, pii(txns));
        f.triage.resolve(only(txns, "pii.column").id(), "dana", now);
        sync(new Urn[] {txns});
        assertThat(only(txns, "pii.column").finding().status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(only(txns, "pii.column").decision().state()).isEqualTo(FindingDecision.State.RESOLVED);
    }

    @Test
    void aSuppressionByGlobsCoversOpenFindingsNowAndNewOnesFromLaterSyncs() {
        Urn raw = dataset("raw/events");
        Urn rawClicks = dataset("raw/clicks");
        Urn curated = dataset("curated/events");
        sync(new Urn[] {raw, rawClicks, curated}, leakedKey(raw), pii(raw), leakedKey(curated));

        FindingTriage.Suppressed s = f.triage.suppress("secret.*", "tr:dataset:openlineage:s3://lake/raw/*",
                "raw zone holds test fixtures only", "dana", now, null);
        assertThat(s.findingsSuppressed()).isEqualTo(1);
        assertThat(only(raw, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.SUPPRESSED);
        assertThat(only(raw, "secret.aws-key").justification()).isEqualTo("raw zone holds test fixtures only");
        assertThat(only(raw, "pii.column").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(only(curated, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(worst(raw)).isEqualTo(Severity.HIGH);

        sync(new Urn[] {raw, rawClicks, curated}, leakedKey(raw), pii(raw), leakedKey(curated), leakedKey(rawClicks));
        assertThat(only(rawClicks, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.SUPPRESSED);
        assertThat(only(raw, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.SUPPRESSED);
        assertThat(only(curated, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(worst(rawClicks)).isNull();
        assertThat(f.triage.suppressions()).extracting(x -> x.rulePattern() + " on " + x.urnPattern())
                .containsExactly("secret.* on tr:dataset:openlineage:s3://lake/raw/*");

        assertThat(f.triage.unsuppress(s.suppression().id(), now).orElseThrow().findingsSuppressed()).isEqualTo(2);
        assertThat(only(rawClicks, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(only(rawClicks, "secret.aws-key").justification()).isNull();
        assertThat(worst(rawClicks)).isEqualTo(Severity.CRITICAL);
        assertThat(f.triage.unsuppress(s.suppression().id(), now)).isEmpty();
    }

    @Test
    void anAcceptanceOutranksASuppressionAndReopeningFallsBackToIt() {
        Urn txns = dataset("txns");
        sync(new Urn[] {txns}, leakedKey(txns));
        long id = only(txns, "secret.aws-key").id();
        f.triage.accept(id, "revoked", "dana", now, now.plus(Duration.ofDays(3)));
        f.triage.suppress("secret.aws-key", txns.toString(), "scanner false positive on this table", "dana", now, null);
        assertThat(only(txns, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.ACCEPTED);

        f.triage.reopen(id, "dana", now);
        assertThat(only(txns, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.SUPPRESSED);
        assertThatThrownBy(() -> f.triage.reopen(id, "dana", now)).hasMessageContaining("suppressed");
    }

    @Test
    void anExpiredAcceptanceReopensExactlyOnceAndTheRiskColumnFollows() {
        Urn txns = dataset("txns");
        Urn orders = dataset("orders");
        sync(new Urn[] {txns, orders}, leakedKey(txns), leakedKey(orders));
        long soon = only(txns, "secret.aws-key").id();
        f.triage.accept(soon, "revoked", "dana", now, now.plus(Duration.ofDays(2)));
        f.triage.accept(only(orders, "secret.aws-key").id(), "revoked", "dana", now, now.plus(Duration.ofDays(20)));
        assertThat(f.triage.countExpiring(now, now.plus(Duration.ofDays(7)))).isEqualTo(1);
        assertThat(f.triage.expiring(now, now.plus(Duration.ofDays(30)), 10)).extracting(a -> a.assetUrn())
                .containsExactly(txns.toString(), orders.toString());
        assertThat(f.triage.anythingDue(now)).isFalse();

        Instant later = now.plus(Duration.ofDays(3));
        sync(new Urn[] {txns, orders}, leakedKey(txns), leakedKey(orders));
        assertThat(only(txns, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.ACCEPTED);
        assertThat(f.triage.anythingDue(later)).isTrue();
        List<FindingTriage.Reopening> reopened = f.triage.reopenDue(later).reopened();
        assertThat(reopened).singleElement().satisfies(r -> {
            assertThat(r.findingId()).isEqualTo(soon);
            assertThat(r.reason()).isEqualTo("expired");
            assertThat(r.justification()).isEqualTo("revoked");
        });
        assertThat(f.triage.reopenDue(later).isEmpty()).isTrue();
        assertThat(f.triage.anythingDue(later)).isFalse();
        assertThat(only(txns, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(only(txns, "secret.aws-key").decision().state()).isEqualTo(FindingDecision.State.REOPENED);
        assertThat(only(orders, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.ACCEPTED);
        assertThat(worst(txns)).isEqualTo(Severity.CRITICAL);
        assertThat(worst(orders)).isNull();
    }

    @Test
    void anExpiredAcceptanceReopensWithoutASync() {
        Urn txns = dataset("txns");
        sync(new Urn[] {txns}, leakedKey(txns));
        f.triage.accept(only(txns, "secret.aws-key").id(), "revoked", "dana", now, now.plus(Duration.ofHours(1)));
        assertThat(worst(txns)).isNull();
        assertThat(f.triage.reopenDue(now.plus(Duration.ofHours(2))).reopened()).hasSize(1);
        assertThat(only(txns, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(worst(txns)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aSyncAfterTheExpiryCountsTheFindingOpenAndLeavesTheReopeningToBeLogged() {
        Urn txns = dataset("txns");
        sync(new Urn[] {txns}, leakedKey(txns));
        Instant lastWeek = now.minus(Duration.ofDays(7));
        f.triage.accept(only(txns, "secret.aws-key").id(), "revoked", "dana", lastWeek, now.minusSeconds(1));
        sync(new Urn[] {txns}, leakedKey(txns));
        assertThat(only(txns, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(worst(txns)).isEqualTo(Severity.CRITICAL);
        assertThat(f.triage.reopenDue(now).reopened()).extracting(r -> r.reason()).containsExactly("expired");
    }

    @Test
    void anExpiredSuppressionEndsAndItsFindingsReopen() {
        Urn txns = dataset("txns");
        sync(new Urn[] {txns}, leakedKey(txns));
        f.triage.suppress("secret.*", "tr:dataset:*", "until the scanner is fixed", "dana", now, now.plus(Duration.ofDays(1)));
        assertThat(worst(txns)).isNull();
        FindingTriage.DueChanges due = f.triage.reopenDue(now.plus(Duration.ofDays(2)));
        assertThat(due.expiredSuppressions()).extracting(s -> s.rulePattern()).containsExactly("secret.*");
        assertThat(f.triage.suppressions()).isEmpty();
        assertThat(only(txns, "secret.aws-key").finding().status()).isEqualTo(FindingStatus.OPEN);
        assertThat(worst(txns)).isEqualTo(Severity.CRITICAL);
    }
}
