package dev.vectorprop.optim;

import dev.vectorprop.kernel.Kernels;

/**
 * AdamW (Loshchilov and Hutter): Adam with decoupled weight decay, {@code w −= lr·(m̂/(√v̂ + ε) + wd·w)}. The
 * decay shrinks every parameter (biases too) outside the moments, so unlike an L2 term in the loss it is not
 * rescaled by Adam's per-parameter step sizes.
 */
public final class AdamW extends Adam {
    private final float weightDecay;

    public AdamW(float learningRate, float weightDecay) {
        this(learningRate, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    public AdamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
        super(learningRate, beta1, beta2, epsilon);
        if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be zero or positive and finite, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
    }

    @Override
    public void update(Kernels k, float[] w, float[] g, int offset, int n) {
        // w −= lr·wd·w first: Adam's move does not depend on w, so this is the formula's decay of the old w
        k.axpy(n, -learningRate * weightDecay, w, offset, w, offset);
        super.update(k, w, g, offset, n);
    }

    @Override
    public String toString() {
        return "AdamW(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                + ", weight decay=" + weightDecay + ")";
    }
}
