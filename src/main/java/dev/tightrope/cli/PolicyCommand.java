package dev.tightrope.cli;

import dev.tightrope.service.GateResult;
import dev.tightrope.service.PolicyService;
import dev.tightrope.service.TrustService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The workspace's promotion policy ({@code policies/default.json}): the verdict about one release
 * at a stage, the file itself, its JSON Schema, importing one, and its exceptions. Every change
 * is in the audit log as {@code policy.change} with the old and new digest.
 */
@Command(name = "policy", description = "The promotion policy: check a release against a stage, show, import, its schema and exceptions.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Show.class, PolicyCommand.Schema.class, PolicyCommand.Import.class,
            PolicyCommand.Except.class, PolicyCommand.Unexcept.class})
final class PolicyCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "check", description = "The policy's verdict about a release (an asset URN or sha256:<hex>) at a stage: "
            + "each rule pass, fail, waived or not evaluated, with why. Exit 0 pass, 1 fail, 2 error (as verify).")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        PolicyCommand parent;

        @Parameters(paramLabel = "URN", description = "An asset URN (its sha256 digest is the release) or sha256:<hex>.")
        String subject;

        @Option(names = "--stage", paramLabel = "S", description = "The stage (default: the policy's default stage).")
        String stage;

        @Option(names = "--json", description = "Print the tightrope.verification/v1 JSON report.")
        boolean json;

        @Override
        public Integer call() {
            GateResult result = parent.cli.tightrope().policy().check(subject, stage);
            parent.cli.out.print(json ? result.json() : result.text());
            return result.exitCode();
        }
    }

    @Command(name = "show", description = "Print the workspace policy file and a line per stage.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        PolicyCommand parent;

        @Override
        public Integer call() {
            TrustService.PolicyInUse p = parent.cli.tightrope().trust().policy();
            parent.cli.out.println("# " + p.source() + " (sha256 " + p.sha256() + "); stages: "
                    + String.join(", ", p.stages()) + " (the first is the default)");
            parent.cli.out.println("# " + p.describe());
            parent.cli.out.print(p.json());
            return Cli.OK;
        }
    }

    @Command(name = "schema", description = "Print the policy file's JSON Schema (draft 2020-12). Needs no workspace.")
    static final class Schema implements Callable<Integer> {
        @ParentCommand
        PolicyCommand parent;

        @Override
        public Integer call() {
            parent.cli.out.print(new String(PolicyService.schema(), StandardCharsets.UTF_8));
            return Cli.OK;
        }
    }

    @Command(name = "import", description = "Make a policy file (version 1 or 2) the workspace's.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        PolicyCommand parent;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            TrustService.PolicyInUse p = parent.cli.tightrope().trust().importPolicy(file);
            parent.cli.out.println("Policy " + p.sha256() + ": " + p.describe());
            return Cli.OK;
        }
    }

    @Command(name = "except", description = "Add an exception: waive rules (findings, owner, training-data, scan) for one asset "
            + "until a date, with a justification and the approver. Approval rules cannot be waived.")
    static final class Except implements Callable<Integer> {
        @ParentCommand
        PolicyCommand parent;

        @Parameters(paramLabel = "ASSET", description = "An asset URN or sha256:<hex>.")
        String asset;

        @Option(names = "--rule", required = true, paramLabel = "R", description = "findings, owner, training-data or scan (repeatable).")
        List<String> rules = new ArrayList<>();

        @Option(names = "--stage", paramLabel = "S", description = "Only in this stage (repeatable; default: every stage).")
        List<String> stages = new ArrayList<>();

        @Option(names = "--justification", required = true, paramLabel = "TEXT")
        String justification;

        @Option(names = "--approver", required = true, paramLabel = "NAME")
        String approver;

        @Option(names = "--expires", required = true, paramLabel = "DATE", description = "2026-12-31 (through that day, UTC) or an instant.")
        String expires;

        @Override
        public Integer call() {
            TrustService.PolicyInUse p = parent.cli.tightrope().trust().addException(asset, rules, stages, justification, approver,
                    expires);
            parent.cli.out.println("Exception added for " + asset + " until " + expires + "; policy " + p.sha256());
            return Cli.OK;
        }
    }

    @Command(name = "unexcept", description = "Remove the exceptions for one asset.")
    static final class Unexcept implements Callable<Integer> {
        @ParentCommand
        PolicyCommand parent;

        @Parameters(paramLabel = "ASSET")
        String asset;

        @Override
        public Integer call() {
            int removed = parent.cli.tightrope().trust().removeExceptions(asset);
            parent.cli.out.println(removed == 0 ? "No exception for " + asset : "Removed " + removed + " exception(s) for " + asset);
            return removed == 0 ? Cli.FAILED : Cli.OK;
        }
    }
}
