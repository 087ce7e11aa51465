package dev.tightrope.scan.skills;

import java.util.Objects;

/**
 * A shell command a plugin's hooks run on an assistant event, without the user being asked.
 *
 * @param matcher which tools it applies to ({@code Bash}, {@code Edit|Write}); null for every one
 * @param line    where the command is written in {@code file}, 0 when unknown
 */
public record Hook(String event, String matcher, String command, String file, int line) {
    public Hook {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(file, "file");
    }

    public String location() {
        return line > 0 ? file + ":" + line : file;
    }
}
