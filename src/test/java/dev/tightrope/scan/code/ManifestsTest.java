package dev.tightrope.scan.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each manifest format's declarations, with their versions and lines; malformed ones refused with a reason. */
class ManifestsTest {

    final Manifests manifests = new Manifests(CodeScanLimits.STANDARD.tree());

    private List<Declared> read(String file, String text) throws Manifests.Rejected {
        return manifests.read(file, text).dependencies();
    }

    @Test
    void requirementsLinesArePep508WithOptionsUrlsAndCommentsLeftOut() throws Exception {
        Manifests.Read r = manifests.read("requirements-dev.txt", """
                # service deps
                -r base.txt
                --index-url https://pypi.internal/simple
                openai>=1.40,<2  # chat
                Anthropic[bedrock] == 0.34.2 ; python_version >= "3.9"
                langchain_community
                git+https://github.com/org/pkg.git
                -e .
                !!! not a requirement
                """);
        assertThat(r.dependencies()).containsExactly(
                new Declared(Ecosystem.PYPI, "openai", ">=1.40,<2", 4),
                new Declared(Ecosystem.PYPI, "Anthropic", "==0.34.2", 5),
                new Declared(Ecosystem.PYPI, "langchain_community", null, 6));
        assertThat(r.warnings()).containsExactly("line 9 is not a requirement");
    }

    @Test
    void pyprojectReadsPep621AndPoetryTables() throws Exception {
        List<Declared> d = read("pyproject.toml", """
                [project]
                name = "loan-assistant"
                dependencies = [
                  "openai>=1.40",
                  "mcp[cli]>=1.2",
                ]
                [project.optional-dependencies]
                eval = ["ragas"]

                [tool.poetry.dependencies]
                python = "^3.11"
                langchain-openai = "^0.2"
                transformers = { version = "4.44.0", extras = ["torch"] }

                [tool.poetry.group.dev.dependencies]
                pytest = "*"
                """);
        assertThat(d).containsExactly(
                new Declared(Ecosystem.PYPI, "openai", ">=1.40", 4),
                new Declared(Ecosystem.PYPI, "mcp", ">=1.2", 5),
                new Declared(Ecosystem.PYPI, "ragas", null, 8),
                new Declared(Ecosystem.PYPI, "langchain-openai", "^0.2", 12),
                new Declared(Ecosystem.PYPI, "transformers", "4.44.0", 13),
                new Declared(Ecosystem.PYPI, "pytest", "*", 16));
    }

    @Test
    void pipfileReadsPackagesAndDevPackages() throws Exception {
        assertThat(read("Pipfile", """
                [[source]]
                url = "https://pypi.org/simple"
                [packages]
                anthropic = "==0.34.2"
                "llama-index" = {version = ">=0.11"}
                [dev-packages]
                black = "*"
                """)).containsExactly(
                new Declared(Ecosystem.PYPI, "anthropic", "==0.34.2", 4),
                new Declared(Ecosystem.PYPI, "llama-index", ">=0.11", 5),
                new Declared(Ecosystem.PYPI, "black", "*", 7));
    }

    @Test
    void packageJsonReadsEveryDependencySectionAndTheMcpName() throws Exception {
        Manifests.Read r = manifests.read("package.json", """
                {
                  "name": "@kestrel/loan-tools",
                  "mcpName": "io.github.kestrel/loan-tools",
                  "dependencies": {
                    "@modelcontextprotocol/sdk": "^1.17.0",
                    "openai": "4.56.0"
                  },
                  "devDependencies": {"@ai-sdk/anthropic": "~1.0.2"}
                }
                """);
        assertThat(r.dependencies()).containsExactly(
                new Declared(Ecosystem.NPM, "@modelcontextprotocol/sdk", "^1.17.0", 5),
                new Declared(Ecosystem.NPM, "openai", "4.56.0", 6),
                new Declared(Ecosystem.NPM, "@ai-sdk/anthropic", "~1.0.2", 8));
        assertThat(r.declaresMcpName()).isTrue();
    }

    @Test
    void pomReadsDependenciesWithPropertiesResolved() throws Exception {
        assertThat(read("pom.xml", """
                <?xml version="1.0"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <version>1.4.0</version>
                  <properties><langchain4j.version>0.35.0</langchain4j.version></properties>
                  <dependencies>
                    <dependency>
                      <groupId>dev.langchain4j</groupId>
                      <artifactId>langchain4j-open-ai</artifactId>
                      <version>${langchain4j.version}</version>
                    </dependency>
                    <dependency>
                      <groupId>io.modelcontextprotocol.sdk</groupId>
                      <artifactId>mcp</artifactId>
                    </dependency>
                  </dependencies>
                </project>
                """)).containsExactly(
                new Declared(Ecosystem.MAVEN, "dev.langchain4j:langchain4j-open-ai", "0.35.0", 8),
                new Declared(Ecosystem.MAVEN, "io.modelcontextprotocol.sdk:mcp", null, 13));
    }

    @Test
    void aPomWithADoctypeIsRefusedSoNoEntityIsExpanded() {
        assertThatThrownBy(() -> read("pom.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <project><dependencies><dependency><groupId>&xxe;</groupId><artifactId>a</artifactId></dependency></dependencies></project>
                """)).isInstanceOf(Manifests.Rejected.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void gradleReadsStringAndMapNotationsInGroovyAndKotlin() throws Exception {
        assertThat(read("build.gradle.kts", """
                plugins { id("org.springframework.boot") version "3.3.2" }
                dependencies {
                    implementation(platform("org.springframework.ai:spring-ai-bom:1.0.0-M2"))
                    implementation("org.springframework.ai:spring-ai-openai-spring-boot-starter")
                    // implementation("commented:out:1.0")
                    testImplementation("org.junit.jupiter:junit-jupiter:5.10.3")
                }
                """)).extracting(Declared::name, Declared::version, Declared::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("org.springframework.ai:spring-ai-bom", "1.0.0-M2", 3),
                org.assertj.core.groups.Tuple.tuple("org.springframework.ai:spring-ai-openai-spring-boot-starter", null, 4),
                org.assertj.core.groups.Tuple.tuple("org.junit.jupiter:junit-jupiter", "5.10.3", 6));
        assertThat(read("build.gradle", """
                dependencies {
                    implementation 'com.openai:openai-java:0.8.0'
                    api group: 'com.anthropic', name: 'anthropic-java', version: '0.1.0'
                }
                """)).containsExactly(
                new Declared(Ecosystem.MAVEN, "com.openai:openai-java", "0.8.0", 2),
                new Declared(Ecosystem.MAVEN, "com.anthropic:anthropic-java", "0.1.0", 3));
    }

    @Test
    void malformedManifestsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> read("pyproject.toml", "[project\ndependencies = [")).isInstanceOf(Manifests.Rejected.class)
                .hasMessageContaining("TOML");
        assertThatThrownBy(() -> read("Pipfile", "[packages]\nopenai = \n")).isInstanceOf(Manifests.Rejected.class);
        assertThatThrownBy(() -> read("package.json", "{\"dependencies\": {\"openai\": \"4\",}}")).isInstanceOf(Manifests.Rejected.class);
        assertThatThrownBy(() -> read("package.json", "[]")).isInstanceOf(Manifests.Rejected.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> read("pom.xml", "<project><dependencies>")).isInstanceOf(Manifests.Rejected.class).hasMessageContaining("invalid XML");
        assertThatThrownBy(() -> read("pom.xml", "<settings/>")).isInstanceOf(Manifests.Rejected.class).hasMessageContaining("<project>");
    }

    @Test
    void theCatalogueKnowsTheReferencePackagesAndWhichAreMcpSdks() {
        assertThat(AiPackages.isAiSdk(Ecosystem.PYPI, "Llama_Index.Core")).isTrue();
        assertThat(AiPackages.isAiSdk(Ecosystem.PYPI, "langchain-openai")).isTrue();
        assertThat(AiPackages.isAiSdk(Ecosystem.PYPI, "requests")).isFalse();
        assertThat(AiPackages.isAiSdk(Ecosystem.NPM, "@langchain/core")).isTrue();
        assertThat(AiPackages.isAiSdk(Ecosystem.NPM, "@ai-sdk/")).isFalse();
        assertThat(AiPackages.isAiSdk(Ecosystem.NPM, "openai-like")).isFalse();
        assertThat(AiPackages.isAiSdk(Ecosystem.MAVEN, "dev.langchain4j:langchain4j")).isTrue();
        assertThat(AiPackages.isAiSdk(Ecosystem.MAVEN, "dev.langchain4jx:foo")).isFalse();
        assertThat(AiPackages.isMcpSdk(Ecosystem.PYPI, "FastMCP")).isTrue();
        assertThat(AiPackages.isMcpSdk(Ecosystem.NPM, "@modelcontextprotocol/sdk")).isTrue();
        assertThat(AiPackages.isMcpSdk(Ecosystem.NPM, "mcp-remote")).as("a client proxy, not a server SDK").isFalse();
        assertThat(AiPackages.isMcpSdk(Ecosystem.MAVEN, "io.modelcontextprotocol.sdk:mcp-core")).isTrue();
        assertThat(AiPackages.isMcpSdk(Ecosystem.PYPI, "openai")).isFalse();
    }
}
