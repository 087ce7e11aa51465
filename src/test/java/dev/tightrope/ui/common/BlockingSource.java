package dev.tightrope.ui.common;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SyncResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A source whose sync emits one asset and then holds the cache's writer until its gate opens:
 * a long sync, held open, for tests of what the console does meanwhile.
 */
public final class BlockingSource {
    public static final String TYPE = "blocking";
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private BlockingSource() {
    }

    /** The gate of the source with setting {@code gate=name}: tells when the sync holds the writer, lets it finish. */
    public static final class Gate {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        public boolean awaitHolding() throws InterruptedException {
            return entered.await(20, TimeUnit.SECONDS);
        }

        public void open() {
            release.countDown();
        }
    }

    public static Gate gate(String name) {
        return GATES.computeIfAbsent(name, n -> new Gate());
    }

    public static ConnectorFactory factory() {
        return new ConnectorFactory() {
            @Override
            public String type() {
                return TYPE;
            }

            @Override
            public String description() {
                return "test source that holds a sync open";
            }

            @Override
            public List<SettingSpec> settings() {
                return List.of(new SettingSpec("gate", "name of the gate", true, false));
            }

            @Override
            public Connector create(SourceConfig config) {
                Gate gate = gate(config.settings().get("gate"));
                return (context, sink) -> {
                    sink.asset(new Asset(Urn.of(AssetKind.DATASET, TYPE, "held"), "held", null, null, null, List.of(), null));
                    gate.entered.countDown();
                    if (!gate.release.await(30, TimeUnit.SECONDS)) {
                        throw new InterruptedException("the test never opened the gate");
                    }
                    context.checkCancelled();
                    return SyncResult.full(null);
                };
            }
        };
    }
}
