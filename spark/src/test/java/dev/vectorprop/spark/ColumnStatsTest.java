package dev.vectorprop.spark;

import dev.vectorprop.data.Scaler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnStatsTest {
    @Test
    void statisticsMergedOverPartsDefineTheScalerOfTheWholeRows() {
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[300 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * (1 + i % 3) + 10 * (i % 3));
        }
        ColumnStats merged = ColumnStats.of(Arrays.copyOfRange(x, 0, 90 * 3), 3)
                .plus(ColumnStats.of(Arrays.copyOfRange(x, 90 * 3, 100 * 3), 3))
                .plus(ColumnStats.of(Arrays.copyOfRange(x, 100 * 3, 300 * 3), 3));
        for (Scaler.Kind kind : Scaler.Kind.values()) {
            Scaler expected = Scaler.fit(kind, x, 3);
            Scaler actual = merged.scaler(kind);
            for (int j = 0; j < 3; j++) {
                assertEquals(expected.shift()[j], actual.shift()[j], 1e-5 * Math.abs(expected.shift()[j]), kind + " shift");
                assertEquals(expected.factor()[j], actual.factor()[j], 1e-5 * expected.factor()[j], kind + " factor");
            }
        }
    }

    @Test
    void aColumnThatWouldOverflowTrainingIsRefusedAsByTheLocalFit() {
        float[] x = {1f, 2e30f, 3f, -2e30f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColumnStats.of(x, 2).scaler(Scaler.Kind.NONE));
        assertTrue(e.getMessage().startsWith("column 1 (from -2.00e+30 to 2.00e+30) reaches"), e.getMessage());
    }
}
