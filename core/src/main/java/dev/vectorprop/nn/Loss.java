package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;

/**
 * A loss per sample, combined over the batch by a {@link Reduction}. The element-wise losses (MSE,
 * MSLE, MAE, binary cross-entropy, squared hinge) average over the outputs of a sample, as PyTorch
 * and Keras do; categorical cross-entropy sums over the classes. So MSE with two outputs and
 * {@link Reduction#SUM} is exactly the notes' ½·Σ‖d − y‖².
 */
public enum Loss {
    /** Mean squared error. */
    MSE,
    /** Mean squared logarithmic error, (ln(1 + y) − ln(1 + t))²: relative errors, for positive targets. */
    MSLE,
    /** Mean absolute error. */
    MAE,
    /** Categorical cross-entropy on probabilities; fused with a softmax output into ∂L/∂z = y − t. */
    CROSS_ENTROPY,
    /** Binary cross-entropy on probabilities in (0, 1), e.g. a sigmoid output. */
    BINARY_CROSS_ENTROPY,
    /** Squared hinge, max(0, 1 − t·y)², for targets in {−1, +1}. */
    SQUARED_HINGE;

    /**
     * The loss of {@code rows} predictions y against targets t (both {@code rows×cols}), reduced over
     * {@code batchRows} (the whole batch, of which these rows may be one shard). When grad is not null it
     * receives ∂loss/∂y, or ∂loss/∂z of a softmax output when {@code fusedWithSoftmax}.
     */
    public double evaluate(Kernels k, int rows, int cols, float[] y, float[] t, float[] grad,
                           Reduction reduction, int batchRows, boolean fusedWithSoftmax) {
        return evaluate(k, rows, cols, y, t, grad, null, reduction, batchRows, fusedWithSoftmax);
    }

    /**
     * As above, with row i's loss and gradient multiplied by {@code weights[i]} (null: all 1). The mean reduction
     * still divides by the rows, not by the weights' sum: Σ wᵢ·Lᵢ / rows, the same in every batch, shard and
     * evaluation, and a weight of 2 counts as the row twice.
     */
    public double evaluate(Kernels k, int rows, int cols, float[] y, float[] t, float[] grad, float[] weights,
                           Reduction reduction, int batchRows, boolean fusedWithSoftmax) {
        float perSample = this == CROSS_ENTROPY ? 1f : 1f / cols;
        float scale = reduction == Reduction.MEAN ? perSample / batchRows : perSample;
        if (weights == null) {
            return sum(k, rows * cols, y, t, grad, 0, scale, fusedWithSoftmax) * scale;
        }
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += weights[r] * sum(k, cols, y, t, grad, r * cols, scale * weights[r], fusedWithSoftmax);
        }
        return total * scale;
    }

    /** The kernel's unscaled loss sum over n values from offset, with the gradient scaled by gradScale. */
    private double sum(Kernels k, int n, float[] y, float[] t, float[] grad, int offset, float gradScale,
                       boolean fusedWithSoftmax) {
        return switch (this) {
            case MSE -> k.squaredError(n, y, offset, t, offset, grad, offset, gradScale);
            case MSLE -> k.squaredLogError(n, y, offset, t, offset, grad, offset, gradScale);
            case MAE -> k.absoluteError(n, y, offset, t, offset, grad, offset, gradScale);
            case CROSS_ENTROPY -> fusedWithSoftmax
                    ? k.softmaxCrossEntropy(n, y, offset, t, offset, grad, offset, gradScale)
                    : k.crossEntropy(n, y, offset, t, offset, grad, offset, gradScale);
            case BINARY_CROSS_ENTROPY -> k.binaryCrossEntropy(n, y, offset, t, offset, grad, offset, gradScale);
            case SQUARED_HINGE -> k.squaredHinge(n, y, offset, t, offset, grad, offset, gradScale);
        };
    }

    /** Whether this loss's gradient is taken straight to the logits of a softmax output layer. */
    public boolean fusesWith(Activation output) {
        return this == CROSS_ENTROPY && output == Activation.SOFTMAX;
    }
}
