package dev.tightrope.cli;

import dev.tightrope.service.PassphraseException;
import dev.tightrope.service.TrustService;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Signs a model directory as OpenSSF model signing v1.0 ({@code model.sig}), verifiable by {@code model_signing verify key}. */
@Command(name = "sign-model", description = "Sign a model directory with OpenSSF model signing v1.0 (writes model.sig). "
        + "ECDSA keys only; the passphrase comes from TIGHTROPE_PASSPHRASE or standard input.")
final class SignModelCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "DIR")
    Path model;

    @Option(names = "--key", required = true, paramLabel = "N")
    String key;

    @Option(names = "--signature", paramLabel = "FILE", description = "Where to write the signature (default DIR/model.sig).")
    Path signature;

    @Override
    public Integer call() {
        char[] passphrase;
        try {
            passphrase = Passphrases.read(cli, "Passphrase of key '" + key + "'", false);
        } catch (Passphrases.Missing e) {
            cli.err.println("error: " + e.getMessage());
            return Cli.ERROR;
        }
        TrustService.SignedModel signed;
        try {
            signed = cli.tightrope().trust().signModel(model, key, passphrase, signature);
        } catch (PassphraseException e) {
            cli.err.println("error: " + e.getMessage() + "; nothing was signed or written");
            return Cli.ERROR;
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        cli.out.println("Signed " + signed.files() + " files of " + model + ": root digest " + signed.rootDigest());
        cli.out.println("  signature: " + signed.signature() + " (key " + key + " " + signed.keyFingerprint() + ")");
        return Cli.OK;
    }
}
