package dev.tightrope.service.compliance;

import java.util.List;
import java.util.Objects;

/** A framework of the mapping file and its controls, in the file's order. */
public record Framework(String id, String name, String source, List<Control> controls) {
    public Framework {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        controls = List.copyOf(controls);
    }
}
