package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Predictor;
import dev.vectorprop.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Greedy layer-wise pretraining, the course notes' answer to the poor local optima of deep networks: each
 * hidden dense layer in turn, from the input up, is trained as the encoder of an autoencoder that reconstructs
 * the layer's own input, then fine-tuning trains the whole network as usual.
 *
 * <p>A layer's input is computed from the data by the layers below it, already pretrained, in inference mode:
 * dropout passes its input through, and batch norm normalizes with its running statistics (mean 0 and variance
 * 1 before any training, so it passes its input through too, apart from its activation). Batch norm and dropout
 * have nothing to pretrain; neither has the output layer, whose targets an autoencoder does not see.
 */
public final class Pretraining {
    private Pretraining() {
    }

    /**
     * Pretrains every dense layer but the last, in place. Layer k's autoencoder is input(k) → dense(k's width,
     * activation and initializer) → dense(input(k)'s width), trained with MSE for {@code epochs} epochs, a new
     * optimizer from {@code optimizer} and the trainer {@code settings} (batch size, kernels, threads, shards);
     * its initial weights and shuffling are seeded from {@code seed} and k, so a seed gives the same bits. The
     * decoder is a sigmoid when every value it reconstructs lies in [0, 1] (pixels, sigmoid units), else linear.
     * Its encoder's weights and biases then replace layer k's.
     *
     * @return each autoencoder's training history, from the lowest layer up
     */
    public static List<History> autoencoders(Network network, Dataset data, int epochs, long seed,
                                             Supplier<Optimizer> optimizer, UnaryOperator<Trainer.Builder> settings) {
        Shapes.check(network, data, "pretraining");
        List<History> histories = new ArrayList<>();
        for (int k = 0; k < network.layers().size() - 1; k++) {
            if (!(network.layers().get(k) instanceof Dense layer)) {
                continue;
            }
            long layerSeed = seed * 0x9E3779B97F4A7C15L + k;
            Trainer trainer = settings.apply(Trainer.builder(Loss.MSE, optimizer.get())).epochs(epochs)
                    .seed(layerSeed).build();
            float[] x = k == 0 ? data.inputs() : outputs(network.prefix(k), data, trainer);
            Network autoencoder = Network.builder(layer.inputs()).seed(layerSeed)
                    .dense(layer.outputs(), layer.activation(), layer.initializer())
                    .dense(layer.inputs(), inUnitInterval(x) ? Activation.SIGMOID : Activation.IDENTITY)
                    .build();
            histories.add(trainer.fit(autoencoder, Dataset.of(x, layer.inputs(), x, layer.inputs())));
            Dense encoder = autoencoder.dense(0);
            // W then b, laid out alike in both networks
            System.arraycopy(autoencoder.parameters(), encoder.weightOffset(), network.parameters(),
                    layer.weightOffset(), encoder.parameterCount());
        }
        return histories;
    }

    /** What {@code prefix} computes from every row of the data, in inference mode. */
    private static float[] outputs(Network prefix, Dataset data, Trainer trainer) {
        float[] out = new float[data.rows() * prefix.outputs()];
        Predictor.of(prefix, trainer.kernels()).predict(data.inputs(), data.rows(), out);
        return out;
    }

    private static boolean inUnitInterval(float[] values) {
        for (float v : values) {
            if (!(v >= 0f && v <= 1f)) {
                return false;
            }
        }
        return true;
    }
}
