package dev.vectorprop.samples;

import dev.vectorprop.nn.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The samples print what the notes print. */
class WorkedExamplesTest {

    @Test
    void twoLayerNetworkFirstEpochGradients() {
        Network net = WorkedExamples.twoLayerNetwork();
        float[] g = WorkedExamples.twoLayerFirstGradients(net);
        assertMatrix(new double[] {-6.21, 3.22, -8.79, 2.85, -17.06, 7.41}, g, net.dense(1).weightOffset(), "∇V J");
        assertMatrix(new double[] {-21.83, 8.83}, g, net.dense(1).biasOffset(), "∇c J");
        assertMatrix(new double[] {-8.43, 7.76, 7.78, -8.20, 4.52, 3.74}, g, net.dense(0).weightOffset(), "∇W J");
        assertMatrix(new double[] {-15.20, 13.04, 13.92}, g, net.dense(0).biasOffset(), "∇b J");
    }

    @Test
    void twoLayerNetworkWeightsAfterOneEpochOfGradientDescent() {
        Network net = WorkedExamples.twoLayerNetwork();
        WorkedExamples.twoLayerMseAfter(net, 1);
        float[] p = net.parameters();
        assertMatrix(new double[] {3.89, -1.74, -3.14, -1.89, -2.53, 2.51}, p, net.dense(1).weightOffset(), "V");
        assertMatrix(new double[] {1.09, -0.44}, p, net.dense(1).biasOffset(), "c");
        assertMatrix(new double[] {-3.55, 0.71, 0.03, 3.20, -2.87, 2.94}, p, net.dense(0).weightOffset(), "W");
        assertMatrix(new double[] {0.76, -0.65, -0.70}, p, net.dense(0).biasOffset(), "b");
    }

    /** The figures, to ±0.01 (the notes' own are rounded from rounded intermediates). */
    private static void assertMatrix(double[] expected, float[] actual, int offset, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[offset + i], 0.01, what + " element " + i);
        }
    }

    @Test
    void twoLayerNetworkAfterAThousandEpochs() {
        Network net = WorkedExamples.twoLayerNetwork();
        assertEquals(0.107, WorkedExamples.twoLayerMseAfter(net, 1000), 0.001, "m.s.e. after 1,000 epochs");
        // The notes' W, b, c after 1,000 epochs; their V's last row has a sign typo (3.59 for −3.57).
        float[] expected = {-2.04f, -0.52f, -1.88f, 3.55f, -2.6f, 2.43f, 0.22f, -0.93f, 0.15f,
                2.14f, -1.14f, -2.93f, -1.78f, -3.59f, 2.28f, 1.25f, -0.43f};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], net.parameters()[i], 0.03, "parameter " + i);
        }
    }

    @Test
    void linearExampleConvergesToTheLeastSquaresMinimum() {
        float[][] path = WorkedExamples.linearSteepestDescent(new float[] {3f, -4f}, 2000);
        double x1 = 3;
        double x2 = -4;
        for (int step = 0; step < 5; step++) {
            // x ← x − α(Ax + d), A = [[12, −8], [−8, 12]], d = (4, 4)
            double next1 = x1 - 0.01 * (12 * x1 - 8 * x2 + 4);
            double next2 = x2 - 0.01 * (-8 * x1 + 12 * x2 + 4);
            x1 = next1;
            x2 = next2;
            assertEquals(x1, path[step][0], 1e-5, "x1 after step " + (step + 1));
            assertEquals(x2, path[step][1], 1e-5, "x2 after step " + (step + 1));
        }
        assertEquals(-1, path[1999][0], 1e-4);
        assertEquals(-1, path[1999][1], 1e-4);
    }

    @Test
    void xorIsLearned() {
        assertTrue(WorkedExamples.xor(1) < 0.01);
    }

    @Test
    void commandsRun() {
        assertEquals(0, Cli.run("example", "linear"));
        assertEquals(0, Cli.run("example", "xor"));
        assertEquals(2, Cli.run("example", "no-such-example"));
    }
}
