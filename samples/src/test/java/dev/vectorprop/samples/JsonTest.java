package dev.vectorprop.samples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming JSON reader: numbers as the JDK reads them, strings, errors, the byte limit. */
class JsonTest {
    @Test
    void numbersAreReadExactlyAsTheJdkReadsThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double value = random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-45, 45));
            String text = switch (i % 6) {
                case 0 -> Double.toString(value);
                case 1 -> Float.toString((float) Math.clamp(value, -Float.MAX_VALUE, Float.MAX_VALUE));
                case 2 -> String.format(Locale.ROOT, "%.6f", value);
                case 3 -> String.format(Locale.ROOT, "%.3e", value);
                case 4 -> Long.toString(random.nextLong());
                default -> String.format(Locale.ROOT, "%.20f", value); // many digits: the JDK's own parser
            };
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)),
                    Double.doubleToRawLongBits((Double) Json.parse(text)), text);
        }
        for (String text : List.of("0", "-0", "0.0", "-0.0", "1e22", "1e23", "123456789012345e-22", "1E+2", "1e400",
                "-1e-400", "3.4028235e38", "3.4028236e38", "0.000000000000000000000000000001")) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)),
                    Double.doubleToRawLongBits((Double) Json.parse(text)), text);
        }
    }

    @Test
    void documentsAndStrings() {
        Object document = Json.parse(" {\"a\": [1, true, null, \"é\\u00e9\\ud83d\\ude00\\n\"], \"b\": {}} ");
        assertEquals(Map.of("a", java.util.Arrays.asList(1.0, true, null, "éé😀\n"), "b", Map.of()), document);
    }

    @Test
    void malformedTextIsRefusedWithItsOffset() {
        for (String text : List.of("", "01", "1.", "-", "1e", "+1", ".5", "NaN", "[1,]", "[1 2]", "{\"a\" 1}",
                "\"\\x\"", "\"open", "tru", "[1] x", "{1: 2}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
            assertTrue(e.getMessage().startsWith("malformed JSON at offset "), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100)))
                .getMessage().contains("nesting deeper than 64"));
    }

    @Test
    void aStreamPastTheLimitIsStopped() {
        byte[] text = ("[" + "1,".repeat(100_000) + "1]").getBytes(StandardCharsets.US_ASCII);
        Json json = new Json(new ByteArrayInputStream(text), 50_000);
        assertThrows(Json.TooLong.class, json::value);
        assertEquals(100_001, ((List<?>) new Json(new ByteArrayInputStream(text), text.length).value()).size());
    }
}
