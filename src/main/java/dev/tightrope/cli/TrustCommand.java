package dev.tightrope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.service.TrustService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The trust store: the reviewers whose signatures count. In a workspace, two files: the
 * organisation's reviewed trust store ({@code <workspace>/trust/reviewers.json}, replaced whole
 * with {@code trust use FILE}) and what was trusted on this machine
 * ({@code <workspace>/trust/local-reviewers.json}: {@code add}, {@code remove}; unreviewed, so
 * not counted by a gate unless the policy says so); every change recorded in the audit log. With
 * {@code --store FILE}, any trust store file without a workspace (e.g. the organisation's, kept
 * in a repository where changes are reviewed).
 */
@Command(name = "trust", description = "The trust store: reviewers whose approvals count.",
        subcommands = {TrustCommand.Add.class, TrustCommand.ListReviewers.class, TrustCommand.Remove.class, TrustCommand.Use.class})
final class TrustCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "add", description = "Trust a reviewer's public key: in the workspace a local, unreviewed entry "
            + "(counted only when the policy sets countUnreviewedReviewers); with --store, in that trust store file.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        TrustCommand parent;

        @Parameters(paramLabel = "NAME", description = "The reviewer's name (unique in the store).")
        String name;

        @Option(names = "--public-key", required = true, paramLabel = "FILE", description = "The reviewer's public key (PEM).")
        Path publicKey;

        @Option(names = "--email", paramLabel = "E")
        String email;

        @Option(names = "--role", paramLabel = "R", description = "A role, e.g. security, ml-lead, legal (repeatable).")
        List<String> roles = new ArrayList<>();

        @Option(names = "--store", paramLabel = "FILE", description = "Trust store file (default: the workspace's local additions).")
        Path store;

        @Override
        public Integer call() throws IOException {
            Cli cli = parent.cli;
            String pem = Files.readString(publicKey, StandardCharsets.US_ASCII);
            if (store != null) {
                TrustService.ReviewerSummary r = TrustService.addReviewer(store, name, pem, email, roles);
                cli.out.println("Trusted " + r.name() + roles(r) + " " + r.fingerprint() + " in " + store);
                return Cli.OK;
            }
            TrustService trust = cli.tightrope().trust();
            TrustService.ReviewerSummary r = trust.addReviewer(name, pem, email, roles);
            cli.out.println("Trusted " + r.name() + roles(r) + " " + r.fingerprint() + " locally in " + trust.localTrustStoreFile());
            cli.out.println("Unreviewed: " + r.name() + " is not in the organisation's reviewed trust store (" + trust.trustStoreFile()
                    + "), so their approvals do not count toward a gate unless the policy sets countUnreviewedReviewers.");
            if (r.selfTrust() != null) {
                cli.out.println("Self-trust: " + r.selfTrust() + "; recorded as such in the audit log.");
            }
            return Cli.OK;
        }

        private static String roles(TrustService.ReviewerSummary r) {
            return r.roles().isEmpty() ? "" : " (" + String.join(", ", r.roles()) + ")";
        }
    }

    @Command(name = "list", description = "List the trusted reviewers and the trust store's path.")
    static final class ListReviewers implements Callable<Integer> {
        @ParentCommand
        TrustCommand parent;

        @Option(names = "--store", paramLabel = "FILE", description = "Trust store file (default: the workspace's).")
        Path store;

        @Option(names = "--json", description = "Print {\"store\": path, \"localStore\": path, \"reviewers\": [name, email, roles, "
                + "algorithm, fingerprint, origin, unreviewedRoles, addedBy, addedAt, selfTrust]}.")
        boolean json;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            Path file = store != null ? store : cli.tightrope().trust().trustStoreFile();
            Path local = store != null ? null : cli.tightrope().trust().localTrustStoreFile();
            List<TrustService.ReviewerSummary> reviewers = store != null ? TrustService.readReviewers(store)
                    : cli.tightrope().trust().reviewers();
            List<String> problems = store != null ? List.of() : cli.tightrope().trust().trustProblems();
            if (json) {
                ObjectNode o = Output.JSON.createObjectNode();
                o.put("store", file.toString());
                if (local != null) {
                    o.put("localStore", local.toString());
                }
                ArrayNode arr = o.putArray("reviewers");
                for (TrustService.ReviewerSummary r : reviewers) {
                    ObjectNode ro = arr.addObject();
                    ro.put("name", r.name());
                    ro.put("email", r.email());
                    ArrayNode roles = ro.putArray("roles");
                    r.roles().forEach(roles::add);
                    ro.put("algorithm", r.algorithm());
                    ro.put("fingerprint", r.fingerprint());
                    ro.put("origin", r.origin());
                    ArrayNode unreviewed = ro.putArray("unreviewedRoles");
                    r.unreviewedRoles().forEach(unreviewed::add);
                    ro.put("addedBy", r.addedBy());
                    ro.put("addedAt", r.addedAt() == null ? null : r.addedAt().toString());
                    ro.put("selfTrust", r.selfTrust());
                }
                ArrayNode ignored = o.putArray("problems");
                problems.forEach(ignored::add);
                Output.printJson(cli.out, o);
                return Cli.OK;
            }
            cli.out.println("Trust store: " + file + (local == null ? "" : " (the organisation's, reviewed)"));
            if (local != null) {
                cli.out.println("Local additions: " + local + " (unreviewed: counted only when the policy sets countUnreviewedReviewers)");
            }
            if (reviewers.isEmpty()) {
                cli.out.println("No trusted reviewers yet. Take the organisation's reviewed trust store: tightrope trust use FILE");
            } else {
                Output.table(cli.out, List.of("NAME", "EMAIL", "ROLES", "ORIGIN", "FINGERPRINT"), reviewers.stream()
                        .map(r -> List.of(r.name(), r.email() == null ? "" : r.email(), String.join(",", r.roles()), origin(r),
                                r.fingerprint()))
                        .toList());
            }
            problems.forEach(p -> cli.out.println("ignored: " + p));
            return Cli.OK;
        }

        /** reviewed; reviewed, security unreviewed; local, unreviewed; with self-trust when it is. */
        static String origin(TrustService.ReviewerSummary r) {
            String origin = r.reviewed() ? (r.unreviewedRoles().isEmpty() ? "reviewed"
                    : "reviewed, " + String.join(",", r.unreviewedRoles()) + " unreviewed") : "local, unreviewed";
            return r.selfTrust() == null ? origin : origin + ", self-trust";
        }
    }

    @Command(name = "remove", description = "Stop trusting a reviewer: in the workspace, a local entry (a reviewer trusted "
            + "locally, or a local role change); with --store, in that trust store file.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        TrustCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--store", paramLabel = "FILE", description = "Trust store file (default: the workspace's local additions).")
        Path store;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            if (store != null) {
                TrustService.removeReviewer(store, name);
            } else {
                cli.tightrope().trust().removeReviewer(name);
            }
            cli.out.println("Removed " + name + " from " + (store != null ? store : cli.tightrope().trust().localTrustStoreFile()));
            return Cli.OK;
        }
    }

    @Command(name = "use", description = "Take the organisation's reviewed trust store file as the workspace's "
            + "(<workspace>/trust/reviewers.json, replaced whole; local additions stay local).")
    static final class Use implements Callable<Integer> {
        @ParentCommand
        TrustCommand parent;

        @Parameters(paramLabel = "FILE", description = "The organisation's reviewed trust store file, as it distributes it.")
        Path file;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            TrustService.ReviewedStoreChange change = cli.tightrope().trust().useReviewedTrustStore(file);
            if (!change.changed()) {
                cli.out.println("The workspace already uses this reviewed trust store (sha256 " + change.sha256() + ")");
                return Cli.OK;
            }
            cli.out.println("Reviewed trust store: " + change.file() + " (sha256 " + change.sha256() + ", from " + file + ")");
            if (!change.added().isEmpty()) {
                cli.out.println("Added: " + String.join(", ", change.added()));
            }
            if (!change.removed().isEmpty()) {
                cli.out.println("Removed: " + String.join(", ", change.removed()));
            }
            return Cli.OK;
        }
    }
}
