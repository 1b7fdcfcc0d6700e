package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/** AdaGrad: each parameter's step shrinks with the sum of its squared gradients. */
public final class AdaGrad extends SquaresOptimizer {

    public AdaGrad(float learningRate) {
        this(learningRate, 1e-8f);
    }

    public AdaGrad(float learningRate, float epsilon) {
        super(learningRate, epsilon);
    }

    @Override
    public void update(Kernels k, float[] w, float[] g, int offset, int n) {
        k.adagradUpdate(n, g, w, squares, offset, learningRate, epsilon);
    }

    @Override
    public String toString() {
        return "AdaGrad(lr=" + learningRate + ", epsilon=" + epsilon + ")";
    }
}
