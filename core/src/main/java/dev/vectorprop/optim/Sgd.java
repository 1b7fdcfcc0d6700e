package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/**
 * Plain gradient descent, {@code w −= lr·g}. With the trainer's batch size it is full-batch gradient
 * descent (batch = all rows), stochastic gradient descent (batch 1) or mini-batch SGD.
 */
public final class Sgd extends Optimizer {
    public Sgd(float learningRate) {
        super(learningRate);
    }

    @Override
    public void prepare(int size) {
    }

    @Override
    public void update(Kernels k, float[] w, float[] g, int offset, int n) {
        k.sgdUpdate(n, g, w, offset, learningRate);
    }


    @Override
    public float[][] state() {
        return new float[0][];
    }

    @Override
    public void restore(long steps, float[][] state) {
        copies(state, 0, "SGD");
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate + ")";
    }
}
