package dev.vectorprop.samples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small strict JSON reader over a stream of UTF-8 bytes, so that the server sample needs no library.
 * It reads token by token ({@link #peek}, {@link #number}, ...), which lets the server put numbers
 * straight into a float array, or a whole value into Map, List, Double, String, Boolean or null
 * ({@link #value}, {@link #parse}). Errors name the byte offset. Nesting is limited so hostile input
 * cannot exhaust the stack; a byte limit stops a stream that is too long.
 */
final class Json {
    private static final int MAX_DEPTH = 64;
    /** Powers of ten that a double holds exactly: a number of at most 15 digits times or over one is exact. */
    private static final double[] EXACT_POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** Thrown when the stream runs past the reader's byte limit. */
    static final class TooLong extends RuntimeException {
        TooLong(long limit) {
            super("longer than " + limit + " bytes");
        }
    }

    private final InputStream in;
    private final long maxBytes;
    private final byte[] buffer = new byte[16 << 10];
    private int at;
    private int end;
    /** Bytes of the stream before {@code buffer[0]}. */
    private long before;
    /** The number being read: its text (for the rare one that needs the JDK's parser), and its digits. */
    private final StringBuilder text = new StringBuilder();
    private long mantissa;
    private int significant;
    private int scale;

    /** A reader of the stream, which fails with {@link TooLong} past {@code maxBytes}. */
    Json(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Parses a whole document into Map, List, Double, String, Boolean or null. */
    static Object parse(String text) {
        Json json = new Json(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE);
        Object value = json.value();
        json.end();
        return value;
    }

    /** Reads one value, whatever it is. */
    Object value() {
        return value(0);
    }

    /** Fails unless only whitespace is left. */
    void end() {
        if (peek() != -1) {
            throw error("unexpected text after the JSON value");
        }
    }

    /** The next byte after whitespace, not consumed; -1 at the end. */
    int peek() {
        while (true) {
            if (at == end && !fill()) {
                return -1;
            }
            byte b = buffer[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b & 0xff;
            }
            at++;
        }
    }

    /** Consumes {@code c} if it comes next (after whitespace). */
    boolean consume(char c) {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    /** A number, as {@link Double#parseDouble} reads it, without making a String for the common ones. */
    double number() {
        peek();
        text.setLength(0);
        mantissa = 0;
        significant = 0;
        scale = 0;
        boolean negative = take('-');
        if (!take('0')) { // a leading zero stands alone
            if (!isDigit(next())) {
                throw error("expected a value");
            }
            digits(false);
        }
        if (take('.')) {
            if (!isDigit(next())) {
                throw error("expected a digit after '.'");
            }
            digits(true);
        }
        int exponent = 0;
        if (take('e') || take('E')) {
            boolean negativeExponent = !take('+') && take('-');
            if (!isDigit(next())) {
                throw error("expected a digit in the exponent");
            }
            while (isDigit(next())) {
                exponent = Math.min(exponent * 10 + take() - '0', 100_000);
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        int power = scale + exponent;
        if (significant <= 15 && Math.abs(power) < EXACT_POWERS.length) {
            // both exact in a double, so one multiplication or division rounds once: the correct result
            double value = power < 0 ? mantissa / EXACT_POWERS[-power] : mantissa * EXACT_POWERS[power];
            return negative ? -value : value;
        }
        return Double.parseDouble(text.toString());
    }

    /** Reads a run of digits into the mantissa; past 15 significant ones the number goes to the JDK's parser. */
    private void digits(boolean fraction) {
        while (isDigit(next())) {
            int d = take() - '0';
            if (significant < 16) {
                mantissa = mantissa * 10 + d;
                significant += mantissa == 0 ? 0 : 1;
                scale -= fraction ? 1 : 0;
            } else {
                significant++;
            }
        }
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    /** A string, after whitespace. */
    String string() {
        if (peek() != '"') {
            throw error("expected a string");
        }
        at++;
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        while (true) {
            int c = read();
            if (c == '"') {
                return out.append(utf8.toString(StandardCharsets.UTF_8)).toString();
            } else if (c == '\\') {
                out.append(utf8.toString(StandardCharsets.UTF_8));
                utf8.reset();
                out.append(escape());
            } else if (c == -1) {
                throw error("unterminated string");
            } else if (c < 0x20) {
                throw error("control character in a string");
            } else {
                utf8.write(c);
            }
        }
    }

    private char escape() {
        int e = read();
        return switch (e) {
            case '"', '\\', '/' -> (char) e;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(read(), 16);
                    if (digit < 0) {
                        throw error("a \\u escape needs 4 hex digits");
                    }
                    code = code * 16 + digit;
                }
                yield (char) code;
            }
            default -> throw error("unknown escape \\" + (e < 0 ? "at the end" : (char) e));
        };
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        return switch (peek()) {
            case -1 -> throw error("unexpected end of input");
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        expect('{');
        if (consume('}')) {
            return map;
        }
        do {
            String key = string();
            expect(':');
            map.put(key, value(depth + 1));
        } while (consume(','));
        expect('}');
        return map;
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<>();
        expect('[');
        if (consume(']')) {
            return list;
        }
        do {
            list.add(value(depth + 1));
        } while (consume(','));
        expect(']');
        return list;
    }

    private Object literal(String word, Object value) {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                throw error("expected a value");
            }
            at++;
        }
        return value;
    }

    /** The next byte, not consumed (whitespace included); -1 at the end. */
    private int next() {
        return at < end || fill() ? buffer[at] & 0xff : -1;
    }

    private int read() {
        int b = next();
        if (b != -1) {
            at++;
        }
        return b;
    }

    /** Consumes the next byte, part of a number. */
    private int take() {
        int b = read();
        text.append((char) b);
        return b;
    }

    private boolean take(char c) {
        if (next() == c) {
            take();
            return true;
        }
        return false;
    }

    private long offset() {
        return before + at;
    }

    /** Reads more of the stream into the buffer; false at its end. */
    private boolean fill() {
        before += end;
        at = 0;
        end = 0;
        try {
            int n = in.read(buffer);
            if (n <= 0) {
                return false;
            }
            if (before + n > maxBytes) {
                throw new TooLong(maxBytes);
            }
            end = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at offset " + offset() + ": " + what);
    }

    /** A float as JSON: shortest round-trip text; non-finite values have no JSON form. */
    static String number(float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no representation for " + value);
        }
        return Float.toString(value);
    }

    /** A string as JSON, escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
