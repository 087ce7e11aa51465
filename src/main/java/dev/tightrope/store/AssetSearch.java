package dev.tightrope.store;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.SearchResults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Global search: the best matches of a text grouped by kind, fast at a million assets.
 *
 * <p>A match is what the inventory's text filter matches ({@link SearchIndex#toMatchQuery}: the
 * typed words, the last one a prefix), so "see all" lists exactly these. Each match is scored
 * by where the words are, weighted by column: the name far above tags and owners, far above the
 * description, properties last (the whole name, then every word a whole word of the name, then
 * by prefix; see {@link Relevance}); times the weight of its kind (models, model versions,
 * deployments and datasets above agents, files and images, above pipelines and runs); halved for
 * assets that are gone. Groups come best first, each with its best few; the versions of the
 * best models come along, newest first.
 *
 * <p>The scores are computed here from the rows rather than by FTS5's bm25: bm25 reads the
 * whole posting list of every word to weigh it (over 40 ms for a word on a fifth of a million
 * assets), where the name, tags, owners and description of the few rows scored are at hand.
 *
 * <p>How much is read depends on how broad the text is. Up to {@value #CANDIDATES} matches are
 * all scored and the counts are exact. A broader text (a common word) is answered kind by kind
 * from the index, best kinds first: a kind's matches are one intersection of two posting lists,
 * counted up to {@value #GROUP_COUNT_CAP} ("20+"), and its first {@value #KIND_SAMPLE} scored. A common
 * prefix still being typed ("frau") is answered from its first {@value #SAMPLE} matches until
 * the word is whole.
 */
final class AssetSearch {

    /** Up to this many matches are all scored; beyond it the search answers from the index kind by kind. */
    static final int CANDIDATES = 500;
    /** A broad prefix is scored on this many of its matches. */
    static final int SAMPLE = 100;
    /** A kind's matches counted at most, when the text is broad ("20+"). */
    static final int GROUP_COUNT_CAP = 20;
    /** A kind's matches scored, when the text is broad: its first ones. */
    static final int KIND_SAMPLE = 8;
    /** A model among the best brings at most this many of its versions. */
    static final int VERSIONS_PER_MODEL = 12;
    /** The best models whose versions are brought along. */
    private static final int MODELS_WITH_VERSIONS = 3;

    private static final Map<String, AssetKind> KINDS = new HashMap<>();

    static {
        for (AssetKind k : AssetKind.values()) {
            KINDS.put(k.token(), k);
        }
    }

    /** Kinds in the order a search prefers them, with their weights. */
    private static final Map<AssetKind, Double> KIND_WEIGHT = kindWeights();

    /** What scoring needs of a row: kind, name, tags, description, gone, owners. */
    private static final String ROW = "a.id, a.kind, a.name, a.tags, a.description, a.gone_at IS NOT NULL, "
            + "(SELECT group_concat(owner, ' ') FROM owners o WHERE o.asset_key = a.key)";

    private final Database db;
    private final AssetRepository assets;

    AssetSearch(Database db, AssetRepository assets) {
        this.db = db;
        this.assets = assets;
    }

    /** The best matches of {@code text}, at most {@code limit} hits in all and {@code perGroup} of a kind (more for versions). */
    SearchResults search(String text, int limit, int perGroup) {
        String typed = text == null ? "" : text.strip();
        String prefixed = SearchIndex.toMatchQuery(typed);
        if (prefixed.isEmpty() || limit <= 0) {
            return SearchResults.none(typed);
        }
        int groupSize = Math.max(1, perGroup);
        String exact = SearchIndex.toExactQuery(typed);
        Scored scored = db.read(c -> {
            Scored s = new Scored(new Relevance(typed, SearchIndex.words(typed)));
            wholeName(c, typed, limit, s);
            // whole words first: a common word is answered kind by kind without reading its matches
            List<Long> exactIds = rowids(c, exact, CANDIDATES + 1);
            if (exactIds.size() > CANDIDATES) {
                byKind(c, exact, limit, groupSize, s);
                namePrefix(c, typed, limit, s);
            } else {
                List<Long> ids = exact.equals(prefixed) ? exactIds : rowids(c, prefixed, CANDIDATES + 1);
                s.exact = ids.size() <= CANDIDATES;
                s.total = Math.min(ids.size(), CANDIDATES);
                // a broad prefix: its first matches stand for all, and their counts say "at least"
                rows(c, s.exact ? ids : ids.subList(0, SAMPLE), s, true);
                if (!s.exact) {
                    namePrefix(c, typed, limit, s);
                }
            }
            versionsOfBestModels(c, s);
            return s;
        });
        return scored.results(typed, limit, groupSize, assets);
    }

    /** Assets whose name is the text itself (the name index). */
    private static void wholeName(Connection c, String typed, int limit, Scored s) throws SQLException {
        read(c, "SELECT " + ROW + " FROM assets a WHERE a.name = ? LIMIT " + limit, s, false, typed);
    }

    /** Assets whose name starts with the text (a walk of the name index), when their name alone matches it. */
    private static void namePrefix(Connection c, String typed, int limit, Scored s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT a.id, a.name FROM assets a WHERE a.name > ? AND a.name < ? ORDER BY a.name LIMIT " + limit)) {
            ps.setString(1, typed);
            ps.setString(2, typed + "\uffff");
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (s.relevance.nameMatches(rs.getString(2))) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            rows(c, ids, s, false);
        }
    }

    /**
     * A broad text, kind by kind in the order of preference: how many of the kind match, up to a
     * cap (one intersection in the index that stops there), and the first few of them scored.
     * Stops when enough hits are in.
     */
    private static void byKind(Connection c, String match, int limit, int perGroup, Scored s) throws SQLException {
        s.exact = false;
        s.total = CANDIDATES;
        int found = 0;
        for (AssetKind kind : KIND_WEIGHT.keySet()) {
            if (found >= limit) {
                break;
            }
            List<Long> ids = rowids(c, SearchIndex.ofKind(match, kind), GROUP_COUNT_CAP + 1);
            if (ids.isEmpty()) {
                continue;
            }
            s.counts.put(kind, (long) Math.min(ids.size(), GROUP_COUNT_CAP));
            if (ids.size() <= GROUP_COUNT_CAP) {
                s.countedExactly.add(kind);
            }
            rows(c, ids.subList(0, Math.min(ids.size(), KIND_SAMPLE)), s, false);
            found += Math.min(ids.size(), perGroup);
        }
    }

    /** The versions of the best models among the hits, scored just below their model so they follow it. */
    private static void versionsOfBestModels(Connection c, Scored s) throws SQLException {
        List<Scored.Hit> models = s.best(AssetKind.MODEL, MODELS_WITH_VERSIONS);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.id, a.name, a.gone_at IS NOT NULL
                FROM edges e CROSS JOIN assets a ON a.key = e.down_key
                WHERE e.up_key = (SELECT key FROM assets WHERE id = ?) AND e.type = ? AND a.kind = ? LIMIT ?""")) {
            for (Scored.Hit model : models) {
                ps.setLong(1, model.id());
                ps.setInt(2, EdgeType.VERSION_OF.code());
                ps.setString(3, AssetKind.MODEL_VERSION.token());
                ps.setInt(4, VERSIONS_PER_MODEL);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        s.addVersion(rs.getLong(1), rs.getString(2), rs.getBoolean(3), model);
                    }
                }
            }
        }
    }

    /** Scores the rows with these ids; {@code count} also counts them by kind and presence. */
    private static void rows(Connection c, List<Long> ids, Scored s, boolean count) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        StringBuilder in = new StringBuilder();
        for (long id : ids) {
            in.append(in.isEmpty() ? "" : ",").append(id);
        }
        read(c, "SELECT " + ROW + " FROM assets a WHERE a.id IN (" + in + ")", s, count);
    }

    /** Scores what {@code sql} selects ({@link #ROW}); returns how many rows it read. */
    private static int read(Connection c, String sql, Scored s, boolean count, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                    AssetKind kind = KINDS.get(rs.getString(2));
                    boolean gone = rs.getBoolean(6);
                    if (count) {
                        s.counts.merge(kind, 1L, Long::sum);
                        s.gone += gone ? 1 : 0;
                    }
                    String name = rs.getString(3);
                    double score = s.relevance.score(name, rs.getString(4), rs.getString(7), rs.getString(5));
                    s.add(rs.getLong(1), kind, name, gone, score);
                }
            }
            return n;
        }
    }

    private static List<Long> rowids(Connection c, String match, int limit) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT rowid FROM asset_fts WHERE asset_fts MATCH ? LIMIT " + limit)) {
            ps.setString(1, match);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static Map<AssetKind, Double> kindWeights() {
        Map<AssetKind, Double> w = new LinkedHashMap<>();
        w.put(AssetKind.MODEL, 3.0);
        w.put(AssetKind.MODEL_VERSION, 2.6);
        w.put(AssetKind.DEPLOYMENT, 2.2);
        w.put(AssetKind.DATASET, 2.0);
        w.put(AssetKind.AGENT, 1.7);
        w.put(AssetKind.MCP_SERVER, 1.7);
        w.put(AssetKind.AGENT_SKILL, 1.5);
        w.put(AssetKind.MACHINE, 1.2);
        w.put(AssetKind.MODEL_ARTIFACT, 1.6);
        w.put(AssetKind.CONTAINER_IMAGE, 1.6);
        w.put(AssetKind.NOTEBOOK, 1.4);
        w.put(AssetKind.AI_SDK, 1.3);
        w.put(AssetKind.PIPELINE, 1.2);
        w.put(AssetKind.TRAINING_RUN, 1.0);
        w.put(AssetKind.PIPELINE_RUN, 1.0);
        w.put(AssetKind.BUILD_ARTIFACT, 1.1);
        if (w.size() != AssetKind.values().length) {
            throw new IllegalStateException("every kind needs a search weight");
        }
        return w;
    }

    /**
     * How well a row matches the typed words, by column. The name counts most: the whole text
     * (100), every word a whole word of it (50, 55 when the name starts with the first word),
     * every word with the last as a prefix (35, 40), some words (up to 20); a shorter name a little
     * more, so a model comes before its longer-named runs. Then tags and owners (up to 8 each), the
     * description (up to 2), and 1 for matching at all (properties, or words split over columns).
     */
    static final class Relevance {
        private final String typed;
        private final List<String> words;

        Relevance(String typed, List<String> words) {
            this.typed = typed;
            this.words = words;
        }

        double score(String name, String tags, String owners, String description) {
            return name(name) + 8 * share(tags) + 8 * share(owners) + 2 * share(description) + 1;
        }

        double name(String name) {
            if (name.equalsIgnoreCase(typed)) {
                return 100;
            }
            List<String> tokens = SearchIndex.words(name);
            int whole = 0;
            int prefix = 0;
            for (int i = 0; i < words.size(); i++) {
                if (tokens.contains(words.get(i))) {
                    whole++;
                } else if (isPrefix(i) && startsAny(tokens, words.get(i))) {
                    prefix++;
                }
            }
            double base;
            if (whole == words.size()) {
                base = 50 + (tokens.get(0).equals(words.get(0)) ? 5 : 0);
            } else if (whole + prefix == words.size()) {
                base = 35 + (tokens.get(0).startsWith(words.get(0)) ? 5 : 0);
            } else {
                base = 20.0 * (whole + prefix) / words.size();
            }
            return base - Math.min(5, name.length() * 0.02);
        }

        /** Whether the name alone holds every word (the last as a prefix), so the asset matches the text. */
        boolean nameMatches(String name) {
            return !words.isEmpty() && share(name) == 1.0;
        }

        /** The share of the words {@code text} holds (the last as a prefix). */
        private double share(String text) {
            if (text == null || text.isEmpty()) {
                return 0;
            }
            List<String> tokens = SearchIndex.words(text);
            int found = 0;
            for (int i = 0; i < words.size(); i++) {
                if (tokens.contains(words.get(i)) || isPrefix(i) && startsAny(tokens, words.get(i))) {
                    found++;
                }
            }
            return words.isEmpty() ? 0 : (double) found / words.size();
        }

        /** Whether word {@code i} is searched as a prefix: the last, from three characters (as the index does). */
        private boolean isPrefix(int i) {
            return i == words.size() - 1 && words.get(i).length() >= 3;
        }

        private static boolean startsAny(List<String> tokens, String prefix) {
            for (String t : tokens) {
                if (t.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The hits found so far with their scores, the counts by kind, and how exact they are. */
    private static final class Scored {
        final Relevance relevance;
        final Map<Long, Hit> hits = new HashMap<>();
        final Map<AssetKind, Long> counts = new EnumMap<>(AssetKind.class);
        /** Kinds counted exactly although the search as a whole is not (a broad text, below the cap). */
        final Set<AssetKind> countedExactly = EnumSet.noneOf(AssetKind.class);
        boolean exact = true;
        long total;
        long gone;

        Scored(Relevance relevance) {
            this.relevance = relevance;
        }

        void add(long id, AssetKind kind, String name, boolean isGone, double relevance) {
            double score = relevance * KIND_WEIGHT.get(kind) * (isGone ? 0.5 : 1.0);
            hits.merge(id, new Hit(id, kind, name, score, false), (a, b) -> a.score() >= b.score() ? a : b);
        }

        /** A version of {@code model}: just below the model, so the versions follow it (newest first, by name). */
        void addVersion(long id, String name, boolean isGone, Hit model) {
            double score = model.score() * 0.95 * (isGone ? 0.5 : 1.0);
            Hit known = hits.get(id);
            if (known == null) {
                // not a match of the text itself, but shown and counted with the versions
                counts.merge(AssetKind.MODEL_VERSION, 1L, Long::sum);
            }
            if (known == null || known.score() < score) {
                hits.put(id, new Hit(id, AssetKind.MODEL_VERSION, name, score, true));
            }
        }

        List<Hit> best(AssetKind kind, int n) {
            return hits.values().stream().filter(h -> h.kind() == kind).sorted(BEST_FIRST).limit(n).toList();
        }

        SearchResults results(String typed, int limit, int perGroup, AssetRepository assets) {
            Map<AssetKind, List<Hit>> byKind = new EnumMap<>(AssetKind.class);
            hits.values().stream().sorted(BEST_FIRST).forEach(h -> byKind.computeIfAbsent(h.kind(), k -> new ArrayList<>()).add(h));
            List<AssetKind> order = new ArrayList<>(byKind.keySet());
            order.sort(Comparator.comparingDouble((AssetKind k) -> -byKind.get(k).get(0).score()));
            List<List<Hit>> chosen = new ArrayList<>();
            int room = limit;
            for (AssetKind kind : order) {
                List<Hit> of = byKind.get(kind);
                int cap = perGroup;
                if (kind == AssetKind.MODEL_VERSION) {
                    long brought = of.stream().filter(Hit::brought).count();
                    cap = (int) Math.max(perGroup, Math.min(brought, VERSIONS_PER_MODEL));
                }
                int take = Math.min(of.size(), Math.min(cap, room));
                if (take == 0) {
                    break;
                }
                chosen.add(of.subList(0, take));
                room -= take;
            }
            long[] ids = chosen.stream().flatMap(List::stream).mapToLong(Hit::id).toArray();
            Map<Long, AssetSummary> rows = new HashMap<>();
            for (AssetSummary a : assets.summaries(ids)) {
                rows.put(a.id(), a);
            }
            List<SearchResults.KindGroup> groups = new ArrayList<>();
            for (List<Hit> group : chosen) {
                AssetKind kind = group.get(0).kind();
                List<AssetSummary> summaries = group.stream().map(h -> rows.get(h.id())).filter(a -> a != null).toList();
                if (!summaries.isEmpty()) {
                    long count = Math.max(counts.getOrDefault(kind, 0L), byKind.get(kind).size());
                    groups.add(new SearchResults.KindGroup(kind, count, exact || countedExactly.contains(kind), summaries));
                }
            }
            return new SearchResults(typed, groups, exact ? total : Math.max(total, hits.size()), exact, exact ? gone : 0);
        }

        /** One scored asset; {@code brought} when it is a version that came with its model. */
        record Hit(long id, AssetKind kind, String name, double score, boolean brought) {
        }

        /** Best score first; equal scores by name, newest-looking first (v10 before v9, November before May). */
        static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble((Hit h) -> -h.score())
                .thenComparing(Hit::name, NaturalOrder.INSTANCE.reversed())
                .thenComparingLong(Hit::id);
    }

    /** Names with numbers compared as numbers: "v9" before "v10", "2026-05-01" before "2026-11-01". */
    static final class NaturalOrder implements Comparator<String> {
        static final NaturalOrder INSTANCE = new NaturalOrder();

        @Override
        public int compare(String a, String b) {
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                char x = a.charAt(i);
                char y = b.charAt(j);
                if (Character.isDigit(x) && Character.isDigit(y)) {
                    int si = i;
                    int sj = j;
                    while (i < a.length() && Character.isDigit(a.charAt(i))) {
                        i++;
                    }
                    while (j < b.length() && Character.isDigit(b.charAt(j))) {
                        j++;
                    }
                    int c = compareNumbers(a.substring(si, i), b.substring(sj, j));
                    if (c != 0) {
                        return c;
                    }
                } else {
                    int c = Character.compare(Character.toLowerCase(x), Character.toLowerCase(y));
                    if (c != 0) {
                        return c;
                    }
                    i++;
                    j++;
                }
            }
            return Integer.compare(a.length() - i, b.length() - j);
        }

        private static int compareNumbers(String x, String y) {
            String a = x.replaceFirst("^0+(?=.)", "");
            String b = y.replaceFirst("^0+(?=.)", "");
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
    }
}
