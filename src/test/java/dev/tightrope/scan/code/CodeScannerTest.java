package dev.tightrope.scan.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One repository tree read whole: manifests, code, notebooks (cells and outputs), with what is skipped and why. */
class CodeScannerTest {

    /** Well-formed and fake: only the shape matters to the rules. */
    static final String OPENAI_KEY = "sk-proj-" + "Q7wErT9yUi".repeat(7) + "Op3A" + "T3BlbkFJ" + "Zx8CvB6nMa".repeat(7) + "Lk2J";
    static final String HF_KEY = "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNmQpWoEiRu";

    @TempDir
    Path repo;

    final CodeScanner scanner = new CodeScanner(CodeScanLimits.STANDARD);

    private void write(String file, String text) throws IOException {
        Path p = repo.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private RepositoryScan scan() {
        return scanner.scan(repo, () -> false);
    }

    @Test
    void aKeyPrintedInANotebookOutputIsFoundWithItsCellAndLine() throws IOException {
        write("notebooks/eval.ipynb", """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [
                  {"cell_type": "markdown", "metadata": {}, "source": ["# Evaluation\\n"]},
                  {"cell_type": "code", "metadata": {}, "execution_count": 1,
                   "source": ["import os\\n", "print(os.environ['OPENAI_API_KEY'])"],
                   "outputs": [{"output_type": "stream", "name": "stdout", "text": ["loaded\\n", "%s\\n"]}]},
                  {"cell_type": "code", "metadata": {}, "execution_count": 2,
                   "source": "from huggingface_hub import login\\nlogin(token='%s')",
                   "outputs": [{"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]}, "metadata": {}}]}
                 ]}
                """.formatted(OPENAI_KEY, HF_KEY));

        RepositoryScan scan = scan();

        assertThat(scan.secrets()).extracting(RepositoryScan.CodeSecret::ruleId, RepositoryScan.CodeSecret::location).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("secret.notebook-openai", "notebooks/eval.ipynb: cell 1 output, line 2"),
                org.assertj.core.groups.Tuple.tuple("secret.notebook-hugging-face", "notebooks/eval.ipynb: cell 2 source, line 2"));
        assertThat(scan.toString()).doesNotContain(OPENAI_KEY).doesNotContain(HF_KEY);
        assertThat(scan.skipped()).isEmpty();
    }

    @Test
    void aBrokenNotebookIsReportedAndStillSearchedAsText() throws IOException {
        write("scratch.ipynb", "{\"cells\": [ {\"source\": \"key = '" + OPENAI_KEY + "'\" ");
        RepositoryScan scan = scan();
        assertThat(scan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.location()).isEqualTo("scratch.ipynb");
            assertThat(s.reason()).startsWith("not read as a notebook").endsWith("searched as plain text");
        });
        assertThat(scan.secrets()).extracting(RepositoryScan.CodeSecret::ruleId, RepositoryScan.CodeSecret::location)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("secret.code-openai", "scratch.ipynb:1"));
    }

    @Test
    void manifestsAnywhereInTheTreeGiveTheAiSdksAndAnMcpSdkMakesAProbableServer() throws IOException {
        write("requirements.txt", "fastapi==0.112\nopenai>=1.40\n");
        write("tools/mcp-server/package.json", """
                {"name": "loan-tools", "dependencies": {"@modelcontextprotocol/sdk": "^1.17.0", "zod": "^3.23"}}
                """);
        write("java/pom.xml", "<project><dependencies><dependency><groupId>com.openai</groupId><artifactId>openai-java</artifactId>"
                + "<version>0.8.0</version></dependency></dependencies></project>");
        RepositoryScan scan = scan();
        assertThat(scan.dependencies()).extracting(RepositoryScan.AiDependency::name, RepositoryScan.AiDependency::version,
                RepositoryScan.AiDependency::location).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("openai", ">=1.40", "requirements.txt:2"),
                org.assertj.core.groups.Tuple.tuple("@modelcontextprotocol/sdk", "^1.17.0", "tools/mcp-server/package.json:1"),
                org.assertj.core.groups.Tuple.tuple("com.openai:openai-java", "0.8.0", "java/pom.xml:1"));
        assertThat(scan.probableMcpServer()).isTrue();
    }

    @Test
    void aRepositoryWithoutAnMcpSdkIsNoProbableServer() throws IOException {
        write("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"anthropic\"]\n");
        assertThat(scan().probableMcpServer()).isFalse();
    }

    @Test
    void malformedManifestsAreReportedWithFileAndReasonAndTheScanGoesOn() throws IOException {
        write("pyproject.toml", "[project\n");
        write("web/package.json", "{\"dependencies\": ");
        write("api/requirements.txt", "anthropic==0.34.2\n");
        RepositoryScan scan = scan();
        assertThat(scan.skipped()).extracting(RepositoryScan.Skipped::location).containsExactlyInAnyOrder("pyproject.toml", "web/package.json");
        assertThat(scan.skipped()).allSatisfy(s -> assertThat(s.reason()).isNotBlank());
        assertThat(scan.dependencies()).extracting(RepositoryScan.AiDependency::name).containsExactly("anthropic");
    }

    @Test
    void installedDependenciesVcsFoldersVirtualEnvironmentsBinariesAndHugeFilesAreNotRead() throws IOException {
        String leak = "OPENAI = '" + OPENAI_KEY + "'\n";
        write("node_modules/openai/index.js", leak);
        write(".git/config", leak);
        write("env/pyvenv.cfg", "home = /usr/bin\n");
        write("env/lib/python3.12/site.py", leak);
        write("model.bin", leak);
        Files.write(repo.resolve("data.dat"), (leak + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        write("big.py", leak + "#".repeat((int) CodeScanLimits.STANDARD.maxFileBytes()));
        write("app.py", leak);
        RepositoryScan scan = scan();
        assertThat(scan.secrets()).extracting(RepositoryScan.CodeSecret::location).containsExactly("app.py:1");
        assertThat(scan.filesRead()).isEqualTo(1);
        assertThat(scan.binaryFiles()).as("model.bin by its name, data.dat by its NUL byte").isEqualTo(2);
        assertThat(scan.largeFiles()).isEqualTo(1);
    }

    @Test
    void theFileCapStopsTheWalkAndSaysSo() throws IOException {
        for (int i = 0; i < 5; i++) {
            write("src/f" + i + ".py", "x = " + i + "\n");
        }
        RepositoryScan scan = new CodeScanner(new CodeScanLimits(1024, 3, CodeScanLimits.STANDARD.tree())).scan(repo, () -> false);
        assertThat(scan.filesRead()).isEqualTo(3);
        assertThat(scan.skipped()).extracting(RepositoryScan.Skipped::reason).containsExactly("more than 3 files: the rest were not scanned");
    }

    @Test
    void aSymbolicLinkOutOfTheRootIsNotFollowed(@TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("secrets.py"), "k = '" + OPENAI_KEY + "'\n");
        try {
            Files.createSymbolicLink(repo.resolve("linked"), outside);
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("symbolic links are not available here: " + e.getMessage());
        }
        assertThat(scan().secrets()).isEmpty();
    }

    @Test
    void aCancelledScanStopsWithWhatItHas() throws IOException {
        write("a/app.py", "k = '" + OPENAI_KEY + "'\n");
        assertThat(scanner.scan(repo, () -> true).secrets()).isEmpty();
        assertThat(scan().secrets()).hasSize(1);
    }
}
