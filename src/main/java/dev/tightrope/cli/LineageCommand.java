package dev.tightrope.cli;

import dev.tightrope.domain.LineageGraph;
import dev.tightrope.domain.LineageGraph.Direction;
import dev.tightrope.domain.Urn;
import dev.tightrope.service.export.LineageFormats;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Prints the lineage around one asset. */
@Command(name = "lineage", description = "Print the lineage around an asset as JSON ({\"nodes\":[...],\"edges\":[...]}), CSV or Graphviz DOT.")
final class LineageCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "URN")
    String urn;

    @ArgGroup(exclusive = true)
    Way way = new Way();

    static final class Way {
        @Option(names = "--up", description = "Upstream only (what it came from).")
        boolean up;

        @Option(names = "--down", description = "Downstream only (what uses it).")
        boolean down;

        @Option(names = "--both", description = "Both directions (default).")
        boolean both;
    }

    @Option(names = "--depth", defaultValue = "3", description = "How many hops (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--format", defaultValue = "json", description = "json, csv or dot (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        if (depth < 0 || depth > 50) {
            cli.err.println("error: --depth must be between 0 and 50");
            return Cli.ERROR;
        }
        Direction direction = way.up ? Direction.UPSTREAM : way.down ? Direction.DOWNSTREAM : Direction.BOTH;
        LineageGraph g = cli.tightrope().lineage().walk(Urn.parse(urn), direction, depth).orElse(null);
        if (g == null) {
            cli.err.println("error: no asset " + urn + " in this workspace");
            return Cli.ERROR;
        }
        switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> cli.out.println(LineageFormats.json(g));
            case "csv" -> cli.out.print(LineageFormats.csv(g));
            case "dot" -> cli.out.print(LineageFormats.dot(g));
            default -> {
                cli.err.println("error: --format must be json, csv or dot");
                return Cli.ERROR;
            }
        }
        if (g.truncated()) {
            cli.err.println("note: the graph was cut at " + g.nodes().size() + " nodes; narrow --depth or the direction.");
        }
        return Cli.OK;
    }
}
