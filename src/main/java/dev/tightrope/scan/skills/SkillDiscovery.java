package dev.tightrope.scan.skills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.scan.mcp.ConfigScope;
import dev.tightrope.scan.mcp.ConfigShape;
import dev.tightrope.scan.mcp.ConfigTrees;
import dev.tightrope.scan.mcp.DiscoveryLimits;
import dev.tightrope.scan.mcp.McpClient;
import dev.tightrope.scan.mcp.McpDiscovery;
import dev.tightrope.scan.mcp.ScannedPlaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Finds the agent skills, plugins, commands, subagents, extensions and rules installed on one
 * machine, in the home (user and plugin scope) and in repository roots (project scope):
 * <ul>
 *   <li>Claude Code: {@code ~/.claude/skills/*}{@code /SKILL.md}, {@code ~/.claude/commands/*.md},
 *       {@code ~/.claude/agents/*.md}, the same under {@code <repo>/.claude/}, and every plugin (a folder
 *       with {@code .claude-plugin/plugin.json}) under {@code ~/.claude/plugins/cache} and
 *       {@code ~/.claude/plugins/marketplaces}, with its {@code skills/}, {@code commands/},
 *       {@code agents/} and hooks ({@code hooks/hooks.json} or the manifest's {@code hooks});</li>
 *   <li>Codex: {@code ~/.codex/skills/*}, {@code ~/.agents/skills/*} and {@code <repo>/.agents/skills/*}
 *       skill folders, {@code ~/.codex/prompts/*.md};</li>
 *   <li>Gemini CLI: {@code ~/.gemini/extensions/*}{@code /gemini-extension.json} with its context files;</li>
 *   <li>Cursor: {@code <repo>/.cursor/rules/*.mdc}.</li>
 * </ul>
 * These clients keep them under the home on Linux, macOS and Windows alike, so the layout of the
 * request changes nothing here. Reads files only, never runs anything. The MCP servers a plugin or
 * extension declares are {@link McpDiscovery}'s.
 */
public final class SkillDiscovery {
    private static final int PLUGIN_DEPTH = 7;
    private static final int BUNDLE_DEPTH = 8;
    /** Most files listed in one extension's folder: a skill with more is reported, its first files listed. */
    static final int MAX_BUNDLED = 200;
    private static final int BINARY_PROBE = 8192;

    private final DiscoveryLimits limits;
    private final ConfigTrees trees;

    public SkillDiscovery(DiscoveryLimits limits) {
        this.limits = limits;
        this.trees = new ConfigTrees(limits.tree());
    }

    /** Reads every skill and plugin place of {@code request}; stops early (with what it has) when {@code cancelled} says so. */
    public SkillReport discover(McpDiscovery.Request request, BooleanSupplier cancelled) {
        Run run = new Run(new ScannedPlaces(McpDiscovery.places(request), limits), cancelled);
        Path home = request.home();
        run.skills(home.resolve(".claude/skills"), McpClient.CLAUDE_CODE, ConfigScope.USER, null, null);
        run.markdown(home.resolve(".claude/commands"), ".md", ExtensionKind.COMMAND, McpClient.CLAUDE_CODE, ConfigScope.USER, null, null);
        run.markdown(home.resolve(".claude/agents"), ".md", ExtensionKind.SUBAGENT, McpClient.CLAUDE_CODE, ConfigScope.USER, null, null);
        for (String installed : List.of("cache", "marketplaces")) {
            for (Path manifest : run.places.filesNamed(home.resolve(".claude/plugins").resolve(installed), "plugin.json", PLUGIN_DEPTH)) {
                if (manifest.getParent().getFileName().toString().equals(".claude-plugin") && !run.cancelled()) {
                    run.plugin(manifest.getParent().getParent(), manifest);
                }
            }
        }
        run.settingsHooks(home.resolve(".claude/settings.json"), ConfigScope.USER, null);
        run.skills(home.resolve(".codex/skills"), McpClient.CODEX_CLI, ConfigScope.USER, null, null);
        run.skills(home.resolve(".agents/skills"), McpClient.CODEX_CLI, ConfigScope.USER, null, null);
        run.markdown(home.resolve(".codex/prompts"), ".md", ExtensionKind.COMMAND, McpClient.CODEX_CLI, ConfigScope.USER, null, null);
        for (Path extension : run.places.subdirectories(home.resolve(".gemini/extensions"))) {
            run.gemini(extension);
        }
        for (Path root : request.roots()) {
            if (!Files.isDirectory(root) || run.cancelled()) {
                continue; // a root that is not a directory is reported by the MCP discovery
            }
            run.skills(root.resolve(".claude/skills"), McpClient.CLAUDE_CODE, ConfigScope.PROJECT, root, null);
            run.markdown(root.resolve(".claude/commands"), ".md", ExtensionKind.COMMAND, McpClient.CLAUDE_CODE, ConfigScope.PROJECT, root, null);
            run.markdown(root.resolve(".claude/agents"), ".md", ExtensionKind.SUBAGENT, McpClient.CLAUDE_CODE, ConfigScope.PROJECT, root, null);
            run.skills(root.resolve(".agents/skills"), McpClient.CODEX_CLI, ConfigScope.PROJECT, root, null);
            run.markdown(root.resolve(".cursor/rules"), ".mdc", ExtensionKind.RULE, McpClient.CURSOR, ConfigScope.PROJECT, root, null);
            run.settingsHooks(root.resolve(".claude/settings.json"), ConfigScope.PROJECT, root);
            run.settingsHooks(root.resolve(".claude/settings.local.json"), ConfigScope.PROJECT, root);
        }
        return new SkillReport(run.found, run.places.skipped());
    }

    /** The state of one discovery. */
    private final class Run {
        final ScannedPlaces places;
        final BooleanSupplier cancelled;
        final List<AgentExtension> found = new ArrayList<>();

        Run(ScannedPlaces places, BooleanSupplier cancelled) {
            this.places = places;
            this.cancelled = cancelled;
        }

        boolean cancelled() {
            return cancelled.getAsBoolean();
        }

        /** Every skill folder directly inside {@code dir}; a folder may be a link (assistants follow them) that stays inside the places. */
        void skills(Path dir, McpClient client, ConfigScope scope, Path project, Path plugin) {
            for (Path entry : places.entries(dir)) {
                if (cancelled()) {
                    return;
                }
                boolean link = Files.isSymbolicLink(entry);
                if (!link && !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Optional<Path> real = places.inside(entry);
                if (real.isEmpty() || !Files.isDirectory(real.get())) {
                    continue;
                }
                Path md = entry.resolve("SKILL.md");
                if (Files.exists(real.get().resolve("SKILL.md"), LinkOption.NOFOLLOW_LINKS)) {
                    skill(entry, real.get(), md, client, scope, project, plugin);
                }
            }
        }

        private void skill(Path folder, Path real, Path md, McpClient client, ConfigScope scope, Path project, Path plugin) {
            Frontmatter fm = frontmatter(md, "skill file");
            String shown = folder.getFileName() + "/SKILL.md";
            List<ExtensionRisk> risks = new ArrayList<>();
            SkillRules.text(shown, md.toString(), fm.lines(), risks);
            List<String> tools = fm.tools("allowed-tools");
            SkillRules.tools(tools, "allowed-tools", md.toString(), fm.lineOf("allowed-tools"), risks);
            List<BundledFile> bundled = bundle(real, folder, Set.of(), true, risks);
            SkillRules.scripts(bundled, folder.toString(), risks);
            JsonNode metadata = fm.fields().path("metadata");
            String version = fm.text("version") != null ? fm.text("version")
                    : metadata.path("version").isValueNode() ? metadata.path("version").asText() : null;
            found.add(new AgentExtension(ExtensionKind.SKILL, client, scope, folder, md, project, plugin,
                    or(fm.text("name"), folder.getFileName().toString()), fm.text("description"), version, tools, bundled, List.of(), risks,
                    fm.problem()));
        }

        /** The frontmatter of a skill's {@code SKILL.md}; one that cannot be read is reported and the skill has no fields. */
        private Frontmatter frontmatter(Path md, String what) {
            Optional<Path> real = places.inside(md);
            Optional<byte[]> bytes = real.isEmpty() ? Optional.empty() : places.read(md, real.get(), what);
            if (bytes.isEmpty()) {
                return new Frontmatter(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "SKILL.md was not read", List.of());
            }
            Frontmatter fm = Frontmatter.parse(new String(bytes.get(), StandardCharsets.UTF_8), trees);
            if (fm.problem() != null) {
                places.skip(md, fm.problem());
            }
            return fm;
        }

        /** Every markdown file ending in {@code suffix} directly inside {@code dir}, one extension each. */
        void markdown(Path dir, String suffix, ExtensionKind kind, McpClient client, ConfigScope scope, Path project, Path plugin) {
            for (Path file : places.files(dir, suffix)) {
                if (cancelled()) {
                    return;
                }
                Optional<Path> real = places.inside(file);
                if (real.isEmpty()) {
                    continue;
                }
                Optional<byte[]> bytes = places.read(file, real.get(), "markdown file");
                if (bytes.isEmpty()) {
                    continue;
                }
                Frontmatter fm = Frontmatter.parse(new String(bytes.get(), StandardCharsets.UTF_8), trees);
                if (fm.problem() != null) {
                    places.skip(file, fm.problem());
                }
                String field = kind == ExtensionKind.SUBAGENT ? "tools" : "allowed-tools";
                List<ExtensionRisk> risks = new ArrayList<>();
                SkillRules.text(file.getFileName().toString(), file.toString(), fm.lines(), risks);
                List<String> tools = fm.tools(field);
                SkillRules.tools(tools, field, file.toString(), fm.lineOf(field), risks);
                String stem = file.getFileName().toString();
                stem = stem.substring(0, stem.length() - suffix.length());
                found.add(new AgentExtension(kind, client, scope, file, file, project, plugin, or(fm.text("name"), stem),
                        fm.text("description"), null, tools, List.of(), List.of(), risks, fm.problem()));
            }
        }

        /** A Claude Code plugin: its manifest, its components (each an extension of its own), its hooks and its other files. */
        void plugin(Path dir, Path manifest) {
            Optional<Path> realDir = places.inside(dir);
            if (realDir.isEmpty()) {
                return;
            }
            String problem = null;
            JsonNode tree = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            Optional<Path> real = places.inside(manifest);
            Optional<byte[]> bytes = real.isEmpty() ? Optional.empty() : places.read(manifest, real.get(), "plugin manifest");
            if (bytes.isEmpty()) {
                problem = "the manifest was not read";
            } else {
                try {
                    tree = trees.read(new String(bytes.get(), StandardCharsets.UTF_8), ConfigShape.Syntax.JSON);
                } catch (ConfigTrees.Rejected e) {
                    problem = "the manifest " + e.getMessage();
                    places.skip(manifest, e.getMessage());
                }
            }
            int at = found.size();
            skills(dir.resolve("skills"), McpClient.CLAUDE_CODE, ConfigScope.PLUGIN, null, dir);
            markdown(dir.resolve("commands"), ".md", ExtensionKind.COMMAND, McpClient.CLAUDE_CODE, ConfigScope.PLUGIN, null, dir);
            markdown(dir.resolve("agents"), ".md", ExtensionKind.SUBAGENT, McpClient.CLAUDE_CODE, ConfigScope.PLUGIN, null, dir);
            List<Hook> hooks = new ArrayList<>();
            JsonNode inline = tree.path("hooks");
            if (inline.isObject()) {
                hooks.addAll(hooks(inline, bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(""), manifest));
            }
            Path hooksFile = inline.isTextual() ? dir.resolve(inline.asText()).normalize() : dir.resolve("hooks/hooks.json");
            if (!hooksFile.startsWith(dir)) {
                places.skip(manifest, "its hooks file " + inline.asText() + " is outside the plugin; not read");
            } else if (Files.exists(hooksFile, LinkOption.NOFOLLOW_LINKS)) {
                hooks.addAll(hooksFile(hooksFile));
            }
            List<ExtensionRisk> risks = new ArrayList<>();
            SkillRules.hooks(hooks, risks);
            List<BundledFile> bundled = bundle(realDir.get(), dir, Set.of("skills", "commands", "agents", ".claude-plugin"), false, risks);
            SkillRules.scripts(bundled, dir.toString(), risks);
            found.add(at, new AgentExtension(ExtensionKind.PLUGIN, McpClient.CLAUDE_CODE, ConfigScope.PLUGIN, dir, manifest, null, null,
                    or(text(tree, "name"), dir.getFileName().toString()), text(tree, "description"), text(tree, "version"), List.of(), bundled,
                    hooks, risks, problem));
        }

        /** The hooks of a Claude Code settings file and the AI keys written into it, as one extension when it has any. */
        void settingsHooks(Path file, ConfigScope scope, Path project) {
            if (cancelled() || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Optional<Path> real = places.inside(file);
            Optional<byte[]> bytes = real.isEmpty() ? Optional.empty() : places.read(file, real.get(), "settings file");
            if (bytes.isEmpty()) {
                return;
            }
            String text = new String(bytes.get(), StandardCharsets.UTF_8);
            List<Hook> hooks;
            try {
                JsonNode tree = trees.read(text, ConfigShape.Syntax.JSON);
                hooks = tree.path("hooks").isObject() ? hooks(tree.path("hooks"), text, file) : List.of();
            } catch (ConfigTrees.Rejected e) {
                places.skip(file, e.getMessage());
                return;
            }
            List<ExtensionRisk> risks = new ArrayList<>();
            SkillRules.hooks(hooks, risks);
            // its env block is where a key gets pasted
            SkillRules.keys(file.toString(), text, false, risks);
            if (hooks.isEmpty() && risks.isEmpty()) {
                return;
            }
            found.add(new AgentExtension(ExtensionKind.HOOKS, McpClient.CLAUDE_CODE, scope, file, file, project, null,
                    "hooks in " + file.getFileName(), null, null, List.of(), List.of(), hooks, risks, null));
        }

        private List<Hook> hooksFile(Path file) {
            Optional<Path> real = places.inside(file);
            Optional<byte[]> bytes = real.isEmpty() ? Optional.empty() : places.read(file, real.get(), "hooks file");
            if (bytes.isEmpty()) {
                return List.of();
            }
            String text = new String(bytes.get(), StandardCharsets.UTF_8);
            try {
                JsonNode tree = trees.read(text, ConfigShape.Syntax.JSON);
                return hooks(tree.path("hooks").isObject() ? tree.path("hooks") : tree, text, file);
            } catch (ConfigTrees.Rejected e) {
                places.skip(file, e.getMessage());
                return List.of();
            }
        }

        /** {@code {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "…"}]}]}}, each command with its line. */
        private List<Hook> hooks(JsonNode events, String text, Path file) {
            List<String> lines = text.lines().toList();
            int cursor = 0;
            List<Hook> out = new ArrayList<>();
            for (var event : (Iterable<java.util.Map.Entry<String, JsonNode>>) events::fields) {
                for (JsonNode group : event.getValue()) {
                    String matcher = text(group, "matcher");
                    for (JsonNode hook : group.path("hooks")) {
                        String command = text(hook, "command");
                        if (command == null) {
                            continue;
                        }
                        int line = 0;
                        for (int i = cursor; i < lines.size(); i++) {
                            if (lines.get(i).contains("\"command\"")) {
                                line = i + 1;
                                cursor = i + 1;
                                break;
                            }
                        }
                        out.add(new Hook(event.getKey(), matcher, command, file.toString(), line));
                    }
                }
            }
            return out;
        }

        /** A Gemini CLI extension: its manifest's name and version, the rules over its context files, its other files listed. */
        void gemini(Path dir) {
            Path manifest = dir.resolve("gemini-extension.json");
            if (!Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Optional<Path> realDir = places.inside(dir);
            Optional<Path> real = places.inside(manifest);
            if (realDir.isEmpty() || real.isEmpty()) {
                return;
            }
            Optional<byte[]> bytes = places.read(manifest, real.get(), "extension manifest");
            if (bytes.isEmpty()) {
                return;
            }
            JsonNode tree;
            try {
                tree = trees.read(new String(bytes.get(), StandardCharsets.UTF_8), ConfigShape.Syntax.JSON);
            } catch (ConfigTrees.Rejected e) {
                return; // the MCP discovery reads the same manifest and reports why it does not parse
            }
            List<String> contexts = new ArrayList<>();
            JsonNode named = tree.path("contextFileName");
            if (named.isTextual()) {
                contexts.add(named.asText());
            } else if (named.isArray()) {
                named.forEach(n -> {
                    if (n.isTextual()) {
                        contexts.add(n.asText());
                    }
                });
            } else {
                contexts.add("GEMINI.md");
            }
            List<ExtensionRisk> risks = new ArrayList<>();
            for (String name : contexts) {
                Path context = dir.resolve(name).normalize();
                if (!context.startsWith(dir)) {
                    places.skip(manifest, "its context file " + name + " is outside the extension; not read");
                    continue;
                }
                if (!Files.exists(context, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Optional<Path> realContext = places.inside(context);
                Optional<byte[]> text = realContext.isEmpty() ? Optional.empty() : places.read(context, realContext.get(), "context file");
                text.ifPresent(b -> SkillRules.text(dir.getFileName() + "/" + name, context.toString(),
                        new String(b, StandardCharsets.UTF_8).lines().toList(), risks));
            }
            List<BundledFile> bundled = bundle(realDir.get(), dir, Set.of("gemini-extension.json"), false, risks);
            SkillRules.scripts(bundled, dir.toString(), risks);
            found.add(new AgentExtension(ExtensionKind.EXTENSION, McpClient.GEMINI_CLI, ConfigScope.PLUGIN, dir, manifest, null, null,
                    or(text(tree, "name"), dir.getFileName().toString()), text(tree, "description"), text(tree, "version"), List.of(), bundled,
                    List.of(), risks, null));
        }

        /**
         * The files of an extension's folder other than markdown, listed and hashed (links listed, not
         * followed); scripts are searched for secrets sent off the machine; with {@code markdownRules}
         * (a skill, whose markdown the model may read) the description rules run over its markdown too.
         *
         * @param excluded top-level names not listed: the main file, or the folders of components listed on their own
         */
        private List<BundledFile> bundle(Path real, Path shown, Set<String> excluded, boolean markdownRules, List<ExtensionRisk> risks) {
            List<BundledFile> out = new ArrayList<>();
            int[] seen = {0};
            try {
                Files.walkFileTree(real, EnumSet.noneOf(FileVisitOption.class), BUNDLE_DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                        boolean top = real.equals(dir.getParent());
                        return !dir.equals(real) && (name.equals(".git") || name.equals("node_modules") || top && excluded.contains(name))
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String rel = real.relativize(file).toString().replace('\\', '/');
                        if (rel.equals("SKILL.md") && markdownRules || excluded.contains(rel)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (++seen[0] > MAX_BUNDLED) {
                            places.skip(shown, "more than " + MAX_BUNDLED + " files; the rest were not listed");
                            return FileVisitResult.TERMINATE;
                        }
                        bundled(file, rel, shown.resolve(rel), attrs, markdownRules, risks).ifPresent(out::add);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        places.skip(file, "cannot be read: " + e.getMessage());
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                places.skip(shown, "cannot be walked: " + e.getMessage());
            }
            out.sort(Comparator.comparing(BundledFile::path));
            return out;
        }

        private Optional<BundledFile> bundled(Path file, String rel, Path shown, BasicFileAttributes attrs, boolean markdownRules,
                                              List<ExtensionRisk> risks) {
            if (attrs.isSymbolicLink()) {
                return Optional.of(new BundledFile(rel, 0, null, false, true));
            }
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            String lower = rel.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".md") || lower.endsWith(".markdown") || lower.endsWith(".mdx")) {
                if (markdownRules) {
                    places.read(shown, file, "markdown file").ifPresent(b -> {
                        String text = new String(b, StandardCharsets.UTF_8);
                        SkillRules.text(rel, shown.toString(), text.lines().toList(), risks);
                        SkillRules.keys(shown.toString(), text, true, risks);
                    });
                }
                return Optional.empty();
            }
            boolean executable = SkillRules.scriptName(rel) || executableBit(file);
            if (attrs.size() <= limits.maxConfigBytes()) {
                Optional<byte[]> bytes = places.read(shown, file, "bundled file");
                if (bytes.isPresent() && !binary(bytes.get())) {
                    String text = new String(bytes.get(), StandardCharsets.UTF_8);
                    executable |= text.startsWith("#!");
                    if (executable) {
                        SkillRules.exfiltration(shown.toString(), text.lines().toList(), risks);
                    }
                    SkillRules.keys(shown.toString(), text, false, risks);
                }
            }
            return Optional.of(new BundledFile(rel, attrs.size(), places.sha256(file).orElse(null), executable, false));
        }
    }

    private static boolean executableBit(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            return p.contains(PosixFilePermission.OWNER_EXECUTE) || p.contains(PosixFilePermission.GROUP_EXECUTE)
                    || p.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no POSIX permissions here (Windows): the name and the #! line decide
        }
    }

    private static boolean binary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, BINARY_PROBE); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.path(field);
        return n.isValueNode() && !n.isNull() && !n.asText().isBlank() ? n.asText().strip() : null;
    }

    private static String or(String value, String otherwise) {
        return value == null ? otherwise : value;
    }
}
