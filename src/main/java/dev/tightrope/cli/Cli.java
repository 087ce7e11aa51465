package dev.tightrope.cli;

import dev.tightrope.base.BuildInfo;
import dev.tightrope.base.LogFiles;
import dev.tightrope.service.Tightrope;
import dev.tightrope.service.workspace.AppDirectories;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command line. Exit codes: 0 success; 1 the command ran and found a failure (a source
 * failed to sync, a scan reached the threshold, a verification failed); 2 usage or input
 * error (bad arguments, unknown asset, unreadable file, unusable workspace).
 */
// scope INHERIT hands mixinStandardHelpOptions (and the version) down to every subcommand, at any depth
@Command(name = "tightrope",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = "Governance console for AI supply chains. Without arguments the desktop console opens.",
        subcommands = {
            GuiCommand.class,
            DemoCommand.class,
            SourcesCommand.class,
            SyncCommand.class,
            AssetsCommand.class,
            ShowCommand.class,
            LineageCommand.class,
            OwnersCommand.class,
            FindingsCommand.class,
            ScanCommand.class,
            ShadowCommand.class,
            ReceiveCommand.class,
            KeysCommand.class,
            TrustCommand.class,
            ApproveCommand.class,
            VerifyCommand.class,
            PolicyCommand.class,
            PublishCommand.class,
            SignModelCommand.class,
            LogCommand.class,
            ExportCommand.class,
            ReportCommand.class,
            ComplianceCommand.class,
            RiskCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Cli implements AutoCloseable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int ERROR = 2;

    @Option(names = "--workspace", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Workspace directory (default: $TIGHTROPE_HOME, else the OS data directory).")
    Path workspace;

    final InputStream in;
    final Map<String, String> env;
    final PrintWriter out;
    final PrintWriter err;
    final GuiLauncher guiLauncher;
    private final Function<Path, Tightrope> opener;
    private Tightrope tightrope;

    Cli(InputStream in, Map<String, String> env, PrintWriter out, PrintWriter err, GuiLauncher guiLauncher,
        Function<Path, Tightrope> opener) {
        this.in = in;
        this.env = env;
        this.out = out;
        this.err = err;
        this.guiLauncher = guiLauncher;
        this.opener = opener;
    }

    /** Runs the command line and returns the exit code. {@code guiLauncher} opens the desktop console. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, GuiLauncher guiLauncher) {
        LogFiles.consoleOnly();
        return run(args, out, err, guiLauncher, Tightrope::open);
    }

    /** As above, opening workspaces with {@code opener} (tests pass one with their own connectors). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, GuiLauncher guiLauncher,
                          Function<Path, Tightrope> opener) {
        return run(args, System.in, System.getenv(), out, err, guiLauncher, opener);
    }

    /**
     * As above with the standard input and the environment given: passphrases come from
     * {@code TIGHTROPE_PASSPHRASE} or {@code in}, registry credentials from {@code env}.
     */
    public static int run(String[] args, InputStream in, Map<String, String> env, PrintWriter out, PrintWriter err,
                          GuiLauncher guiLauncher, Function<Path, Tightrope> opener) {
        try (Cli cli = new Cli(in, env, out, err, guiLauncher, opener)) {
            CommandLine cmd = new CommandLine(cli);
            cmd.setOut(out);
            cmd.setErr(err);
            cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                commandLine.getErr().println("error: " + message(ex));
                return ERROR;
            });
            cmd.setParameterExceptionHandler((ex, args1) -> {
                CommandLine c = ex.getCommandLine();
                c.getErr().println("error: " + ex.getMessage());
                c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
                return ERROR;
            });
            int code = cmd.execute(args);
            out.flush();
            err.flush();
            return code;
        }
    }

    /** Errors from services carry a message written for the user; anything else shows its type too. */
    static String message(Throwable ex) {
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }

    /** The workspace directory this invocation uses. */
    Path workspaceDir() {
        return workspace != null ? workspace.toAbsolutePath() : AppDirectories.system().defaultWorkspace();
    }

    /** Opens the workspace on first use. */
    Tightrope tightrope() {
        if (tightrope == null) {
            tightrope = opener.apply(workspaceDir());
            for (String notice : tightrope.notices()) {
                err.println("tightrope: " + notice);
            }
        }
        return tightrope;
    }

    @Override
    public void close() {
        if (tightrope != null) {
            tightrope.close();
        }
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Tightrope " + BuildInfo.describe()};
        }
    }
}
