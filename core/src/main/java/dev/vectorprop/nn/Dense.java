package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;

import java.util.List;
import java.util.SplittableRandom;

/** A fully connected layer: {@code Z = X·W + b, H = f(Z)}, with W stored inputs × outputs, row-major. */
public final class Dense extends Layer {
    private final Activation activation;
    private final Initializer initializer;

    Dense(int inputs, int outputs, Activation activation, Initializer initializer) {
        super(inputs, outputs);
        this.activation = activation;
        this.initializer = initializer;
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
    void decayedRanges(List<int[]> ranges) {
        ranges.add(new int[] {weightOffset(), inputs * outputs});
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
        k.gemm(rows, outputs, inputs, x, 0, inputs, parameters, weightOffset(), outputs, 0f, s.z, 0, outputs);
        k.addBias(rows, outputs, s.z, 0, outputs, parameters, biasOffset());
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
