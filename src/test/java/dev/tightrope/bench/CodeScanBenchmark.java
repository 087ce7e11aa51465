package dev.tightrope.bench;

import dev.tightrope.scan.code.CodeScanLimits;
import dev.tightrope.scan.code.CodeScanner;
import dev.tightrope.scan.code.RepositoryScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * One repository root of {@code files} files (issue 10's benchmark tree: 2% of them manifests, 1%
 * notebooks, one file in 500 leaking a key, the rest source of a few KB) generated from a fixed
 * seed, then scanned once for AI SDKs and keys; prints files per second. Target: 100,000 files in
 * under 10 s on 2 cores.
 */
public final class CodeScanBenchmark {

    /** What one run found and how long the scan took (the tree's generation not counted). */
    public record Result(int files, int filesRead, int dependencies, int secrets, double seconds) {
        double filesPerSecond() {
            return files / seconds;
        }
    }

    private static final String KEY_BODY = "Q7wErT9yUiOp3AsDfGhJkLzXcVbNm";

    private CodeScanBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("tightrope-code-scan");
        Result r = run(files, dir);
        System.out.printf("code-scan: %d files (%d read as text), %d AI SDK declarations, %d keys in %.2f s: %.0f files/s (target: 100,000 files < 10 s)%n",
                r.files(), r.filesRead(), r.dependencies(), r.secrets(), r.seconds(), r.filesPerSecond());
    }

    public static Result run(int files, Path dir) throws IOException {
        Random random = new Random(10);
        Path root = Files.createDirectories(dir.resolve("repo"));
        String source = "import os\nfrom dataclasses import dataclass\n\n" + "def f(x):\n    return x * 2  # arithmetic, no secrets here\n".repeat(60);
        for (int i = 0; i < files; i++) {
            Path folder = root.resolve("pkg" + (i / 100) % 1000).resolve("mod" + (i % 7));
            Files.createDirectories(folder);
            int kind = random.nextInt(1000);
            if (i % 50 == 0) {
                Files.writeString(folder.resolve(i % 100 == 0 ? "requirements-" + i + ".txt" : "package.json"), i % 100 == 0
                        ? "fastapi==0.112\nopenai>=1.40\nlangchain-openai\n"
                        : "{\"dependencies\": {\"@modelcontextprotocol/sdk\": \"^1.17.0\", \"zod\": \"^3\"}, \"i\": " + i + "}");
            } else if (i % 100 == 1) {
                Files.writeString(folder.resolve("n" + i + ".ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"print(1)\"], \"outputs\": "
                        + "[{\"output_type\": \"stream\", \"text\": [\"1\\n\"]}]}]}");
            } else if (kind < 2) {
                Files.writeString(folder.resolve("leak" + i + ".py"), "client = OpenAI(api_key='sk-proj-" + KEY_BODY.repeat(3) + "T3BlbkFJ" + KEY_BODY.repeat(3) + "')\n");
            } else {
                Files.writeString(folder.resolve("m" + i + ".py"), source);
            }
        }
        long start = System.nanoTime();
        RepositoryScan scan = new CodeScanner(CodeScanLimits.STANDARD).scan(root, () -> false);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(files, scan.filesRead(), scan.dependencies().size(), scan.secrets().size(), seconds);
    }
}
