package dev.tightrope.trust.reviewers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The organisation's reviewed trust store with the local additions over it: every entry knows where it came from. */
class LayeredTrustStoreTest {

    @TempDir
    Path dir;

    static final Instant AT = Instant.parse("2026-11-26T08:00:00Z");

    private static Reviewer reviewer(String name, String... roles) {
        return new Reviewer(name, null, new TreeSet<>(Set.of(roles)), Signer.generate(KeyAlgorithm.P256).verificationKey());
    }

    private static LocalTrustStore.Entry local(Reviewer r, String selfTrust) {
        return new LocalTrustStore.Entry(r, "ana", AT, selfTrust);
    }

    @Test
    void aLocalReviewerIsUnreviewedAndCountsOnlyUnderThePolicySwitch() {
        Reviewer ravi = reviewer("ravi", "security");
        Reviewer ana = reviewer("ana", "security");
        LayeredTrustStore trust = LayeredTrustStore.of(TrustStore.empty().with(ravi),
                LocalTrustStore.empty().with(local(ana, "its private key is here")));
        assertThat(trust.entries()).extracting(LayeredTrustStore.Entry::name).containsExactly("ana", "ravi");
        LayeredTrustStore.Entry a = trust.byKey(ana.key()).orElseThrow();
        assertThat(a.origin()).isEqualTo(LayeredTrustStore.Origin.LOCAL);
        assertThat(a.unreviewedRoles()).containsExactly("security");
        assertThat(a.counts(false)).isFalse();
        assertThat(a.counts(true)).isTrue();
        assertThat(a.hasCountedRole("security", false)).isFalse();
        assertThat(a.hasCountedRole("security", true)).isTrue();
        assertThat(a.selfTrust()).isEqualTo("its private key is here");
        assertThat(trust.byName("ravi").orElseThrow().reviewed()).isTrue();
        assertThat(trust.keys()).hasSize(2);
    }

    @Test
    void aLocalRoleChangeOfAReviewedReviewerAddsUnreviewedRolesAndTakesAwayReviewedOnes() {
        Reviewer helen = reviewer("helen", "ml-lead", "governance");
        Reviewer raised = new Reviewer("helen", null, new TreeSet<>(Set.of("ml-lead", "security")), helen.key());
        LayeredTrustStore.Entry e = LayeredTrustStore.of(TrustStore.empty().with(helen), LocalTrustStore.empty().with(local(raised, null)))
                .byName("helen").orElseThrow();
        assertThat(e.reviewed()).isTrue();
        assertThat(e.reviewer().roles()).containsExactly("ml-lead", "security");
        assertThat(e.reviewedRoles()).as("governance was taken away locally").containsExactly("ml-lead");
        assertThat(e.unreviewedRoles()).containsExactly("security");
        assertThat(e.hasCountedRole("security", false)).isFalse();
        assertThat(e.hasCountedRole("governance", false)).isFalse();
        assertThat(e.changedLocally()).isTrue();
    }

    @Test
    void aLocalEntryThatContradictsTheReviewedFileIsIgnored() {
        Reviewer ravi = reviewer("ravi", "security");
        Reviewer impostor = reviewer("ravi", "security");
        Reviewer alias = new Reviewer("r.kapoor", null, new TreeSet<>(Set.of("security", "legal")), ravi.key());
        LayeredTrustStore trust = LayeredTrustStore.of(TrustStore.empty().with(ravi),
                LocalTrustStore.empty().with(local(impostor, null)).with(local(alias, null)));
        assertThat(trust.entries()).singleElement().satisfies(e -> assertThat(e.reviewer().key()).isEqualTo(ravi.key()));
        assertThat(trust.problems()).hasSize(2);
        assertThat(trust.problems().get(0)).contains("'r.kapoor' uses the key of the reviewed reviewer 'ravi'");
        assertThat(trust.problems().get(1)).contains("'ravi' has another key");
        assertThat(trust.byKey(impostor.key())).isEmpty();
    }

    @Test
    void theLocalFileRoundTripsWithWhoWhenAndSelfTrustAndRefusesUnknownFields() throws Exception {
        Path file = dir.resolve("local-reviewers.json");
        LocalTrustStore store = LocalTrustStore.empty().with(local(reviewer("ana", "security"), "the entry is named after you (ana)"))
                .with(local(reviewer("bo"), null));
        store.save(file);
        String text = Files.readString(file);
        assertThat(text).contains("\"type\": \"tightrope-local-trust-store\"").contains("\"addedBy\": \"ana\"")
                .contains("\"addedAt\": \"2026-11-26T08:00:00Z\"").contains("\"selfTrust\": \"the entry is named after you (ana)\"");
        LocalTrustStore again = LocalTrustStore.load(file);
        assertThat(again.entries()).isEqualTo(store.entries());
        assertThat(LocalTrustStore.loadOrEmpty(dir.resolve("none.json")).entries()).isEmpty();

        Files.writeString(file, text.replace("\"addedBy\"", "\"approvedBy\""));
        assertThatThrownBy(() -> LocalTrustStore.load(file)).isInstanceOf(TrustFormatException.class)
                .hasMessageContaining("unknown field 'approvedBy'");
        assertThatThrownBy(() -> LocalTrustStore.parse(new String(TrustStore.empty().toBytes(), StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.UTF_8), "reviewers.json")).hasMessageContaining("expected tightrope-local-trust-store");
    }
}
