package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.domain.Severity;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The description rules (reference §6): what a server tells the model, read for instructions the
 * user does not see. They apply to the server's {@code instructions}, to each tool's, prompt's and
 * resource's name, title and description, and to every nested {@code description}, {@code title},
 * {@code default} and {@code enum} of a tool's input and output schemas (and a prompt's arguments).
 * Deterministic: regular expressions and code-point tests, no model, no network. Explainable: every
 * finding names its rule, where it is (entity and field path) and quotes the exact span between
 * {@code >>} and {@code <<} with some context, invisible characters written as {@code <U+XXXX>}.
 * One finding per rule and field, quoting every span of that rule there.
 *
 * <p>Rule families: {@link #HIDDEN_UNICODE}, {@link #CONFUSABLE_NAME}, {@link #PSEUDO_TAG},
 * {@link #COERCION}, {@link #SENSITIVE_PATH}, {@link #SHADOWING}, {@link #EXFILTRATION}, and
 * {@link ToxicFlow#RULE} across one client's servers. The pins and rug pulls are
 * {@link ProbeComparison}'s.
 */
public final class DescriptionRules {
    public static final String HIDDEN_UNICODE = "mcp.desc.hidden-unicode";
    public static final String CONFUSABLE_NAME = "mcp.desc.confusable-name";
    public static final String PSEUDO_TAG = "mcp.desc.pseudo-tag";
    public static final String COERCION = "mcp.desc.coercion";
    public static final String SENSITIVE_PATH = "mcp.desc.sensitive-path";
    public static final String SHADOWING = "mcp.desc.shadowing";
    public static final String EXFILTRATION = "mcp.desc.exfiltration";
    /** Every rule of a description or schema, in the order they are checked (the toxic flow is a client's, not a text's). */
    public static final List<String> RULES = List.of(HIDDEN_UNICODE, CONFUSABLE_NAME, PSEUDO_TAG, COERCION, SENSITIVE_PATH, SHADOWING, EXFILTRATION);

    /** Over this many characters a description hides what follows below the fold: it raises the severity of what is found in it. */
    static final int LONG_TEXT = 2048;
    private static final int CONTEXT = 40;

    private static final List<Pattern> PSEUDO_TAGS = List.of(
            Pattern.compile("(?i)<\\s*/?\\s*(important|system|instructions?|secret|critical|urgent|hidden|admin)\\s*>"),
            Pattern.compile("(?i)<\\s*/?\\s*(?:[a-z]+[_-])*(important|system|instructions?|secret|critical|urgent|hidden|admin|assistant|directives?|override|developer"
                    + "|ai|llm|model|agent)(?:[_-][a-z]+)*\\s*>"),
            Pattern.compile("(?i)\\[\\s*(system|admin|assistant|developer|instructions?)\\s*]"),
            Pattern.compile("(?im)^\\s*(?:#{1,6}|={2,}|\\*{2,}|-{3,})\\s*(system|admin|developer)\\s+(override|prompt|message|instructions?|directive|notice)\\b.*$"),
            Pattern.compile("<!--[\\s\\S]*?-->"),
            Pattern.compile("(?i)\\[/?INST]"),
            Pattern.compile("(?im)^\\s*(system|assistant)\\s*:"),
            Pattern.compile("<\\|\\s*[a-z_]+\\s*\\|>"));

    private static final List<Pattern> COERCION_PHRASES = List.of(
            Pattern.compile("(?i)\\b(ignore|disregard|forget)\\s+(all\\s+|any\\s+|the\\s+)?(previous|prior|above|earlier|other)\\s+\\w+"),
            Pattern.compile("(?i)\\b(ignore|disregard|forget)\\s+(what|anything|everything)\\s+the\\s+user\\s+(said|says|asked|asks|wants)"),
            Pattern.compile("(?i)\\b(do\\s+not|don'?t|never)\\s+let\\s+the\\s+(user|human)\\s+(know|see)"),
            Pattern.compile("(?i)\\bkeep\\s+(this|it)\\s+(between\\s+us|secret|hidden|confidential)"),
            Pattern.compile("(?i)\\b(the\\s+)?user\\s+(has|have)\\s+(already\\s+)?(pre-?approved|approved|consented|agreed)"),
            Pattern.compile("(?i)\\bno\\s+need\\s+to\\s+(confirm|ask)\\b"),
            Pattern.compile("(?i)\\buse\\s+this\\s+tool\\s+instead\\b"),
            Pattern.compile("(?i)\\b(do\\s+not|don'?t|never)\\s+(tell|mention|inform|notify|reveal|alert|show)\\b[^.]{0,40}\\b(user|human)"),
            Pattern.compile("(?i)\\bwithout\\s+(asking|telling|informing|notifying|alerting)\\s+(the\\s+)?(user|human)"),
            Pattern.compile("(?i)\\bbefore\\s+(using|calling)\\s+(this|any\\s+other|any)\\s+tool"),
            Pattern.compile("(?i)\\b(otherwise|or)\\s+the\\s+tool\\s+will\\s+not\\s+work"),
            Pattern.compile("(?i)\\b(application|system|tool|server)\\s+will\\s+(crash|break|not\\s+work)"),
            Pattern.compile("(?i)\\b(must|always)\\s+(call|use|run)\\s+this\\s+tool\\s+first"),
            Pattern.compile("(?i)\\b(instead\\s+of|rather\\s+than)\\s+(using|calling)\\s+(the\\s+)?[`'\"]?[\\w.-]+[`'\"]?\\s+tool"),
            Pattern.compile("(?i)\\b(ignore|disregard|forget|override|bypass)\\s+(?:(?:all|any|the|your|these|those|its)\\s+)*(?:(?:previous|prior|above|earlier|other|safety|security"
                    + "|system|original|existing)\\s+)*(instructions?|rules|guidelines|guidance|polic(y|ies)|restrictions|directions|constraints|prompts?)\\b"),
            Pattern.compile("(?i)\\b(ignore|disregard|forget)\\s+(what|whatever|anything|everything)\\s+(the\\s+user|you\\s+were)\\s+(said|says|told|asked|asks|wants)"),
            Pattern.compile("(?i)\\b(do\\s+not|don'?t|never|should\\s*n[o']?t|must\\s*n[o']?t|shall\\s+not)\\s+(tell|mention|inform|notify|reveal|alert|show|disclose|discuss"
                    + "|explain|bring\\s+(this|it|that)(\\s+\\w+)?\\s+up)\\b[^.]{0,40}\\b(user|human)"),
            Pattern.compile("(?i)\\b(must|should|shall)\\s+not\\s+be\\s+(mentioned|discussed|disclosed|shown|revealed|explained)\\b"),
            Pattern.compile("(?i)\\b(do\\s+not|don'?t|never)\\s+(mention|reveal|disclose|discuss)\\s+(this|it|that)\\b"),
            Pattern.compile("(?i)\\b(the\\s+)?(user|human)\\s+(does\\s*n[o']?t|do\\s+not|need\\s*n[o']?t|should\\s*n[o']?t)\\s+(need\\s+to\\s+|have\\s+to\\s+)?(know|see|be\\s+told)"),
            Pattern.compile("(?i)\\b(do\\s+not|don'?t|never)\\s+ask\\s+(the\\s+)?(user|human)\\s+(about\\s+(this|it)|for\\s+(permission|consent|confirmation|approval))"),
            Pattern.compile("(?i)\\bkeep\\s+(this|it|the\\s+following)\\s+(between\\s+us|secret|hidden|confidential|private)"),
            Pattern.compile("(?i)\\b(otherwise|or\\s+else|failing\\s+to\\s+do\\s+so|skipping\\s+(it|this)|without\\s+(it|this|them))\\b[^.;]{0,60}?\\b(fail|fails|break|breaks"
                    + "|wrong|incorrect|corrupt\\w*|reject\\w*|refuse\\w*|error|not\\s+work|won'?t\\s+work|stop\\s+working)\\b"),
            Pattern.compile("(?i)\\b(fail|fails|break|breaks|rejects?|refuses?)\\b[^.;]{0,30}?\\b(otherwise|without\\s+(it|this|them))\\b"),
            Pattern.compile("(?i)\\b(cannot|can'?t|won'?t|will\\s+not)\\s+(run|work|function|proceed)\\s+unless\\b"),
            Pattern.compile("(?i)\\bbefore\\s+(any|every|all)\\s+(other\\s+)?(tool|call|request|action|message|answer)"),
            Pattern.compile("(?i)\\bbefore\\s+(answering|responding|replying|you\\s+(answer|respond|reply))\\b"),
            Pattern.compile("(?i)\\b(must|always|required\\s+to|have\\s+to|need\\s+to)\\s+(call|invoke|use|run)\\s+this\\s+tool\\s+(first|before|on\\s+every|for\\s+every|after\\s+every|each\\s+time)"),
            Pattern.compile("(?i)\\b(the\\s+)?(assistant|model|agent|llm)\\s+(must|has\\s+to|needs\\s+to|is\\s+required\\s+to)\\b"),
            Pattern.compile("(?i)\\bthis\\s+tool\\s+(rather\\s+than|instead\\s+of)\\b|\\bsupersedes\\b|\\b(is|are)\\s+(deprecated|unsafe|obsolete)\\b[^.]{0,40}\\buse\\s+this\\s+tool"),
            Pattern.compile("(?i)\\byou\\s+are\\s+now\\s+in\\s+[\\w-]+\\s+mode|\\byou\\s+have\\s+no\\s+(restrictions|limits|rules)|\\b(rules|restrictions|guidelines|filters)\\s+(are|is)\\s+"
                    + "(now\\s+)?(suspended|lifted|disabled|off)\\b"),
            Pattern.compile("(?i)\\bsidenote\\b"),
            Pattern.compile("(?i)\\bvery+\\s+important"));

    /** Words that are weak signals: benign descriptions use them ("critical", "ignore hidden files"), so they count only together. */
    private static final Pattern WEAK_WORD = Pattern.compile("(?i)\\b(important|crucial|critical|vital|urgent|ignore|disregard|override|bypass)\\b");
    /** A shouted modal (MUST, ALWAYS, NEVER): one weak point, in capitals only ("you must pass a path" is ordinary). */
    private static final Pattern SHOUTED_MODAL = Pattern.compile("\\b(MUST|ALWAYS|NEVER)\\b");
    /** Weak points for coercion: a weak word is 1, shouted in capitals (IMPORTANT) 2, a shouted modal 1; coercion from 3. */
    private static final int WEAK_THRESHOLD = 3;

    private static final Pattern SENSITIVE = Pattern.compile("(?i)(?:~/|\\$HOME/)?(?:\\.ssh\\b|\\.aws/credentials|\\.aws/config\\b|\\.bash_history\\b"
            + "|\\.zsh_history\\b|\\.gitconfig\\b|\\.npmrc\\b|\\.netrc\\b|\\.git-credentials\\b|\\.kube/config\\b|\\.docker/config\\.json|\\.pgpass\\b"
            + "|\\.cursor/mcp\\.json|\\.config/gh/hosts\\.yml|\\.config/gcloud\\b|\\.azure/|\\.gnupg\\b|\\.pypirc\\b|\\.cargo/credentials|\\.vault-token\\b"
            + "|\\.terraform\\.d/credentials|\\.password-store\\b)(?:/[\\w.-]+)?"
            + "|(?:chrome|chromium|firefox|bravesoftware|microsoft/edge)[^\\s]*/(?:login data|cookies|key4\\.db|logins\\.json)\\b"
            + "|\\bid_rsa\\b|\\bid_ed25519\\b|\\bid_ecdsa\\b|(?<![\\w.$])\\.env\\b|(?<![\\w-])mcp\\.json\\b|claude_desktop_config\\.json|/etc/passwd\\b|/etc/shadow\\b");
    /** Phrases that are sensitive only as an instruction: a chat server may well mention its conversation history. */
    private static final Pattern SENSITIVE_CONTENT = Pattern.compile("(?i)\\b(conversation|chat)\\s+history\\b|\\bsystem\\s+prompt\\b|\\bprevious\\s+messages\\b|\\bprivate\\s+keys?\\b");
    /** An instruction to do something with what a path or phrase names, near it: what makes a mention a request. */
    private static final Pattern DIRECTIVE = Pattern.compile("(?i)\\b(read|cat|open|include|includ(es|ing)|pass|send|re-?send|attach|provide|supply|submit|upload|forward"
            + "|copy|paste|append|share|output|print|repeat|reveal|leak|exfiltrate|contents?\\s+of|put|insert|embed|place|dump|collect|gather|extract|transmit)\\b");
    /** For what the conversation or the prompt holds, asking for all of it is the request too ("the full system prompt"). */
    private static final Pattern WHOLE = Pattern.compile("(?i)\\b(full|entire|whole|complete|verbatim)\\b");
    private static final int DIRECTIVE_WINDOW = 80;

    private static final Set<String> EXFIL_PARAMETERS = Set.of("notes", "note", "sidenote", "feedback", "debug", "extra", "metadata", "context", "history");
    /** Words of a parameter's name ({@code ticker_note}, {@code chainOfThought}) that make it a channel for what the model knows. */
    private static final Set<String> EXFIL_WORDS = Set.of("note", "notes", "memo", "sidenote", "transcript", "conversation", "messages", "history",
            "reasoning", "thought", "thoughts", "system", "secrets", "credentials", "passwords");
    /** Word pairs of a parameter's name that name something secret ({@code content_from_reading_ssh_id_rsa}, {@code system_prompt}). */
    private static final List<List<String>> SECRET_NAME = List.of(List.of("id", "rsa"), List.of("id", "ed25519"), List.of("ssh", "key"),
            List.of("private", "key"), List.of("aws", "credentials"), List.of("git", "credentials"), List.of("system", "prompt"),
            List.of("conversation", "history"), List.of("chat", "history"), List.of("kube", "config"), List.of("npmrc"), List.of("netrc"),
            List.of("passwd"));
    private static final Pattern HTML_BEACON = Pattern.compile("(?i)<\\s*(img|iframe|script|audio|video|source)\\b[^>]*\\b(src|href)\\s*=\\s*[\"']?https?://[^>]*>?");
    private static final Pattern MARKDOWN_IMAGE = Pattern.compile("!\\[[^\\]]*]\\(\\s*https?://[^)\\s]*\\)?");
    /** A link whose URL has a placeholder to fill ({@code {data}}, {@code <secret>}, {@code $X}): a channel, not a reference. */
    private static final Pattern TEMPLATED_LINK = Pattern.compile("\\[[^\\]]*]\\(\\s*https?://[^)\\s]*[{<$][^)\\s]*\\)?");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{60,}={0,2}");
    private static final Pattern HEX = Pattern.compile("\\b(?:[0-9a-fA-F]{2}){32,}\\b");
    /** What a parameter's description asks to be put into it that makes it a channel for the conversation. */
    private static final Pattern ASKS_FOR_CONVERSATION = Pattern.compile("(?i)\\b(?:(?:full|entire|whole|complete|current|our|your)\\s+(?:conversation|chat)"
            + "|(?:conversation|chat)\\s+(?:so\\s+far|history|transcript|verbatim)|(?:earlier|previously)\\s+in\\s+the\\s+(?:conversation|chat)|everything\\s+the\\s+user"
            + "|(?:previous|prior|last)\\s+messages|so\\s+far|up\\s+to\\s+this\\s+point|available\\s+to\\s+you)\\b");

    private static final Set<String> SCHEMA_TEXT = Set.of("description", "title", "default", "const");
    private static final Set<String> JSON_TYPES = Set.of("string", "number", "integer", "boolean", "object", "array", "null");
    private static final Pattern IDENTIFIER = Pattern.compile("[\\w.-]+");

    /** Pairs: a look-alike, then the Latin letter it passes for. */
    private static final String LOOKALIKES = "аaеeоoрpсcуyхxіiјjѕsԁdһhӏlοoαaεeνvρpτtυuκkιiχx";

    private DescriptionRules() {
    }

    /**
     * Every rule on what one probe listed.
     *
     * @param sameClient the other servers loaded by a client that loads this one, by configured
     *                   name, with what their last probe listed (empty: no shadowing is looked for)
     */
    public static List<ProbeFinding> check(ProbeResult result, Map<String, ProbeResult> sameClient) {
        Findings out = new Findings();
        Map<String, String> others = otherNames(result, sameClient);
        if (!result.instructions().isEmpty()) {
            text("server instructions", "server instructions", result.instructions(), others, out);
        }
        for (ProbedEntity e : result.entities()) {
            entity(e, others, out);
        }
        return out.list();
    }

    /**
     * The text rules on one plain text, e.g. a skill's {@code SKILL.md}: hidden Unicode, pseudo
     * tags, coercion, sensitive paths, Markdown images and templated links, base64 payloads.
     *
     * @param where what the text is, shown as the findings' location, e.g. {@code skill deploy: SKILL.md}
     */
    public static List<ProbeFinding> checkText(String where, String text) {
        Findings out = new Findings();
        text(where, where, text, Map.of(), out);
        return out.list();
    }

    private static void entity(ProbedEntity e, Map<String, String> others, Findings out) {
        String label = e.label();
        JsonNode d = e.definition();
        name(label, e.kind() == ProbedEntity.Kind.TOOL || e.kind() == ProbedEntity.Kind.PROMPT ? e.name() : d.path("name").asText(""), others, out);
        for (String field : List.of("title", "description")) {
            if (d.path(field).isTextual()) {
                text(label, label + ": " + field, d.path(field).asText(), others, out);
            }
        }
        for (String schema : List.of("inputSchema", "outputSchema")) {
            if (d.has(schema)) {
                schema(label, schema, d.get(schema), others, out, 0);
            }
        }
        if (e.kind() == ProbedEntity.Kind.TOOL && d.path("inputSchema").isObject()) {
            parameters(label, "inputSchema", d.get("inputSchema"), out, 0);
        }
        int i = 0;
        for (JsonNode argument : d.path("arguments")) {
            String path = "arguments." + argument.path("name").asText(String.valueOf(i++));
            for (String field : List.of("description", "title")) {
                if (argument.path(field).isTextual()) {
                    text(label, label + ": " + path + "." + field, argument.path(field).asText(), others, out);
                }
            }
        }
    }

    /** The text fields of a schema, at any depth: description, title, a textual default or const, each textual enum value or example. */
    private static void schema(String label, String path, JsonNode node, Map<String, String> others, Findings out, int depth) {
        if (depth > 64) {
            return;
        }
        if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node) {
                schema(label, path + "[" + i++ + "]", item, others, out, depth + 1);
            }
            return;
        }
        node.fields().forEachRemaining(f -> {
            String at = path + "." + f.getKey();
            JsonNode v = f.getValue();
            boolean prose = SCHEMA_TEXT.contains(f.getKey()) || f.getKey().equals("type") && v.isTextual() && !JSON_TYPES.contains(v.asText());
            boolean values = f.getKey().equals("enum") || f.getKey().equals("examples");
            if (prose && v.isTextual()) {
                text(label, label + ": " + at, v.asText(), others, out);
            } else if (values && v.isArray()) {
                int i = 0;
                for (JsonNode value : v) {
                    if (value.isTextual()) {
                        // a bare identifier as a value is a value ("get_project" as a method), not a description steering that tool
                        text(label, label + ": " + at + "[" + i + "]", value.asText(), IDENTIFIER.matcher(value.asText()).matches() ? Map.of() : others, out);
                    }
                    i++;
                }
            } else {
                schema(label, at, v, others, out, depth + 1);
            }
        });
    }

    /** Parameters made to carry data out: an optional free-text one with a telltale name, or an object open to any property. */
    private static void parameters(String label, String path, JsonNode schema, Findings out, int depth) {
        if (depth > 64 || !schema.isObject()) {
            return;
        }
        if (schema.path("additionalProperties").isBoolean() && schema.path("additionalProperties").asBoolean()) {
            out.add(EXFILTRATION, Severity.MEDIUM, "An input open to any extra property in " + label, label + ": " + path + ".additionalProperties",
                    path + ".additionalProperties is true: the model may add any field, and anything it adds is sent to the server");
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (String name : required) {
            if (!schema.path("properties").has(name) && secretName(ToxicFlow.words(name))) {
                out.add(SENSITIVE_PATH, Severity.HIGH, "A required name that asks for a secret in " + label, label + ": " + path + ".required",
                        "required " + quote(name) + " names a secret and is no property: the name itself is the instruction");
            }
        }
        schema.path("properties").fieldNames().forEachRemaining(name -> {
            if (secretName(ToxicFlow.words(name))) {
                out.add(SENSITIVE_PATH, Severity.HIGH, "A parameter named for a secret in " + label, label + ": " + path + ".properties." + name,
                        "parameter " + quote(name) + ": its name asks the model to fill it with a secret it reads");
            }
        });
        schema.path("properties").fields().forEachRemaining(p -> {
            JsonNode property = p.getValue();
            String at = path + ".properties." + p.getKey();
            String type = property.path("type").asText("");
            boolean freeForm = type.isEmpty() || type.equals("string") || type.equals("object");
            boolean constrained = property.has("enum") || property.has("const");
            List<String> words = ToxicFlow.words(p.getKey());
            boolean telltale = EXFIL_PARAMETERS.contains(p.getKey().toLowerCase(Locale.ROOT)) || words.stream().anyMatch(EXFIL_WORDS::contains)
                    || secretName(words)
                    || ASKS_FOR_CONVERSATION.matcher(property.path("description").asText("")).find();
            // a parameter named for a secret is a channel even when required: the model is told to fill it
            if (telltale && (!required.contains(p.getKey()) || secretName(words)) && freeForm && !constrained) {
                out.add(EXFILTRATION, Severity.MEDIUM, "Optional parameter '" + p.getKey() + "' in " + label, label + ": " + at,
                        "optional " + (type.isEmpty() ? "untyped" : type) + " parameter named '" + p.getKey()
                                + "', the shape used to have the model pass data it read elsewhere"
                                + (property.path("description").isTextual() ? ": " + quote(property.path("description").asText()) : ""));
            }
            parameters(label, at, property, out, depth + 1);
            if (property.path("items").isObject()) {
                parameters(label, at + ".items", property.path("items"), out, depth + 1);
            }
        });
    }

    private static boolean secretName(List<String> words) {
        return SECRET_NAME.stream().anyMatch(words::containsAll);
    }

    /** A name the model reads as a familiar one while it is another: scripts mixed, or compatibility characters. */
    private static void name(String label, String name, Map<String, String> others, Findings out) {
        if (name.isEmpty()) {
            return;
        }
        String where = label + ": name";
        hidden(label, where, name, out);
        if (name.codePoints().anyMatch(cp -> hidden(cp) || cp >= 0xE0000 && cp <= 0xE007F)) {
            out.add(CONFUSABLE_NAME, Severity.HIGH, "Name " + visible(name) + " in " + label + " holds invisible characters", where,
                    quote(name) + " is not the name it shows: \"" + stripped(name) + "\" with characters no one sees");
            return;
        }
        Set<Character.UnicodeScript> scripts = new LinkedHashSet<>();
        name.codePoints().filter(Character::isLetter).forEach(cp -> {
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            if (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA) {
                scripts.add(Character.UnicodeScript.HAN); // Japanese writes its words in all three
            } else if (s != Character.UnicodeScript.COMMON && s != Character.UnicodeScript.INHERITED) {
                scripts.add(s);
            }
        });
        String nfkc = Normalizer.normalize(name, Normalizer.Form.NFKC);
        String skeleton = skeleton(name);
        String lookalike = others.keySet().stream().filter(n -> !n.equals(name) && skeleton(n).equals(skeleton)).findFirst().orElse(null);
        if (scripts.size() > 1) {
            out.add(CONFUSABLE_NAME, Severity.HIGH, "Mixed-script name " + visible(name) + " in " + label, where,
                    "scripts " + scripts + " in " + quote(name) + " (" + codes(name) + "); reads as \"" + skeleton + "\""
                            + (lookalike != null ? ", the name of " + others.get(lookalike) + "'s " + lookalike : ""));
        } else if (!nfkc.equals(name)) {
            out.add(CONFUSABLE_NAME, Severity.MEDIUM, "Name " + visible(name) + " in " + label + " changes under NFKC", where,
                    quote(name) + " (" + codes(name) + ") is \"" + nfkc + "\" after NFKC normalisation");
        } else if (lookalike != null) {
            out.add(CONFUSABLE_NAME, Severity.HIGH, "Name " + visible(name) + " in " + label + " looks like " + lookalike, where,
                    quote(name) + " (" + codes(name) + ") reads as \"" + lookalike + "\", the name of " + others.get(lookalike) + "'s tool");
        }
    }

    private static void text(String label, String where, String raw, Map<String, String> others, Findings out) {
        int before = out.size();
        hidden(label, where, raw, out);
        String text = stripped(raw);
        for (Pattern p : PSEUDO_TAGS) {
            spans(p, text).forEach(m -> out.add(PSEUDO_TAG, Severity.HIGH, "Pseudo-tag " + visible(m.text().strip()) + " in " + label, where, excerpt(text, m)));
        }
        coercion(label, where, text, out);
        sensitive(label, where, text, out);
        shadowing(label, where, text, others, out);
        spans(HTML_BEACON, text).forEach(m -> out.add(EXFILTRATION, Severity.HIGH, "HTML element loading from an external host in " + label, where,
                excerpt(text, m) + "\n(an element the client renders is fetched at once: its URL carries whatever the model put in it)"));
        spans(MARKDOWN_IMAGE, text).forEach(m -> out.add(EXFILTRATION, Severity.HIGH, "Markdown image to an external host in " + label, where,
                excerpt(text, m) + "\n(an image the client renders is fetched at once: its URL carries whatever the model put in it)"));
        spans(TEMPLATED_LINK, text).forEach(m -> out.add(EXFILTRATION, Severity.HIGH, "Link with a placeholder to fill in " + label, where,
                excerpt(text, m)));
        for (Span m : spans(BASE64, text)) {
            String payload = m.text();
            if (mixed(payload) && !imageData(text, m)) {
                out.add(EXFILTRATION, Severity.HIGH, "Base64 payload (" + payload.length() + " characters) in " + label, where,
                        excerpt(text, m) + decoded(payload));
            }
        }
        for (Span m : spans(HEX, text)) {
            String decoded = hexText(m.text());
            if (decoded != null) {
                out.add(EXFILTRATION, Severity.HIGH, "Hex-encoded text (" + m.text().length() + " characters) in " + label, where,
                        excerpt(text, m) + "\ndecodes to: " + quote(decoded));
            }
        }
        if (text.length() > LONG_TEXT && out.size() > before) {
            out.raise(before, "\n(in a text of " + text.length() + " characters: over " + LONG_TEXT + ", most of it below what a client shows)");
        }
    }

    private static void hidden(String label, String where, String text, Findings out) {
        StringBuilder tags = new StringBuilder();
        Map<String, Integer> kinds = new TreeMap<>();
        int first = -1;
        boolean bidi = false;
        int previous = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp >= 0xE0000 && cp <= 0xE007F) {
                if (cp >= 0xE0020 && cp <= 0xE007E) {
                    tags.appendCodePoint(cp - 0xE0000);
                }
            } else if (hidden(cp) && !emojiJoiner(previous, cp, next < text.length() ? text.codePointAt(next) : 0)) {
                kinds.merge(String.format("U+%04X", cp), 1, Integer::sum);
                bidi |= cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
                first = first < 0 ? i : first;
            }
            previous = cp;
            i = next;
        }
        if (!tags.isEmpty()) {
            out.add(HIDDEN_UNICODE, Severity.CRITICAL, "Invisible tag characters in " + label, where, "hidden text: " + quote(tags.toString()));
        }
        if (!kinds.isEmpty()) {
            List<String> listed = kinds.entrySet().stream().map(k -> k.getKey() + (k.getValue() > 1 ? " ×" + k.getValue() : "")).toList();
            out.add(HIDDEN_UNICODE, kinds.size() >= 3 || bidi ? Severity.HIGH : Severity.MEDIUM, "Invisible or bidirectional characters in " + label,
                    where, "characters: " + String.join(", ", listed) + "\n" + excerpt(text, new Span(first, first + 1, text.substring(first, first + 1))));
        }
    }

    /** The text as the reader sees it, without its invisible characters: what "ig<U+200D>nore" spells is matched as "ignore". */
    static String stripped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !(hidden(cp) || cp >= 0xE0000 && cp <= 0xE007F)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Format and control characters the reader does not see (tab, line feed and carriage return excepted), and the ranges §6.1 names. */
    static boolean hidden(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.CONTROL
                || cp >= 0x200B && cp <= 0x200F || cp >= 0x202A && cp <= 0x202E || cp >= 0x2060 && cp <= 0x2064
                || cp >= 0x2066 && cp <= 0x2069 || cp == 0xFEFF || cp == 0x180E || cp >= 0xFE00 && cp <= 0xFE0F
                || cp >= 0xE0100 && cp <= 0xE01EF;
    }

    /** An emoji's presentation selector (⚠️) or the joiner inside an emoji sequence: visible as the emoji, not hidden text. */
    private static boolean emojiJoiner(int previous, int cp, int next) {
        boolean symbolBefore = Character.getType(previous) == Character.OTHER_SYMBOL;
        return (cp == 0xFE0F || cp == 0xFE0E) && symbolBefore
                || cp == 0x200D && symbolBefore && Character.getType(next) == Character.OTHER_SYMBOL;
    }

    private static void coercion(String label, String where, String text, Findings out) {
        List<Span> strong = new ArrayList<>();
        for (Pattern p : COERCION_PHRASES) {
            strong.addAll(spans(p, text));
        }
        if (!strong.isEmpty()) {
            strong.sort((a, b) -> Integer.compare(a.start(), b.start()));
            strong.forEach(m -> out.add(COERCION, Severity.HIGH, "Coercion in " + label, where, excerpt(text, m)));
            return;
        }
        List<Span> weak = spans(WEAK_WORD, text);
        int points = 0;
        Set<String> words = new HashSet<>();
        for (Span m : weak) {
            boolean shouted = m.text().equals(m.text().toUpperCase(Locale.ROOT));
            if (words.add(m.text().toLowerCase(Locale.ROOT) + shouted)) {
                points += shouted ? 2 : 1;
            }
        }
        List<Span> modals = spans(SHOUTED_MODAL, text);
        for (Span m : modals) {
            if (words.add(m.text())) {
                points++;
            }
        }
        weak.addAll(modals);
        weak.sort((a, b) -> Integer.compare(a.start(), b.start()));
        if (points >= WEAK_THRESHOLD) {
            weak.forEach(m -> out.add(COERCION, Severity.MEDIUM, "Pressing words in " + label, where, excerpt(text, m)));
        }
    }

    private static void sensitive(String label, String where, String text, Findings out) {
        boolean value = where.matches(".*\\.(default|const|enum\\[\\d+]|examples\\[\\d+])$");
        for (Span m : spans(SENSITIVE, text)) {
            if (directiveNear(text, m)) {
                out.add(SENSITIVE_PATH, Severity.HIGH, "Asks for a sensitive file in " + label, where, excerpt(text, m));
            } else if (value) {
                out.add(SENSITIVE_PATH, Severity.MEDIUM, "A sensitive file as a value in " + label, where,
                        excerpt(text, m) + "\n(a value the model sends as it is, unless told otherwise)");
            }
        }
        for (Span m : spans(SENSITIVE_CONTENT, text)) {
            if (directiveNear(text, m) || WHOLE.matcher(text.substring(Math.max(0, m.start() - 20), m.start())).find()) {
                out.add(SENSITIVE_PATH, Severity.HIGH, "Asks for the " + m.text().toLowerCase(Locale.ROOT) + " in " + label, where, excerpt(text, m));
            }
        }
    }

    private static boolean directiveNear(String text, Span m) {
        return DIRECTIVE.matcher(text.substring(Math.max(0, m.start() - DIRECTIVE_WINDOW), Math.min(text.length(), m.end() + DIRECTIVE_WINDOW))).find();
    }

    /** A description that names another server's tool, or another server with "tool" or "server" next to it, to steer how it is used. */
    private static void shadowing(String label, String where, String text, Map<String, String> others, Findings out) {
        others.forEach((name, server) -> {
            boolean isServer = name.equals(server);
            String quoted = Pattern.quote(name);
            Pattern p = isServer || !distinctive(name)
                    ? Pattern.compile("(?i)(?:(?<![\\w-])[`'\"]?" + quoted + "[`'\"]?(?![\\w-])\\s+(?:mcp\\s+)?(?:tools?|servers?|mcp|integration)\\b"
                            + "|\\b(?:tools?|servers?)\\s+(?:called\\s+|named\\s+)?[`'\"]?" + quoted + "[`'\"]?(?![\\w-])"
                            + (isServer ? "" : "|\\b(?:call|calls|calling|invoke|invoking)\\s+[`'\"]?" + quoted + "[`'\"]?(?![\\w-])") + ")")
                    : Pattern.compile("(?i)(?<![\\w-])" + quoted + "(?![\\w-])");
            spans(p, text).forEach(m -> out.add(SHADOWING, Severity.HIGH,
                    (isServer ? "Names the server " + name : "Names " + server + "'s tool " + name) + " in " + label, where,
                    excerpt(text, m) + "\n(" + (isServer ? "'" + name + "' is another server" : "'" + name + "' is a tool of " + server)
                            + " in the same client: a description that steers another server's tools can redirect what they do)"));
        });
    }

    /** A tool name unlikely to be an ordinary word: with a separator, a digit, or a capital inside. */
    private static boolean distinctive(String name) {
        return name.length() >= 4 && (name.indexOf('_') > 0 || name.indexOf('-') > 0 || name.chars().anyMatch(Character::isDigit)
                || name.chars().skip(1).anyMatch(Character::isUpperCase));
    }

    /**
     * Names of the other servers (mapped to themselves) and of their tools and prompts (mapped to
     * their server), leaving out names this server uses too: two servers both having {@code search} shadow nothing.
     */
    private static Map<String, String> otherNames(ProbeResult result, Map<String, ProbeResult> sameClient) {
        Set<String> own = new HashSet<>();
        result.entities().forEach(e -> own.add(e.name()));
        own.add(result.serverName());
        Map<String, String> out = new LinkedHashMap<>();
        sameClient.forEach((server, probe) -> {
            if (server.length() >= 3 && !own.contains(server)) {
                out.putIfAbsent(server, server);
            }
            for (ProbedEntity e : probe.entities()) {
                if ((e.kind() == ProbedEntity.Kind.TOOL || e.kind() == ProbedEntity.Kind.PROMPT) && e.name().length() >= 3 && !own.contains(e.name())) {
                    out.putIfAbsent(e.name(), server);
                }
            }
        });
        return out;
    }

    /** A name as it reads: NFKC, capital I as l, lower case, 0 as o, 1 as l, and the common Cyrillic and Greek look-alikes of Latin letters mapped to them. */
    static String skeleton(String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC).replace('I', 'l').toLowerCase(Locale.ROOT).replace('0', 'o').replace('1', 'l');
        StringBuilder out = new StringBuilder();
        n.codePoints().forEach(cp -> {
            int i = LOOKALIKES.indexOf(cp);
            out.appendCodePoint(i >= 0 && i % 2 == 0 ? LOOKALIKES.charAt(i + 1) : cp);
        });
        return out.toString();
    }

    private static boolean mixed(String run) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int slashes = 0;
        for (char c : run.toCharArray()) {
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
            digit |= Character.isDigit(c);
            slashes += c == '/' ? 1 : 0;
        }
        return upper && lower && digit && slashes * 10 < run.length();
    }

    /** A {@code data:image/…;base64,} example that really is an image (PNG, GIF, JPEG, WebP magic): a picture, not a message. */
    private static boolean imageData(String text, Span m) {
        if (!text.substring(Math.max(0, m.start() - 40), m.start()).matches("(?s).*data:image/[\\w.+-]+;base64,$")) {
            return false;
        }
        try {
            byte[] b = Base64.getDecoder().decode(m.text());
            String head = new String(b, 0, Math.min(b.length, 12), java.nio.charset.StandardCharsets.ISO_8859_1);
            return head.startsWith("\u0089PNG") || head.startsWith("GIF8") || head.startsWith("\u00ff\u00d8\u00ff")
                    || head.startsWith("RIFF") && head.endsWith("WEBP");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Hex that decodes to readable text; a digest (a SHA-256) decodes to bytes that are not, and is left alone. */
    private static String hexText(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            int c = Integer.parseInt(hex.substring(i, i + 2), 16);
            if (c < 0x20 && c != '\n' || c > 0x7E) {
                return null;
            }
            out.append((char) c);
        }
        return out.toString();
    }

    private static String decoded(String payload) {
        try {
            String body = payload.replace("=", "");
            byte[] bytes = Base64.getDecoder().decode(body.substring(0, body.length() - body.length() % 4));
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            long printable = text.chars().filter(c -> c >= 0x20 && c < 0x7F || c == '\n').count();
            return printable * 10 >= text.length() * 9L && !text.isEmpty() ? "\ndecodes to: " + quote(text) : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    record Span(int start, int end, String text) {
    }

    private static List<Span> spans(Pattern p, String text) {
        List<Span> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find() && out.size() < 20) {
            out.add(new Span(m.start(), m.end(), m.group()));
        }
        return out;
    }

    /** {@code "…context >>span<< context…"}, invisible characters shown as {@code <U+XXXX>}, white space runs as one space. */
    static String excerpt(String text, Span m) {
        int from = Math.max(0, m.start() - CONTEXT);
        int to = Math.min(text.length(), m.end() + CONTEXT);
        return "\"" + (from > 0 ? "…" : "") + flat(text.substring(from, m.start())) + ">>" + flat(m.text()) + "<<"
                + flat(text.substring(m.end(), to)) + (to < text.length() ? "…" : "") + "\"";
    }

    private static String flat(String s) {
        return visible(s).replaceAll("[\\t\\n\\r ]+", " ");
    }

    /** The text with every invisible character written as {@code <U+XXXX>}, so evidence never carries hidden text itself. */
    static String visible(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp != '\n' && cp != '\t' && cp != '\r' && (hidden(cp) || cp >= 0xE0000 && cp <= 0xE007F)) {
                out.append(String.format("<U+%04X>", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /**
     * The text as a reader may be shown it: each run of invisible characters (tag characters,
     * zero-width and bidi controls) replaced by {@code ⟨N hidden characters⟩}, so a console never
     * renders hidden text, nor boxes where it is; the rules' findings say what it hides.
     */
    public static String withHiddenMarked(String s) {
        StringBuilder out = new StringBuilder();
        int[] run = {0};
        Runnable flush = () -> {
            if (run[0] > 0) {
                out.append('⟨').append(run[0]).append(run[0] == 1 ? " hidden character⟩" : " hidden characters⟩");
                run[0] = 0;
            }
        };
        s.codePoints().forEach(cp -> {
            if (cp != '\n' && cp != '\t' && cp != '\r' && (hidden(cp) || cp >= 0xE0000 && cp <= 0xE007F)) {
                run[0]++;
            } else {
                flush.run();
                out.appendCodePoint(cp);
            }
        });
        flush.run();
        return out.toString();
    }

    private static String codes(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().filter(cp -> cp > 0x7F).distinct().forEach(cp -> out.append(out.isEmpty() ? "" : ", ").append(String.format("U+%04X %s", cp,
                Character.getName(cp) == null ? "" : Character.getName(cp).toLowerCase(Locale.ROOT))));
        return out.toString();
    }

    static String quote(String text) {
        return ProbeComparison.quote(visible(text));
    }

    /** The findings so far, one per rule and field: a second span of the same rule in the same field joins the first's evidence. */
    private static final class Findings {
        private final Map<String, ProbeFinding> byKey = new LinkedHashMap<>();
        private final List<String> order = new ArrayList<>();

        void add(String rule, Severity severity, String title, String where, String evidence) {
            String key = rule + "\u0000" + where;
            ProbeFinding had = byKey.get(key);
            if (had == null) {
                byKey.put(key, new ProbeFinding(rule, severity, title, evidence, where));
                order.add(key);
            } else if (!had.evidence().contains(evidence)) {
                byKey.put(key, new ProbeFinding(rule, worse(had.severity(), severity), worse(had.severity(), severity) == had.severity() ? had.title() : title,
                        had.evidence() + "\n" + evidence, where));
            }
        }

        int size() {
            return order.size();
        }

        /** One step worse for the findings from {@code from} on, with a note on why. */
        void raise(int from, String note) {
            for (String key : order.subList(from, order.size())) {
                ProbeFinding f = byKey.get(key);
                Severity raised = f.severity() == Severity.CRITICAL ? Severity.CRITICAL : Severity.values()[f.severity().ordinal() - 1];
                byKey.put(key, new ProbeFinding(f.ruleId(), raised, f.title(), f.evidence() + note, f.location()));
            }
        }

        List<ProbeFinding> list() {
            return order.stream().map(byKey::get).toList();
        }

        private static Severity worse(Severity a, Severity b) {
            return a.ordinal() <= b.ordinal() ? a : b;
        }
    }
}
