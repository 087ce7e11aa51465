package dev.tightrope.sync;

import dev.tightrope.domain.SourceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reading a source's settings the same way in every connector: lists and counts, checked, with the rule in the error. */
public final class SettingValues {

    private SettingValues() {
    }

    /**
     * The comma-separated values of {@code key} (blank entries skipped), each of which must pass
     * {@code valid}; otherwise IllegalArgumentException naming the key, the {@code rule} and the value.
     */
    public static List<String> list(SourceConfig config, String key, Predicate<String> valid, String rule) {
        List<String> out = new ArrayList<>();
        String text = config.setting(key);
        if (text == null) {
            return out;
        }
        for (String part : text.split(",")) {
            String v = part.strip();
            if (v.isEmpty()) {
                continue;
            }
            if (!valid.test(v)) {
                throw new IllegalArgumentException(key + " must be " + rule + " separated by commas: '" + v + "'");
            }
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** The whole number {@code key} holds, from {@code min} to {@code max}, or {@code dflt} when unset. */
    public static int count(SourceConfig config, String key, int dflt, int min, int max) {
        String v = config.setting(key);
        if (v == null) {
            return dflt;
        }
        String s = v.strip();
        if (!s.matches("\\d{1,9}") || Long.parseLong(s) < min || Long.parseLong(s) > max) {
            throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ": '" + v + "'");
        }
        return Integer.parseInt(s);
    }
}
