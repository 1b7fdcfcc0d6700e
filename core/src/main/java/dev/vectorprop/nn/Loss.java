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
        int n = rows * cols;
        float perSample = this == CROSS_ENTROPY ? 1f : 1f / cols;
        float scale = reduction == Reduction.MEAN ? perSample / batchRows : perSample;
        double total = switch (this) {
            case MSE -> k.squaredError(n, y, 0, t, 0, grad, 0, scale);
            case MSLE -> k.squaredLogError(n, y, 0, t, 0, grad, 0, scale);
            case MAE -> k.absoluteError(n, y, 0, t, 0, grad, 0, scale);
            case CROSS_ENTROPY -> fusedWithSoftmax
                    ? k.softmaxCrossEntropy(n, y, 0, t, 0, grad, 0, scale)
                    : k.crossEntropy(n, y, 0, t, 0, grad, 0, scale);
            case BINARY_CROSS_ENTROPY -> k.binaryCrossEntropy(n, y, 0, t, 0, grad, 0, scale);
            case SQUARED_HINGE -> k.squaredHinge(n, y, 0, t, 0, grad, 0, scale);
        };
        return total * scale;
    }

    /** Whether this loss's gradient is taken straight to the logits of a softmax output layer. */
    public boolean fusesWith(Activation output) {
        return this == CROSS_ENTROPY && output == Activation.SOFTMAX;
    }
}
