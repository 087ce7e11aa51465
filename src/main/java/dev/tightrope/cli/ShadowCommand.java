package dev.tightrope.cli;

import dev.tightrope.service.ShadowScanService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Shadow AI on this machine: the MCP servers its assistants are configured with, judged against the allowlist. */
@Command(name = "shadow", description = "Find MCP servers nobody approved (shadow AI).", subcommands = ShadowCommand.Scan.class)
final class ShadowCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "scan", description = "Read every MCP client's configs under a home directory and repository roots, without starting "
            + "any server, and classify each server by what it launches: approved, approved-unpinned, name-only or unregistered. "
            + "No network is used unless --allowlist is a registry URL. "
            + "Exit 0 when clean, 1 when a server is unregistered or a literal secret is written into a config, 2 on errors.")
    static final class Scan implements Callable<Integer> {
        @ParentCommand
        ShadowCommand parent;

        @Option(names = "--home", paramLabel = "DIR", description = "The home directory to read (default: the user's, ${sys:user.home}).")
        Path home;

        @Option(names = "--root", paramLabel = "DIR", description = "A repository root whose project configs (.mcp.json, .vscode/mcp.json, …) are read; repeatable.")
        List<Path> roots = new ArrayList<>();

        @Option(names = "--os", paramLabel = "linux|macos|windows", description = "The layout of that home (default: this machine's).")
        String os;

        @Option(names = "--system", paramLabel = "DIR", description = "Where managed (machine-wide) configs are looked for, e.g. / (default: not looked for).")
        Path system;

        @Option(names = "--allowlist", paramLabel = "FILE|URL", description = "Approved servers: a file of MCP registry server.json documents, "
                + "or a registry's https:// URL serving GET /v0.1/servers. Without it every server is unregistered.")
        String allowlist;

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
            return outcome.fails() ? Cli.FAILED : Cli.OK;
        }
    }
}
