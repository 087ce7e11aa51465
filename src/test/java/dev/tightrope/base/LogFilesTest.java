package dev.tightrope.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void restoreTheDefaultLogging() throws IOException {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.close();
        }
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void systemLoggerAndSlf4jBothWriteTheOneRollingFile() throws IOException {
        Path file = LogFiles.install(dir.resolve("log"));
        assertThat(file).isEqualTo(dir.resolve("log").resolve("tightrope-0.log"));
        System.getLogger("dev.tightrope.test").log(System.Logger.Level.WARNING, "cache busy", new IllegalStateException("locked"));
        org.slf4j.LoggerFactory.getLogger("io.jhdf.test").info("opened an HDF5 file");
        System.getLogger("dev.tightrope.test").log(System.Logger.Level.DEBUG, "not kept");
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        String text = Files.readString(file);
        assertThat(text).contains("WARNING dev.tightrope.test: cache busy", "java.lang.IllegalStateException: locked",
                "INFO io.jhdf.test: opened an HDF5 file");
        assertThat(text).doesNotContain("not kept");
        assertThat(LogFiles.current()).isEqualTo(file);
    }

    @Test
    void aLogDirectoryThatCannotBeWrittenLeavesStderrOnly() throws IOException {
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where the directory should be");
        assertThat(LogFiles.install(blocked)).isNull();
        assertThat(LogFiles.current()).isNull();
        System.getLogger("dev.tightrope.test").log(System.Logger.Level.INFO, "still fine");
    }
}
