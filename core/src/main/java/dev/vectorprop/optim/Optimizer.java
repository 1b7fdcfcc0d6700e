package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/**
 * A rule that turns the gradient of the loss into a change of the parameters. The state (velocities,
 * moments) is one array per kind, laid out like the parameters, allocated at the first step.
 *
 * <p>A step is {@link #prepare} once, then {@link #update} over one or more disjoint ranges of the
 * parameters (so that a parallel trainer can split the pass), or simply {@link #step}.
 */
public abstract class Optimizer {
    protected final float learningRate;

    protected Optimizer(float learningRate) {
        this.learningRate = checkPositive("learning rate", learningRate);
    }

    public float learningRate() {
        return learningRate;
    }

    /** Readies the state for {@code size} parameters and advances per-step counters. */
    public abstract void prepare(int size);

    /** Updates {@code w[offset, offset + n)} from the gradients g of the same range. */
    public abstract void update(Kernels k, float[] w, float[] g, int offset, int n);

    /** One whole step: {@link #prepare} then {@link #update} over every parameter. */
    public final void step(Kernels k, float[] w, float[] g) {
        prepare(w.length);
        update(k, w, g, 0, w.length);
    }

    static float checkPositive(String what, float value) {
        if (!(value > 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + value);
        }
        return value;
    }

    static float checkFraction(String what, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A new array of {@code size} floats, or {@code current} when it already has that size. */
    static float[] sized(float[] current, int size) {
        return current != null && current.length == size ? current : new float[size];
    }
}
