package dev.tightrope.scan;

/** Member paths: container levels and archive entries joined with {@code /}. */
public final class MemberPaths {

    private MemberPaths() {
    }

    public static String join(String parent, String child) {
        if (parent == null || parent.isEmpty()) {
            return child == null ? "" : child;
        }
        if (child == null || child.isEmpty()) {
            return parent;
        }
        return parent + "/" + child;
    }
}
