package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Initializer;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.ConjugateGradient;
import dev.vectorprop.optim.FullBatchOptimizer;
import dev.vectorprop.optim.Lbfgs;
import java.util.List;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** L-BFGS and conjugate gradient through the trainer: the notes' quadratic, and a small classifier. */
class FullBatchTest {
    private static final Kernels K = Kernels.scalar();

    /**
     * The notes' performance surface F(x) = Σ(t − Ux)² = 4 + dᵀx + ½xᵀAx, A = [[12, −8], [−8, 12]], d = (4, 4),
     * as the loss of a linear neuron with weights x: summed MSE is Σ(t − Ux)². Its minimum is x* = (−1, −1).
     * The bias stays 0: U's columns sum to zero, so its gradient does too.
     */
    private static float[] quadratic(FullBatchOptimizer method, int iterations, float[] x0) {
        Dataset data = Dataset.of(new float[][] {{-1, 2}, {2, -1}, {0, -1}, {-1, 0}},
                new float[][] {{-1}, {-1}, {1}, {1}});
        Network net = Network.builder(2).dense(1, Activation.IDENTITY, Initializer.ZERO).build();
        net.setDense(0, new float[][] {{x0[0]}, {x0[1]}}, new float[1]);
        Trainer.builder(Loss.MSE, method).kernels(K).reduction(Reduction.SUM).epochs(iterations).build().fit(net, data);
        return new float[] {net.parameters()[0], net.parameters()[1]};
    }

    @Test
    void conjugateGradientReachesTheQuadraticsMinimumInTwoIterations() {
        for (ConjugateGradient.Formula formula : ConjugateGradient.Formula.values()) {
            for (float[] x0 : new float[][] {{0.8f, -0.25f}, {3, -4}, {-2, 1.5f}}) {
                float[] x = quadratic(new ConjugateGradient(formula, 0), 2, x0);
                assertArrayEquals(new float[] {-1, -1}, x, 1e-5f, formula + " from " + x0[0] + ", " + x0[1]);
            }
        }
    }

    @Test
    void lbfgsConvergesOnTheQuadratic() {
        assertArrayEquals(new float[] {-1, -1}, quadratic(new Lbfgs(10, 1e-6), 20, new float[] {3, -4}), 1e-5f);
    }

    private static Dataset classes(int rows, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[rows][4];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            labels[i] = (x[i][0] * x[i][1] > 0 ? 1 : 0) + (x[i][2] + x[i][3] > 0 ? 2 : 0);
        }
        return Dataset.classification(x, labels, 4);
    }

    private static Network classifier() {
        return Network.builder(4).dense(16, Activation.TANH).dense(4, Activation.SOFTMAX).seed(1).build();
    }

    private static History fitClassifier(FullBatchOptimizer method, Network net, ForkJoinPool pool) {
        Trainer.Builder b = Trainer.builder(Loss.CROSS_ENTROPY, method).kernels(K).epochs(300).l2(1e-3f).shards(3);
        return (pool != null ? b.pool(pool) : b).build().fit(net, classes(600, 2));
    }

    @Test
    void eachMethodTrainsAClassifierToHighAccuracy() {
        for (FullBatchOptimizer method : new FullBatchOptimizer[] {new Lbfgs(10, 1e-5),
                new ConjugateGradient(ConjugateGradient.Formula.POLAK_RIBIERE, 1e-5),
                new ConjugateGradient(ConjugateGradient.Formula.FLETCHER_REEVES, 1e-5)}) {
            Network net = classifier();
            History history = fitClassifier(method, net, null);
            double first = history.epochs().getFirst().trainingLoss();
            for (EpochResult epoch : history.epochs()) {
                assertTrue(epoch.trainingLoss() <= first, method + ": the loss never rises above the first");
            }
            Trainer judge = Trainer.builder(Loss.CROSS_ENTROPY, method).kernels(K).build();
            assertTrue(judge.evaluate(net, classes(600, 2)).accuracy() > 0.97, method + " on the training set");
            assertTrue(judge.evaluate(net, classes(1000, 3)).accuracy() > 0.9, method + " on new data");
        }
    }

    @Test
    void sameSeedGivesTheSameBitsWithAnyPool() {
        Network one = classifier();
        fitClassifier(new Lbfgs(5, 0), one, null);
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Network two = classifier();
            fitClassifier(new Lbfgs(5, 0), two, pool);
            assertArrayEquals(one.parameters(), two.parameters());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void stopsWhenTheGradientVanishesAndRefusesToResume() {
        Dataset data = classes(100, 4);
        Trainer trainer = Trainer.builder(Loss.CROSS_ENTROPY, new Lbfgs(10, 1e-2)).kernels(K).epochs(500).build();
        History history = trainer.fit(classifier(), data);
        assertEquals(History.StopReason.CONVERGED, history.stopReason());
        assertTrue(history.epochs().size() < 500);
        assertThrows(IllegalStateException.class, () -> trainer.restore(trainer.progress()));
    }

    @Test
    void refusesEarlyStoppingAndClippingItCannotApply() {
        Dataset data = classes(100, 4);
        for (Trainer.Builder builder : List.of(
                Trainer.builder(Loss.CROSS_ENTROPY, new Lbfgs(10, 1e-5)).earlyStopping(
                        new EarlyStopping(2, EarlyStopping.Monitor.LOSS, 0)),
                Trainer.builder(Loss.CROSS_ENTROPY, new Lbfgs(10, 1e-5)).clipNorm(1))) {
            var e = assertThrows(IllegalArgumentException.class, () -> builder.kernels(K).epochs(2).build()
                    .fit(classifier(), data, data));
            assertTrue(e.getMessage().contains("early stopping and gradient clipping are for mini-batch"), e.getMessage());
        }
    }
}
