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
    /** Not final: a trainer's {@link LearningRateSchedule} sets it between steps. */
    protected float learningRate;

    protected Optimizer(float learningRate) {
        this.learningRate = checkPositive("learning rate", learningRate);
    }

    public float learningRate() {
        return learningRate;
    }

    /** Sets the rate of the next steps (e.g. from a schedule; zero too, a cosine's end); the state is kept. */
    public void learningRate(float learningRate) {
        if (!(learningRate >= 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be zero or positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Readies the state for {@code size} parameters and advances per-step counters. */
    public abstract void prepare(int size);

    /** Updates {@code w[offset, offset + n)} from the gradients g of the same range. */
    public abstract void update(Kernels k, float[] w, float[] g, int offset, int n);

    /** The state arrays, live, in a fixed order (for checkpoints); none before the first step. */
    public abstract float[][] state();

    /** Steps taken so far, where the rule depends on it (Adam's bias correction); else 0. */
    public long steps() {
        return 0;
    }

    /** Puts back what {@link #state()} and {@link #steps()} gave, e.g. from a checkpoint. */
    public abstract void restore(long steps, float[][] state);

    /** Copies of arrays restored from a checkpoint, checked to be {@code count} arrays of equal length. */
    static float[][] copies(float[][] state, int count, String optimizer) {
        if (state.length != 0 && state.length != count) {
            throw new IllegalArgumentException(optimizer + " keeps " + count + " state arrays, got " + state.length);
        }
        float[][] out = new float[state.length][];
        for (int i = 0; i < state.length; i++) {
            if (state[i].length != state[0].length) {
                throw new IllegalArgumentException(optimizer + " state arrays differ in length");
            }
            out[i] = state[i].clone();
        }
        return out;
    }

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
