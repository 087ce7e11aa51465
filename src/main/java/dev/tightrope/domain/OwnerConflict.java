package dev.tightrope.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Two or more claimants (sources, the rules file) naming different owners for one role of one
 * asset, with no manual choice settling it. Each claim is kept and shown; none is merged away.
 */
public record OwnerConflict(String urn, String name, OwnerRole role, List<OwnerAssignment> claims) {

    public OwnerConflict {
        claims = List.copyOf(claims);
    }

    /**
     * The conflicts among one asset's claims: per role, the direct claims that are not manual, when
     * they come from two or more claimants and name two or more owners, unless the user made a
     * manual claim for that role (the user's choice wins). Inherited claims never conflict.
     */
    public static List<OwnerConflict> among(String urn, String name, List<OwnerAssignment> owners) {
        Map<OwnerRole, List<OwnerAssignment>> byRole = new EnumMap<>(OwnerRole.class);
        Map<OwnerRole, Boolean> chosen = new EnumMap<>(OwnerRole.class);
        for (OwnerAssignment o : owners) {
            if (o.provenance() == Provenance.MANUAL) {
                chosen.put(o.role(), true);
            } else if (o.provenance().direct()) {
                byRole.computeIfAbsent(o.role(), r -> new ArrayList<>()).add(o);
            }
        }
        List<OwnerConflict> out = new ArrayList<>();
        byRole.forEach((role, claims) -> {
            boolean claimants = claims.stream().map(OwnerAssignment::claimant).distinct().count() > 1;
            boolean differ = claims.stream().map(o -> o.owner().toLowerCase(java.util.Locale.ROOT)).distinct().count() > 1;
            if (claimants && differ && !chosen.containsKey(role)) {
                out.add(new OwnerConflict(urn, name, role, claims));
            }
        });
        return out;
    }
}
