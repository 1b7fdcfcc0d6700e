package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;

import java.util.SplittableRandom;

/**
 * Inverted dropout: in training each input is kept with probability {@code 1 − rate} and scaled by
 * {@code 1 / (1 − rate)}, so inference is the identity. The mask comes from a seed the workspace sets
 * before each training pass, so a run is reproducible whatever thread computes it.
 */
public final class Dropout extends Layer {
    private final float rate;

    Dropout(int width, float rate) {
        super(width, width);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    public float rate() {
        return rate;
    }

    @Override
    public int parameterCount() {
        return 0;
    }

    @Override
    void initialize(float[] parameters, SplittableRandom random) {
    }

    @Override
    Layer copy() {
        return new Dropout(inputs, rate);
    }

    @Override
    State newState(int maxRows) {
        return new DropoutState(maxRows * outputs);
    }

    @Override
    float[] forward(Kernels k, State state, int rows, float[] x, float[] parameters, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        DropoutState s = (DropoutState) state;
        int n = rows * outputs;
        float keep = 1f - rate;
        float scale = 1f / keep;
        long bits = s.seed;
        for (int i = 0; i < n; i++) {
            bits += 0x9E3779B97F4A7C15L;
            float uniform = (mix(bits) >>> 40) * 0x1.0p-24f;
            s.mask[i] = uniform < keep ? scale : 0f;
        }
        k.multiply(n, x, 0, s.mask, 0, s.out, 0);
        return s.out;
    }

    /** SplitMix64's finaliser: a good 64-bit hash of a counter, without allocating a generator. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    void backward(Kernels k, State state, int rows, float[] x, float[] parameters, float[] grads, float[] dx,
                  boolean deltaIsPreActivation) {
        if (dx == null) {
            return;
        }
        int n = rows * outputs;
        if (rate == 0f) {
            System.arraycopy(state.delta, 0, dx, 0, n);
        } else {
            k.multiply(n, state.delta, 0, ((DropoutState) state).mask, 0, dx, 0);
        }
    }

    @Override
    public String toString() {
        return "Dropout(" + rate + ")";
    }

    static final class DropoutState extends State {
        final float[] mask;
        final float[] out;
        /** Set before each training forward pass; the mask is a pure function of it. */
        long seed;

        DropoutState(int size) {
            super(size);
            mask = new float[size];
            out = new float[size];
        }
    }
}
