package dev.vectorprop.optim;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.vectorprop.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerTest {
    private static final Kernels K = Kernels.scalar();

    record Case(String name, Supplier<Optimizer> optimizer, int batch) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> optimizers() {
        return Stream.of(
                new Case("gradient descent (full batch)", () -> new Sgd(0.1f), Trainer.FULL_BATCH),
                new Case("SGD (batch 1)", () -> new Sgd(0.01f), 1),
                new Case("mini-batch SGD", () -> new Sgd(0.05f), 16),
                new Case("momentum", () -> Momentum.classic(0.02f, 0.9f), 16),
                new Case("Nesterov", () -> Momentum.nesterov(0.02f, 0.9f), 16),
                new Case("AdaGrad", () -> new AdaGrad(0.05f), 16),
                new Case("RMSProp", () -> new RmsProp(0.005f), 16),
                new Case("Adam", () -> new Adam(0.01f), 16),
                new Case("AdamW", () -> new AdamW(0.01f, 0.01f), 16));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void decreasesARegressionLoss(Case c) {
        Random random = new Random(1);
        float[][] x = new float[200][3];
        float[][] y = new float[200][1];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            y[i][0] = (float) Math.sin(x[i][0]) + 0.5f * x[i][1] * x[i][2];
        }
        Dataset data = Dataset.of(x, y);
        Network net = Network.builder(3).dense(16, Activation.TANH).dense(1, Activation.IDENTITY).seed(2).build();
        assertLearns(c, net, data, Loss.MSE);
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void decreasesAClassificationLoss(Case c) {
        Random random = new Random(3);
        float[][] x = new float[200][2];
        int[] labels = new int[200];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = (float) random.nextGaussian();
            x[i][1] = (float) random.nextGaussian();
            labels[i] = x[i][0] * x[i][0] + x[i][1] * x[i][1] < 1 ? 0 : x[i][0] > 0 ? 1 : 2;
        }
        Dataset data = Dataset.classification(x, labels, 3);
        Network net = Network.builder(2).dense(16, Activation.RELU).dense(3, Activation.SOFTMAX).seed(4).build();
        assertLearns(c, net, data, Loss.CROSS_ENTROPY);
    }

    private static void assertLearns(Case c, Network net, Dataset data, Loss loss) {
        Trainer trainer = Trainer.builder(loss, c.optimizer().get()).kernels(K).batchSize(c.batch()).epochs(30).build();
        double before = trainer.evaluate(net, data).loss();
        trainer.fit(net, data);
        double after = trainer.evaluate(net, data).loss();
        assertTrue(after < 0.7 * before, c + ": loss went from " + before + " to " + after);
    }

    /** Adam's first two steps on w = 1 with gradients 0.5 then −0.2, computed by hand. */
    @Test
    void adamFirstStepsMatchTheTextbook() {
        Adam adam = new Adam(0.1f, 0.9f, 0.999f, 1e-8f);
        float[] w = {1f};
        adam.step(K, w, new float[] {0.5f});
        // m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25; step = 0.1 · 0.5 / 0.5 = 0.1
        assertClose(0.9, w[0], 1e-6, 0, "w after step 1");
        adam.step(K, w, new float[] {-0.2f});
        double m = 0.9 * 0.05 + 0.1 * -0.2;
        double v = 0.999 * 0.00025 + 0.001 * 0.04;
        double mHat = m / (1 - 0.81);
        double vHat = v / (1 - 0.999 * 0.999);
        assertClose(0.9 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8), w[0], 1e-6, 0, "w after step 2");
    }

    /** AdamW's first two steps, on the same gradients, against w −= lr·(m̂/(√v̂ + ε) + wd·w) by hand. */
    @Test
    void adamWFirstStepsMatchTheFormula() {
        AdamW adamW = new AdamW(0.1f, 0.9f, 0.999f, 1e-8f, 0.5f);
        float[] w = {1f, -2f};
        adamW.step(K, w, new float[] {0.5f, 0.5f});
        // m̂ = 0.5, v̂ = 0.25 as above: w −= 0.1 · (1 + 0.5·w)
        assertClose(1 - 0.1 * (1 + 0.5 * 1), w[0], 1e-6, 0, "w after step 1");
        assertClose(-2 - 0.1 * (1 + 0.5 * -2), w[1], 1e-6, 0, "a negative w after step 1");
        double w1 = w[0];
        adamW.step(K, w, new float[] {-0.2f, -0.2f});
        double mHat = (0.9 * 0.05 + 0.1 * -0.2) / (1 - 0.81);
        double vHat = (0.999 * 0.00025 + 0.001 * 0.04) / (1 - 0.999 * 0.999);
        assertClose(w1 - 0.1 * (mHat / (Math.sqrt(vHat) + 1e-8) + 0.5 * w1), w[0], 1e-6, 0, "w after step 2");
    }

    @Test
    void adamWWithoutDecayIsAdam() {
        Adam adam = new Adam(0.1f);
        AdamW adamW = new AdamW(0.1f, 0f);
        float[] a = {1f, -3f};
        float[] b = a.clone();
        for (float g : new float[] {0.5f, -0.2f, 0.7f}) {
            adam.step(K, a, new float[] {g, -g});
            adamW.step(K, b, new float[] {g, -g});
        }
        assertArrayEquals(a, b);
    }

    @Test
    void nesterovLooksAhead() {
        // v' = μv − lr·g; w += −μv + (1 + μ)v'
        Optimizer nesterov = Momentum.nesterov(0.1f, 0.5f);
        float[] w = {0f};
        nesterov.step(K, w, new float[] {1f}); // v = −0.1; w = 1.5 · −0.1
        assertClose(-0.15, w[0], 1e-7, 0, "w after step 1");
        nesterov.step(K, w, new float[] {1f}); // v' = −0.15; w += 0.05 − 0.225
        assertClose(-0.325, w[0], 1e-7, 0, "w after step 2");
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0f));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1f, -0.01f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1f, 1f, 0.999f, 1e-8f));
        assertThrows(IllegalArgumentException.class, () -> Momentum.classic(0.1f, -0.5f));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.1f, 0.9f, 0f));
    }
}
