package dev.tightrope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.RiskConcern;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Lists assets with filters. */
@Command(name = "assets", description = "List assets in the cache.")
final class AssetsCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Option(names = "--kind", paramLabel = "KIND", split = ",",
            description = "Only these kinds: ${COMPLETION-CANDIDATES}.", completionCandidates = KindTokens.class)
    List<String> kinds = new ArrayList<>();

    @Option(names = "--query", paramLabel = "TEXT", description = "Full-text search over names, descriptions, tags, owners, properties.")
    String query;

    @Option(names = "--owner", paramLabel = "OWNER", description = "Only assets owned by this person or team.")
    String owner;

    @Option(names = "--unowned", description = "Only assets without any owner.")
    boolean unowned;

    @Option(names = "--risk", paramLabel = "CONCERN", description = "Only assets with this risk: any, critical-or-high, "
            + "unapproved-deployment, unregistered-mcp-server, leaked-key, unknown-training-data, never-scanned.")
    String risk;

    @Option(names = "--source", paramLabel = "NAME", description = "Only assets from this source.")
    String source;

    @Option(names = "--gone", description = "Only assets that their source no longer reports.")
    boolean gone;

    @Option(names = "--all", description = "Present and gone assets.")
    boolean all;

    @Option(names = "--sort", paramLabel = "ORDER",
            description = "name, kind, source, owners (A to Z), last-seen (newest first), risk (worst open finding first: "
                    + "critical, high, medium, low, info, none) or relevance (best match of --query first). Default: relevance "
                    + "with --query, else name.")
    String sortBy;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array (see README for the shape).")
    boolean json;

    @Override
    public Integer call() {
        Set<AssetKind> kindSet = EnumSet.noneOf(AssetKind.class);
        for (String k : kinds) {
            kindSet.add(AssetKind.fromToken(k));
        }
        AssetFilter.Presence presence = all ? AssetFilter.Presence.ALL : gone ? AssetFilter.Presence.GONE : AssetFilter.Presence.PRESENT;
        RiskConcern concern = risk == null ? null : RiskConcern.fromToken(risk);
        if (concern != null) {
            cli.tightrope().risk().refresh();
        }
        AssetFilter filter = new AssetFilter(kindSet, source, owner, unowned, presence, query, concern);
        AssetSort sort = sortBy != null ? sort(sortBy)
                : query != null ? new AssetSort(AssetSort.Column.RELEVANCE, true) : AssetSort.byName();
        List<AssetSummary> rows = cli.tightrope().inventory().list(filter, sort, limit);
        if (json) {
            ArrayNode arr = Output.JSON.createArrayNode();
            rows.forEach(a -> arr.add(Output.summary(a)));
            Output.printJson(cli.out, arr);
            return Cli.OK;
        }
        List<List<String>> table = new ArrayList<>();
        for (AssetSummary a : rows) {
            table.add(List.of(a.kind().token(), a.name(), a.owners() == null ? "-" : a.owners(),
                    a.worstFinding() == null ? "" : a.worstFinding().token(), a.goneAt() != null ? "gone" : "", a.urn()));
        }
        Output.table(cli.out, List.of("KIND", "NAME", "OWNERS", "RISK", "STATE", "URN"), table);
        long total = cli.tightrope().inventory().count(filter);
        if (total > rows.size()) {
            cli.err.println(rows.size() + " of " + total + " shown; use --limit or narrow the filter.");
        }
        return Cli.OK;
    }

    /** The order {@code --sort} names, in the direction a reader wants first. */
    static AssetSort sort(String order) {
        return switch (order.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "name" -> AssetSort.byName();
            case "kind" -> new AssetSort(AssetSort.Column.KIND, true);
            case "source" -> new AssetSort(AssetSort.Column.SOURCE, true);
            case "owners" -> new AssetSort(AssetSort.Column.OWNERS, true);
            case "last-seen" -> new AssetSort(AssetSort.Column.LAST_SEEN, false);
            case "risk" -> new AssetSort(AssetSort.Column.RISK, false);
            case "relevance" -> new AssetSort(AssetSort.Column.RELEVANCE, true);
            default -> throw new IllegalArgumentException(
                    "unknown --sort '" + order + "'; expected name, kind, source, owners, last-seen, risk or relevance");
        };
    }

    /** Kind tokens for help and completion. */
    static final class KindTokens extends ArrayList<String> {
        KindTokens() {
            for (AssetKind k : AssetKind.values()) {
                add(k.token());
            }
        }
    }
}
