package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/** Heavy-ball momentum, {@code v = μ·v − lr·g; w += v}, or Nesterov's look-ahead variant. */
public final class Momentum extends Optimizer {
    private final float mu;
    private final boolean nesterov;
    private float[] velocity;

    public Momentum(float learningRate, float mu, boolean nesterov) {
        super(learningRate);
        this.mu = checkFraction("momentum", mu);
        this.nesterov = nesterov;
    }

    public static Momentum classic(float learningRate, float mu) {
        return new Momentum(learningRate, mu, false);
    }

    public static Momentum nesterov(float learningRate, float mu) {
        return new Momentum(learningRate, mu, true);
    }

    @Override
    public void prepare(int size) {
        velocity = sized(velocity, size);
    }

    @Override
    public void update(Kernels k, float[] w, float[] g, int offset, int n) {
        if (nesterov) {
            k.nesterovUpdate(n, g, w, velocity, offset, learningRate, mu);
        } else {
            k.momentumUpdate(n, g, w, velocity, offset, learningRate, mu);
        }
    }


    @Override
    public float[][] state() {
        return velocity == null ? new float[0][] : new float[][] {velocity};
    }

    @Override
    public void restore(long steps, float[][] state) {
        float[][] arrays = copies(state, 1, "momentum");
        velocity = arrays.length == 0 ? null : arrays[0];
    }

    @Override
    public String toString() {
        return (nesterov ? "Nesterov" : "Momentum") + "(lr=" + learningRate + ", mu=" + mu + ")";
    }
}
