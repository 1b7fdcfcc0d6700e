package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Initializer;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.optim.Sgd;
import dev.vectorprop.train.Evaluation;
import dev.vectorprop.train.Trainer;

/** The course notes' worked examples, as runnable computations that return what the notes print. */
public final class WorkedExamples {
    private static final Kernels K = Kernels.scalar();

    static final float[][] X = {{0.77f, 0.02f}, {0.63f, 0.75f}, {0.50f, 0.22f}, {0.20f, 0.76f}, {0.17f, 0.09f},
            {0.69f, 0.95f}, {0.00f, 0.51f}, {0.81f, 0.61f}};
    static final float[][] D = {{0.44f, -0.42f}, {0.84f, 0.43f}, {0.09f, -0.72f}, {-0.25f, 0.35f},
            {-0.12f, -0.13f}, {0.24f, 0.03f}, {0.30f, 0.20f}, {0.61f, 0.04f}};

    private WorkedExamples() {
    }

    /** The 2 → 3 sigmoid → 2 linear network of the notes, with their initial weights. */
    public static Network twoLayerNetwork() {
        Network net = Network.builder(2).dense(3, Activation.SIGMOID).dense(2, Activation.IDENTITY).build();
        net.setDense(0, new float[][] {{-3.97f, 1.10f, 0.42f}, {2.79f, -2.64f, 3.13f}}, new float[3]);
        net.setDense(1, new float[][] {{3.58f, -1.58f}, {-3.58f, -1.75f}, {-3.38f, 2.88f}}, new float[2]);
        return net;
    }

    /** The full-batch gradient of ½·Σ‖d − y‖² at the initial weights, laid out like the parameters. */
    public static float[] twoLayerFirstGradients(Network net) {
        float[] gradients = new float[net.parameterCount()];
        // MSE averages over the 2 outputs; summed over the batch that is ½·Σ‖d − y‖².
        Trainer.builder(Loss.MSE, new Sgd(0.05f)).kernels(K).reduction(Reduction.SUM).build()
                .lossAndGradient(net, Dataset.of(X, D), gradients);
        return gradients;
    }

    /**
     * Trains the 2-3-2 network by full-batch gradient descent, α = 0.05, and returns the notes' mean
     * squared error: the mean over the patterns of ‖d − y‖².
     */
    public static double twoLayerMseAfter(Network net, int epochs) {
        Dataset data = Dataset.of(X, D);
        Trainer.builder(Loss.MSE, new Sgd(0.05f)).kernels(K).reduction(Reduction.SUM).batchSize(Trainer.FULL_BATCH)
                .epochs(epochs).shuffle(false).build().fit(net, data);
        // Loss.MSE averages over a pattern's outputs; the notes sum over them.
        return Evaluation.of(K, net, data, Loss.MSE, Reduction.MEAN).loss() * net.outputs();
    }

    /** Steepest descent on F(x) = Σ(t − Ux)² from x0 with α = 0.01; returns x after each of the steps. */
    public static float[][] linearSteepestDescent(float[] x0, int steps) {
        float[][] u = {{-1, 2}, {2, -1}, {0, -1}, {-1, 0}};
        float[][] t = {{-1}, {-1}, {1}, {1}};
        Dataset data = Dataset.of(u, t);
        // The neuron's bias never moves the weights: U's columns sum to zero (see the test).
        Network net = Network.builder(2).dense(1, Activation.IDENTITY, Initializer.ZERO).build();
        net.setDense(0, new float[][] {{x0[0]}, {x0[1]}}, new float[1]);
        Trainer oneStep = Trainer.builder(Loss.MSE, new Sgd(0.01f)).kernels(K).reduction(Reduction.SUM)
                .batchSize(Trainer.FULL_BATCH).epochs(1).shuffle(false).build();
        float[][] path = new float[steps][];
        for (int i = 0; i < steps; i++) {
            oneStep.fit(net, data);
            path[i] = new float[] {net.parameters()[0], net.parameters()[1]};
        }
        return path;
    }

    /** A 2 → 4 tanh → 1 sigmoid network trained on XOR; returns its mean squared error. */
    public static double xor(long seed) {
        float[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        float[][] t = {{0}, {1}, {1}, {0}};
        Dataset data = Dataset.of(x, t);
        Network net = Network.builder(2).dense(4, Activation.TANH).dense(1, Activation.SIGMOID).seed(seed).build();
        Trainer trainer = Trainer.builder(Loss.MSE, new Adam(0.05f)).kernels(K).batchSize(4).epochs(2000).build();
        trainer.fit(net, data);
        return trainer.evaluate(net, data).loss();
    }
}
