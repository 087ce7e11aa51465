package dev.tightrope.domain;

import java.util.List;

/**
 * How much of the estate has owners: per kind, the present assets, those with an owner of their
 * own (a source's, a rule's or a manual claim) and those owned only by inheritance; per owner, the
 * present assets they directly own. Inherited ownership is reported apart, never as owned.
 */
public record OwnershipCoverage(List<KindCoverage> kinds, List<OwnerCount> owners) {

    public OwnershipCoverage {
        kinds = List.copyOf(kinds);
        owners = List.copyOf(owners);
    }

    public long total() {
        return kinds.stream().mapToLong(KindCoverage::total).sum();
    }

    public long owned() {
        return kinds.stream().mapToLong(KindCoverage::owned).sum();
    }

    public record KindCoverage(AssetKind kind, long total, long owned, long inheritedOnly) {
        public long unowned() {
            return total - owned;
        }
    }

    public record OwnerCount(String owner, OwnerType type, long assets) {
    }
}
