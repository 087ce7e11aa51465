package dev.tightrope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.OwnerAssignment;
import dev.tightrope.domain.OwnerConflict;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.OwnershipCoverage;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.Actor;
import dev.tightrope.service.OwnershipService;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Owners: manual assignments (kept across syncs), the rules file, inheritance, conflicts and coverage. */
@Command(name = "owners", description = "Assign owners by hand or in bulk, apply the owner rules, inherit along lineage, "
        + "resolve conflicts, show coverage.",
        subcommands = {OwnersCommand.Assign.class, OwnersCommand.Remove.class, OwnersCommand.Rules.class,
            OwnersCommand.Inherit.class, OwnersCommand.Conflicts.class, OwnersCommand.Resolve.class,
            OwnersCommand.Coverage.class})
final class OwnersCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "assign", description = "Assign an owner to one asset, or to every asset matching a filter.")
    static final class Assign implements Callable<Integer> {
        @ParentCommand
        OwnersCommand parent;

        @Parameters(paramLabel = "URN", arity = "0..1", description = "The asset; leave out to assign to every asset the filter matches.")
        String urn;

        @Option(names = "--owner", required = true, description = "Person (e-mail or name) or team.")
        String owner;

        @Option(names = "--team", description = "The owner is a team.")
        boolean team;

        @Option(names = "--role", defaultValue = "technical_owner",
                description = "technical_owner, business_owner or steward (default ${DEFAULT-VALUE}).")
        String role;

        @Option(names = "--kind", paramLabel = "KIND", split = ",", description = "Filter: only assets of these kinds.")
        List<String> kinds = new ArrayList<>();

        @Option(names = "--source", paramLabel = "NAME", description = "Filter: only assets from this source.")
        String source;

        @Option(names = "--owned-by", paramLabel = "OWNER", description = "Filter: only assets this person or team owns.")
        String ownedBy;

        @Option(names = "--unowned", description = "Filter: only assets without any owner.")
        boolean unowned;

        @Option(names = "--query", paramLabel = "TEXT", description = "Filter: full-text search.")
        String query;

        @Override
        public Integer call() {
            OwnerRole r = OwnerRole.fromToken(role);
            OwnerType type = team ? OwnerType.TEAM : OwnerType.PERSON;
            boolean filtered = !kinds.isEmpty() || source != null || ownedBy != null || unowned || query != null;
            if (urn != null && filtered) {
                parent.cli.err.println("error: give a URN or a filter, not both");
                return Cli.ERROR;
            }
            if (urn == null) {
                if (!filtered) {
                    parent.cli.err.println("error: give a URN, or a filter (--kind, --source, --owned-by, --unowned, --query) "
                            + "to assign to every asset it matches");
                    return Cli.ERROR;
                }
                Set<AssetKind> kindSet = EnumSet.noneOf(AssetKind.class);
                kinds.forEach(k -> kindSet.add(AssetKind.fromToken(k)));
                AssetFilter filter = new AssetFilter(kindSet, source, ownedBy, unowned, AssetFilter.Presence.PRESENT, query);
                OwnershipService ownership = parent.cli.tightrope().ownership();
                long matching = ownership.count(filter);
                long added = ownership.assign(filter, owner, type, r, Actor.current(), n -> { });
                parent.cli.out.println("Assigned " + owner + " as " + r.label() + " of " + added + " of the " + matching
                        + " matching asset" + (matching == 1 ? "" : "s") + (added < matching ? " (the others had it already)" : ""));
                return Cli.OK;
            }
            boolean added = parent.cli.tightrope().inventory().assignOwner(Urn.parse(urn), owner, type, r, Actor.current());
            parent.cli.out.println(added ? "Assigned " + owner + " as " + r.label() + " of " + urn
                    : owner + " was already assigned");
            return Cli.OK;
        }
    }

    @Command(name = "remove", description = "Remove a manual owner assignment.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        OwnersCommand parent;

        @Parameters(paramLabel = "URN")
        String urn;

        @Option(names = "--owner", required = true)
        String owner;

        @Option(names = "--role", defaultValue = "technical_owner")
        String role;

        @Override
        public Integer call() {
            if (!parent.cli.tightrope().inventory().removeManualOwner(Urn.parse(urn), owner, OwnerRole.fromToken(role))) {
                parent.cli.err.println("error: " + owner + " has no manual " + role + " assignment on " + urn);
                return Cli.ERROR;
            }
            parent.cli.out.println("Removed " + owner + " from " + urn);
            return Cli.OK;
        }
    }

    @Command(name = "rules", description = "The owner rules file (" + OwnershipService.RULES_FILE + " in the workspace): "
            + "check it, or apply it to every asset now (syncs apply it to what they read).")
    static final class Rules implements Callable<Integer> {
        @ParentCommand
        OwnersCommand parent;

        @Parameters(paramLabel = "ACTION", description = "check or apply")
        String action;

        @Override
        public Integer call() {
            OwnershipService ownership = parent.cli.tightrope().ownership();
            switch (action) {
                case "check" -> {
                    var rules = ownership.rules();
                    if (!rules.valid()) {
                        rules.errors().forEach(e -> parent.cli.err.println("error: " + e));
                        return Cli.FAILED;
                    }
                    parent.cli.out.println(ownership.rulesFile() + ": " + rules.rules().size() + " rule"
                            + (rules.rules().size() == 1 ? "" : "s") + ", no errors");
                    return Cli.OK;
                }
                case "apply" -> {
                    var outcome = ownership.applyRules();
                    if (!outcome.applied()) {
                        outcome.errors().forEach(e -> parent.cli.err.println("error: " + e));
                        parent.cli.err.println("Nothing was applied; the claims of the previous rules stay.");
                        return Cli.FAILED;
                    }
                    var a = outcome.result();
                    parent.cli.out.println("Rules matched " + a.matched() + " asset" + (a.matched() == 1 ? "" : "s") + ", "
                            + a.claims() + " rule claim" + (a.claims() == 1 ? "" : "s") + " held, owners changed on "
                            + a.changed() + " asset" + (a.changed() == 1 ? "" : "s"));
                    return Cli.OK;
                }
                default -> {
                    parent.cli.err.println("error: unknown action '" + action + "'; expected check or apply");
                    return Cli.ERROR;
                }
            }
        }
    }

    @Command(name = "inherit", description = "Turn ownership inherited along lineage on or off (off by default), or show it.")
    static final class Inherit implements Callable<Integer> {
        @ParentCommand
        OwnersCommand parent;

        @Parameters(paramLabel = "on|off", arity = "0..1")
        String state;

        @Override
        public Integer call() {
            OwnershipService ownership = parent.cli.tightrope().ownership();
            if (state == null) {
                parent.cli.out.println("Inheritance along lineage is " + (ownership.inheritanceOn() ? "on" : "off"));
                return Cli.OK;
            }
            if (!state.equals("on") && !state.equals("off")) {
                parent.cli.err.println("error: expected on or off, got '" + state + "'");
                return Cli.ERROR;
            }
            long claims = ownership.setInheritance(state.equals("on"));
            parent.cli.out.println("Inheritance along lineage is " + state + "; " + claims + " inherited claim"
                    + (claims == 1 ? "" : "s"));
            return Cli.OK;
        }
    }

    @Command(name = "conflicts", description = "Assets whose sources (or a source and the rules) name different owners for one role.")
    static final class Conflicts implements Callable<Integer> {
        @ParentCommand
        OwnersCommand parent;

        @Option(names = "--limit", defaultValue = "1000")
        int limit;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            List<OwnerConflict> conflicts = parent.cli.tightrope().ownership().conflicts(limit);
            if (json) {
                ArrayNode arr = Output.JSON.createArrayNode();
                for (OwnerConflict c : conflicts) {
                    ObjectNode n = arr.addObject().put("urn", c.urn()).put("name", c.name()).put("role", c.role().token());
                    ArrayNode claims = n.putArray("claims");
                    for (OwnerAssignment o : c.claims()) {
                        claims.addObject().put("owner", o.owner()).put("from", o.origin());
                    }
                }
                Output.printJson(parent.cli.out, arr);
                return Cli.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (OwnerConflict c : conflicts) {
                rows.add(List.of(c.name(), c.role().token(), String.join("; ",
                        c.claims().stream().map(o -> o.owner() + " (" + o.origin() + ")").toList()), c.urn()));
            }
            Output.table(parent.cli.out, List.of("NAME", "ROLE", "CLAIMS", "URN"), rows);
            return Cli.OK;
        }
    }

    @Command(name = "resolve", description = "Resolve a conflict by choosing one of the claimed owners (a manual assignment that wins).")
    static final class Resolve implements Callable<Integer> {
        @ParentCommand
        OwnersCommand parent;

        @Parameters(paramLabel = "URN")
        String urn;

        @Option(names = "--owner", required = true, description = "The claimed owner to keep.")
        String owner;

        @Option(names = "--role", defaultValue = "technical_owner")
        String role;

        @Override
        public Integer call() {
            if (!parent.cli.tightrope().ownership().resolveConflict(Urn.parse(urn), OwnerRole.fromToken(role), owner, Actor.current())) {
                parent.cli.err.println("error: " + urn + " has no " + role + " conflict");
                return Cli.ERROR;
            }
            parent.cli.out.println("Kept " + owner + " as " + OwnerRole.fromToken(role).label() + " of " + urn);
            return Cli.OK;
        }
    }

    @Command(name = "coverage", description = "Ownership coverage by kind and by owner (team or person).")
    static final class Coverage implements Callable<Integer> {
        @ParentCommand
        OwnersCommand parent;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            OwnershipCoverage cov = parent.cli.tightrope().ownership().coverage();
            if (json) {
                ObjectNode root = Output.JSON.createObjectNode().put("total", cov.total()).put("owned", cov.owned());
                ArrayNode kinds = root.putArray("kinds");
                cov.kinds().forEach(k -> kinds.addObject().put("kind", k.kind().token()).put("total", k.total())
                        .put("owned", k.owned()).put("inheritedOnly", k.inheritedOnly()));
                ArrayNode owners = root.putArray("owners");
                cov.owners().forEach(o -> owners.addObject().put("owner", o.owner())
                        .put("type", o.type().name().toLowerCase(java.util.Locale.ROOT)).put("assets", o.assets()));
                Output.printJson(parent.cli.out, root);
                return Cli.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            cov.kinds().forEach(k -> rows.add(List.of(k.kind().token(), String.valueOf(k.total()), String.valueOf(k.owned()),
                    percent(k.owned(), k.total()), String.valueOf(k.inheritedOnly()))));
            rows.add(List.of("all", String.valueOf(cov.total()), String.valueOf(cov.owned()), percent(cov.owned(), cov.total()), ""));
            Output.table(parent.cli.out, List.of("KIND", "ASSETS", "OWNED", "COVERAGE", "INHERITED ONLY"), rows);
            parent.cli.out.println();
            List<List<String>> owners = new ArrayList<>();
            cov.owners().forEach(o -> owners.add(List.of(o.owner(), o.type().name().toLowerCase(java.util.Locale.ROOT),
                    String.valueOf(o.assets()))));
            Output.table(parent.cli.out, List.of("OWNER", "TYPE", "ASSETS"), owners);
            return Cli.OK;
        }

        private static String percent(long part, long whole) {
            return whole == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * part / whole);
        }
    }
}
