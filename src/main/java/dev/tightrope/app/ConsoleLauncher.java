package dev.tightrope.app;

import dev.tightrope.cli.GuiLauncher;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Opens the desktop console with JavaFX as named modules, the only configuration JavaFX supports.
 *
 * <p>Where JavaFX is in the boot layer already ({@code mvn javafx:run} puts it on the module path;
 * the app image links it into its runtime), the console starts directly. Where it is not
 * ({@code java -jar tightrope.jar}), the JavaFX jars in the {@code lib} directory beside the jar
 * become a module layer, and the console is loaded through a class loader whose parent is that
 * layer's. This class names no JavaFX or console class, so the command line never loads JavaFX.
 */
final class ConsoleLauncher implements GuiLauncher {

    static final String CONSOLE_CLASS = "dev.tightrope.ui.TightropeApp";
    static final String CONSOLE_METHOD = "launchConsole";
    static final String JAVAFX_ROOT_MODULE = "javafx.controls";
    static final String JAVAFX_GRAPHICS = "javafx.graphics";

    /**
     * The JavaFX internals ControlsFX reaches (its validation decorations reflect on
     * {@code Parent.getChildren}, its table and text-field controls use skin and behavior
     * classes). JavaFX on the class path allowed it silently; as named modules they must be
     * opened to the console's code. {@code javafx:run} in pom.xml and
     * {@code packaging/jpackage/args-base.txt} pass the same list as JVM options.
     */
    static final List<Access> CONTROLSFX_ACCESS = List.of(
            Access.exports("javafx.base", "com.sun.javafx.event"),
            Access.exports("javafx.controls", "com.sun.javafx.scene.control"),
            Access.exports("javafx.controls", "com.sun.javafx.scene.control.behavior"),
            Access.opens("javafx.graphics", "javafx.scene"),
            Access.opens("javafx.controls", "javafx.scene.control.skin"));

    /** One package of a JavaFX module made accessible to the console. */
    record Access(boolean open, String module, String pkg) {
        static Access exports(String module, String pkg) {
            return new Access(false, module, pkg);
        }

        static Access opens(String module, String pkg) {
            return new Access(true, module, pkg);
        }

        /** As a JVM option, for JavaFX in the boot layer and the console on the class path. */
        String jvmOption() {
            return (open ? "--add-opens=" : "--add-exports=") + module + "/" + pkg + "=ALL-UNNAMED";
        }
    }

    @Override
    public void launch(Path workspace, boolean demo) {
        ClassLoader loader = consoleLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            consoleEntry(loader).invoke(null, workspace, demo);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the console failed to start: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the console's entry point is not accessible: " + e.getMessage(), e);
        }
    }

    /** The class loader to load the console through, JavaFX set up as named modules where possible. */
    static ClassLoader consoleLoader() {
        ClassLoader own = ConsoleLauncher.class.getClassLoader();
        if (ModuleLayer.boot().findModule(JAVAFX_GRAPHICS).isPresent()) {
            return own;
        }
        Path lib = libDirectory();
        if (hasJavaFx(lib)) {
            return loaderOver(javaFxLayer(lib), classPath());
        }
        if (own.getResource("javafx/application/Application.class") != null) {
            // JavaFX on the class path (an IDE's run configuration): it runs, and JavaFX says it is unsupported
            return own;
        }
        throw new IllegalStateException("JavaFX is missing: the console needs the JavaFX jars in " + lib
                + " (mvn package puts them there, beside target/tightrope.jar), or JavaFX on the module path"
                + " (--module-path DIR --add-modules " + JAVAFX_ROOT_MODULE + ")");
    }

    /** {@code lib/} beside the jar (or class directory) this class was loaded from. */
    static Path libDirectory() {
        try {
            URL location = ConsoleLauncher.class.getProtectionDomain().getCodeSource().getLocation();
            return Path.of(location.toURI()).toAbsolutePath().resolveSibling("lib");
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where Tightrope was loaded from: " + e.getMessage(), e);
        }
    }

    static boolean hasJavaFx(Path lib) {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try {
            return ModuleFinder.of(lib).find(JAVAFX_GRAPHICS).isPresent();
        } catch (FindException e) {
            throw new IllegalStateException("the JavaFX jars in " + lib + " cannot be read as modules: " + e.getMessage(), e);
        }
    }

    /**
     * JavaFX from the modular jars in {@code lib} as a layer over the boot layer; its controller,
     * because only the layer's creator may open its modules' packages to code outside them.
     */
    static ModuleLayer.Controller javaFxLayer(Path lib) {
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration()
                .resolve(ModuleFinder.of(lib), ModuleFinder.of(), Set.of(JAVAFX_ROOT_MODULE));
        return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(boot), ClassLoader.getPlatformClassLoader());
    }

    /**
     * A loader for {@code classPath} whose parent is the JavaFX layer's loader, so the console and
     * the libraries built on JavaFX link against the named modules; the JavaFX internals in
     * {@link #CONTROLSFX_ACCESS} are opened to it.
     */
    static URLClassLoader loaderOver(ModuleLayer.Controller javaFx, List<Path> classPath) {
        URL[] urls = new URL[classPath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classPath.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(new IOException("bad class path entry " + classPath.get(i), e));
            }
        }
        ModuleLayer layer = javaFx.layer();
        URLClassLoader loader = new URLClassLoader("tightrope-console", urls, layer.findLoader(JAVAFX_ROOT_MODULE));
        Module console = loader.getUnnamedModule();
        for (Access access : CONTROLSFX_ACCESS) {
            Module module = layer.findModule(access.module()).orElseThrow();
            if (access.open()) {
                javaFx.addOpens(module, access.pkg(), console);
            } else {
                javaFx.addExports(module, access.pkg(), console);
            }
        }
        return loader;
    }

    /** This JVM's class path, as {@code java -jar} or {@code -cp} set it. */
    static List<Path> classPath() {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath());
            }
        }
        return entries;
    }

    /** {@code TightropeApp.launchConsole(Path, boolean)} as seen through {@code loader}. */
    static Method consoleEntry(ClassLoader loader) {
        try {
            Method entry = Class.forName(CONSOLE_CLASS, true, loader).getMethod(CONSOLE_METHOD, Path.class, boolean.class);
            if (!Modifier.isStatic(entry.getModifiers())) {
                throw new IllegalStateException(CONSOLE_CLASS + "." + CONSOLE_METHOD + " is not static");
            }
            return entry;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("the console's entry point " + CONSOLE_CLASS + "." + CONSOLE_METHOD
                    + "(Path, boolean) is missing: " + e, e);
        }
    }
}
