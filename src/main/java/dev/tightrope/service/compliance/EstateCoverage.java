package dev.tightrope.service.compliance;

import java.time.LocalDate;
import java.util.List;

/**
 * How many of the estate's models have each control evidenced.
 *
 * @param models the models assessed (models and model versions present in the inventory)
 */
public record EstateCoverage(LocalDate assessedOn, String mapping, long models, List<Framework> frameworks, List<Coverage> controls) {

    /**
     * One control across the estate.
     *
     * @param notAssessed null when the control applies and Tightrope can assess it (the counts are of models),
     *                    else NOT_YET_APPLICABLE or NOT_ASSESSABLE_HERE (the counts are 0)
     */
    public record Coverage(Control control, ControlStatus notAssessed, long evidenced, long gaps) {
    }

    public EstateCoverage {
        frameworks = List.copyOf(frameworks);
        controls = List.copyOf(controls);
    }

    public List<Coverage> of(Framework framework) {
        return controls.stream().filter(c -> c.control().framework().equals(framework.id())).toList();
    }
}
