package dev.tightrope.cli;

import dev.tightrope.service.ScanService;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Scans model files for malicious or malformed content without executing them. No workspace needed. */
@Command(name = "scan", description = "Scan model files and directories for malicious or malformed content, without "
        + "executing them. Exit 0 when nothing reaches the --fail-on verdict, 1 when something does, 2 on errors.")
final class ScanCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories (a model repository).")
    List<Path> paths;

    @Option(names = "--format", defaultValue = "text", description = "text, json (one object per file) or sarif (2.1.0). Default ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--fail-on", defaultValue = "dangerous", description = "suspicious or dangerous (default ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--threads", description = "Files scanned in parallel (default: one per core).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        ScanService.OutputFormat output;
        ScanService.Threshold threshold;
        try {
            output = ScanService.OutputFormat.parse(format);
            threshold = ScanService.Threshold.parse(failOn);
        } catch (IllegalArgumentException e) {
            cli.err.println("error: --format is text, json or sarif; --fail-on is suspicious or dangerous");
            return Cli.ERROR;
        }
        ScanService service = new ScanService(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        ScanService.Outcome outcome = service.scan(paths, ScanService.Progress.NONE, () -> false);
        outcome.write(output, cli.out);
        if (output != ScanService.OutputFormat.TEXT) {
            cli.err.println(outcome.files() + (outcome.files() == 1 ? " file" : " files") + " scanned: " + outcome.counts()
                    + (outcome.rootDigest() == null ? "" : "; model root digest " + outcome.rootDigest()));
        }
        return outcome.reaches(threshold) ? Cli.FAILED : Cli.OK;
    }
}
