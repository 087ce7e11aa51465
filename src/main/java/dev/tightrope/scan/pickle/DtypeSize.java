package dev.tightrope.scan.pickle;

/** Item size of a NumPy type string ({@code <f8}, {@code u1}, {@code U10}, {@code M8[ns]}), as NumPy defines it. */
public final class DtypeSize {

    private DtypeSize() {
    }

    /** Bytes per item, or -1 when the string is not a simple type (object, structured, unknown). */
    public static long of(String typestr) {
        if (typestr == null) {
            return -1;
        }
        String s = typestr.trim();
        if (!s.isEmpty() && (s.charAt(0) == '<' || s.charAt(0) == '>' || s.charAt(0) == '|' || s.charAt(0) == '=')) {
            s = s.substring(1);
        }
        int bracket = s.indexOf('[');
        if (bracket >= 0) {
            if (!s.endsWith("]")) {
                return -1;
            }
            s = s.substring(0, bracket);
        }
        if (s.isEmpty()) {
            return -1;
        }
        char kind = s.charAt(0);
        String digits = s.substring(1);
        long n;
        if (digits.isEmpty()) {
            n = switch (kind) {
                case '?', 'b', 'B' -> 1;
                case 'h', 'H', 'e' -> 2;
                case 'i', 'I', 'f' -> 4;
                case 'l', 'L', 'q', 'Q', 'd', 'g' -> 8;
                default -> -1;
            };
            return n;
        }
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 12) {
            return -1;
        }
        n = Long.parseLong(digits);
        return switch (kind) {
            case 'b', 'i', 'u', 'f', 'c', 'M', 'm', 'S', 'a', 'V' -> n;
            case 'U' -> n * 4;
            default -> -1;
        };
    }
}
