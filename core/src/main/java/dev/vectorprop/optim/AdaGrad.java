package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/** AdaGrad: each parameter's step shrinks with the sum of its squared gradients. */
public final class AdaGrad extends Optimizer {
    private final float epsilon;
    private float[] squares;

    public AdaGrad(float learningRate) {
        this(learningRate, 1e-8f);
    }

    public AdaGrad(float learningRate, float epsilon) {
        super(learningRate);
        this.epsilon = checkPositive("epsilon", epsilon);
    }

    @Override
    public void prepare(int size) {
        squares = sized(squares, size);
    }

    @Override
    public void update(Kernels k, float[] w, float[] g, int offset, int n) {
        k.adagradUpdate(n, w, g, squares, offset, learningRate, epsilon);
    }


    @Override
    public float[][] state() {
        return squares == null ? new float[0][] : new float[][] {squares};
    }

    @Override
    public void restore(long steps, float[][] state) {
        float[][] arrays = copies(state, 1, "AdaGrad");
        squares = arrays.length == 0 ? null : arrays[0];
    }

    @Override
    public String toString() {
        return "AdaGrad(lr=" + learningRate + ")";
    }
}
