package dev.tightrope.sync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.sync.ConnectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A few reads in flight, answers in the items' order, failures where they fall. */
class PrefetchTest {

    @Test
    void answersComeBackInOrderWhateverOrderTheReadsFinishIn() throws Exception {
        for (long seed = 0; seed < 20; seed++) { // seeded, replayable: each seed is another finishing order
            Random random = new Random(seed);
            List<Integer> items = IntStream.range(0, 40).boxed().toList();
            List<Long> delays = items.stream().map(i -> (long) random.nextInt(3)).toList();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            List<Integer> seen = new ArrayList<>();
            Prefetch.inOrder(items, 4, i -> {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                Thread.sleep(delays.get(i));
                inFlight.decrementAndGet();
                return i * 10;
            }, (i, answer) -> {
                assertThat(answer.get()).isEqualTo(i * 10);
                seen.add(i);
            });
            assertThat(seen).as("seed " + seed).isEqualTo(items);
            assertThat(most.get()).as("seed " + seed).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void aFailedReadIsDeliveredAtItsItemAndTheCallerDecides() throws Exception {
        List<String> out = new ArrayList<>();
        Prefetch.inOrder(List.of("a", "bad", "c"), 3, s -> {
            if (s.equals("bad")) {
                throw new ConnectorException("/runs/get", "not found");
            }
            return s.toUpperCase();
        }, (s, answer) -> {
            try {
                out.add(answer.get());
            } catch (ConnectorException e) {
                out.add("problem: " + e.getMessage());
            }
        });
        assertThat(out).containsExactly("A", "problem: " + new ConnectorException("/runs/get", "not found").getMessage(), "C");

        assertThatThrownBy(() -> Prefetch.inOrder(List.of("a", "bad"), 2, s -> {
            if (s.equals("bad")) {
                throw new ConnectorException("/x", "broken");
            }
            return s;
        }, (s, answer) -> answer.get())).isInstanceOf(ConnectorException.class).hasMessageContaining("broken");
    }

    @Test
    void anInterruptStopsTheReads() {
        AtomicInteger started = new AtomicInteger();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Prefetch.inOrder(IntStream.range(0, 1000).boxed().toList(), 1, i -> {
            started.incrementAndGet();
            return i;
        }, (i, answer) -> answer.get())).isInstanceOf(InterruptedException.class);
        assertThat(started.get()).isZero();
    }
}
