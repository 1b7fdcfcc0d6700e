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

    /**
     * Columns {@code [from, to)} of this layer's weights on their own, for one row's product split across threads:
     * in {@code float} from {@code parameters}, or sliced from the bfloat16 weights when this layer has them.
     * Contiguous, so that each thread streams its own block (sharing W's rows, each thread's prefetches pulled the
     * other's half into its cache too, and two threads were no faster than one).
     */
    Columns columns(float[] parameters, int from, int to) {
        if (bf16 != null) {
            return new Columns(from, to, null, bf16.columns(from, to));
        }
        int width = to - from;
        float[] block = new float[inputs * width];
        for (int i = 0; i < inputs; i++) {
            System.arraycopy(parameters, weightOffset() + i * outputs + from, block, i * width, width);
        }
        return new Columns(from, to, block, null);
    }

    /**
     * One row's outputs in the block's columns, as {@link #forward} computes them (each column summed in the same
     * order, so the same bits), the activation applied unless it is the row-wise softmax ({@link #finishColumns}).
     */
    void forwardColumns(Kernels k, State state, float[] x, float[] parameters, Columns block) {
        DenseState s = (DenseState) state;
        int width = block.to - block.from;
        if (block.bf16 != null) {
            k.gemvBf16(block.bf16, x, 0, s.z, block.from);
        } else {
            k.gemm(1, width, inputs, x, 0, inputs, block.weights, 0, width, 0f, s.z, block.from, width);
        }
        k.addBias(1, width, parameters, biasOffset() + block.from, s.z, block.from, width);
        if (activation != Activation.SOFTMAX) {
            activation.elementwise(k, block.from, width, s.z, s.h);
        }
    }

    /** The row's output once every block's {@link #forwardColumns} is done: the softmax applied when it is that. */
    float[] finishColumns(Kernels k, State state) {
        DenseState s = (DenseState) state;
        if (activation == Activation.SOFTMAX) {
            k.softmaxRows(1, outputs, s.z, 0, s.h, 0);
        }
        return s.h;
    }

    /** A block of columns {@code [from, to)}: its weights in {@code float}, or in bfloat16. */
    record Columns(int from, int to, float[] weights, Bf16Matrix bf16) {
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
