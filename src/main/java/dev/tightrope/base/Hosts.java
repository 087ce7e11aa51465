package dev.tightrope.base;

import java.util.Locale;

/** Host names as Tightrope judges them: the one rule for "plain HTTP only to this machine". */
public final class Hosts {
    private Hosts() {
    }

    /** {@code localhost}, any 127.x address, or {@code ::1} (with or without brackets). */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }
}
