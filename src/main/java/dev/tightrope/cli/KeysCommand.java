package dev.tightrope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Problem;
import dev.tightrope.service.PassphraseException;
import dev.tightrope.service.TrustService;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Reviewer keys in the workspace's key directory: encrypted private keys, public keys to share. */
@Command(name = "keys", description = "Reviewer keys: generate, list, export the public key.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.ListKeys.class, KeysCommand.ExportPublic.class})
final class KeysCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "generate", description = "Generate a reviewer key, encrypted with a passphrase from "
            + "TIGHTROPE_PASSPHRASE or standard input (at least 8 characters).")
    static final class Generate implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--name", required = true, description = "Key name: letters, digits, '.', '_', '-'.")
        String name;

        @Option(names = "--algorithm", defaultValue = "p256",
                description = "p256 (default; what model_signing and cosign verify), p384 or ed25519 (Tightrope only).")
        String algorithm;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            char[] passphrase;
            try {
                passphrase = Passphrases.read(cli, "Passphrase for the new key '" + name + "'", true);
            } catch (Passphrases.Missing e) {
                cli.err.println("error: " + e.getMessage());
                return Cli.ERROR;
            }
            TrustService.KeySummary key;
            try {
                key = cli.tightrope().trust().generateKey(name, algorithm, passphrase);
            } catch (PassphraseException e) {
                cli.err.println("error: " + e.getMessage() + "; no key was written");
                return Cli.ERROR;
            } finally {
                Arrays.fill(passphrase, '\0');
            }
            cli.out.println("Generated " + key.algorithm() + " key '" + key.name() + "' " + key.fingerprint());
            cli.out.println("  private key (encrypted): " + cli.tightrope().trust().keysDirectory().resolve(key.name() + ".key.pem"));
            cli.out.println("  public key:              " + key.publicKeyFile());
            cli.out.println("Share the public key with: tightrope keys export-public " + key.name());
            return Cli.OK;
        }
    }

    @Command(name = "list", description = "List the reviewer keys of the workspace with their fingerprints.")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--json", description = "Print a JSON array: name, algorithm, created, fingerprint, hint, publicKey.")
        boolean json;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            TrustService.KeyListing listing = cli.tightrope().trust().keys();
            if (json) {
                ArrayNode arr = Output.JSON.createArrayNode();
                for (TrustService.KeySummary k : listing.keys()) {
                    ObjectNode o = arr.addObject();
                    o.put("name", k.name());
                    o.put("algorithm", k.algorithm());
                    o.put("created", k.created().toString());
                    o.put("fingerprint", k.fingerprint());
                    o.put("hint", k.hint());
                    o.put("publicKey", k.publicKeyFile().toString());
                }
                Output.printJson(cli.out, arr);
            } else if (listing.keys().isEmpty()) {
                cli.out.println("No keys in " + cli.tightrope().trust().keysDirectory()
                        + ". Create one: tightrope keys generate --name NAME");
            } else {
                Output.table(cli.out, List.of("NAME", "ALGORITHM", "FINGERPRINT", "CREATED"), listing.keys().stream()
                        .map(k -> List.of(k.name(), k.algorithm(), k.fingerprint(), k.created().toString())).toList());
            }
            for (Problem p : listing.problems()) {
                cli.err.println("warning: " + p.location() + ": " + p.message());
            }
            return Cli.OK;
        }
    }

    @Command(name = "export-public", description = "Print a key's public key (PEM), to add to a trust store.")
    static final class ExportPublic implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            parent.cli.out.print(parent.cli.tightrope().trust().publicKeyPem(name));
            return Cli.OK;
        }
    }
}
