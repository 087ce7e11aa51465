package dev.tightrope.scan.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.scan.ScanLimitException;
import org.junit.jupiter.api.Test;

/** The memo holds plain values in one long each and objects only for what an import or call can reach. */
class PickleMemoTest {

    private static final long PAGE_BYTES = 4096 * 8;

    @Test
    void millionsOfPlainEntriesHoldNoObjectAndTakeEightBytesEach() {
        PickleMemo memo = new PickleMemo(256L << 20);
        int entries = 3_000_000;
        for (int i = 0; i < entries; i++) {
            byte tag = i % 3 == 0 ? PickleMachine.FLOAT : i % 3 == 1 ? PickleMachine.STR_UTF8 : PickleMachine.INT;
            memo.put(memo.size(), tag, i * 10L, 7, null);
        }

        assertThat(memo.size()).isEqualTo(entries);
        assertThat(memo.boxedValues()).isZero();
        assertThat(memo.bytes()).isEqualTo((entries + 4095) / 4096 * PAGE_BYTES);
    }

    @Test
    void stringsIntsAndBoolsComeBackExactly() {
        PickleMemo memo = new PickleMemo(1 << 20);
        memo.put(0, PickleMachine.STR_BIN, (1L << 38) - 1, (1 << 20) + 1, null);
        memo.put(1, PickleMachine.INT, -42, 0, null);
        memo.put(2, PickleMachine.INT, (1L << 58) - 1, 0, null);
        memo.put(3, PickleMachine.BOOL, 1, 0, null);

        long s = memo.word(0);
        assertThat(PickleMemo.tagOf(s)).isEqualTo(PickleMachine.STR_BIN);
        assertThat(PickleMemo.aOf(s)).isEqualTo((1L << 38) - 1);
        assertThat(PickleMemo.bOf(s)).isEqualTo((1 << 20) + 1);
        assertThat(PickleMemo.aOf(memo.word(1))).isEqualTo(-42);
        assertThat(PickleMemo.aOf(memo.word(2))).isEqualTo((1L << 58) - 1);
        assertThat(PickleMemo.aOf(memo.word(3))).isEqualTo(1);
        assertThat(memo.boxedValues()).isZero();
    }

    @Test
    void valuesThatDoNotFitAWordAreBoxedExactly() {
        PickleMemo memo = new PickleMemo(1 << 20);
        memo.put(0, PickleMachine.INT, Long.MIN_VALUE, 0, null);
        memo.put(1, PickleMachine.STR_UTF8, 1L << 40, 3, null);

        assertThat(memo.boxedValues()).isEqualTo(2);
        assertThat(memo.boxed(memo.word(0)).a).isEqualTo(Long.MIN_VALUE);
        assertThat(memo.boxed(memo.word(1)).a).isEqualTo(1L << 40);
    }

    @Test
    void importsAreBoxedAndOverwritingOneReusesItsBox() {
        PickleMemo memo = new PickleMemo(1 << 20);
        PicklePolicy.Decision d = PicklePolicy.standard().classify("os", "system");
        memo.put(5, PickleMachine.GLOBAL, 2, 0, new PickleMachine.GlobalRef("os", "system", d));
        memo.put(5, PickleMachine.GLOBAL, 9, 0, new PickleMachine.GlobalRef("posix", "system", d));

        assertThat(memo.boxedValues()).isEqualTo(1);
        assertThat(memo.size()).isEqualTo(1);
        PickleMachine.Value v = memo.boxed(memo.word(5));
        assertThat(((PickleMachine.GlobalRef) v.obj).module()).isEqualTo("posix");
    }

    @Test
    void containerWithoutKeptItemsComesBackOpaqueNotEmpty() {
        PickleMemo memo = new PickleMemo(1 << 20);
        memo.put(0, PickleMachine.LIST, 1, 0, null);

        long w = memo.word(0);
        assertThat(memo.boxed(w)).isNull();
        assertThat(PickleMemo.tagOf(w)).isEqualTo(PickleMachine.LIST);
        assertThat(PickleMemo.aOf(w)).isZero();
    }

    @Test
    void scatteredKeysReachTheBoundInsteadOfMultiplyingMemory() {
        PickleMemo memo = new PickleMemo(10 * PAGE_BYTES);
        for (int i = 0; i < 10; i++) {
            memo.put(i * 4096L, PickleMachine.NONE, 0, 0, null);
        }

        assertThatThrownBy(() -> memo.put(10 * 4096L, PickleMachine.NONE, 0, 0, null))
                .isInstanceOf(ScanLimitException.class).hasMessageContaining("pickle memo larger than");
    }

    @Test
    void keysBeyondThirtyTwoBitsAndNegativeKeysAreKeptAside() {
        PickleMemo memo = new PickleMemo(1 << 20);
        memo.put(1L << 40, PickleMachine.INT, 7, 0, null);
        memo.put(-3, PickleMachine.INT, 8, 0, null);

        assertThat(PickleMemo.aOf(memo.word(1L << 40))).isEqualTo(7);
        assertThat(PickleMemo.aOf(memo.word(-3))).isEqualTo(8);
        assertThat(memo.word(12)).isZero();
        assertThat(memo.size()).isEqualTo(2);
    }

    @Test
    void clearingForTheNextPickleForgetsEverything() {
        PickleMemo memo = new PickleMemo(1 << 20);
        memo.put(0, PickleMachine.INT, 1, 0, null);
        memo.put(70_000, PickleMachine.INT, 2, 0, null);
        memo.clear();

        assertThat(memo.word(0)).isZero();
        assertThat(memo.word(70_000)).isZero();
        assertThat(memo.size()).isZero();
        assertThat(memo.bytes()).isEqualTo(PAGE_BYTES);
    }
}
