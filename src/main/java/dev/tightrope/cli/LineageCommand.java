package dev.tightrope.cli;

import dev.tightrope.domain.ImpactSet;
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
@Command(name = "lineage", description = "Print the lineage around an asset as JSON ({\"nodes\":[...],\"edges\":[...]}), CSV, Graphviz DOT or an SVG picture;"
        + " 'lineage impact URN' lists everything downstream, 'lineage path URN URN' the chain between two assets.",
        subcommands = {LineageCommand.Impact.class, LineageCommand.Path.class})
final class LineageCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Parameters(paramLabel = "URN", arity = "0..1")
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

    @Option(names = "--format", defaultValue = "json", description = "json, csv, dot or svg (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--dark", description = "With --format svg: the dark theme's colours.")
    boolean dark;

    @Override
    public Integer call() {
        if (urn == null) {
            cli.err.println("error: give an asset's URN (see 'tightrope lineage --help')");
            return Cli.ERROR;
        }
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
            case "svg" -> cli.out.print(cli.tightrope().lineageView().svg(g, dark));
            default -> {
                cli.err.println("error: --format must be json, csv, dot or svg");
                return Cli.ERROR;
            }
        }
        if (g.truncated()) {
            cli.err.println("note: the graph was cut at " + g.nodes().size() + " nodes; narrow --depth or the direction.");
        }
        return Cli.OK;
    }

    @Command(name = "impact", description = "Everything downstream of an asset, however many hops, by kind, with owners and the deployments it reaches.")
    static final class Impact implements Callable<Integer> {
        @ParentCommand
        LineageCommand parent;

        @Parameters(paramLabel = "URN")
        String urn;

        @Option(names = "--json", description = "Print JSON (stable field names) instead of text.")
        boolean json;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            ImpactSet impact = cli.tightrope().lineage().impact(Urn.parse(urn)).orElse(null);
            if (impact == null) {
                cli.err.println("error: no asset " + urn + " in this workspace");
                return Cli.ERROR;
            }
            cli.out.print(json ? LineageFormats.json(impact) + "\n" : LineageFormats.text(impact));
            if (impact.truncated()) {
                cli.err.println("note: the impact set was cut at " + impact.items().size() + " assets.");
            }
            return Cli.OK;
        }
    }

    @Command(name = "path", description = "The shortest chain of lineage between two assets, in whichever direction connects them.")
    static final class Path implements Callable<Integer> {
        @ParentCommand
        LineageCommand parent;

        @Parameters(index = "0", paramLabel = "FROM")
        String from;

        @Parameters(index = "1", paramLabel = "TO")
        String to;

        @Option(names = "--format", defaultValue = "text", description = "text, json, csv or dot (default ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            Cli cli = parent.cli;
            LineageGraph g = cli.tightrope().lineage().path(Urn.parse(from), Urn.parse(to)).orElse(null);
            if (g == null) {
                cli.err.println("error: " + from + " or " + to + " is not an asset in this workspace");
                return Cli.ERROR;
            }
            if (g.edges().isEmpty() && !from.equals(to)) {
                cli.err.println("no lineage connects " + from + " and " + to + " in either direction");
                return Cli.FAILED;
            }
            switch (format.toLowerCase(Locale.ROOT)) {
                case "text" -> cli.out.print(LineageFormats.chain(g));
                case "json" -> cli.out.println(LineageFormats.json(g));
                case "csv" -> cli.out.print(LineageFormats.csv(g));
                case "dot" -> cli.out.print(LineageFormats.dot(g));
                default -> {
                    cli.err.println("error: --format must be text, json, csv or dot");
                    return Cli.ERROR;
                }
            }
            return Cli.OK;
        }
    }
}
