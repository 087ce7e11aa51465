package dev.tightrope.cli;

import dev.tightrope.service.PublishService;
import dev.tightrope.service.RegistryAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Attaches signed approvals to an OCI artifact. Uses no workspace; registry credentials come from the environment. */
@Command(name = "publish", description = "Attach approvals (bundles, envelopes, or directories of them) to an OCI artifact: "
        + "the cosign tag sha256-<hex>.att and OCI 1.1 referrers (with the sha256-<hex> tag-schema fallback). "
        + "Credentials: TIGHTROPE_REGISTRY_USERNAME/TIGHTROPE_REGISTRY_PASSWORD or TIGHTROPE_REGISTRY_TOKEN.")
final class PublishCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*")
    List<Path> files;

    @Option(names = "--to", required = true, paramLabel = "oci://REGISTRY/REPO@sha256:…", description = "The artifact (or :tag).")
    String to;

    @Option(names = "--cosign-only", description = "Only the cosign .att tag.")
    boolean cosignOnly;

    @Option(names = "--referrers-only", description = "Only OCI referrers.")
    boolean referrersOnly;

    @Override
    public Integer call() {
        PublishService.Published p = new PublishService(RegistryAccess.fromEnvironment(cli.env))
                .publish(to, files, !referrersOnly, !cosignOnly);
        cli.out.println("Published to " + p.artifact());
        if (p.cosignTag() != null) {
            cli.out.println("  cosign tag " + p.cosignTag() + ": " + p.envelopes() + " new envelope(s)");
        }
        for (String r : p.referrers()) {
            cli.out.println("  referrer " + r);
        }
        if (p.tagFallback()) {
            cli.out.println("  the registry has no referrers API: listed in the referrers tag-schema index");
        }
        p.skipped().forEach(s -> cli.err.println("note: " + s));
        return Cli.OK;
    }
}
