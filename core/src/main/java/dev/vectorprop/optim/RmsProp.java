package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/** RMSProp: steps scaled by a running average of squared gradients. */
public final class RmsProp extends SquaresOptimizer {
    private final float rho;

    public RmsProp(float learningRate) {
        this(learningRate, 0.9f, 1e-8f);
    }

    public RmsProp(float learningRate, float rho, float epsilon) {
        super(learningRate, epsilon);
        this.rho = checkFraction("rho", rho);
    }

    @Override
    public void update(Kernels k, float[] w, float[] g, int offset, int n) {
        k.rmspropUpdate(n, g, w, squares, offset, learningRate, rho, epsilon);
    }

    @Override
    public String toString() {
        return "RMSProp(lr=" + learningRate + ", rho=" + rho + ", epsilon=" + epsilon + ")";
    }
}
