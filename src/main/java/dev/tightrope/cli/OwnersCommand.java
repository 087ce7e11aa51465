package dev.tightrope.cli;

import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.Actor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Manual owner assignments: the user's records, which syncs never overwrite. */
@Command(name = "owners", description = "Assign or remove owners by hand (kept across syncs).",
        subcommands = {OwnersCommand.Assign.class, OwnersCommand.Remove.class})
final class OwnersCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "assign", description = "Assign an owner to an asset.")
    static final class Assign implements Callable<Integer> {
        @ParentCommand
        OwnersCommand parent;

        @Parameters(paramLabel = "URN")
        String urn;

        @Option(names = "--owner", required = true, description = "Person (e-mail or name) or team.")
        String owner;

        @Option(names = "--team", description = "The owner is a team.")
        boolean team;

        @Option(names = "--role", defaultValue = "technical_owner",
                description = "technical_owner, business_owner or steward (default ${DEFAULT-VALUE}).")
        String role;

        @Override
        public Integer call() {
            boolean added = parent.cli.tightrope().inventory().assignOwner(Urn.parse(urn), owner,
                    team ? OwnerType.TEAM : OwnerType.PERSON, OwnerRole.fromToken(role), Actor.current());
            parent.cli.out.println(added ? "Assigned " + owner + " as " + OwnerRole.fromToken(role).label() + " of " + urn
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
}
