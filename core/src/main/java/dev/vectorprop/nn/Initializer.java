package dev.vectorprop.nn;

import java.util.SplittableRandom;

/** How a dense layer's weights are drawn; biases start at zero. */
public enum Initializer {
    /** Glorot/Xavier uniform: U(±√(6 / (fanIn + fanOut))), for sigmoid and tanh. */
    GLOROT,
    /** He normal: N(0, 2 / fanIn), for ReLU. */
    HE,
    /** All zeros (for tests and for weights set by hand afterwards). */
    ZERO;

    void fill(float[] w, int offset, int fanIn, int fanOut, SplittableRandom random) {
        int n = fanIn * fanOut;
        switch (this) {
            case GLOROT -> {
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < n; i++) {
                    w[offset + i] = (float) random.nextDouble(-limit, limit);
                }
            }
            case HE -> {
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < n; i++) {
                    w[offset + i] = (float) (std * gaussian(random));
                }
            }
            case ZERO -> java.util.Arrays.fill(w, offset, offset + n, 0f);
        }
    }

    /** A standard normal draw (Box–Muller), so that weights depend only on the seed, not the JDK. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
