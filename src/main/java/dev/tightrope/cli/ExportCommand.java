package dev.tightrope.cli;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.EvidenceService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Exports what others need to check a release offline. */
@Command(name = "export", description = "Export evidence.", subcommands = {ExportCommand.Evidence.class, ExportCommand.Bom.class, ExportCommand.Table.class})
final class ExportCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "evidence", description = "Write the evidence bundle of a release: approvals, findings, lineage, owners, "
            + "the audit entries about it with inclusion proofs and the signed checkpoint. Check it with tightrope verify "
            + "--attestations FILE.zip.")
    static final class Evidence implements Callable<Integer> {
        @ParentCommand
        ExportCommand parent;

        @Parameters(paramLabel = "URN")
        String urn;

        @Option(names = "--out", required = true, paramLabel = "FILE.zip")
        Path out;

        @Override
        public Integer call() {
            EvidenceService.Exported e = parent.cli.tightrope().evidence().export(Urn.parse(urn), out);
            parent.cli.out.println("Wrote " + e.file() + " for " + e.subjectDigest());
            parent.cli.out.println("  " + e.approvals() + " approval(s), " + e.findings() + " finding(s), " + e.auditEntries()
                    + " audit entries proven in the log of " + e.treeSize() + " entries");
            parent.cli.out.println("  log verifier key: " + e.verifierKey());
            return Cli.OK;
        }
    }

    @Command(name = "bom", description = "Write a model's CycloneDX 1.6 ML-BOM: its model card with the training datasets, the data "
            + "behind them, base models, files and images by hash, scan findings as vulnerabilities, approvals as attestation "
            + "references. --sign KEY also writes FILE.sigstore.json, an in-toto statement of it signed by a reviewer key. "
            + "--diff A B compares two BOMs instead.")
    static final class Bom implements Callable<Integer> {
        static final long MAX_BOM_BYTES = 64L * 1024 * 1024;
        private static final dev.tightrope.base.UntrustedJson BOM_JSON = dev.tightrope.base.UntrustedJson.withLimits(
                new dev.tightrope.base.JsonLimits(64, 16 * 1024 * 1024, dev.tightrope.base.JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BOM_BYTES));
        @ParentCommand
        ExportCommand parent;

        @Parameters(paramLabel = "URN", arity = "0..1", description = "A model, model version or model artifact.")
        String urn;

        @Option(names = "--out", paramLabel = "FILE.json")
        Path out;

        @Option(names = "--sign", paramLabel = "KEY", description = "Sign with this reviewer key (passphrase from TIGHTROPE_PASSPHRASE or standard input).")
        String key;

        @Option(names = "--diff", arity = "2", paramLabel = "BOM", description = "Compare two BOM files: components, hashes, dependencies, vulnerabilities.")
        java.util.List<Path> diff;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            if (diff != null) {
                if (urn != null || out != null || key != null) {
                    cli.err.println("error: --diff A B compares two files; it takes no URN, --out or --sign");
                    return Cli.ERROR;
                }
                java.util.List<dev.tightrope.service.export.BomDiff.Change> changes = dev.tightrope.service.export.BomDiff.compare(read(diff.get(0)), read(diff.get(1)));
                changes.forEach(c -> cli.out.println(c));
                cli.out.println(changes.isEmpty() ? "No differences." : changes.size() + (changes.size() == 1 ? " difference." : " differences."));
                return Cli.OK;
            }
            if (urn == null || out == null) {
                cli.err.println("error: export bom needs a URN and --out FILE.json (or --diff A B)");
                return Cli.ERROR;
            }
            char[] passphrase = null;
            if (key != null) {
                try {
                    passphrase = Passphrases.read(cli, "Passphrase of key '" + key + "'", false);
                } catch (Passphrases.Missing e) {
                    cli.err.println("error: " + e.getMessage());
                    return Cli.ERROR;
                }
            }
            dev.tightrope.service.BomService.Exported e;
            try {
                e = cli.tightrope().bom().export(Urn.parse(urn), out, key, passphrase);
            } catch (dev.tightrope.service.PassphraseException bad) {
                cli.err.println("error: " + bad.getMessage());
                return Cli.ERROR;
            }
            cli.out.println("Wrote " + e.file() + " (sha256 " + e.sha256() + "): " + e.components() + " components, " + e.datasets()
                    + " datasets, " + e.vulnerabilities() + " vulnerabilities, " + e.approvals() + " approval reference(s)");
            if (e.signed() != null) {
                cli.out.println("Signed: " + e.signed());
            }
            return Cli.OK;
        }

        private static com.fasterxml.jackson.databind.JsonNode read(Path file) {
            try {
                if (java.nio.file.Files.size(file) > MAX_BOM_BYTES) {
                    throw new IllegalArgumentException(file + ": larger than the " + MAX_BOM_BYTES + " bytes a BOM is read up to");
                }
                return BOM_JSON.read(java.nio.file.Files.readAllBytes(file));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(file + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
                        ? "not valid JSON" : "cannot read: " + e.getMessage()), e);
            }
        }
    }

    @Command(name = "table", description = "Write a table as CSV or JSON: inventory (every present asset), findings, approvals "
            + "(each verified) or audit (every entry). The format follows --out's extension unless --format says.")
    static final class Table implements Callable<Integer> {
        @ParentCommand
        ExportCommand parent;

        @Parameters(paramLabel = "TABLE", description = "inventory, findings, approvals or audit.")
        String table;

        @Option(names = "--out", required = true, paramLabel = "FILE.csv|FILE.json")
        Path out;

        @Option(names = "--format", paramLabel = "csv|json")
        String format;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            dev.tightrope.service.TableService.Table which;
            try {
                which = dev.tightrope.service.TableService.Table.valueOf(table.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                cli.err.println("error: TABLE must be inventory, findings, approvals or audit, not '" + table + "'");
                return Cli.ERROR;
            }
            dev.tightrope.service.export.TableWriter.Format f = format != null
                    ? switch (format.toLowerCase(java.util.Locale.ROOT)) {
                        case "csv" -> dev.tightrope.service.export.TableWriter.Format.CSV;
                        case "json" -> dev.tightrope.service.export.TableWriter.Format.JSON;
                        default -> null;
                    }
                    : dev.tightrope.service.export.TableWriter.Format.byFileName(out.getFileName().toString());
            if (f == null) {
                cli.err.println("error: say --format csv or json (or name the file .csv or .json)");
                return Cli.ERROR;
            }
            dev.tightrope.service.TableService.Exported e = cli.tightrope().tables().export(which, f, null, out);
            cli.out.println("Wrote " + e.rows() + (e.rows() == 1 ? " row" : " rows") + " of " + which.token() + " to " + e.file()
                    + " (sha256 " + e.sha256() + ")");
            return Cli.OK;
        }
    }
}
