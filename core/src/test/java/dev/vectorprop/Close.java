package dev.vectorprop;

import static org.junit.jupiter.api.Assertions.fail;

/** The one tolerance helper: |expected − actual| ≤ absolute + relative · |expected|. */
public final class Close {
    private Close() {
    }

    public static void assertClose(double expected, double actual, double absolute, double relative, String what) {
        if (!(Math.abs(expected - actual) <= absolute + relative * Math.abs(expected))) {
            fail(what + ": expected " + expected + " but got " + actual + " (tolerance " + absolute + " + "
                    + relative + "·|expected|)");
        }
    }

    public static void assertAllClose(double[] expected, float[] actual, int offset, double absolute, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[offset + i], absolute, 0, what + "[" + i + "]");
        }
    }
}
