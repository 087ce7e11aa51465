package dev.tightrope.scan.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.scan.mcp.ConfigShape;
import dev.tightrope.scan.mcp.ConfigTrees;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The dependencies declared in one manifest: {@code requirements*.txt} (PEP 508 lines),
 * {@code pyproject.toml} (PEP 621 {@code [project]} and Poetry), {@code Pipfile}, {@code package.json},
 * {@code pom.xml} (read by the JDK with DTDs and external entities refused) and
 * {@code build.gradle(.kts)} (string and map notations, line by line). A file that cannot be read
 * as its syntax is {@link Rejected} with the reason; a requirements file keeps its good lines.
 */
public final class Manifests {

    /** Why a manifest could not be read; never quotes its content. */
    public static final class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason);
        }
    }

    /** What one manifest declares, and (package.json) whether it names the MCP server it publishes. */
    public record Read(List<Declared> dependencies, boolean declaresMcpName, List<String> warnings) {
    }

    private static final Pattern PEP508 = Pattern.compile(
            "^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[[^\\]]*\\])?\\s*(\\(?\\s*(?:[<>=!~]=?|===)[^;@]*?\\)?|@\\s*\\S+)?\\s*(?:;.*)?$");
    private static final Pattern GRADLE_STRING = Pattern.compile(
            "^\\s*[A-Za-z]\\w*\\s*\\(?\\s*(?:(?:platform|enforcedPlatform)\\s*\\(\\s*)?[\"']([^\"':\\s]+):([^\"':\\s]+)(?::([^\"'\\s@]+))?(?:@\\w+)?[\"']");
    private static final Pattern GRADLE_MAP = Pattern.compile(
            "^\\s*[A-Za-z]\\w*\\s*\\(?\\s*group\\s*[:=]\\s*[\"']([^\"']+)[\"']\\s*,\\s*name\\s*[:=]\\s*[\"']([^\"']+)[\"'](?:\\s*,\\s*version\\s*[:=]\\s*[\"']([^\"']+)[\"'])?");
    private static final Pattern POM_PROPERTY = Pattern.compile("\\$\\{([^}]+)\\}");

    private final ConfigTrees trees;

    public Manifests(JsonLimits limits) {
        this.trees = new ConfigTrees(limits);
    }

    /** Whether a file of this name is a manifest read here. */
    public static boolean isManifest(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return (n.startsWith("requirements") && n.endsWith(".txt")) || n.equals("pyproject.toml") || n.equals("pipfile")
                || n.equals("package.json") || n.equals("pom.xml") || n.equals("build.gradle") || n.equals("build.gradle.kts");
    }

    /** The dependencies that {@code text}, the content of a manifest named {@code fileName}, declares. */
    public Read read(String fileName, String text) throws Rejected {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".txt")) {
            return requirements(text);
        }
        return switch (n) {
            case "pyproject.toml" -> pyproject(text);
            case "pipfile" -> pipfile(text);
            case "package.json" -> packageJson(text);
            case "pom.xml" -> pom(text);
            case "build.gradle", "build.gradle.kts" -> gradle(text);
            default -> throw new IllegalArgumentException("not a manifest: " + fileName);
        };
    }

    private static Read requirements(String text) {
        List<Declared> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf(" #");
            line = (line.startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line).strip();
            // options (-r, -c, -e, --index-url …), direct URLs and local paths name no registry package
            if (line.isEmpty() || line.startsWith("-") || line.contains("://") || line.startsWith(".") || line.startsWith("/")) {
                continue;
            }
            Matcher m = PEP508.matcher(line);
            if (!m.matches()) {
                warnings.add("line " + (i + 1) + " is not a requirement");
                continue;
            }
            out.add(new Declared(Ecosystem.PYPI, m.group(1), spec(m.group(2)), i + 1));
        }
        return new Read(out, false, warnings);
    }

    private Read pyproject(String text) throws Rejected {
        JsonNode root = tree(text, ConfigShape.Syntax.TOML);
        List<Declared> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        JsonNode project = root.path("project");
        pep508List(project.path("dependencies"), text, out, warnings);
        project.path("optional-dependencies").forEach(group -> pep508List(group, text, out, warnings));
        JsonNode poetry = root.path("tool").path("poetry");
        poetryTable(poetry.path("dependencies"), text, out);
        poetryTable(poetry.path("dev-dependencies"), text, out);
        poetry.path("group").forEach(group -> poetryTable(group.path("dependencies"), text, out));
        return new Read(out, false, warnings);
    }

    private Read pipfile(String text) throws Rejected {
        JsonNode root = tree(text, ConfigShape.Syntax.TOML);
        List<Declared> out = new ArrayList<>();
        poetryTable(root.path("packages"), text, out);
        poetryTable(root.path("dev-packages"), text, out);
        return new Read(out, false, List.of());
    }

    private Read packageJson(String text) throws Rejected {
        JsonNode root = tree(text, ConfigShape.Syntax.JSON);
        if (!root.isObject()) {
            throw new Rejected("package.json is not a JSON object");
        }
        List<Declared> out = new ArrayList<>();
        for (String section : List.of("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")) {
            root.path(section).fields().forEachRemaining(e -> out.add(new Declared(Ecosystem.NPM, e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : null, lineOf(text, "\"" + e.getKey() + "\""))));
        }
        return new Read(out, root.path("mcpName").isTextual(), List.of());
    }

    private static Read pom(String text) throws Rejected {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            doc = builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXException e) {
            throw new Rejected("invalid XML: " + Optional.ofNullable(e.getMessage()).map(s -> s.lines().findFirst().orElse(s)).orElse("unreadable"));
        } catch (ParserConfigurationException | IOException e) {
            throw new Rejected("the XML reader failed: " + e.getMessage());
        }
        Element project = doc.getDocumentElement();
        if (!"project".equals(project.getLocalName() != null ? project.getLocalName() : project.getTagName())) {
            throw new Rejected("the root element is not <project>");
        }
        Map<String, String> properties = new HashMap<>();
        Element props = child(project, "properties");
        if (props != null) {
            NodeList list = props.getChildNodes();
            for (int i = 0; i < list.getLength(); i++) {
                if (list.item(i) instanceof Element p) {
                    properties.put(name(p), p.getTextContent().strip());
                }
            }
        }
        String projectVersion = text(project, "version");
        if (projectVersion != null) {
            properties.put("project.version", projectVersion);
        }
        List<Declared> out = new ArrayList<>();
        NodeList deps = doc.getElementsByTagNameNS("*", "dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String group = text(d, "groupId");
            String artifact = text(d, "artifactId");
            if (group == null || artifact == null) {
                continue;
            }
            String version = text(d, "version");
            if (version != null) {
                version = POM_PROPERTY.matcher(version).replaceAll(m -> Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group())));
            }
            out.add(new Declared(Ecosystem.MAVEN, group + ":" + artifact, version, lineOf(text, "<artifactId>" + artifact + "</artifactId>")));
        }
        return new Read(out, false, List.of());
    }

    private static Read gradle(String text) {
        List<Declared> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = GRADLE_STRING.matcher(lines[i]);
            if (!m.find()) {
                m = GRADLE_MAP.matcher(lines[i]);
                if (!m.find()) {
                    continue;
                }
            }
            out.add(new Declared(Ecosystem.MAVEN, m.group(1) + ":" + m.group(2), m.group(3), i + 1));
        }
        return new Read(out, false, List.of());
    }

    private static void pep508List(JsonNode list, String text, List<Declared> out, List<String> warnings) {
        for (JsonNode item : list) {
            Matcher m = PEP508.matcher(item.asText().strip());
            if (!item.isTextual() || !m.matches()) {
                warnings.add("a dependency is not a PEP 508 requirement");
                continue;
            }
            out.add(new Declared(Ecosystem.PYPI, m.group(1), spec(m.group(2)), lineOf(text, "\"" + m.group(1))));
        }
    }

    /** A Poetry or Pipfile table: {@code name = "spec"} or {@code name = {version = "spec", …}}. */
    private static void poetryTable(JsonNode table, String text, List<Declared> out) {
        table.fields().forEachRemaining(e -> {
            if (e.getKey().equalsIgnoreCase("python")) {
                return;
            }
            JsonNode v = e.getValue();
            String version = v.isTextual() ? v.asText() : v.path("version").isTextual() ? v.path("version").asText() : null;
            out.add(new Declared(Ecosystem.PYPI, e.getKey(), version == null || version.equals("*") ? version : version.strip(), lineOfKey(text, e.getKey())));
        });
    }

    private JsonNode tree(String text, ConfigShape.Syntax syntax) throws Rejected {
        try {
            return trees.read(text, syntax);
        } catch (ConfigTrees.Rejected e) {
            throw new Rejected(e.getMessage());
        }
    }

    private static String spec(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        if (s.startsWith("(") && s.endsWith(")")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s.replaceAll("\\s+", "");
    }

    /** The 1-based line where {@code needle} first appears; 0 when it does not. */
    static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return at < 0 ? 0 : lineAt(text, at);
    }

    /** The line of a TOML key {@code name = …} (bare or quoted) at the start of a line. */
    private static int lineOfKey(String text, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*[\"']?" + Pattern.quote(name) + "[\"']?\\s*=").matcher(text);
        return m.find() ? lineAt(text, m.start()) : lineOf(text, name);
    }

    static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static Element child(Element parent, String name) {
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            Node n = list.item(i);
            if (n instanceof Element e && name.equals(name(e))) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null || e.getTextContent().isBlank() ? null : e.getTextContent().strip();
    }

    private static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }
}
