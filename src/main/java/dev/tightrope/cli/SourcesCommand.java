package dev.tightrope.cli;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.ConnectionCheck;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Labels;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SourceStatus;
import dev.tightrope.domain.SourceType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Adds, lists and removes sources. */
@Command(name = "sources", description = "Manage the sources this workspace syncs from.",
        subcommands = {SourcesCommand.Add.class, SourcesCommand.ListSources.class, SourcesCommand.Remove.class,
            SourcesCommand.Test.class, SourcesCommand.Types.class})
final class SourcesCommand {
    @ParentCommand
    Cli cli;

    @Command(name = "add", description = "Add a source, e.g. 'sources add --type openlineage --name lake --path events/'.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        SourcesCommand parent;

        @Option(names = "--type", required = true, description = "Connector type (see 'sources types').")
        String type;

        @Option(names = "--name", required = true, description = "A name for this source.")
        String name;

        @Option(names = "--path", description = "File or directory to import (file-based sources).")
        Path path;

        @Option(names = "--url", description = "The service's address (live sources); plain http:// only for loopback hosts.")
        String url;

        @Option(names = "--token-env", paramLabel = "VAR", description = "The environment variable (or credentials.properties line) holding the access token; the token itself is never stored.")
        String tokenEnv;

        @Option(names = "--region", description = "The AWS region (sagemaker), e.g. eu-west-1.")
        String region;

        @Option(names = "--profile", description = "The AWS profile in ~/.aws/credentials or ~/.aws/config (sagemaker); the keys stay there.")
        String profile;

        @Option(names = "--subscription", paramLabel = "ID", description = "The Azure subscription id (azureml).")
        String subscription;

        @Option(names = "--resource-group", paramLabel = "GROUP", description = "The Azure resource group of the workspace (azureml).")
        String resourceGroup;

        // --workspace is the global option naming Tightrope's own workspace; the Azure CLI says --workspace-name too
        @Option(names = "--workspace-name", paramLabel = "NAME", description = "The Azure Machine Learning workspace (azureml).")
        String workspaceName;

        @Option(names = "--project", paramLabel = "ID", description = "The Google Cloud project (vertexai).")
        String project;

        @Option(names = "--location", paramLabel = "REGION", description = "The Vertex AI region (vertexai), e.g. europe-west4.")
        String location;

        @Option(names = "--home", paramLabel = "DIR", description = "The home directory whose MCP client configs are read (local-discovery).")
        Path home;

        @Option(names = "--root", paramLabel = "DIR", description = "A repository root to read project MCP configs from (local-discovery); repeatable.")
        List<Path> roots = new ArrayList<>();

        @Option(names = "--os", paramLabel = "linux|macos|windows", description = "The layout of that home (local-discovery); default this machine's.")
        String os;

        @Option(names = "--allowlist", paramLabel = "FILE|URL", description = "Approved MCP servers: a file in the MCP registry's server.json format, "
                + "or a registry's https:// URL serving GET /v0.1/servers (local-discovery).")
        String allowlist;

        @Option(names = "--system", paramLabel = "DIR", description = "Where managed MCP config files are looked for, e.g. / (local-discovery).")
        Path system;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other setting of the connector.")
        Map<String, String> settings = new LinkedHashMap<>();

        @Override
        public Integer call() {
            Map<String, String> all = new LinkedHashMap<>(settings);
            if (url != null) {
                all.put("url", url);
            }
            if (tokenEnv != null) {
                all.put("token", tokenEnv);
            }
            if (path != null) {
                all.put("path", path.toAbsolutePath().normalize().toString());
            }
            putPath(all, "home", home);
            if (allowlist != null) {
                boolean url = allowlist.startsWith("https://") || allowlist.startsWith("http://");
                all.put("allowlist", url ? allowlist : Path.of(allowlist).toAbsolutePath().normalize().toString());
            }
            putPath(all, "system", system);
            if (!roots.isEmpty()) {
                all.put("roots", roots.stream().map(r -> r.toAbsolutePath().normalize().toString()).collect(java.util.stream.Collectors.joining(",")));
            }
            if (os != null) {
                all.put("os", os);
            }
            Map<String, String> cloud = new LinkedHashMap<>();
            cloud.put("region", region);
            cloud.put("profile", profile);
            cloud.put("subscription", subscription);
            cloud.put("resource-group", resourceGroup);
            cloud.put("workspace", workspaceName);
            cloud.put("project", project);
            cloud.put("location", location);
            cloud.forEach((key, value) -> {
                if (value != null) {
                    all.put(key, value);
                }
            });
            parent.cli.tightrope().sources().add(new SourceConfig(name, type, all));
            parent.cli.out.println("Added source " + name + " (" + type + "). Run 'tightrope sync --source " + name + "' to import it.");
            return Cli.OK;
        }

        private static void putPath(Map<String, String> settings, String key, Path path) {
            if (path != null) {
                settings.put(key, path.toAbsolutePath().normalize().toString());
            }
        }
    }

    @Command(name = "list", description = "List sources with their last sync.")
    static final class ListSources implements Callable<Integer> {
        @ParentCommand
        SourcesCommand parent;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            List<SourceStatus> list = parent.cli.tightrope().sources().list();
            if (json) {
                ArrayNode arr = Output.JSON.createArrayNode();
                for (SourceStatus s : list) {
                    ObjectNode n = arr.addObject();
                    n.put("name", s.config().name());
                    n.put("type", s.config().type());
                    ObjectNode set = n.putObject("settings");
                    s.config().settings().forEach(set::put);
                    n.put("assets", s.assets());
                    n.put("gone", s.gone());
                    if (s.lastRun() != null) {
                        ObjectNode r = n.putObject("lastRun");
                        r.put("status", Labels.token(s.lastRun().status()));
                        r.put("mode", Labels.token(s.lastRun().mode()));
                        r.put("startedAt", Output.iso(s.lastRun().startedAt()));
                        r.put("finishedAt", Output.iso(s.lastRun().finishedAt()));
                        r.put("problems", s.lastRun().problems());
                        r.put("message", s.lastRun().message());
                    } else {
                        n.putNull("lastRun");
                    }
                }
                Output.printJson(parent.cli.out, arr);
                return Cli.OK;
            }
            if (list.isEmpty()) {
                parent.cli.out.println("No sources. Add one with 'tightrope sources add --type openlineage --name NAME --path PATH'.");
                return Cli.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (SourceStatus s : list) {
                String last = s.lastRun() == null ? "never synced"
                        : Labels.of(s.lastRun().status()) + " " + Output.iso(s.lastRun().startedAt());
                rows.add(List.of(s.config().name(), s.config().type(), String.valueOf(s.assets()), String.valueOf(s.gone()),
                        last, String.join(" ", s.config().settings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())));
            }
            Output.table(parent.cli.out, List.of("NAME", "TYPE", "ASSETS", "GONE", "LAST SYNC", "SETTINGS"), rows);
            return Cli.OK;
        }
    }

    @Command(name = "remove", description = "Remove a source. Its assets stay in the cache, marked gone.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        SourcesCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (!parent.cli.tightrope().sources().remove(name)) {
                parent.cli.err.println("error: there is no source named '" + name + "'");
                return Cli.ERROR;
            }
            parent.cli.out.println("Removed source " + name + "; its assets are kept and marked gone.");
            return Cli.OK;
        }
    }

    @Command(name = "test", description = "Test connection: one cheap call to the source (credentials, TLS, names), nothing imported.")
    static final class Test implements Callable<Integer> {
        @ParentCommand
        SourcesCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            ConnectionCheck check = parent.cli.tightrope().sources().check(name, new Cancellation());
            if (check.ok()) {
                parent.cli.out.println(name + ": OK — " + check.message());
                return Cli.OK;
            }
            parent.cli.err.println("error: " + name + ": " + check.location() + ": " + check.message());
            return Cli.ERROR;
        }
    }

    @Command(name = "types", description = "List the connector types this build knows and their settings.")
    static final class Types implements Callable<Integer> {
        @ParentCommand
        SourcesCommand parent;

        @Override
        public Integer call() {
            for (SourceType f : parent.cli.tightrope().sources().types()) {
                parent.cli.out.println(f.type() + " - " + f.description());
                for (SourceType.Setting s : f.settings()) {
                    parent.cli.out.println("    " + (s.key().equals("path") ? "--path" : "--set " + s.key() + "=…")
                            + (s.required() ? " (required)" : "") + (s.secret() ? " (name of an environment variable)" : "")
                            + ": " + s.description());
                }
            }
            return Cli.OK;
        }
    }
}
