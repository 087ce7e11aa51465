package dev.tightrope.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of DESIGN.md, enforced. */
class LayerTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tightrope");
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("base").definedBy("dev.tightrope.base..")
                .layer("domain").definedBy("dev.tightrope.domain..")
                .layer("store").definedBy("dev.tightrope.store..")
                .layer("sync").definedBy("dev.tightrope.sync..")
                .layer("oci").definedBy("dev.tightrope.oci..")
                .layer("scan").definedBy("dev.tightrope.scan..")
                .layer("trust").definedBy("dev.tightrope.trust..")
                .layer("service").definedBy("dev.tightrope.service..")
                .layer("ui").definedBy("dev.tightrope.ui..")
                .layer("cli").definedBy("dev.tightrope.cli..")
                .layer("app").definedBy("dev.tightrope.app..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
                .whereLayer("cli").mayOnlyBeAccessedByLayers("app")
                .whereLayer("service").mayOnlyBeAccessedByLayers("ui", "cli", "app")
                .whereLayer("store").mayOnlyBeAccessedByLayers("service")
                .whereLayer("sync").mayOnlyBeAccessedByLayers("service")
                .whereLayer("oci").mayOnlyBeAccessedByLayers("service", "sync")
                .whereLayer("scan").mayOnlyBeAccessedByLayers("service", "sync")
                .whereLayer("trust").mayOnlyBeAccessedByLayers("service")
                .check(classes);
    }

    /** Jackson is allowed for the one strict reader of untrusted JSON, which every layer uses. */
    @Test
    void baseDependsOnNothingOfTightrope() {
        noClasses().that().resideInAPackage("dev.tightrope.base..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.tightrope.base..", "java..", "com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void theOciClientKnowsNothingOfTightropeButBase() {
        noClasses().that().resideInAPackage("dev.tightrope.oci..")
                .should().dependOnClassesThat(resideInAPackage("dev.tightrope..")
                        .and(not(resideInAnyPackage("dev.tightrope.oci..", "dev.tightrope.base.."))))
                .check(classes);
    }

    @Test
    void exportFormatsAndWorkspaceConfigurationSitBelowTheUseCases() {
        noClasses().that().resideInAnyPackage("dev.tightrope.service.export..", "dev.tightrope.service.workspace..")
                .should().dependOnClassesThat().resideInAPackage("dev.tightrope.service")
                .check(classes);
    }

    @Test
    void domainHasNoIoFrameworks() {
        noClasses().that().resideInAPackage("dev.tightrope.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.sql..", "okhttp3..", "java.net.http..",
                        "com.fasterxml..", "java.io..", "java.nio.file..", "org.sqlite..")
                .check(classes);
    }

    @Test
    void onlyTheUiTouchesJavaFx() {
        noClasses().that().resideOutsideOfPackage("dev.tightrope.ui..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    /** The entry point reaches the console by name, through a class loader that sees JavaFX as named modules. */
    @Test
    void theEntryPointNamesNoConsoleClass() {
        noClasses().that().resideInAPackage("dev.tightrope.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tightrope.ui..", "javafx..")
                .check(classes);
    }

    @Test
    void onlyTheStoreTouchesSql() {
        noClasses().that().resideOutsideOfPackage("dev.tightrope.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..")
                .check(classes);
    }

    @Test
    void theFxThreadIsEnteredInOnePlace() {
        noClasses().that().resideOutsideOfPackage("dev.tightrope.ui.common..")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .check(classes);
    }

    @Test
    void nobodyStartsRawThreadsInTheUi() {
        noClasses().that().resideInAPackage("dev.tightrope.ui..").and().resideOutsideOfPackage("dev.tightrope.ui.common..")
                .should().callConstructor(Thread.class, Runnable.class)
                .check(classes);
    }

    /** Background work in the console goes through the UiExecutor, never a pool or future of its own. */
    @Test
    void theUiGoesToTheBackgroundOneWay() {
        noClasses().that().resideInAPackage("dev.tightrope.ui..").and().resideOutsideOfPackage("dev.tightrope.ui.common..")
                // the composition root opens the workspace while the toolkit starts, before any executor exists
                .and().haveNameNotMatching("dev\\.tightrope\\.ui\\.TightropeApp.*")
                .should().dependOnClassesThat().belongToAnyOf(java.util.concurrent.Executors.class,
                        java.util.concurrent.ExecutorService.class, java.util.concurrent.CompletableFuture.class,
                        java.util.concurrent.ForkJoinPool.class, javafx.concurrent.Task.class, javafx.concurrent.Service.class)
                .check(classes);
    }

    /**
     * Views talk to view models: only view models (and the composition root) reach the services
     * facade or a service; views may show the records services return.
     */
    @Test
    void viewsTalkOnlyToViewModels() {
        noClasses().that().resideInAPackage("dev.tightrope.ui..")
                .and().haveSimpleNameNotEndingWith("ViewModel")
                .and().haveNameNotMatching("dev\\.tightrope\\.ui\\.shell\\.AppModel.*")
                .and().haveNameNotMatching("dev\\.tightrope\\.ui\\.TightropeApp.*")
                .should().dependOnClassesThat(SERVICE_ENTRY_POINTS)
                .check(classes);
    }

    private static final com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> SERVICE_ENTRY_POINTS =
            com.tngtech.archunit.base.DescribedPredicate.describe("the services facade or a use-case service",
                    c -> c.getPackageName().startsWith("dev.tightrope.service") && c.getEnclosingClass().isEmpty()
                            && (c.getSimpleName().equals("Tightrope") || c.getSimpleName().endsWith("Service")
                            || c.getSimpleName().equals("DemoWorkspace") || c.getSimpleName().equals("Workspace")));

    /**
     * The trust boundary "parsed, never loaded": no Tightrope code starts a process, deserialises
     * Java objects, loads classes or runs scripts. The one exception is the MCP probe starting one
     * server on the user's request (cleared environment, temporary home, its tree stopped after).
     */
    @Test
    void nothingStartsAProcessOrLoadsCode() {
        noClasses().should().dependOnClassesThat().belongToAnyOf(java.io.ObjectInputStream.class, javax.script.ScriptEngineManager.class)
                .orShould().callMethodWhere(target(name("exec")).and(target(owner(type(Runtime.class)))))
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName("dev.tightrope.scan.mcp.probe.StdioProbe")
                .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class)
                .orShould().callMethodWhere(target(name("exec")).and(target(owner(type(Runtime.class)))))
                .check(classes);
        // The one class loader: the entry point's, over Tightrope's own class path (the jar it was
        // started from), with the JavaFX jars shipped beside it as its parent layer. Nothing from outside.
        noClasses().that().doNotHaveFullyQualifiedName("dev.tightrope.app.ConsoleLauncher")
                .should().dependOnClassesThat().belongToAnyOf(java.net.URLClassLoader.class)
                .check(classes);
    }
}
