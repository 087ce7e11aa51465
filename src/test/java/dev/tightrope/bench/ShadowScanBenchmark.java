package dev.tightrope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.service.ShadowScanService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The whole {@code tightrope shadow scan} of one machine, as issue 10's benchmark describes it: a
 * Linux home and its repositories, 100,000 files in all, 200 of them MCP client configs (ten
 * user configs in the home, five project configs in each of 38 repositories) and 2,000
 * dependency manifests, the rest source code and notebooks, one file in 500 leaking a key;
 * generated from a fixed seed. The scan reads every config, classifies every server against an
 * allowlist, scans every repository, and writes the JSON report. Prints files per second.
 * Target: under 10 s on 2 cores.
 */
public final class ShadowScanBenchmark {

    /** What one scan found and how long it took, the tree's generation not counted. */
    public record Result(int files, int configs, int manifests, int servers, int dependencies, int secrets, double seconds) {
        double filesPerSecond() {
            return files / seconds;
        }
    }

    static final int REPOSITORIES = 38;
    private static final String[] USER_CONFIGS = {".claude.json", ".cursor/mcp.json", ".codeium/windsurf/mcp_config.json",
        ".copilot/mcp-config.json", ".kiro/settings/mcp.json", ".aws/amazonq/mcp.json", ".junie/mcp/mcp.json", ".ai/mcp/mcp.json",
        ".gemini/antigravity/mcp_config.json", ".cline/data/settings/cline_mcp_settings.json"};
    private static final String[] PROJECT_CONFIGS = {".mcp.json", ".cursor/mcp.json", ".windsurf/mcp.json", ".kiro/settings/mcp.json",
        ".amazonq/mcp.json"};
    private static final String KEY_BODY = "Q7wErT9yUiOp3AsDfGhJkLzXcVbNm";

    private ShadowScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Result r = run(files, Files.createTempDirectory("tightrope-shadow-scan"));
        System.out.printf("shadow-scan: %,d files (%d MCP configs, %,d manifests): %d servers, %d AI SDK declarations, %d keys in %.2f s:"
                + " %,.0f files/s (target: 100,000 files < 10 s)%n", r.files(), r.configs(), r.manifests(), r.servers(), r.dependencies(),
                r.secrets(), r.seconds(), r.filesPerSecond());
    }

    public static Result run(int files, Path dir) throws Exception {
        Random random = new Random(10);
        Path home = Files.createDirectories(dir.resolve("home/dev"));
        int written = 0;
        int configs = 0;
        for (String config : USER_CONFIGS) {
            write(home.resolve(config), servers(random, configs++));
            written++;
        }
        List<Path> roots = new ArrayList<>();
        for (int r = 0; r < REPOSITORIES; r++) {
            Path root = Files.createDirectories(home.resolve("code/repo" + r));
            roots.add(root);
            for (String config : PROJECT_CONFIGS) {
                write(root.resolve(config), servers(random, configs++));
                written++;
            }
        }
        int manifestsWanted = files / 50;
        int manifests = 0;
        int every = Math.max(1, (files - written) / Math.max(1, manifestsWanted));
        String source = "import os\nfrom dataclasses import dataclass\n\n" + "def f(x):\n    return x * 2  # arithmetic, no secrets here\n".repeat(60);
        for (int i = 0; written < files; i++, written++) {
            Path folder = roots.get(i % REPOSITORIES).resolve("pkg" + (i / 100) % 50).resolve("mod" + (i % 7));
            Files.createDirectories(folder);
            if (manifests < manifestsWanted && i % every == 0) {
                manifests++;
                switch (manifests % 3) {
                    case 0 -> Files.writeString(folder.resolve("requirements-" + i + ".txt"), "fastapi==0.112\nopenai>=1.40\nlangchain-openai\n");
                    case 1 -> Files.writeString(folder.resolve("package.json"),
                            "{\"dependencies\": {\"@modelcontextprotocol/sdk\": \"^1.17.0\", \"zod\": \"^3\"}, \"i\": " + i + "}");
                    default -> Files.writeString(folder.resolve("pyproject.toml"),
                            "[project]\nname = \"svc" + i + "\"\ndependencies = [\"anthropic>=0.40\", \"httpx\"]\n");
                }
            } else if (i % 100 == 51) {
                Files.writeString(folder.resolve("n" + i + ".ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"print(1)\"], \"outputs\": "
                        + "[{\"output_type\": \"stream\", \"text\": [\"1\\n\"]}]}]}");
            } else if (random.nextInt(500) == 0) {
                Files.writeString(folder.resolve("leak" + i + ".py"), "client = OpenAI(api_key='sk-proj-" + KEY_BODY.repeat(3) + "T3BlbkFJ"
                        + KEY_BODY.repeat(3) + "')\n");
            } else {
                Files.writeString(folder.resolve("m" + i + ".py"), source);
            }
        }
        Path allowlist = dir.resolve("allowlist.json");
        Files.writeString(allowlist, """
                [{"name": "io.github.modelcontextprotocol/filesystem", "version": "2025.8.21",
                  "packages": [{"registryType": "npm", "identifier": "@modelcontextprotocol/server-filesystem", "version": "2025.8.21",
                                "transport": {"type": "stdio"}}]}]
                """);

        long start = System.nanoTime();
        ShadowScanService.Outcome outcome = ShadowScanService.standard().scan(
                new ShadowScanService.Request(home, roots, "linux", null, allowlist.toString()));
        byte[] report = outcome.json();
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode json = new ObjectMapper().readTree(report);
        return new Result(written, configs, manifests, json.path("servers").size(), json.path("repositories").findValues("dependencies").stream()
                .mapToInt(JsonNode::size).sum(), json.path("repositories").findValues("secrets").stream().mapToInt(JsonNode::size).sum(), seconds);
    }

    /** Three servers of the kinds machines have: an approved package, an unpinned npx launch, a uvx tool or a remote URL. */
    private static String servers(Random random, int n) {
        String third = random.nextBoolean()
                ? "\"tool%d\": {\"command\": \"uvx\", \"args\": [\"mcp-server-tool%d\"]}".formatted(n % 17, n % 17)
                : "\"remote%d\": {\"type\": \"http\", \"url\": \"https://mcp%d.example.com/mcp\"}".formatted(n % 11, n % 11);
        return """
                {"mcpServers": {
                  "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "/work"]},
                  "helper%d": {"command": "npx", "args": ["-y", "mcp-helper-%d"], "env": {"HELPER_TOKEN": "${HELPER_TOKEN}"}},
                  %s
                }}
                """.formatted(n % 23, n % 23, third);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
