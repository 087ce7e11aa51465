package dev.tightrope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the entry point sets JavaFX up as named modules, without starting the toolkit. */
class ConsoleLauncherTest {

    @TempDir
    Path dir;

    @Test
    void theConsolesEntryPointIsWhereTheLauncherLooksForIt() {
        Method entry = ConsoleLauncher.consoleEntry(getClass().getClassLoader());
        assertThat(entry.getDeclaringClass().getName()).isEqualTo(ConsoleLauncher.CONSOLE_CLASS);
        assertThat(entry.getReturnType()).isEqualTo(void.class);
    }

    @Test
    void theJavaFxJarsInLibBecomeNamedModulesThatTheConsoleLinksAgainst() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        for (String jar : List.of("javafx.beans.Observable", "javafx.application.Application", "javafx.scene.control.Button")) {
            Path from = jarOf(Class.forName(jar, false, getClass().getClassLoader()));
            Files.copy(from, lib.resolve(from.getFileName()));
        }
        assertThat(ConsoleLauncher.hasJavaFx(lib)).isTrue();

        ModuleLayer.Controller javaFx = ConsoleLauncher.javaFxLayer(lib);
        try (URLClassLoader console = ConsoleLauncher.loaderOver(javaFx, ConsoleLauncher.classPath())) {
            Class<?> app = Class.forName(ConsoleLauncher.CONSOLE_CLASS, false, console);
            assertThat(app.getClassLoader()).isSameAs(console);
            Module graphics = app.getSuperclass().getModule();
            assertThat(graphics.getName()).isEqualTo("javafx.graphics");
            assertThat(graphics.getLayer()).isSameAs(javaFx.layer());
            for (ConsoleLauncher.Access access : ConsoleLauncher.CONTROLSFX_ACCESS) {
                Module module = javaFx.layer().findModule(access.module()).orElseThrow();
                if (access.open()) {
                    assertThat(module.isOpen(access.pkg(), console.getUnnamedModule())).as(access.jvmOption()).isTrue();
                } else {
                    assertThat(module.isExported(access.pkg(), console.getUnnamedModule())).as(access.jvmOption()).isTrue();
                }
            }
        }
    }

    @Test
    void aLibDirectoryWithoutJavaFxIsNotTakenForOne() throws Exception {
        assertThat(ConsoleLauncher.hasJavaFx(dir.resolve("missing"))).isFalse();
        Files.createDirectories(dir.resolve("empty"));
        assertThat(ConsoleLauncher.hasJavaFx(dir.resolve("empty"))).isFalse();
    }

    @Test
    void aMissingConsoleEntryPointSaysWhatIsMissing() {
        ClassLoader nothing = new URLClassLoader(new java.net.URL[0], ClassLoader.getPlatformClassLoader());
        assertThatThrownBy(() -> ConsoleLauncher.consoleEntry(nothing))
                .hasMessageContaining(ConsoleLauncher.CONSOLE_CLASS + "." + ConsoleLauncher.CONSOLE_METHOD);
    }

    /** javafx:run and the app image pass the ControlsFX openings as JVM options; the lists must agree. */
    @Test
    void theJvmOptionsForJavaFxInTheBootLayerOpenWhatTheLayerOpens() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String jpackage = Files.readString(Path.of("packaging", "jpackage", "args-base.txt"));
        for (ConsoleLauncher.Access access : ConsoleLauncher.CONTROLSFX_ACCESS) {
            assertThat(pom).as("javafx:run in pom.xml").contains("<option>" + access.jvmOption() + "</option>");
            assertThat(jpackage).as("packaging/jpackage/args-base.txt").contains("--java-options " + access.jvmOption() + "\n");
        }
        assertThat(countOf(pom, "<option>--add-")).isEqualTo(ConsoleLauncher.CONTROLSFX_ACCESS.size());
        assertThat(countOf(jpackage, "--java-options --add-")).isEqualTo(ConsoleLauncher.CONTROLSFX_ACCESS.size());
    }

    private static int countOf(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
