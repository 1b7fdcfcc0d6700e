package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Initializer;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.nn.Workspace;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.optim.Sgd;
import org.junit.jupiter.api.Test;

import static dev.vectorprop.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The course notes' worked examples, reproduced to their printed digits. */
class SeedExamplesTest {
    private static final Kernels K = Kernels.scalar();

    static final float[][] X = {{0.77f, 0.02f}, {0.63f, 0.75f}, {0.50f, 0.22f}, {0.20f, 0.76f}, {0.17f, 0.09f},
            {0.69f, 0.95f}, {0.00f, 0.51f}, {0.81f, 0.61f}};
    static final float[][] D = {{0.44f, -0.42f}, {0.84f, 0.43f}, {0.09f, -0.72f}, {-0.25f, 0.35f},
            {-0.12f, -0.13f}, {0.24f, 0.03f}, {0.30f, 0.20f}, {0.61f, 0.04f}};

    /** The 2 → 3 sigmoid → 2 linear network with the notes' initial weights. */
    static Network twoLayerExample() {
        Network net = Network.builder(2).dense(3, Activation.SIGMOID).dense(2, Activation.IDENTITY).build();
        net.setDense(0, new float[][] {{-3.97f, 1.10f, 0.42f}, {2.79f, -2.64f, 3.13f}}, new float[3]);
        net.setDense(1, new float[][] {{3.58f, -1.58f}, {-3.58f, -1.75f}, {-3.38f, 2.88f}}, new float[2]);
        return net;
    }

    @Test
    void twoLayerNetworkFirstEpochGradientsAndWeights() {
        Network net = twoLayerExample();
        Workspace w = net.newWorkspace(8);
        Dataset data = Dataset.of(X, D);
        data.gather(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0, 8, w.input(), w.target());
        w.forward(K, 8, true);
        // MSE averages over the 2 outputs; summed over the batch it is the notes' ½·Σ‖d − y‖².
        w.backward(K, Loss.MSE, Reduction.SUM, 8);
        float[] g = w.gradients();
        Dense hidden = net.dense(0);
        Dense output = net.dense(1);
        assertMatrix(new double[] {-6.21, 3.22, -8.79, 2.85, -17.06, 7.41}, g, output.weightOffset(), "∇V J");
        assertMatrix(new double[] {-21.83, 8.83}, g, output.biasOffset(), "∇c J");
        assertMatrix(new double[] {-8.43, 7.76, 7.78, -8.20, 4.52, 3.74}, g, hidden.weightOffset(), "∇W J");
        assertMatrix(new double[] {-15.20, 13.04, 13.92}, g, hidden.biasOffset(), "∇b J");

    }

    @Test
    void twoLayerNetworkWeightsAfterOneEpochOfGradientDescent() {
        Network net = twoLayerExample();
        fullBatchDescent(1).fit(net, Dataset.of(X, D));
        float[] p = net.parameters();
        assertMatrix(new double[] {3.89, -1.74, -3.14, -1.89, -2.53, 2.51}, p, net.dense(1).weightOffset(), "V");
        assertMatrix(new double[] {1.09, -0.44}, p, net.dense(1).biasOffset(), "c");
        assertMatrix(new double[] {-3.55, 0.71, 0.03, 3.20, -2.87, 2.94}, p, net.dense(0).weightOffset(), "W");
        assertMatrix(new double[] {0.76, -0.65, -0.70}, p, net.dense(0).biasOffset(), "b");
    }

    @Test
    void twoLayerNetworkLearnsOverAThousandEpochs() {
        Network net = twoLayerExample();
        Dataset data = Dataset.of(X, D);
        double before = Evaluation.of(K, net, data, Loss.MSE, Reduction.MEAN).loss();
        History history = fullBatchDescent(1000).fit(net, data);
        double after = Evaluation.of(K, net, data, Loss.MSE, Reduction.MEAN).loss();
        assertTrue(after < before / 10, "mean squared error fell from " + before + " to only " + after);
        assertTrue(history.last().trainingLoss() < history.epochs().getFirst().trainingLoss());
    }

    private static Trainer fullBatchDescent(int epochs) {
        return Trainer.builder(Loss.MSE, new Sgd(0.05f)).kernels(K).reduction(Reduction.SUM)
                .batchSize(Trainer.FULL_BATCH).epochs(epochs).shuffle(false).build();
    }

    /**
     * One linear neuron without bias, F(x) = Σ(t − Ux)², by steepest descent with α = 0.01: each step is
     * x ← x − α(Ax + d) with A = [[12, −8], [−8, 12]], d = (4, 4), converging to x* = (−1, −1).
     */
    @Test
    void linearSteepestDescent() {
        float[][] u = {{-1, 2}, {2, -1}, {0, -1}, {-1, 0}};
        float[][] t = {{-1}, {-1}, {1}, {1}};
        Dataset data = Dataset.of(u, t);
        Network net = Network.builder(2).dense(1, Activation.IDENTITY, Initializer.ZERO).build();
        net.setDense(0, new float[][] {{0.5f}, {2f}}, new float[1]);
        // MSE over one output, summed, is F; its gradient 2Uᵀ(Ux + b − t) = Ax + d + 2b·Uᵀ1, and the
        // columns of U sum to zero, so the bias our dense layer carries never enters the weights' steps.
        Trainer trainer = Trainer.builder(Loss.MSE, new Sgd(0.01f)).kernels(K).reduction(Reduction.SUM)
                .batchSize(Trainer.FULL_BATCH).epochs(1).shuffle(false).build();
        double x1 = 0.5, x2 = 2;
        for (int step = 0; step < 3; step++) {
            trainer.fit(net, data);
            double g1 = 12 * x1 - 8 * x2 + 4;
            double g2 = -8 * x1 + 12 * x2 + 4;
            x1 -= 0.01 * g1;
            x2 -= 0.01 * g2;
            float[] p = net.parameters();
            assertClose(x1, p[0], 1e-5, 1e-5, "x1 after step " + (step + 1));
            assertClose(x2, p[1], 1e-5, 1e-5, "x2 after step " + (step + 1));
        }
        trainer = Trainer.builder(Loss.MSE, new Sgd(0.01f)).kernels(K).reduction(Reduction.SUM)
                .batchSize(Trainer.FULL_BATCH).epochs(2000).shuffle(false).build();
        trainer.fit(net, data);
        float[] p = net.parameters();
        assertClose(-1, p[0], 1e-4, 0, "x1*");
        assertClose(-1, p[1], 1e-4, 0, "x2*");
        assertClose(0, p[2], 1e-4, 0, "bias at the minimum");
    }

    @Test
    void xorIsLearned() {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] t = {{0}, {1}, {1}, {0}};
        Dataset data = Dataset.of(x, t);
        Network net = Network.builder(2).dense(4, Activation.TANH).dense(1, Activation.SIGMOID).seed(1).build();
        Trainer trainer = Trainer.builder(Loss.MSE, new Adam(0.05f)).kernels(K).batchSize(4).epochs(2000).build();
        trainer.fit(net, data);
        double mse = trainer.evaluate(net, data).loss();
        assertTrue(mse < 0.01, "XOR mean squared error " + mse);
    }

    private static void assertMatrix(double[] expected, float[] actual, int offset, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[offset + i], 0.01, 0, what + " element " + i);
        }
    }
}
