package dev.tightrope.service.compliance;

import java.time.LocalDate;
import java.util.List;

/**
 * Every control of the mapping for one model, in the mapping's order.
 *
 * @param via     the deployment the model was reached from when the question was about a deployment, else null
 * @param mapping where the mapping was read from ({@code bundled} or the workspace's file) and its version
 */
public record ModelCompliance(String urn, String name, String via, LocalDate assessedOn, String mapping, List<Framework> frameworks,
                              List<ControlResult> results) {
    public ModelCompliance {
        frameworks = List.copyOf(frameworks);
        results = List.copyOf(results);
    }

    public List<ControlResult> of(Framework framework) {
        return results.stream().filter(r -> r.control().framework().equals(framework.id())).toList();
    }

    public long count(Framework framework, ControlStatus status) {
        return of(framework).stream().filter(r -> r.status() == status).count();
    }
}
