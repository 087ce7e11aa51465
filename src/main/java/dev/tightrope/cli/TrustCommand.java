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
 * The trust store: the reviewers whose signatures count. By default the workspace's
 * ({@code <workspace>/trust/reviewers.json}, changes recorded in the audit log); with
 * {@code --store FILE} any trust store file, without a workspace (e.g. one kept in a repository).
 */
@Command(name = "trust", description = "The trust store: reviewers whose approvals count.",
        subcommands = {TrustCommand.Add.class, TrustCommand.ListReviewers.class, TrustCommand.Remove.class})
final class TrustCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "add", description = "Trust a reviewer's public key.")
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

        @Option(names = "--store", paramLabel = "FILE", description = "Trust store file (default: the workspace's).")
        Path store;

        @Override
        public Integer call() throws IOException {
            Cli cli = parent.cli;
            String pem = Files.readString(publicKey, StandardCharsets.US_ASCII);
            TrustService.ReviewerSummary r = store != null
                    ? TrustService.addReviewer(store, name, pem, email, roles)
                    : cli.tightrope().trust().addReviewer(name, pem, email, roles);
            cli.out.println("Trusted " + r.name() + (r.roles().isEmpty() ? "" : " (" + String.join(", ", r.roles()) + ")") + " "
                    + r.fingerprint() + " in " + (store != null ? store : cli.tightrope().trust().trustStoreFile()));
            return Cli.OK;
        }
    }

    @Command(name = "list", description = "List the trusted reviewers and the trust store's path.")
    static final class ListReviewers implements Callable<Integer> {
        @ParentCommand
        TrustCommand parent;

        @Option(names = "--store", paramLabel = "FILE", description = "Trust store file (default: the workspace's).")
        Path store;

        @Option(names = "--json", description = "Print {\"store\": path, \"reviewers\": [name, email, roles, algorithm, fingerprint]}.")
        boolean json;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            Path file = store != null ? store : cli.tightrope().trust().trustStoreFile();
            List<TrustService.ReviewerSummary> reviewers = store != null ? TrustService.readReviewers(store)
                    : cli.tightrope().trust().reviewers();
            if (json) {
                ObjectNode o = Output.JSON.createObjectNode();
                o.put("store", file.toString());
                ArrayNode arr = o.putArray("reviewers");
                for (TrustService.ReviewerSummary r : reviewers) {
                    ObjectNode ro = arr.addObject();
                    ro.put("name", r.name());
                    ro.put("email", r.email());
                    ArrayNode roles = ro.putArray("roles");
                    r.roles().forEach(roles::add);
                    ro.put("algorithm", r.algorithm());
                    ro.put("fingerprint", r.fingerprint());
                }
                Output.printJson(cli.out, o);
                return Cli.OK;
            }
            cli.out.println("Trust store: " + file);
            if (reviewers.isEmpty()) {
                cli.out.println("No trusted reviewers yet. Add one: tightrope trust add NAME --public-key FILE --role ROLE");
            } else {
                Output.table(cli.out, List.of("NAME", "EMAIL", "ROLES", "FINGERPRINT"), reviewers.stream()
                        .map(r -> List.of(r.name(), r.email() == null ? "" : r.email(), String.join(",", r.roles()), r.fingerprint()))
                        .toList());
            }
            return Cli.OK;
        }
    }

    @Command(name = "remove", description = "Stop trusting a reviewer.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        TrustCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--store", paramLabel = "FILE", description = "Trust store file (default: the workspace's).")
        Path store;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            if (store != null) {
                TrustService.removeReviewer(store, name);
            } else {
                cli.tightrope().trust().removeReviewer(name);
            }
            cli.out.println("Removed " + name + " from " + (store != null ? store : cli.tightrope().trust().trustStoreFile()));
            return Cli.OK;
        }
    }
}
