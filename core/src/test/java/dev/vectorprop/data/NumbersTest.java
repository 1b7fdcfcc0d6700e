package dev.vectorprop.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cells as floats: a number float cannot hold is named as such, not as "not a number". */
class NumbersTest {

    private static String overflow(String cell) {
        return assertThrows(IllegalArgumentException.class, () -> Numbers.parse(cell, "x.csv", 12, "x")).getMessage();
    }

    @Test
    void numbersBeyondFloatsRangeAndInfinitiesAreErrors() {
        assertEquals("x.csv, line 12, column 'x': 1e39 overflows float (largest ±3.4e38)", overflow(" 1e39 "));
        assertEquals("x.csv, line 12, column 'x': -1e400 overflows float (largest ±3.4e38)", overflow("-1e400"));
        assertEquals("x.csv, line 12, column 'x': Infinity is not finite", overflow("Infinity"));
        assertEquals("x.csv, line 12, column 'x': -Infinity is not finite", overflow("-Infinity"));
        assertEquals(Float.MAX_VALUE, Numbers.parse("3.4028235e38", "x.csv", 12, "x"));
        assertEquals(0f, Numbers.parse("1e-50", "x.csv", 12, "x"), "underflow is zero, not an error");
    }

    @Test
    void emptyTextAndNaNAreMissingAndSaySo() {
        for (String cell : new String[] {"", "  ", "abc", "NaN"}) {
            assertTrue(Float.isNaN(Numbers.parse(cell, "x.csv", 1, "x")), cell);
        }
        assertEquals("empty", Numbers.whyMissing(" "));
        assertEquals("'abc' is not a number", Numbers.whyMissing("abc"));
        assertEquals("NaN is not finite", Numbers.whyMissing("NaN"));
    }

    private static Table read(String text, MissingValues policy) throws IOException {
        return new TableReader().targets(List.of("y")).missing(policy).read(Csv.read("t.csv", new StringReader(text)));
    }

    @Test
    void theTableReaderNamesTheLineColumnAndReason() throws IOException {
        String features = "x,y\n1,2\n1e39,3\n";
        for (MissingValues policy : MissingValues.values()) {
            var e = assertThrows(IllegalArgumentException.class, () -> read(features, policy), policy.name());
            assertEquals("t.csv, line 3, column 'x': 1e39 overflows float (largest ±3.4e38)", e.getMessage());
        }
        var target = assertThrows(IllegalArgumentException.class, () -> read("x,y\n1,2\n2,-Infinity\n",
                MissingValues.DROP));
        assertEquals("t.csv, line 3, column 'y': -Infinity is not finite", target.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> read("x,y\n1,2\nNaN,3\n", MissingValues.ERROR));
        assertEquals("t.csv, line 3, column 'x': NaN is not finite (choose a missing-value policy: drop or mean)",
                nan.getMessage());
        assertEquals(1, read("x,y\n1,2\nNaN,3\n", MissingValues.DROP).dropped(), "NaN is a missing value");
    }
}
