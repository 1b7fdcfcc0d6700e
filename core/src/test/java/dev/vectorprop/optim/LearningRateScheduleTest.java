package dev.vectorprop.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each schedule's factors, worked out by hand. */
class LearningRateScheduleTest {

    private static double[] factors(LearningRateSchedule schedule, int epochs) {
        double[] out = new double[epochs];
        for (int e = 1; e <= epochs; e++) {
            out[e - 1] = schedule.factor(e);
        }
        return out;
    }

    @Test
    void stepExponentialAndCosineFollowTheirFormulas() {
        assertArrayEquals(new double[] {1, 1, 1, 1, 1}, factors(LearningRateSchedule.constant(), 5));
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.25}, factors(LearningRateSchedule.step(2, 0.5), 5));
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0.125}, factors(LearningRateSchedule.exponential(0.5), 4));
        // 4 epochs to a floor of 0.2: 0.2 + 0.8·(1 + cos(π·k/4))/2 for k = 0..3, then the floor
        double h = Math.sqrt(0.5) / 2;
        assertArrayEquals(new double[] {1, 0.2 + 0.8 * (0.5 + h), 0.6, 0.2 + 0.8 * (0.5 - h), 0.2, 0.2},
                factors(LearningRateSchedule.cosine(4, 0.2), 6), 1e-12);
    }

    @Test
    void plateauCutsTheRateAfterPatienceEpochsWithoutImprovement() {
        LearningRateSchedule plateau = LearningRateSchedule.plateau(2, 0.1);
        double[] losses = {1.0, 0.8, 0.9, 0.8, 0.7, 0.75, 0.75, 0.75, 0.75};
        double[] expected = {1, 1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01};
        for (int e = 1; e <= losses.length; e++) {
            assertEquals(expected[e - 1], plateau.factor(e), 1e-15, "epoch " + e);
            plateau.epochEnded(losses[e - 1]);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(1.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(10, -0.1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.plateau(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1f).learningRate(-1f));
    }
}
