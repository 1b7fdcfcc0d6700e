package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.internal.NetworkAccess;
import dev.vectorprop.internal.Outputs;
import dev.vectorprop.internal.Shard;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;

/**
 * The loss and (for classification) accuracy of a network on a data set, in inference mode.
 *
 * @param loss     per sample for {@link Reduction#MEAN}, the total for {@link Reduction#SUM}; rows weighted by
 *                 the data set's weights, if any (the mean still divides by the rows)
 * @param accuracy the fraction of rows whose largest output is the target class; NaN for regression
 */
public record Evaluation(double loss, double accuracy) {
    private static final int CHUNK = 256;

    public static Evaluation of(Kernels k, Network network, Dataset data, Loss loss, Reduction reduction) {
        Shapes.check(network, data, "evaluation");
        Shard w = NetworkAccess.get().newShard(network, Math.min(CHUNK, data.rows()));
        int outputs = network.outputs();
        int[] order = new int[data.rows()];
        java.util.Arrays.setAll(order, i -> i);
        float[] weights = data.weights() == null ? null : new float[w.maxRows()];
        double total = 0;
        long correct = 0;
        for (int start = 0; start < data.rows(); start += w.maxRows()) {
            int n = Math.min(w.maxRows(), data.rows() - start);
            data.gather(order, start, n, w.input(), w.target());
            if (weights != null) {
                data.gatherWeights(order, start, n, weights);
            }
            float[] y = w.forward(k, n, false);
            total += w.loss(k, loss, Reduction.SUM, 1, weights);
            for (int r = 0; r < n; r++) {
                if (Outputs.classOf(y, r * outputs, outputs) == Outputs.classOf(w.target(), r * outputs, outputs)) {
                    correct++;
                }
            }
        }
        double reduced = reduction == Reduction.MEAN ? total / data.rows() : total;
        double accuracy = data.isClassification() || outputs == 1 && isBinary(data) ? (double) correct / data.rows()
                : Double.NaN;
        return new Evaluation(reduced, accuracy);
    }

    private static boolean isBinary(Dataset data) {
        for (float t : data.targets()) {
            if (t != 0f && t != 1f) {
                return false;
            }
        }
        return true;
    }
}
