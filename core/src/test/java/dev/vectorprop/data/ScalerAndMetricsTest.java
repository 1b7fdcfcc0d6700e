package dev.vectorprop.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalerAndMetricsTest {
    @Test
    void minMaxAndZScoreFitOnTrainingAndInvert() {
        float[] train = {1, 10, 3, 10, 5, 10};
        Scaler minMax = Scaler.fit(Scaler.Kind.MIN_MAX, train, 2);
        float[] x = {3, 10, 7, 10};
        minMax.transform(x);
        assertArrayEquals(new float[] {0.5f, 0f, 1.5f, 0f}, x, 1e-6f, "a constant column maps to 0, unseen values beyond 1");
        minMax.inverse(x);
        assertArrayEquals(new float[] {3, 10, 7, 10}, x, 1e-6f);

        Scaler z = Scaler.fit(Scaler.Kind.Z_SCORE, new float[] {2, 4, 4, 4, 5, 5, 7, 9}, 1);
        float[] y = {5, 7};
        z.transform(y);
        assertArrayEquals(new float[] {0f, 1f}, y, 1e-6f, "mean 5, standard deviation 2");
        z.inverse(y);
        assertArrayEquals(new float[] {5, 7}, y, 1e-6f);
    }

    @Test
    void regressionMetricsByHand() {
        float[] actual = {3, -0.5f, 2, 7};
        float[] predicted = {2.5f, 0, 2, 8};
        assertEquals(0.375, Metrics.mse(predicted, actual), 1e-9);
        assertEquals(0.5, Metrics.mae(predicted, actual), 1e-9);
        assertEquals(0.9486081370449679, Metrics.r2(predicted, actual), 1e-7);
    }

    @Test
    void confusionMatrixPrecisionAndRecall() {
        int[] actual = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 2, 2};
        Metrics.Confusion c = Metrics.Confusion.of(actual, predicted, new String[] {"a", "b", "c"});
        assertEquals(4.0 / 6, c.accuracy(), 1e-12);
        assertEquals(1.0, c.precision(0), 1e-12);
        assertEquals(2.0 / 3, c.recall(0), 1e-12);
        assertEquals(0.5, c.precision(1), 1e-12);
        assertEquals(0.5, c.recall(2 - 1), 1e-12);
        assertEquals(0.5, c.precision(2), 1e-12);
        assertTrue(c.toString().contains("0 a"), c.toString());
    }
}
