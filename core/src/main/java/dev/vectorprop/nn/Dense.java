package dev.vectorprop.nn;

import dev.vectorprop.kernel.Bf16Matrix;
import dev.vectorprop.kernel.PackedMatrix;
import dev.vectorprop.kernel.Kernels;

import java.util.SplittableRandom;

/** A fully connected layer: {@code Z = X·W + b, H = f(Z)}, with W stored inputs × outputs, row-major. */
public final class Dense extends Layer {
    private final Activation activation;
    private final Initializer initializer;
    /** The weights in 16 bits for one-row products, in a predictor's bfloat16 copy; else null. */
    private final Bf16Matrix bf16;
    /** The weights laid out once for batch products, in a predictor's {@code float} copy; else null. */
    private final PackedMatrix packed;

    Dense(int inputs, int outputs, Activation activation, Initializer initializer) {
        this(inputs, outputs, activation, initializer, null, null);
    }

    private Dense(int inputs, int outputs, Activation activation, Initializer initializer, Bf16Matrix bf16,
                  PackedMatrix packed) {
        super(inputs, outputs);
        this.activation = activation;
        this.initializer = initializer;
        this.bf16 = bf16;
        this.packed = packed;
    }

    /** A copy of this layer that multiplies one row by the given 16-bit weights. */
    Dense withBf16(Bf16Matrix weights) {
        return new Dense(inputs, outputs, activation, initializer, weights, null);
    }

    /**
     * A copy of this layer that multiplies batches by the given packed weights (which must not change), and one
     * row as this layer does.
     */
    Dense withPacked(PackedMatrix weights) {
        return new Dense(inputs, outputs, activation, initializer, bf16, weights);
    }

    /** The 16-bit weights one-row products use, or null when this layer computes in {@code float} only. */
    Bf16Matrix bf16() {
        return bf16;
    }

    public Activation activation() {
        return activation;
    }

    public Initializer initializer() {
        return initializer;
    }

    /** Offset of W (inputs × outputs) in the parameter array. */
    public int weightOffset() {
        return parameterOffset;
    }

    /** Offset of b (outputs) in the parameter array. */
    public int biasOffset() {
        return parameterOffset + inputs * outputs;
    }

    @Override
    public int parameterCount() {
        return inputs * outputs + outputs;
    }

    @Override
    double afterGradients(Kernels k, float l2, float[] parameters, float[] gradients, int from, int to) {
        int start = Math.max(from, weightOffset());
        int n = Math.min(to, weightOffset() + inputs * outputs) - start;
        if (l2 == 0 || n <= 0) {
            return 0;
        }
        if (gradients != null) {
            k.axpy(n, l2, parameters, start, gradients, start);
        }
        return 0.5 * l2 * k.dot(n, parameters, start, parameters, start);
    }

    @Override
    void initialize(float[] parameters, SplittableRandom random) {
        initializer.fill(parameters, weightOffset(), inputs, outputs, random);
        java.util.Arrays.fill(parameters, biasOffset(), biasOffset() + outputs, 0f);
    }

    @Override
    Layer copy() {
        return new Dense(inputs, outputs, activation, initializer);
    }

    @Override
    State newState(int maxRows) {
        return new DenseState(maxRows * outputs, activation != Activation.IDENTITY);
    }

    @Override
    float[] forward(Kernels k, State state, int rows, float[] x, float[] parameters, boolean training) {
        DenseState s = (DenseState) state;
        if (rows == 1 && bf16 != null) {
            k.gemvBf16(bf16, x, 0, s.z, 0);
        } else if (rows > 1 && packed != null) {
            k.gemmPacked(rows, packed, x, 0, inputs, s.z, 0, outputs);
        } else {
            k.gemm(rows, outputs, inputs, x, 0, inputs, parameters, weightOffset(), outputs, 0f, s.z, 0, outputs);
        }
        k.addBias(rows, outputs, parameters, biasOffset(), s.z, 0, outputs);
        activation.forward(k, rows, outputs, s.z, s.h);
        return s.h;
    }

    @Override
    void backward(Kernels k, State state, int rows, float[] x, float[] parameters, float[] grads, float[] dx,
                  boolean deltaIsPreActivation) {
        DenseState s = (DenseState) state;
        if (!deltaIsPreActivation) {
            activation.backward(k, rows, outputs, s.z, s.h, s.delta);
        }
        k.gemmTN(inputs, outputs, rows, x, 0, inputs, s.delta, 0, outputs, 0f, grads, weightOffset(), outputs);
        k.columnSums(rows, outputs, s.delta, 0, outputs, 0f, grads, biasOffset());
        if (dx != null) {
            k.gemmNT(rows, inputs, outputs, s.delta, 0, outputs, parameters, weightOffset(), outputs, 0f, dx, 0, inputs);
        }
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + " → " + outputs + ", " + activation + ")";
    }

    private static final class DenseState extends State {
        final float[] z;
        /** The activation's output; the same array as z for the identity. */
        final float[] h;

        DenseState(int size, boolean separateOutput) {
            super(size);
            z = new float[size];
            h = separateOutput ? new float[size] : z;
        }
    }
}
