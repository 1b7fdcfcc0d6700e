package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/** Adam (Kingma and Ba), with bias-corrected first and second moments. */
public class Adam extends Optimizer {
    final float beta1;
    final float beta2;
    final float epsilon;
    private float[] m;
    private float[] v;
    private long steps;
    private float correction1;
    private float correction2;

    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-8f);
    }

    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        super(learningRate);
        this.beta1 = checkFraction("beta1", beta1);
        this.beta2 = checkFraction("beta2", beta2);
        this.epsilon = checkPositive("epsilon", epsilon);
    }

    @Override
    public void prepare(int size) {
        m = sized(m, size);
        v = sized(v, size);
        steps++;
        correction1 = (float) (1 - Math.pow(beta1, steps));
        correction2 = (float) (1 - Math.pow(beta2, steps));
    }

    @Override
    public void update(Kernels k, float[] w, float[] g, int offset, int n) {
        k.adamUpdate(n, g, w, m, v, offset, learningRate, beta1, beta2, epsilon, correction1, correction2);
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public float[][] state() {
        return m == null ? new float[0][] : new float[][] {m, v};
    }

    @Override
    public void restore(long steps, float[][] state) {
        float[][] arrays = copies(state, 2, "Adam");
        m = arrays.length == 0 ? null : arrays[0];
        v = arrays.length == 0 ? null : arrays[1];
        this.steps = steps;
    }


    @Override
    public String toString() {
        return "Adam(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
    }
}
