package dev.vectorprop.data;

/**
 * A cell of text as a float, read the same way by every reader. An empty cell, text, or NaN itself
 * is a missing value, for a {@link MissingValues} policy to drop, impute or refuse; a number that float
 * cannot hold (beyond ±3.4e38, or infinite) is an error whatever the policy, because the value is there
 * and dropping or imputing it would quietly lose it.
 */
public final class Numbers {
    private Numbers() {
    }

    /**
     * The cell as a float, or NaN when it holds no number (empty, text, NaN).
     *
     * @throws IllegalArgumentException naming the source, line and column, when the cell is a number float cannot
     *                                  hold: {@code x.csv, line 12, column 'x': 1e39 overflows float (largest ±3.4e38)}
     */
    public static float parse(String cell, String source, int line, String column) {
        Float value = valueOf(cell);
        if (value == null) {
            return Float.NaN;
        }
        if (value.isInfinite()) {
            String s = cell.trim();
            throw new IllegalArgumentException(where(source, line, column) + ": " + s
                    + (s.endsWith("Infinity") ? " is not finite" : " overflows float (largest ±3.4e38)"));
        }
        return value;
    }

    /** Whether the cell is written as a number, NaN and numbers beyond float's range included. */
    public static boolean isNumber(String cell) {
        return valueOf(cell) != null;
    }

    /** Why {@link #parse} found no number, for a message: "empty", "'abc' is not a number" or "NaN is not finite". */
    public static String whyMissing(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return "empty";
        }
        return isNumber(s) ? s + " is not finite" : "'" + s + "' is not a number";
    }

    /** Where a cell is, for messages: {@code x.csv, line 12, column 'x'}. */
    public static String where(String source, int line, String column) {
        return source + ", line " + line + ", column '" + column + "'";
    }

    /** The cell's value (infinite beyond float's range), or null when it is empty or not a number. */
    private static Float valueOf(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
