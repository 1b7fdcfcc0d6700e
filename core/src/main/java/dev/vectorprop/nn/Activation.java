package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;

/** The transfer function of a layer, applied to a {@code rows×cols} block of pre-activations. */
public enum Activation {
    IDENTITY,
    /** sign(z) in {−1, 0, 1}. Its derivative is zero almost everywhere, so nothing below it learns. */
    SIGN,
    SIGMOID,
    TANH,
    RELU,
    /** clamp(z, −1, 1). */
    HARD_TANH,
    /** Row-wise softmax: each row sums to 1. */
    SOFTMAX;

    /** {@code h = f(z)}; h may be z itself. */
    public void forward(Kernels k, int rows, int cols, float[] z, float[] h) {
        if (this == SOFTMAX) {
            k.softmaxRows(rows, cols, z, 0, h, 0);
        } else {
            elementwise(k, 0, rows * cols, z, h);
        }
    }

    /** {@code h = f(z)} on elements {@code [from, from + n)}, for any activation but the row-wise softmax. */
    void elementwise(Kernels k, int from, int n, float[] z, float[] h) {
        switch (this) {
            case IDENTITY -> {
                if (h != z) {
                    System.arraycopy(z, from, h, from, n);
                }
            }
            case SIGN -> k.sign(n, z, from, h, from);
            case SIGMOID -> k.sigmoid(n, z, from, h, from);
            case TANH -> k.tanh(n, z, from, h, from);
            case RELU -> k.relu(n, z, from, h, from);
            case HARD_TANH -> k.hardTanh(n, z, from, h, from);
            case SOFTMAX -> throw new IllegalArgumentException("softmax is row-wise, not element-wise");
        }
    }

    /** Turns {@code delta} from ∂L/∂h into ∂L/∂z in place, given the forward pass's z and h. */
    public void backward(Kernels k, int rows, int cols, float[] z, float[] h, float[] delta) {
        int n = rows * cols;
        switch (this) {
            case IDENTITY -> {
            }
            case SIGN -> java.util.Arrays.fill(delta, 0, n, 0f);
            case SIGMOID -> k.sigmoidBackward(n, h, 0, delta, 0, delta, 0);
            case TANH -> k.tanhBackward(n, h, 0, delta, 0, delta, 0);
            case RELU -> k.reluBackward(n, z, 0, delta, 0, delta, 0);
            case HARD_TANH -> k.hardTanhBackward(n, z, 0, delta, 0, delta, 0);
            case SOFTMAX -> k.softmaxRowsBackward(rows, cols, h, 0, delta, 0, delta, 0);
        }
    }

    /** The weight initialisation that keeps activations' variance steady through this function. */
    public Initializer defaultInitializer() {
        return this == RELU ? Initializer.HE : Initializer.GLOROT;
    }
}
