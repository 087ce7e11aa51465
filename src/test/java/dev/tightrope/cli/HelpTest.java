package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command of the tree, nested ones included, prints its usage for --help and -h and exits 0, touching no workspace. */
class HelpTest {

    /** The path of every command under {@code tightrope}, from the tree itself, so a new command is covered when it is added. */
    static Stream<List<String>> commands() {
        List<List<String>> paths = new ArrayList<>();
        collect(newCommandLine(), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                List<String> child = new ArrayList<>(path);
                child.add(name);
                collect(sub, child, paths);
            }
        });
    }

    private static CommandLine newCommandLine() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new CommandLine(new Cli(new ByteArrayInputStream(new byte[0]), Map.of(), sink, sink, HelpTest::noGui, HelpTest::noWorkspace));
    }

    @ParameterizedTest(name = "tightrope {0} --help")
    @MethodSource("commands")
    void helpPrintsTheUsageAndExitsZero(List<String> path) {
        for (String flag : new String[] {"--help", "-h"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add(flag);

            int code = Cli.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), Map.of(), new PrintWriter(out),
                    new PrintWriter(err), HelpTest::noGui, HelpTest::noWorkspace);

            assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
            assertThat(err.toString()).isEmpty();
            assertThat(out.toString()).contains("Usage: " + String.join(" ", prepend("tightrope", path)) + " ");
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static void noGui(java.nio.file.Path workspace, boolean demo) {
        throw new AssertionError("--help must not open the console");
    }

    private static dev.tightrope.service.Tightrope noWorkspace(java.nio.file.Path workspace) {
        throw new AssertionError("--help must not open a workspace");
    }
}
