package dev.tightrope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.AcceptedFinding;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.FindingSuppression;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.FindingsService;
import dev.tightrope.service.export.AssetJson;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Triage of findings: the user's decisions (accepted until a date, resolved, reopened) and
 * suppressions, kept across syncs and recorded in the audit log.
 */
@Command(name = "findings", description = "List and triage findings: accept a risk until a date, resolve, reopen, suppress a rule.",
        subcommands = {
            FindingsCommand.ListFindings.class,
            FindingsCommand.Accept.class,
            FindingsCommand.Resolve.class,
            FindingsCommand.Reopen.class,
            FindingsCommand.Suppress.class,
            FindingsCommand.Unsuppress.class,
            FindingsCommand.Suppressions.class,
            FindingsCommand.Expiring.class
        })
final class FindingsCommand {
    @ParentCommand
    Cli cli;

    FindingsService findings() {
        return cli.tightrope().findings();
    }

    @Command(name = "list", description = "List findings of one asset or of the whole estate, worst first.")
    static final class ListFindings implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Option(names = "--asset", paramLabel = "URN", description = "Only this asset (and the assets with the same content).")
        String asset;

        @Option(names = "--status", paramLabel = "STATUS", defaultValue = "open",
                description = "open, accepted, suppressed, resolved or all (default ${DEFAULT-VALUE}).")
        String status;

        @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print a JSON array (see README for the shape).")
        boolean json;

        @Override
        public Integer call() {
            List<StoredFinding> rows = parent.findings().list(asset == null ? null : Urn.parse(asset), status(status), limit);
            if (json) {
                Output.printJson(parent.cli.out, AssetJson.findings(rows));
                return Cli.OK;
            }
            List<List<String>> table = new ArrayList<>();
            for (StoredFinding f : rows) {
                table.add(List.of(String.valueOf(f.id()), f.finding().severity().token(), f.finding().ruleId(),
                        state(f), f.finding().asset().toString()));
            }
            Output.table(parent.cli.out, List.of("ID", "SEVERITY", "RULE", "STATUS", "ASSET"), table);
            if (rows.size() == limit) {
                parent.cli.err.println(limit + " shown; there may be more: use --limit, --asset or --status.");
            }
            return Cli.OK;
        }

        /** The status filter {@code --status} names; null for all. */
        static FindingStatus status(String token) {
            String t = token.strip().toLowerCase(Locale.ROOT);
            if (t.equals("all")) {
                return null;
            }
            for (FindingStatus s : FindingStatus.values()) {
                if (Labels.token(s).equals(t)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown --status '" + token + "'; expected open, accepted, suppressed, resolved or all");
        }

        /** "accepted until 2026-12-01T00:00:00Z by dana", "suppressed: fixtures only", "open". */
        static String state(StoredFinding f) {
            FindingStatus s = f.finding().status();
            return switch (s) {
                case ACCEPTED -> "accepted until " + (f.decision() == null ? "?" : f.decision().expiresAt()
                        + " by " + f.decision().decidedBy());
                case RESOLVED -> f.decision() == null ? "resolved (no longer reported)" : "resolved by " + f.decision().decidedBy();
                case SUPPRESSED -> "suppressed: " + f.justification();
                case OPEN -> f.decision() != null && f.decision().reopenReason() != null
                        ? "open (" + f.decision().reopenReason() + ")" : "open";
            };
        }
    }

    /** When an acceptance ends: a date or instant, or a number of days from now. */
    static final class Expiry {
        @Option(names = "--until", paramLabel = "DATE", required = true,
                description = "The day it reopens (YYYY-MM-DD, at 00:00 local time) or an instant (2026-12-31T09:00:00Z).")
        String until;

        @Option(names = "--for", paramLabel = "DAYS", required = true, description = "Accepted for this many days from now.")
        Integer days;
    }

    @Command(name = "accept", description = "Accept the risk of a finding until a date (at most 365 days); it reopens by itself then.")
    static final class Accept implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Parameters(paramLabel = "FINDING-ID", description = "The finding's id (findings list, show).")
        long id;

        @Option(names = "--why", paramLabel = "TEXT", required = true,
                description = "Why the risk is acceptable: a compensating control, a deadline, a ticket.")
        String why;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Expiry expiry;

        @Override
        public Integer call() {
            Instant expires;
            if (expiry.days != null) {
                if (expiry.days < 1) {
                    throw new IllegalArgumentException("--for needs a number of days from 1 to "
                                    + FindingsService.MAX_ACCEPTANCE.toDays() + ", not " + expiry.days);
                }
                expires = parent.findings().acceptFor(id, why, Duration.ofDays(expiry.days));
            } else {
                expires = parent.findings().accept(id, why, instant(expiry.until));
            }
            parent.cli.out.println("Accepted finding " + id + " until " + expires + "; it reopens by itself then.");
            return Cli.OK;
        }

        static Instant instant(String text) {
            String t = text.strip();
            try {
                return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneId.systemDefault()).toInstant() : Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--until '" + text + "' is neither a date (2026-12-31) nor an instant "
                        + "(2026-12-31T09:00:00Z)");
            }
        }
    }

    @Command(name = "resolve", description = "Mark a finding resolved (fixed); it reopens if a later sync reports it again.")
    static final class Resolve implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Parameters(paramLabel = "FINDING-ID")
        long id;

        @Override
        public Integer call() {
            parent.findings().resolve(id);
            parent.cli.out.println("Resolved finding " + id);
            return Cli.OK;
        }
    }

    @Command(name = "reopen", description = "End an acceptance or a resolution: the finding is open again.")
    static final class Reopen implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Parameters(paramLabel = "FINDING-ID")
        long id;

        @Override
        public Integer call() {
            parent.findings().reopen(id);
            parent.cli.out.println("Reopened finding " + id);
            return Cli.OK;
        }
    }

    /** What a suppression covers: one asset or a pattern of assets. */
    static final class Scope {
        @Option(names = "--asset", paramLabel = "URN", required = true, description = "One asset.")
        String asset;

        @Option(names = "--pattern", paramLabel = "GLOB", required = true,
                description = "The assets whose URN matches this glob (* ? [...], case-sensitive): tr:notebook:jupyter:*")
        String pattern;
    }

    @Command(name = "suppress", description = "Suppress a rule (or a glob of rules: secret.*) for an asset or a pattern of assets.")
    static final class Suppress implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Parameters(paramLabel = "RULE", description = "A rule id (pickle.dangerous-import) or a glob of rule ids (secret.*).")
        String rule;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        @Option(names = "--why", paramLabel = "TEXT", required = true, description = "Why these findings do not need attention.")
        String why;

        @Option(names = "--until", paramLabel = "DATE", description = "The day it ends (YYYY-MM-DD) or an instant; default: until removed.")
        String until;

        @Override
        public Integer call() {
            if (scope.asset != null) {
                Urn.parse(scope.asset);
            }
            FindingsService.Suppressed s = parent.findings().suppress(rule, scope.asset != null ? scope.asset : scope.pattern, why,
                    until == null ? null : Accept.instant(until));
            parent.cli.out.println("Suppression " + s.suppression().id() + ": " + s.suppression().rulePattern() + " on "
                    + s.suppression().urnPattern() + " (" + s.findingsSuppressed() + " open finding"
                    + (s.findingsSuppressed() == 1 ? "" : "s") + " suppressed now; later syncs' findings too)");
            return Cli.OK;
        }
    }

    @Command(name = "unsuppress", description = "Remove a suppression; the findings only it covered are open again.")
    static final class Unsuppress implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Parameters(paramLabel = "SUPPRESSION-ID", description = "The suppression's id (findings suppressions).")
        long id;

        @Override
        public Integer call() {
            if (!parent.findings().unsuppress(id)) {
                parent.cli.err.println("error: no suppression with id " + id + "; 'tightrope findings suppressions' lists them");
                return Cli.ERROR;
            }
            parent.cli.out.println("Removed suppression " + id);
            return Cli.OK;
        }
    }

    @Command(name = "suppressions", description = "List the suppressions in force.")
    static final class Suppressions implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            List<FindingSuppression> all = parent.findings().suppressions();
            if (json) {
                ArrayNode arr = Output.JSON.createArrayNode();
                for (FindingSuppression s : all) {
                    ObjectNode n = arr.addObject();
                    n.put("id", s.id());
                    n.put("rule", s.rulePattern());
                    n.put("assets", s.urnPattern());
                    n.put("justification", s.justification());
                    n.put("by", s.createdBy());
                    n.put("at", Output.iso(s.createdAt()));
                    n.put("expires", Output.iso(s.expiresAt()));
                }
                Output.printJson(parent.cli.out, arr);
                return Cli.OK;
            }
            List<List<String>> table = new ArrayList<>();
            for (FindingSuppression s : all) {
                table.add(List.of(String.valueOf(s.id()), s.rulePattern(), s.urnPattern(), s.createdBy(),
                        s.expiresAt() == null ? "until removed" : s.expiresAt().toString(), s.justification()));
            }
            Output.table(parent.cli.out, List.of("ID", "RULE", "ASSETS", "BY", "EXPIRES", "WHY"), table);
            return Cli.OK;
        }
    }

    @Command(name = "expiring", description = "Accepted findings whose acceptance ends soon, soonest first.")
    static final class Expiring implements Callable<Integer> {
        @ParentCommand
        FindingsCommand parent;

        @Option(names = "--within", paramLabel = "DAYS", defaultValue = "14",
                description = "Acceptances ending within this many days (default ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            if (days < 0) {
                throw new IllegalArgumentException("--within needs a number of days, not " + days);
            }
            List<AcceptedFinding> rows = parent.findings().expiring(Duration.ofDays(days), limit);
            if (json) {
                ArrayNode arr = Output.JSON.createArrayNode();
                for (AcceptedFinding a : rows) {
                    ObjectNode n = arr.addObject();
                    n.put("id", a.findingId());
                    n.put("asset", a.assetUrn());
                    n.put("ruleId", a.ruleId());
                    n.put("severity", a.severity().token());
                    n.put("title", a.title());
                    n.put("justification", a.justification());
                    n.put("acceptedBy", a.acceptedBy());
                    n.put("acceptedAt", Output.iso(a.acceptedAt()));
                    n.put("expires", Output.iso(a.expiresAt()));
                }
                Output.printJson(parent.cli.out, arr);
                return Cli.OK;
            }
            if (rows.isEmpty()) {
                parent.cli.out.println("No acceptance ends within " + days + " days.");
                return Cli.OK;
            }
            List<List<String>> table = new ArrayList<>();
            for (AcceptedFinding a : rows) {
                table.add(List.of(String.valueOf(a.findingId()), a.expiresAt().toString(), a.severity().token(), a.ruleId(),
                        a.acceptedBy(), a.assetUrn(), a.justification()));
            }
            Output.table(parent.cli.out, List.of("ID", "EXPIRES", "SEVERITY", "RULE", "ACCEPTED BY", "ASSET", "WHY"), table);
            return Cli.OK;
        }
    }
}
