package dev.tightrope.domain.port;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.Problem;

/** Where a connector puts what it read. Implementations batch; callers just emit. */
public interface RecordSink {

    void asset(Asset asset);

    void edge(Edge edge);

    void owner(OwnerClaim claim);

    void finding(Finding finding);

    /** A record that could not be imported; the sync goes on. */
    void problem(Problem problem);
}
