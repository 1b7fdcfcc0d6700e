package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/** RMSProp: steps scaled by a running average of squared gradients. */
public final class RmsProp extends Optimizer {
    private final float rho;
    private final float epsilon;
    private float[] squares;

    public RmsProp(float learningRate) {
        this(learningRate, 0.9f, 1e-8f);
    }

    public RmsProp(float learningRate, float rho, float epsilon) {
        super(learningRate);
        this.rho = checkFraction("rho", rho);
        this.epsilon = checkPositive("epsilon", epsilon);
    }

    @Override
    public void prepare(int size) {
        squares = sized(squares, size);
    }

    @Override
    public void update(Kernels k, float[] w, float[] g, int offset, int n) {
        k.rmspropUpdate(n, w, g, squares, offset, learningRate, rho, epsilon);
    }


    @Override
    public float[][] state() {
        return squares == null ? new float[0][] : new float[][] {squares};
    }

    @Override
    public void restore(long steps, float[][] state) {
        float[][] arrays = copies(state, 1, "RMSProp");
        squares = arrays.length == 0 ? null : arrays[0];
    }

    @Override
    public String toString() {
        return "RMSProp(lr=" + learningRate + ", rho=" + rho + ")";
    }
}
