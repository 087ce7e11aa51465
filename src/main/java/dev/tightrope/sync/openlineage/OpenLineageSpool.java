package dev.tightrope.sync.openlineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Appends live events, unchanged, to one NDJSON file per day ({@code live-YYYY-MM-DD.ndjson}, UTC)
 * in a directory, then says so. An {@code openlineage} source on that directory then imports them
 * with the same code as any file, incrementally: only the appended lines are read and merged into
 * what earlier syncs learned. The events are also kept on disk, so nothing received is lost when
 * the console stops before syncing, and the lineage can be replayed.
 */
public final class OpenLineageSpool implements LiveEventHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Clock clock;
    private final Runnable afterAppend;

    /** Creates the directory now, so a source on it can be synced before the first event arrives. */
    public OpenLineageSpool(Path directory, Runnable afterAppend) throws IOException {
        this(directory, Clock.systemUTC(), afterAppend);
    }

    public OpenLineageSpool(Path directory, Clock clock, Runnable afterAppend) throws IOException {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.afterAppend = Objects.requireNonNull(afterAppend, "afterAppend");
        Files.createDirectories(directory);
    }

    /** Writes the events as whole lines in one append, then runs the after-append action (e.g. an incremental sync). */
    @Override
    public void onEvents(List<OpenLineageEvent> events) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (OpenLineageEvent event : events) {
            lines.write(JSON.writeValueAsBytes(event.raw()));
            lines.write('\n');
        }
        Path file = directory.resolve("live-" + LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)) + ".ndjson");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(lines.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
        afterAppend.run();
    }
}
