package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static dev.vectorprop.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Row and class weights in the loss and its gradient; gradient clipping by norm and by value. */
class WeightsAndClippingTest {
    private static final Kernels K = Kernels.scalar();

    private static Dataset data(int rows) {
        Random random = new Random(5);
        float[] x = new float[rows * 4];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) random.nextGaussian();
            }
            labels[i] = x[i * 4] > 0.8 ? 2 : x[i * 4 + 1] > 0 ? 1 : 0;
        }
        return Dataset.classification(x, 4, labels, 3);
    }

    private static Network network() {
        return Network.builder(4).dense(6, Activation.TANH).dense(3, Activation.SOFTMAX).seed(2).build();
    }

    private static Trainer.Builder trainer(Reduction reduction) {
        return Trainer.builder(Loss.CROSS_ENTROPY, new Sgd(0.1f)).kernels(K).reduction(reduction).batchSize(8)
                .epochs(2).seed(3).shards(2);
    }

    @Test
    void aWeightOfTwoIsTheRowTwice() {
        Dataset data = data(20);
        float[] w = new float[20];
        Arrays.fill(w, 1f);
        w[3] = 2f;
        int[] twice = new int[21];
        Arrays.setAll(twice, i -> i < 20 ? i : 3);
        Network net = network();
        Trainer trainer = trainer(Reduction.SUM).build();
        float[] weighted = new float[net.parameterCount()];
        float[] repeated = new float[net.parameterCount()];
        double a = trainer.lossAndGradient(net, data.withWeights(w), weighted);
        double b = trainer.lossAndGradient(net, data.select(twice), repeated);
        assertClose(b, a, 1e-9, 1e-6, "the loss");
        for (int i = 0; i < weighted.length; i++) {
            assertClose(repeated[i], weighted[i], 1e-6, 1e-5, "∂L/∂p[" + i + "]");
        }
        assertClose(b, trainer.evaluate(net, data.withWeights(w)).loss(), 1e-9, 1e-6, "the evaluated loss");
    }

    @Test
    void theWeightedMeanDividesByTheRows() {
        Dataset data = data(20);
        float[] w = new float[20];
        Arrays.fill(w, 3f);
        Network net = network();
        Trainer trainer = trainer(Reduction.MEAN).build();
        double plain = trainer.evaluate(net, data).loss();
        assertClose(3 * plain, trainer.evaluate(net, data.withWeights(w)).loss(), 1e-9, 1e-6, "Σ 3·Lᵢ / rows");
    }

    @Test
    void weightsChangeTrainingAndAllOnesDoNot() {
        Dataset data = data(40);
        float[] ones = new float[40];
        Arrays.fill(ones, 1f);
        Network plain = network();
        trainer(Reduction.MEAN).build().fit(plain, data);
        Network unit = network();
        trainer(Reduction.MEAN).build().fit(unit, data.withWeights(ones));
        assertArrayEquals(plain.parameters(), unit.parameters(), "weights of 1 give the unweighted bits");
        Network balanced = network();
        trainer(Reduction.MEAN).build().fit(balanced, data.withClassWeights(data.balancedClassWeights()));
        assertFalse(Arrays.equals(plain.parameters(), balanced.parameters()), "class weights change training");
    }

    @Test
    void balancedClassWeightsFollowScikitLearn() {
        Dataset data = Dataset.classification(new float[] {0, 1, 2, 3, 4, 5}, 1, new int[] {0, 0, 0, 0, 1, 2}, 4);
        // 6 rows / (4 classes · count): class 3 has no rows
        assertArrayEquals(new float[] {6f / 16, 6f / 4, 6f / 4, 0f}, data.balancedClassWeights());
        Dataset weighted = data.withClassWeights(data.balancedClassWeights());
        assertEquals(6f / 4, weighted.weights()[5]);
        assertEquals(6f / 16, weighted.select(new int[] {2}).weights()[0], "weights follow selected rows");
    }

    /** One full-batch SGD step with learning rate 1: the parameters move by exactly the clipped gradient. */
    private static float[] clippedStep(Trainer.Builder builder, Network net, Dataset data) {
        float[] before = net.parameters().clone();
        builder.batchSize(Trainer.FULL_BATCH).epochs(1).shuffle(false).build().fit(net, data);
        float[] step = new float[before.length];
        for (int i = 0; i < step.length; i++) {
            step[i] = before[i] - net.parameters()[i];
        }
        return step;
    }

    private static Trainer.Builder sgd() {
        return Trainer.builder(Loss.CROSS_ENTROPY, new Sgd(1f)).kernels(K).reduction(Reduction.SUM).shards(3).threads(2);
    }

    @Test
    void clipNormScalesTheGradientToExactlyN() {
        Dataset data = data(30);
        float[] g = new float[network().parameterCount()];
        sgd().build().lossAndGradient(network(), data, g);
        double norm = Math.sqrt(K.dot(g.length, g, 0, g, 0));
        assertTrue(norm > 0.5, "the test needs a gradient longer than the clip norm, got " + norm);
        float[] step = clippedStep(sgd().clipNorm(0.5f), network(), data);
        assertClose(0.5, Math.sqrt(K.dot(step.length, step, 0, step, 0)), 1e-6, 1e-5, "‖clipped g‖");
        for (int i = 0; i < g.length; i++) {
            assertClose(g[i] * 0.5 / norm, step[i], 1e-6, 1e-4, "g[" + i + "] keeps its direction");
        }
    }

    @Test
    void clippingAboveTheGradientChangesNoBits() {
        Dataset data = data(30);
        Trainer.Builder loose = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(8).epochs(2)
                .seed(1).shards(2).clipNorm(1e30f).clipValue(1e30f);
        Network a = network();
        loose.build().fit(a, data);
        Network b = network();
        Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(8).epochs(2).seed(1).shards(2)
                .build().fit(b, data);
        assertArrayEquals(b.parameters(), a.parameters());
    }

    @Test
    void clipValueClampsEachElement() {
        Dataset data = data(30);
        float[] g = new float[network().parameterCount()];
        sgd().build().lossAndGradient(network(), data, g);
        float[] step = clippedStep(sgd().clipValue(0.05f), network(), data);
        boolean clamped = false;
        for (int i = 0; i < g.length; i++) {
            float expected = Math.max(-0.05f, Math.min(0.05f, g[i]));
            assertClose(expected, step[i], 1e-6, 1e-5, "g[" + i + "]");
            clamped |= Math.abs(g[i]) > 0.05f;
        }
        assertTrue(clamped, "the test needs an element beyond the clip value");
    }
}
