package dev.vectorprop.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a dense layer's weights are drawn; biases start at zero. A small type rather than an enum because
 * {@link #uniform(double)} takes a bound. Its {@link #toString()} is the command line's form.
 */
public final class Initializer {
    /** Glorot/Xavier uniform: U(±√(6 / (fanIn + fanOut))), for sigmoid and tanh. */
    public static final Initializer GLOROT = new Initializer("glorot",
            (w, offset, fanIn, fanOut, random) -> uniform(w, offset, fanIn * fanOut, Math.sqrt(6.0 / (fanIn + fanOut)),
                    random));
    /** He normal: N(0, 2 / fanIn), for ReLU. */
    public static final Initializer HE = new Initializer("he", (w, offset, fanIn, fanOut, random) -> {
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < fanIn * fanOut; i++) {
            w[offset + i] = (float) (std * gaussian(random));
        }
    });
    /** All zeros (for tests and for weights set by hand afterwards). */
    public static final Initializer ZERO = new Initializer("zero",
            (w, offset, fanIn, fanOut, random) -> Arrays.fill(w, offset, offset + fanIn * fanOut, 0f));

    private interface Fill {
        void fill(float[] w, int offset, int fanIn, int fanOut, SplittableRandom random);
    }

    private final String name;
    private final Fill fill;

    private Initializer(String name, Fill fill) {
        this.name = name;
        this.fill = fill;
    }

    /** Uniform on [−limit, limit] whatever the layer's size. */
    public static Initializer uniform(double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("the uniform initializer's bound must be positive and finite, got "
                    + limit);
        }
        return new Initializer("uniform:" + limit,
                (w, offset, fanIn, fanOut, random) -> uniform(w, offset, fanIn * fanOut, limit, random));
    }

    void fill(float[] w, int offset, int fanIn, int fanOut, SplittableRandom random) {
        fill.fill(w, offset, fanIn, fanOut, random);
    }

    private static void uniform(float[] w, int offset, int n, double limit, SplittableRandom random) {
        for (int i = 0; i < n; i++) {
            w[offset + i] = (float) random.nextDouble(-limit, limit);
        }
    }

    /** A standard normal draw (Box–Muller), so that weights depend only on the seed, not the JDK. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** {@code glorot}, {@code he}, {@code zero} or {@code uniform:A}. */
    @Override
    public String toString() {
        return name;
    }
}
