package dev.tightrope.cli;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.McpProbeService;
import dev.tightrope.service.ShadowScanService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Shadow AI on this machine: the MCP servers its assistants are configured with, judged against the allowlist. */
@Command(name = "shadow", description = "Find MCP servers nobody approved (shadow AI).", subcommands = {ShadowCommand.Scan.class, ShadowCommand.Probe.class})
final class ShadowCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "scan", description = "Read every MCP client's configs under a home directory and repository roots, without starting "
            + "any server, and classify each server by what it launches: approved, approved-unpinned, name-only or unregistered. "
            + "The model caches under the home (Hugging Face, Ollama, LM Studio) and the model files in the roots are scanned without loading them. "
            + "No network is used unless --allowlist is a registry URL. "
            + "Each --root is also scanned for AI SDKs and AI keys in code and notebooks. "
            + "Agent skills, plugins, commands, subagents, Gemini extensions and Cursor rules are listed with their bundled files "
            + "(SHA-256), hooks and risks. "
            + "Exit 0 when clean, 1 when a server is unregistered, a literal secret is written into a config or an AI key into a repository, "
            + "a skill or plugin has a critical finding, or a local model file is dangerous or not the content its cache digest names, "
            + "2 on errors.")
    static final class Scan implements Callable<Integer> {
        @ParentCommand
        ShadowCommand parent;

        @Option(names = "--home", paramLabel = "DIR", description = "The home directory to read (default: the user's, ${sys:user.home}).")
        Path home;

        @Option(names = "--root", paramLabel = "DIR", description = "A repository root whose project configs (.mcp.json, .vscode/mcp.json, …) and model files are read; repeatable.")
        List<Path> roots = new ArrayList<>();

        @Option(names = "--os", paramLabel = "linux|macos|windows", description = "The layout of that home (default: this machine's).")
        String os;

        @Option(names = "--system", paramLabel = "DIR", description = "Where managed (machine-wide) configs are looked for, e.g. / (default: not looked for).")
        Path system;

        @Option(names = "--allowlist", paramLabel = "FILE|URL", description = "Approved servers: a file of MCP registry server.json documents, "
                + "or a registry's https:// URL serving GET /v0.1/servers. Without it every server is unregistered.")
        String allowlist;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the report as JSON to FILE (replaced atomically).")
        Path out;

        @Option(names = "--sign", paramLabel = "KEY", description = "Sign the --out report with this reviewer key of the workspace as an "
                + "in-toto statement (FILE.sigstore.json); passphrase from TIGHTROPE_PASSPHRASE or standard input.")
        String sign;

        @ArgGroup(exclusive = true)
        Format format = new Format();

        static final class Format {
            @Option(names = "--json", description = "Print the report as JSON.")
            boolean json;

            @Option(names = "--sarif", description = "Print the findings as SARIF 2.1.0 (for code-scanning uploads).")
            boolean sarif;
        }

        @Override
        public Integer call() throws Exception {
            Cli cli = parent.cli;
            if (sign != null && out == null) {
                cli.err.println("error: --sign KEY signs the report written by --out FILE; give --out");
                return Cli.ERROR;
            }
            char[] passphrase = null;
            if (sign != null) {
                try {
                    passphrase = Passphrases.read(cli, "Passphrase of key '" + sign + "'", false);
                } catch (Passphrases.Missing e) {
                    cli.err.println("error: " + e.getMessage());
                    return Cli.ERROR;
                }
            }
            ShadowScanService.Format output = format.json ? ShadowScanService.Format.JSON
                    : format.sarif ? ShadowScanService.Format.SARIF : ShadowScanService.Format.TEXT;
            Path dir = home != null ? home : Path.of(System.getProperty("user.home"));
            ShadowScanService.Outcome outcome;
            try {
                outcome = ShadowScanService.standard().scan(new ShadowScanService.Request(dir, roots, os, system, allowlist));
            } catch (IllegalArgumentException e) {
                cli.err.println("error: " + e.getMessage());
                return Cli.ERROR;
            } catch (ShadowScanService.AllowlistUnavailable e) {
                cli.err.println("error: the allowlist cannot be used: " + e.getMessage());
                return Cli.ERROR;
            }
            outcome.write(output, cli.out);
            if (output != ShadowScanService.Format.TEXT) {
                cli.err.println(outcome.summary());
            }
            if (out != null) {
                byte[] report = outcome.json();
                String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(report));
                if (sign != null) {
                    // signed first: a wrong passphrase leaves no unsigned file behind that looks like the signed one
                    byte[] bundle;
                    try {
                        bundle = cli.tightrope().trust().signStatement(sign, passphrase, out.getFileName().toString(),
                                "shadow-scan:" + dir.toAbsolutePath().normalize(), sha256, ShadowScanService.PREDICATE_TYPE,
                                new com.fasterxml.jackson.databind.ObjectMapper().readTree(report), "export.shadow-scan");
                    } catch (dev.tightrope.service.PassphraseException bad) {
                        cli.err.println("error: " + bad.getMessage());
                        return Cli.ERROR;
                    }
                    dev.tightrope.base.AtomicFiles.replace(out.resolveSibling(out.getFileName() + ".sigstore.json"), bundle);
                }
                dev.tightrope.base.AtomicFiles.replace(out, report);
                cli.err.println("Wrote " + out + " (sha256 " + sha256 + ")" + (sign == null ? "" : ", signed: " + out.getFileName() + ".sigstore.json"));
            }
            return outcome.fails() ? Cli.FAILED : Cli.OK;
        }
    }

    @Command(name = "probe", description = "Start one MCP server of the cache (or call its HTTP endpoint) to list its tools, prompts and "
            + "resources; never calls a tool. Shows the exact command and the environment (values masked) and asks first unless --yes. "
            + "The server gets a cleared environment (PATH and the variables its config names) and a temporary HOME, and it and every "
            + "process it started are stopped afterwards. Each tool is pinned by a SHA-256 of its definition; a tool that changed since "
            + "the last probe is a rug pull. Exit 0 probed, 1 when a rug pull or hidden instructions were found, 2 on errors.")
    static final class Probe implements Callable<Integer> {
        @ParentCommand
        ShadowCommand parent;

        @Parameters(index = "0", paramLabel = "SERVER-URN", description = "The server's URN, e.g. tr:mcp_server:local-discovery:npm:@org/pkg@1.2.0.")
        String server;

        @Option(names = "--yes", description = "Start it without asking.")
        boolean yes;

        @Option(names = "--timeout", paramLabel = "S", defaultValue = "10", description = "Seconds the whole probe may take (default ${DEFAULT-VALUE}).")
        int timeout;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Cli cli = parent.cli;
            if (timeout < 1) {
                cli.err.println("error: --timeout must be at least 1 second");
                return Cli.ERROR;
            }
            Urn urn;
            try {
                urn = Urn.parse(server);
            } catch (IllegalArgumentException e) {
                cli.err.println("error: " + e.getMessage());
                return Cli.ERROR;
            }
            if (urn.kind() != AssetKind.MCP_SERVER) {
                cli.err.println("error: " + urn + " is not an MCP server's URN (tr:mcp_server:…)");
                return Cli.ERROR;
            }
            McpProbeService probes = cli.tightrope().probes();
            McpProbeService.Plan plan;
            try {
                plan = probes.plan(urn);
            } catch (IllegalArgumentException e) {
                cli.err.println("error: " + e.getMessage());
                return Cli.ERROR;
            }
            cli.err.println("Probing '" + plan.name() + "' (" + plan.configFile() + ") will " + (plan.startsAProcess() ? "run:" : "call:"));
            cli.err.println("  " + plan.commandLine());
            cli.err.println(plan.redactedEnvironment().isEmpty() ? "  with PATH and a temporary HOME only"
                    : "  with PATH, a temporary HOME and " + String.join(" ", plan.redactedEnvironment()));
            if (!yes && !confirmed(cli)) {
                cli.err.println("not probed");
                return Cli.ERROR;
            }
            McpProbeService.Outcome outcome = probes.probe(plan, Duration.ofSeconds(timeout));
            if (!outcome.succeeded()) {
                cli.err.println("error: the probe failed: " + outcome.failure());
                if (!outcome.serverLog().isEmpty()) {
                    cli.err.println("the server's last log lines:\n" + outcome.serverLog());
                }
                return Cli.ERROR;
            }
            if (json) {
                Output.printJson(cli.out, outcome.toJson());
            } else {
                outcome.writeText(cli.out);
            }
            return outcome.fails() ? Cli.FAILED : Cli.OK;
        }

        private static boolean confirmed(Cli cli) throws IOException {
            cli.err.print("Start it? [y/N] ");
            cli.err.flush();
            String answer = new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
        }
    }
}
