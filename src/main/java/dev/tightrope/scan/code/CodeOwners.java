package dev.tightrope.scan.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a repository's CODEOWNERS file names for the whole repository: the owners of the last rule
 * whose pattern is everything ({@code *}, {@code /*}, {@code **}, {@code /**}, {@code /}), as
 * GitHub and GitLab read it (last match wins). The file is looked for where GitHub looks
 * ({@code .github/}, the root, {@code docs/}) and GitLab ({@code .gitlab/}); the first found is
 * read. Owners are {@code @user}, {@code @org/team} or e-mail addresses; GitLab section headers
 * are skipped. A symbolic link, a file over 3 MB (GitHub's limit) or one that does not read is
 * none.
 */
public final class CodeOwners {

    /** The owners the file gives the whole repository, and the file and line of that rule. */
    public record Defaults(List<String> owners, Path file, int line) {
        public Defaults {
            owners = List.copyOf(owners);
        }

        public String location() {
            return file + ":" + line;
        }
    }

    static final List<String> PLACES = List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS");
    private static final Set<String> EVERYTHING = Set.of("*", "/*", "**", "/**", "/");
    private static final long MAX_BYTES = 3L << 20;

    private CodeOwners() {
    }

    /** The defaults of the CODEOWNERS file of {@code root}; none when it has no such file or no rule for everything. */
    public static Optional<Defaults> defaults(Path root) {
        for (String place : PLACES) {
            Path file = root.resolve(place);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    if (Files.size(file) > MAX_BYTES) {
                        return Optional.empty();
                    }
                    return parse(file, Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException | java.io.UncheckedIOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Defaults> parse(Path file, String text) {
        Defaults found = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("[") || line.startsWith("^[")) {
                continue;
            }
            int comment = line.indexOf(" #");
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            String[] parts = line.split("\\s+");
            if (!EVERYTHING.contains(parts[0])) {
                continue;
            }
            List<String> owners = new ArrayList<>();
            for (int p = 1; p < parts.length; p++) {
                if (parts[p].startsWith("@") && parts[p].length() > 1 || parts[p].indexOf('@') > 0) {
                    owners.add(parts[p]);
                }
            }
            // a later rule for everything with no owners leaves the repository without any
            found = new Defaults(owners, file, i + 1);
        }
        return found == null || found.owners().isEmpty() ? Optional.empty() : Optional.of(found);
    }
}
