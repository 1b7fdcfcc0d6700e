package dev.vectorprop.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values whose magnitude float cannot train on are refused by name; metrics of huge values stay exact. */
class ScalerRangeTest {
    private static final String[] NAMES = {"x", "y"};

    @Test
    void aColumnTooLargeToTrainOnUnscaledIsNamedWithTheFix() {
        float[] data = {1, 1e30f, 2, 2e30f, 3, 3e30f};
        var e = assertThrows(IllegalArgumentException.class, () -> Scaler.fit(Scaler.Kind.NONE, data, 2, NAMES));
        assertEquals("column 'y' (from 1.00e+30 to 3.00e+30) reaches 3.00e+30 unscaled, beyond ±9.2e+18, where the "
                + "squares the loss and the optimizer take overflow float: scale it (z-score or min-max) or divide it "
                + "by a power of ten", e.getMessage());

        // scaled, the same values are fine: the z-scores are small
        Scaler z = Scaler.fit(Scaler.Kind.Z_SCORE, data, 2, NAMES);
        float[] scaled = data.clone();
        z.transform(scaled);
        assertEquals(1.2247f, scaled[5], 1e-4f);
        assertEquals(1f, Scaler.fit(Scaler.Kind.NONE, new float[] {1, Scaler.LARGEST}, 1).factor()[0]);
    }

    @Test
    void aColumnTooWideForFloatOnceShiftedIsRefused() {
        float[] data = {-3e38f, 0, 3e38f};
        var e = assertThrows(IllegalArgumentException.class, () -> Scaler.fit(Scaler.Kind.MIN_MAX, data, 1));
        assertTrue(e.getMessage().startsWith("column 0 (from -3.00e+38 to 3.00e+38) reaches Infinity after min-max "
                + "scaling"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": divide it by a power of ten"), e.getMessage());
    }

    @Test
    void metricsOfValuesNearFloatsLargestDoNotOverflow() {
        float[] predicted = {3e38f, -3e38f};
        float[] actual = {-3e38f, 3e38f};
        assertEquals(3.6e77, Metrics.mse(predicted, actual), 1e72);
        assertEquals(6e38, Metrics.mae(predicted, actual), 1e33);
        assertEquals(-3, Metrics.r2(predicted, actual), 1e-6);
    }
}
