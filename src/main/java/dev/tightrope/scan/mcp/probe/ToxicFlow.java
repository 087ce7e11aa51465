package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Severity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The "lethal trifecta" across the servers one client loads (reference §6.8): one server's tool
 * brings in text an attacker can write (a web page, an issue, a message), another reads private
 * data (files, a database, mail), and another can send data out (a message, a post, a request to
 * any URL). Together a prompt injection in the first can make the model read with the second and
 * send with the third, whatever each server's own description says. Tools are tagged from their
 * annotations where the server gives them ({@code openWorldHint}, {@code destructiveHint},
 * {@code readOnlyHint}; absent hints are not assumed) and from the words of their names.
 */
public final class ToxicFlow {
    public static final String RULE = "mcp.desc.toxic-flow";

    /** What a tool can do in a flow. */
    public enum Tag {
        UNTRUSTED_INPUT("untrusted input"),
        PRIVATE_DATA("private data"),
        PUBLIC_SINK("public sink"),
        DESTRUCTIVE("destructive");

        private final String label;

        Tag(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Set<String> UNTRUSTED = Set.of("fetch", "browse", "browser", "navigate", "scrape", "crawl", "web", "url", "http", "rss", "feed",
            "issue", "issues", "comment", "comments", "pull", "email", "emails", "mail", "inbox", "message", "messages", "history", "thread", "threads",
            "screenshot", "page", "tweet", "tweets", "post", "posts", "search");
    /** Words of an untrusted-input tool only together with one that says it reads from outside (search alone may search a local graph). */
    private static final Set<String> OUTSIDE = Set.of("web", "fetch", "browse", "browser", "navigate", "scrape", "crawl", "url", "http", "rss", "feed",
            "issue", "issues", "comment", "comments", "pull", "email", "emails", "mail", "inbox", "message", "messages", "history", "thread", "threads",
            "screenshot", "page", "tweet", "tweets", "posts");
    private static final Set<String> PRIVATE = Set.of("file", "files", "directory", "directories", "tree", "query", "sql", "database", "db", "table",
            "tables", "schema", "memory", "graph", "nodes", "entities", "observations", "note", "notes", "secret", "secrets", "credential", "credentials",
            "env", "calendar", "contacts", "customer", "customers", "records", "email", "emails", "mail", "inbox", "diff", "log", "logs", "status", "show",
            "repository", "repo", "drive", "document", "documents", "event", "events", "attachment", "attachments", "trace", "traces", "replay", "replays",
            "conversation", "conversations");
    /** A tool whose own description warns that what it returns may be written by others ("may return untrusted user data"). */
    private static final Pattern SAYS_UNTRUSTED = Pattern.compile("(?i)\\buntrusted\\b|\\buser-generated\\b|\\bthird-party\\s+content\\b");
    private static final Set<String> READS = Set.of("read", "get", "list", "search", "query", "open", "show", "describe", "retrieve", "export", "dump",
            "diff", "log", "logs", "status", "tree", "find", "select");
    private static final Set<String> SINK = Set.of("send", "post", "publish", "reply", "comment", "share", "upload", "tweet", "push", "notify",
            "webhook", "forward", "broadcast");
    /** Words that make "create" or "add" a sink: creating something others read. */
    private static final Set<String> PUBLISHED = Set.of("issue", "comment", "message", "post", "gist", "pull", "request", "review", "email", "tweet",
            "page", "release");
    private static final Set<String> DESTROYS = Set.of("delete", "remove", "drop", "destroy", "truncate", "overwrite", "write", "move", "reset", "kill",
            "exec", "execute", "run", "shell", "command", "edit", "update", "merge", "push");

    private ToxicFlow() {
    }

    /** What one tool can do, with the reason for each tag. */
    public static Map<Tag, String> tags(ProbedEntity tool) {
        Map<Tag, String> out = new EnumMap<>(Tag.class);
        List<String> words = words(tool.name());
        JsonNode a = tool.definition().path("annotations");
        boolean readOnly = a.path("readOnlyHint").asBoolean(false);
        boolean openWorld = a.path("openWorldHint").isBoolean() && a.path("openWorldHint").asBoolean();
        boolean closedWorld = a.path("openWorldHint").isBoolean() && !a.path("openWorldHint").asBoolean();
        if (!closedWorld && words.stream().anyMatch(OUTSIDE::contains) && words.stream().anyMatch(UNTRUSTED::contains)) {
            out.put(Tag.UNTRUSTED_INPUT, "its name (" + tool.name() + ") reads content from outside");
        } else if (openWorld && readOnly) {
            out.put(Tag.UNTRUSTED_INPUT, "openWorldHint and readOnlyHint: it reads from an open world");
        } else if (SAYS_UNTRUSTED.matcher(tool.definition().path("description").asText("")).find()) {
            out.put(Tag.UNTRUSTED_INPUT, "its description says it may return untrusted content");
        }
        boolean reads = words.stream().anyMatch(READS::contains) || readOnly;
        if (reads && words.stream().anyMatch(PRIVATE::contains)) {
            out.put(Tag.PRIVATE_DATA, "its name (" + tool.name() + ") reads local or account data");
        }
        boolean anyUrl = words.contains("fetch") || words.contains("navigate");
        boolean publishes = words.stream().anyMatch(SINK::contains)
                || (words.contains("create") || words.contains("add")) && words.stream().anyMatch(PUBLISHED::contains);
        if (anyUrl) {
            out.put(Tag.PUBLIC_SINK, "its name (" + tool.name() + ") requests a URL, and a URL carries whatever is put into it");
        } else if (publishes && !readOnly) {
            out.put(Tag.PUBLIC_SINK, "its name (" + tool.name() + ") sends or publishes");
        } else if (openWorld && !readOnly) {
            out.put(Tag.PUBLIC_SINK, "openWorldHint without readOnlyHint: it acts on an open world");
        }
        if (a.path("destructiveHint").isBoolean() ? a.path("destructiveHint").asBoolean() : !readOnly && words.stream().anyMatch(DESTROYS::contains)) {
            out.put(Tag.DESTRUCTIVE, a.path("destructiveHint").isBoolean() ? "destructiveHint" : "its name (" + tool.name() + ") changes or deletes");
        }
        return out;
    }

    /**
     * The trifecta in one client, if its servers cover it with {@code server} among those that do.
     *
     * @param client  the client and where, e.g. {@code Cursor on priya-linux}
     * @param servers every probed server the client loads, this one included, by configured name
     */
    public static Optional<ProbeFinding> check(String client, String server, Map<String, ProbeResult> servers) {
        Map<Tag, List<String>> legs = new EnumMap<>(Tag.class);
        Set<Tag> mine = EnumSet.noneOf(Tag.class);
        servers.forEach((name, probe) -> {
            for (ProbedEntity tool : probe.tools()) {
                tags(tool).forEach((tag, why) -> {
                    legs.computeIfAbsent(tag, t -> new ArrayList<>()).add(name + "'s " + tool.name() + " (" + why + ")");
                    if (name.equals(server)) {
                        mine.add(tag);
                    }
                });
            }
        });
        Set<Tag> trifecta = EnumSet.of(Tag.UNTRUSTED_INPUT, Tag.PRIVATE_DATA, Tag.PUBLIC_SINK);
        if (!legs.keySet().containsAll(trifecta) || mine.stream().noneMatch(trifecta::contains)) {
            return Optional.empty();
        }
        Map<Tag, List<String>> shown = new LinkedHashMap<>();
        for (Tag t : Tag.values()) {
            if (legs.containsKey(t)) {
                shown.put(t, legs.get(t));
            }
        }
        StringBuilder evidence = new StringBuilder("together the servers of " + client + " can bring in untrusted text, read private data and send it out:");
        shown.forEach((t, tools) -> evidence.append("\n").append(t.label()).append(": ").append(String.join("; ",
                tools.size() > 4 ? tools.subList(0, 4) : tools)).append(tools.size() > 4 ? "; and " + (tools.size() - 4) + " more" : ""));
        return Optional.of(new ProbeFinding(RULE, Severity.HIGH, "Toxic flow in " + client + ": untrusted input, private data and a public sink",
                evidence.toString(), "client " + client));
    }

    /** {@code get_file_info}, {@code getFileInfo}, {@code get-file-info} → get, file, info. */
    static List<String> words(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String w : spaced.split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
