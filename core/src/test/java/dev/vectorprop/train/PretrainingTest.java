package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Network;
import dev.vectorprop.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Greedy layer-wise pretraining: the autoencoders learn, their encoders land in the network, and a seed fixes the bits. */
class PretrainingTest {
    /** Rows of 12 values in [0, 1] that depend on 3 hidden factors: what an autoencoder of width 6 can compress. */
    private static Dataset data() {
        Random random = new Random(7);
        double[][] mix = new double[3][12];
        for (double[] row : mix) {
            Arrays.setAll(row, j -> random.nextGaussian());
        }
        float[] x = new float[400 * 12];
        float[] y = new float[400 * 2];
        for (int i = 0; i < 400; i++) {
            double[] factors = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            for (int j = 0; j < 12; j++) {
                double z = 0;
                for (int f = 0; f < 3; f++) {
                    z += factors[f] * mix[f][j];
                }
                x[i * 12 + j] = (float) (1 / (1 + Math.exp(-z)));
            }
            y[i * 2] = (float) factors[0];
            y[i * 2 + 1] = (float) factors[1];
        }
        return Dataset.of(x, 12, y, 2);
    }

    /** Sigmoid, dropout, a linear dense layer with batch norm, and a linear output. */
    private static Network network() {
        return Network.builder(12).dense(6, Activation.SIGMOID).dropout(0.2f).dense(4, Activation.IDENTITY)
                .batchNorm(Activation.SIGMOID).dense(2, Activation.IDENTITY).seed(1).build();
    }

    private static List<History> pretrain(Network network, long seed) {
        return Pretraining.autoencoders(network, data(), 30, seed, () -> new Adam(0.01f),
                b -> b.kernels(Kernels.scalar()).batchSize(16).shards(2));
    }

    private static float[] range(Network network, Layer layer) {
        return Arrays.copyOfRange(network.parameters(), layer.parameterOffset(),
                layer.parameterOffset() + layer.parameterCount());
    }

    @Test
    void eachHiddenDenseLayerLearnsToReconstructItsInput() {
        List<History> histories = pretrain(network(), 5);
        assertEquals(2, histories.size(), "the two hidden dense layers, not the output layer");
        for (History history : histories) {
            double first = history.epochs().getFirst().trainingLoss();
            double last = history.epochs().getLast().trainingLoss();
            assertTrue(last < 0.5 * first, "reconstruction loss " + first + " → " + last);
        }
    }

    @Test
    void pretrainingSetsTheHiddenDenseLayersOnlyAndIsReproducible() {
        Network random = network();
        Network pretrained = network();
        pretrain(pretrained, 5);
        List<Layer> layers = random.layers();
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            boolean hiddenDense = layer instanceof Dense && k < layers.size() - 1;
            assertEquals(hiddenDense, !Arrays.equals(range(random, layer), range(pretrained, layer)),
                    "layer " + k + " " + layer + (hiddenDense ? " is pretrained" : " is left as initialised"));
        }
        Network again = network();
        pretrain(again, 5);
        assertArrayEquals(pretrained.parameters(), again.parameters(), "the same seed gives the same bits");
        Network otherSeed = network();
        pretrain(otherSeed, 6);
        assertFalse(Arrays.equals(pretrained.parameters(), otherSeed.parameters()), "another seed, other weights");
    }
}
